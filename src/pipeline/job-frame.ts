import type { Config } from '../config/config.js';
import type { Forge, ForgeKind } from '../forge/forge.js';
import type { ReviewForge } from '../forge/review.js';
import type { Workspace } from '../git/workspace.js';
import type { ModelGateway } from '../model/gateway.js';
import type { EvidenceSummary, JobReport } from '../report/job-report.js';
import { ConfigError, getErrorMessage, OutcomeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Outcome } from '../shared/outcome.js';
import type { Ticket } from '../shared/ticket.js';
import type { Transcript } from '../shared/transcript.js';
import type { Tracker } from '../tracker/tracker.js';
import { meetsMinimum, type EvidenceLevel } from '../verify/evidence-level.js';
import type { Verifier } from '../verify/verifier.js';
import { JobBudget } from './budget.js';
import { gitGuardedVerifier } from './git-guard.js';
import type { EditResult, Localization, Stages, TriageDecision } from './stages.js';
import { Timeline } from './timeline.js';

/** The outside systems a job talks to, behind their ports. */
export interface JobPorts {
  readonly gateway: ModelGateway;
  readonly tracker: Tracker;
  readonly workspace: Workspace;
  /** Made on first use: only a job that looks up or opens a pull request needs it. */
  readonly forge: () => Promise<Forge>;
  /** The same forge's review side (revision jobs), made on first use. */
  readonly reviewForge: () => Promise<ReviewForge & { readonly kind: ForgeKind }>;
  readonly verifier: Verifier;
  readonly stages: Stages;
}

/** Turns what the job learned into the texts it writes (PR title and body, ticket comment). */
export interface JobRenderers {
  pullRequestTitle(report: JobReport): string;
  pullRequestBody(report: JobReport, target: ForgeKind): string;
  ticketComment(report: JobReport): string;
  /** Masks secrets in a text written outside the reports (a reply on a thread). Default: as is. */
  mask?(text: string): string;
}

export interface JobContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly transcript: Transcript;
  readonly render: JobRenderers;
  readonly runUrl?: string;
  readonly now?: () => Date;
}

export interface Ending {
  readonly outcome: Outcome;
  readonly reason: string;
}

export type Draft = { -readonly [K in keyof JobReport]?: JobReport[K] };

/** What every kind of job shares: its clock, timeline, budget, report draft and checkout reset. */
export class JobFrame {
  readonly now: () => Date;
  readonly timeline: Timeline;
  readonly budget: JobBudget;
  readonly draft: Draft;
  private discarding?: Promise<void>;

  constructor(
    readonly ctx: JobContext,
    readonly ports: JobPorts,
  ) {
    this.now = ctx.now ?? (() => new Date());
    const now = this.now;
    this.timeline = new Timeline(now, ctx.logger);
    this.budget = new JobBudget(ctx.config.budgets.jobBudgetMs, () => now().getTime());
    this.draft = { startedAt: now().toISOString(), dryRun: ctx.config.dryRun };
    if (ctx.runUrl) this.draft.runUrl = ctx.runUrl;
  }

  snapshot(end: Ending): JobReport {
    return {
      ...this.draft,
      outcome: end.outcome,
      reason: end.reason,
      dryRun: this.ctx.config.dryRun,
      startedAt: this.draft.startedAt!,
      finishedAt: this.now().toISOString(),
      stages: this.timeline.stages(),
      models: this.ports.gateway.callMetrics(),
    };
  }

  /** Puts the checkout back to the base commit (once; later calls share the first). */
  discardChanges(): Promise<void> {
    return (this.discarding ??= this.ports.workspace
      .discardChanges()
      .catch((error) =>
        this.ctx.logger.warning(`Could not reset the checkout: ${getErrorMessage(error)}`),
      ));
  }

  /**
   * Preflight (the model lock and server) while the checkout is checked clean, then the base
   * commit checked out. A preflight failure wins, as if the two had run one after the other.
   */
  async preflight(): Promise<void> {
    const [preflight, clean] = await Promise.allSettled([
      this.timeline.run('preflight', () => this.ports.gateway.preflight()),
      requireCleanCheckout(this.ports.workspace),
    ]);
    if (preflight.status === 'rejected') throw preflight.reason;
    if (clean.status === 'rejected') throw clean.reason;
    this.draft.preflight = preflight.value;
    await this.ports.workspace.checkoutBase(); // localization and the baseline see the base commit itself
  }

  /** Releases the model lock, records the outcome and returns the report. */
  async close(ending: Ending): Promise<JobReport> {
    await this.ports.gateway
      .close()
      .catch((error) =>
        this.ctx.logger.warning(`Could not release the model lock: ${getErrorMessage(error)}`),
      );
    this.ctx.transcript.add({
      stage: 'report',
      kind: 'event',
      text: `Outcome ${ending.outcome}: ${ending.reason}`,
    });
    return this.snapshot(ending);
  }

