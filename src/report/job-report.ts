import type { Outcome } from '../shared/outcome.js';
import type { CallMetrics, PreflightReport } from '../model/gateway.js';
import type { EvidenceLevel } from '../verify/evidence-level.js';
import type { VerificationRun } from '../verify/verifier.js';

/** One stage of the job as it happened, for the timeline. */
export interface StageRecord {
  readonly name:
    | 'preflight'
    | 'claim'
    | 'triage'
    | 'localize'
    | 'reproduce'
    | 'edit'
    | 'verify'
    | 'publish'
    | 'report';
  readonly startedAt: string;
  readonly endedAt: string;
  readonly status: 'ok' | 'skipped' | 'failed';
  readonly note?: string;
}

export interface TriageSummary {
  readonly actionable: boolean;
  readonly kind: string;
  readonly size: string;
  readonly clarity: string;
  readonly reason: string;
  readonly question?: string;
  /** Set when the ticket was skipped as a near-duplicate. */
  readonly duplicateOf?: { readonly id: number; readonly webUrl: string };
}

export interface LocalizedFileSummary {
  readonly path: string;
  readonly score: number;
  readonly reasons: readonly string[];
}

export interface EditSummary {
  /** The editor model's own description of its change (untrusted; labelled as such when shown). */
  readonly modelSummary: string;
  readonly changedFiles: readonly string[];
  readonly diff: string;
  /** Edit rounds used (1 + repairs). */
  readonly rounds: number;
  readonly linesAdded: number;
  readonly linesRemoved: number;
  /** How the change was found: which edit mode ran and why, and what the agent did. */
  readonly how?: EditHow;
}

/** Which edit mode ran, why, and (agent) how the change was found. */
export interface EditHow {
  readonly mode: 'pipeline' | 'agent';
  /** One sentence: the input, or what `auto` looked at. */
  readonly why: string;
  readonly agent?: AgentActivity;
}

/** What the agent editor did, for the reviewer: every figure is counted by the harness. */
export interface AgentActivity {
  readonly turns: number;
  /** Files read or outlined through the tools, in first-read order. */
  readonly filesRead: readonly string[];
  readonly searches: number;
  readonly edits: number;
  /** run_tests calls (not evidence: the final verification is). */
  readonly testRuns: number;
  readonly promptTokens: number;
  readonly outputTokens: number;
  /** Old tool answers replaced by a note to stay within num_ctx. */
  readonly compactedAnswers: number;
  /** Set when the loop was stopped (a limit, a repeated call, answers without a call): why, in people's words. */
  readonly stoppedBy?: string;
}

/** What a verified change was shown to do: one level, stated in every report. */
export interface EvidenceSummary {
  readonly level: EvidenceLevel;
  /** One sentence saying what was shown. */
  readonly shown: string;
  readonly reproduction: {
    readonly status: 'reproduced' | 'not-reproduced' | 'off';
    /** The reproduction test, when one was kept (it is part of the change). */
    readonly path?: string;
    readonly content?: string;
    readonly attempts: number;
    readonly note: string;
  };
  /** Test files that existed before and that the change edits: shown prominently to the reviewer. */
  readonly changedTests: readonly string[];
}

export interface PullRequestSummary {
  readonly url: string;
  readonly id: number;
  readonly branch: string;
  readonly kind: 'github' | 'azure-repos';
  /** False when an existing PR was updated. */
  readonly created: boolean;
  readonly isDraft: boolean;
  /** Azure Repos only: the PR's artifact id, for the work item's ArtifactLink. */
  readonly artifactId?: string;
}

/** Everything the job learned, rendered into the PR body, the ticket comment and the job summary. */
export interface JobReport {
  readonly outcome: Outcome;
  readonly reason: string;
  readonly dryRun: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly ticket?: {
    readonly id: number;
    readonly title: string;
    readonly type: string;
    readonly webUrl: string;
    /** Where text hidden from readers was dropped before prompting (see Ticket.hiddenText). */
    readonly hiddenText?: readonly string[];
  };
  readonly stages: readonly StageRecord[];
  readonly preflight?: PreflightReport;
  readonly triage?: TriageSummary;
  readonly localization?: readonly LocalizedFileSummary[];
  readonly edit?: EditSummary;
  /** Set when a change was verified. */
  readonly evidence?: EvidenceSummary;
  readonly verification?: {
    readonly baseline: VerificationRun;
    readonly rounds: readonly VerificationRun[];
    /** What the baseline ran on, when not the base commit (a revision: the pull request's head). */
    readonly baselineOn?: string;
  };
  readonly pullRequest?: PullRequestSummary;
  readonly branch?: string;
  readonly models: readonly CallMetrics[];
  /** Link to this run (GitHub run URL or Azure build URL), when known. */
  readonly runUrl?: string;
}
