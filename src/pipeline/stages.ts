import type { ModelGateway, ToolSupport } from '../model/gateway.js';
import type {
  EditSummary,
  EvidenceSummary,
  LocalizedFileSummary,
  TriageSummary,
} from '../report/job-report.js';
import type { Ticket } from '../shared/ticket.js';
import type { HandledTicket } from '../tracker/tracker.js';
import type { Verifier, VerificationRun } from '../verify/verifier.js';
import type { Reproduction } from './reproduce.js';

/**
 * The model-driven stages, as the orchestrator calls them. main.ts binds them to the triage,
 * localize and edit modules; tests bind them to scripted fakes.
 */
export interface Stages {
  triage(input: {
    readonly ticket: Ticket;
    readonly gateway: ModelGateway;
    readonly recent: readonly HandledTicket[];
  }): Promise<TriageDecision>;

  localize(input: {
    readonly ticket: Ticket;
    readonly triage: TriageDecision;
    readonly files: readonly string[];
    readonly gateway: ModelGateway;
  }): Promise<Localization>;

  /**
   * The editor's context for a revision: the files and lines the review threads point at, then
   * the files the pull request changes (no model is asked).
   */
  revisionContext(input: {
    readonly targets: readonly { readonly path: string; readonly lines: readonly number[] }[];
    readonly gateway: ModelGateway;
  }): Promise<Localization>;

  /** Reproduce first: a new test that fails on the base commit, before the fix (absent: never). */
  reproduce?(input: {
    readonly ticket: Ticket;
    readonly localization: Localization;
    readonly files: readonly string[];
    readonly baseline: VerificationRun;
    readonly gateway: ModelGateway;
    readonly verifier: Verifier;
  }): Promise<Reproduction>;

  editAndVerify(input: {
    readonly ticket: Ticket;
    readonly triage: TriageDecision;
    readonly reproduction?: Reproduction;
    readonly localization: Localization;
    /** The repository's tracked files (the agent editor's tools see these). */
    readonly files: readonly string[];
    readonly baseline: VerificationRun;
    /** What the baseline ran on, when not the base commit (a revision: the pull request's head). */
    readonly baselineOn?: string;
    /** Epoch ms: the job's deadline (the agent editor starts no turn it could not verify in time). */
    readonly deadline?: number;
    /** Whether preflight found the edit model can call tools. */
    readonly editModelTools?: ToolSupport;
    readonly gateway: ModelGateway;
    readonly verifier: Verifier;
  }): Promise<EditResult>;
}

export interface TriageDecision {
  readonly proceed: boolean;
  readonly summary: TriageSummary;
  readonly searchTerms: readonly string[];
  readonly namedPaths: readonly string[];
}

export interface Localization {
  readonly ranked: readonly LocalizedFileSummary[];
  /** What the editor will see; opaque to the orchestrator, produced by localize for editAndVerify. */
  readonly editorContext: unknown;
}

export interface EditResult {
  /**
   * verified: the change passed verification; failed: it did not within the repair budget;
   * no-change: the model produced nothing applicable.
   */
  readonly status: 'verified' | 'failed' | 'no-change';
  readonly reason: string;
  readonly edit?: EditSummary;
  /** What a verified change was shown to do. */
  readonly evidence?: EvidenceSummary;
  readonly rounds: readonly VerificationRun[];
}