  /** The ending of a job that threw. */
  endingFor(error: unknown): Ending {
    const ending = endingFor(error);
    if (ending.outcome === 'error' && error instanceof Error && error.stack)
      this.ctx.logger.debug(error.stack);
    return ending;
  }

  /**
   * baseline → reproduce (when asked and configured) → edit ⟲ verify, with the budget checked
   * between stages; the verification, the edit and its evidence go in the report draft.
   */
  async verifyAndEdit(input: {
    readonly ticket: Ticket;
    readonly triage: TriageDecision;
    readonly localization: Localization;
    readonly files: readonly string[];
    /** A revision has no reproduction stage: the pull request already holds the fix. */
    readonly reproduce: boolean;
    /** What the baseline runs on, when not the base commit (a revision: the pull request's head). */
    readonly baselineOn?: string;
  }): Promise<EditResult> {
    const { ctx, ports, timeline, budget, draft } = this;
    const { ticket, triage, localization, files } = input;
    // The repository's commands may rewrite git's config or hooks: checked after every run.
    const verifier = gitGuardedVerifier(ports.verifier, ports.workspace);
    budget.check('verification');
    const baseline = await timeline.run(
      'verify',
      () => verifier.run('baseline'),
      () => 'baseline',
    );
    const baselineOn = input.baselineOn ? { baselineOn: input.baselineOn } : {};
    draft.verification = { baseline, rounds: [], ...baselineOn };

    budget.check('editing');
    await ports.gateway.prepareFor('edit');
    const reproduce =
      input.reproduce && ctx.config.verification.reproduce === 'auto'
        ? ports.stages.reproduce
        : undefined;
    const reproduction = reproduce
      ? await timeline.run(
          'reproduce',
          () =>
            reproduce({
              ticket,
              localization,
              files,
              baseline,
              gateway: ports.gateway,
              verifier,
            }),
          (r) =>
            r.status === 'off'
              ? 'off'
              : {
                  note: `${r.status} after ${r.attempts} attempt(s)`,
                  failed: r.status !== 'reproduced',
                },
        )
      : undefined;
    budget.check('editing');
    const edit = await timeline.run(
      'edit',
      () =>
        ports.stages.editAndVerify({
          ticket,
          triage,
          ...(reproduction ? { reproduction } : {}),
          localization,
          files,
          baseline,
          ...baselineOn,
          deadline: budget.deadline,
          ...(draft.preflight?.editModelTools
            ? { editModelTools: draft.preflight.editModelTools }
            : {}),
          gateway: ports.gateway,
          verifier,
        }),
      (e) => ({
        note: `${e.status} after ${e.rounds.length} round(s)`,
        failed: e.status !== 'verified',
      }),
    );
    if (edit.edit) draft.edit = edit.edit;
    if (edit.evidence) {
      draft.evidence = edit.evidence;
      ctx.transcript.add({
        stage: 'verify',
        kind: 'event',
        text: `Evidence: ${edit.evidence.level}. ${edit.evidence.shown}`,
        data: { evidence: edit.evidence },
      });
    }
    draft.verification = { baseline, rounds: edit.rounds, ...baselineOn };
    return edit;
  }
}

/** Refuses a checkout with uncommitted work: the job resets it to the base commit, which would lose it. */
async function requireCleanCheckout(workspace: Workspace): Promise<void> {
  const dirty = await workspace.uncommittedChanges();
  if (dirty.length === 0) return;
  const shown =
    dirty.slice(0, 5).join(', ') + (dirty.length > 5 ? `, and ${dirty.length - 5} more` : '');
  throw new ConfigError(
    `repository-path '${workspace.root}' has uncommitted changes (${shown}). ticket-to-pr resets the checkout to the base commit, so it needs a clean checkout; commit or stash them first.`,
  );
}

export function evidenceNote(draft: Draft): string {
  return draft.evidence ? ` (evidence: ${draft.evidence.level})` : '';
}

/** Why a verified change may not be published: its evidence is below min-evidence. */
export function evidenceShortfall(
  evidence: EvidenceSummary | undefined,
  minimum: EvidenceLevel,
): string | undefined {
  const level = evidence?.level ?? 'no-regression';
  if (meetsMinimum(level, minimum)) return undefined;
  return `The change passed verification, but its evidence is '${level}' and min-evidence asks for '${minimum}'.${evidence ? ` ${evidence.shown}` : ''}`;
}

export function endingFor(error: unknown): Ending {
  if (error instanceof OutcomeError) return { outcome: error.outcome, reason: error.reason };
  return { outcome: 'error', reason: `Unexpected error: ${getErrorMessage(error)}` };
}
