import type { Config } from '../config/config.js';
import type { Forge, ForgeKind } from '../forge/forge.js';
import { branchNameFor } from '../git/branch-name.js';
import type { Workspace } from '../git/workspace.js';
import type { ModelGateway } from '../model/gateway.js';
import type { EvidenceSummary, JobReport } from '../report/job-report.js';
import { ConfigError, getErrorMessage, OutcomeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { statusTagFor, type Outcome } from '../shared/outcome.js';
import type { Ticket } from '../shared/ticket.js';
import type { Transcript } from '../shared/transcript.js';
import type { Tracker } from '../tracker/tracker.js';
import { meetsMinimum, type EvidenceLevel } from '../verify/evidence-level.js';
import type { Verifier } from '../verify/verifier.js';
import { commitMessageFor } from './commit-message.js';
import { JobBudget } from './budget.js';
import type { Stages } from './stages.js';
import { Timeline } from './timeline.js';

/** The outside systems a job talks to, behind their ports. */
export interface JobPorts {
  readonly gateway: ModelGateway;
  readonly tracker: Tracker;
  readonly workspace: Workspace;
  /** Made on first use: only a job that looks up or opens a pull request needs it. */
  readonly forge: () => Promise<Forge>;
  readonly verifier: Verifier;
  readonly stages: Stages;
}

/** Turns what the job learned into the texts it writes (PR title and body, ticket comment). */
export interface JobRenderers {
  pullRequestTitle(report: JobReport): string;
  pullRequestBody(report: JobReport, target: ForgeKind): string;
  ticketComment(report: JobReport): string;
}

export interface JobContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly transcript: Transcript;
  readonly render: JobRenderers;
  readonly runUrl?: string;
  readonly now?: () => Date;
}

interface Ending {
  readonly outcome: Outcome;
  readonly reason: string;
}

type Draft = { -readonly [K in keyof JobReport]?: JobReport[K] };

/**
 * preflight → pick & claim → triage → localize → edit ⟲ verify → publish → report.
 * Every path ends in one outcome; a claimed ticket is always settled or released before returning.
 */
export async function runJob(ctx: JobContext, ports: JobPorts): Promise<JobReport> {
  const now = ctx.now ?? (() => new Date());
  const { config, logger, transcript } = ctx;
  const timeline = new Timeline(now, logger);
  const budget = new JobBudget(config.budgets.jobBudgetMs, () => now().getTime());
  const draft: Draft = { startedAt: now().toISOString(), dryRun: config.dryRun };
  if (ctx.runUrl) draft.runUrl = ctx.runUrl;
  let ticket: Ticket | undefined;
  let ending: Ending;
  let discarding: Promise<void> | undefined;
  const discardChanges = (): Promise<void> =>
    (discarding ??= ports.workspace
      .discardChanges()
      .catch((error) => logger.warning(`Could not reset the checkout: ${getErrorMessage(error)}`)));

  const snapshot = (end: Ending): JobReport => ({
    ...draft,
    outcome: end.outcome,
    reason: end.reason,
    dryRun: config.dryRun,
    startedAt: draft.startedAt!,
    finishedAt: now().toISOString(),
    stages: timeline.stages(),
    models: ports.gateway.callMetrics(),
  });

  try {
    // The checkout is inspected (a scan of the whole tree) while the server loads the triage model;
    // a preflight failure still wins, as if the two had run one after the other.
    const [preflight, clean] = await Promise.allSettled([
      timeline.run('preflight', () => ports.gateway.preflight()),
      requireCleanCheckout(ports.workspace),
    ]);
    if (preflight.status === 'rejected') throw preflight.reason;
    if (clean.status === 'rejected') throw clean.reason;
    draft.preflight = preflight.value;
    await ports.workspace.checkoutBase(); // localization and the baseline see the base commit itself
    ticket = await timeline.run('claim', () => pickTicket(config, ports, logger));
    if (!ticket) {
      ending = {
        outcome: 'no-ticket',
        reason:
          'No eligible ticket: nothing carries the opt-in tag in an allowed state, or every candidate is taken.',
      };
    } else {
      draft.ticket = {
        id: ticket.id,
        title: ticket.title,
        type: ticket.type,
        webUrl: ticket.webUrl,
      };
      transcript.add({
        stage: 'claim',
        kind: 'event',
        text: `Took ticket ${ticket.id}: ${ticket.title}`,
      });
      ending = await work(ticket, draft, {
        ctx,
        ports,
        timeline,
        budget,
        snapshot,
        discardChanges,
      });
    }
  } catch (error) {
    ending = endingFor(error);
    if (ending.outcome === 'error' && error instanceof Error && error.stack)
      logger.debug(error.stack);
  }

  if (ticket) {
    // The change lives on its branch (or nowhere): the checkout goes back to the base commit,
    // while the ticket is settled (local disk and the tracker's API do not wait for each other).
    const settled = ticket;
    await Promise.all([
      discardChanges(),
      config.dryRun
        ? undefined
        : timeline
            .run('report', () => settleTicket(settled, ending, snapshot(ending), ctx, ports))
            .catch(() => undefined),
    ]);
  }
  await ports.gateway
    .close()
    .catch((error) =>
      logger.warning(`Could not release the model lock: ${getErrorMessage(error)}`),
    );
  transcript.add({
    stage: 'report',
    kind: 'event',
    text: `Outcome ${ending.outcome}: ${ending.reason}`,
  });
  return snapshot(ending);
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

async function pickTicket(
  config: Config,
  ports: JobPorts,
  logger: Logger,
): Promise<Ticket | undefined> {
  // A manual dispatch (ticket-id) is a deliberate rerun: its branch and PR are updated, not skipped.
  if (config.tracker.ticketId !== undefined) return ports.tracker.pickAndClaim();
  return ports.tracker.pickAndClaim({
    skip: async ({ id, title }) => {
      const branch = branchNameFor(id, title);
      const pr = await (await ports.forge()).findOpenPullRequest(branch);
      if (!pr) return undefined;
      logger.info(`Ticket ${id} already has an open pull request (${pr.webUrl}); passing it over.`);
      return `it already has an open pull request: ${pr.webUrl}`;
    },
  });
}

interface WorkDeps {
  readonly ctx: JobContext;
  readonly ports: JobPorts;
  readonly timeline: Timeline;
  readonly budget: JobBudget;
  readonly snapshot: (end: Ending) => JobReport;
  /** Puts the checkout back to the base commit (once; later calls share the first). */
  readonly discardChanges: () => Promise<void>;
}

async function work(ticket: Ticket, draft: Draft, deps: WorkDeps): Promise<Ending> {
  const { ctx, ports, timeline, budget } = deps;
  const { logger } = ctx;

  budget.check('triage');
  await ports.gateway.prepareFor('triage');
  const recent = await ports.tracker.recentlyHandled(20).catch((error) => {
    logger.warning(`Near-duplicate check skipped: ${getErrorMessage(error)}`);
    return [];
  });
  const triage = await timeline.run(
    'triage',
    () => ports.stages.triage({ ticket, gateway: ports.gateway, recent }),
    (t) => (t.proceed ? `${t.summary.kind}, ${t.summary.size}` : 'skipped'),
  );
  draft.triage = triage.summary;
  if (!triage.proceed) {
    const s = triage.summary;
    const reason = s.duplicateOf
      ? `Looks like a duplicate of #${s.duplicateOf.id} (${s.duplicateOf.webUrl}).`
      : s.question
        ? `${s.reason} Question for a human: ${s.question}`
        : s.reason;
    return { outcome: 'skipped', reason };
  }

  if (!ports.verifier.canVerify) {
    return {
      outcome: 'needs-human',
      reason:
        "No 'test-command' is configured, so no change can be proven; ticket-to-pr opens pull requests only for verified changes.",
    };
  }

  budget.check('localize');
  const files = await ports.workspace.listTrackedFiles();
  const localization = await timeline.run(
    'localize',
    () => ports.stages.localize({ ticket, triage, files, gateway: ports.gateway }),
    (l) => `${l.ranked.length} files ranked`,
  );
  draft.localization = localization.ranked;

  budget.check('verification');
  const baseline = await timeline.run(
    'verify',
    () => ports.verifier.run('baseline'),
    () => 'baseline',
  );
  draft.verification = { baseline, rounds: [] };

  budget.check('editing');
  await ports.gateway.prepareFor('edit');
  const reproduce =
    ctx.config.verification.reproduce === 'auto' ? ports.stages.reproduce : undefined;
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
            verifier: ports.verifier,
          }),
        (r) => `${r.status} after ${r.attempts} attempt(s)`,
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
        baseline,
        gateway: ports.gateway,
        verifier: ports.verifier,
      }),
    (e) => `${e.status} after ${e.rounds.length} round(s)`,
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
  draft.verification = { baseline, rounds: edit.rounds };
  if (edit.status !== 'verified') {
    return { outcome: 'needs-human', reason: edit.reason };
  }

  budget.check('publishing');
  const changedFiles = edit.edit?.changedFiles ?? [];
  const shortOf = evidenceShortfall(edit.evidence, ctx.config.verification.minEvidence);
  return timeline.run('publish', () => publish(ticket, changedFiles, draft, deps, shortOf));
}

/** Commits exactly the edited files (nothing the verification commands left behind) and opens or updates the PR. */
async function publish(
  ticket: Ticket,
  changedFiles: readonly string[],
  draft: Draft,
  deps: WorkDeps,
  /** Set when the change's evidence is below min-evidence: the branch is pushed, no PR is opened. */
  shortOf?: string,
): Promise<Ending> {
  const { ctx, ports } = deps;
  const { config } = ctx;
  const branch = branchNameFor(ticket.id, ticket.title);
  draft.branch = branch;

  const state = await ports.workspace.branchState(branch);
  if (state.kind === 'foreign') {
    return {
      outcome: 'needs-human',
      reason: `Branch ${branch} has commits ticket-to-pr did not make (${state.reason}); it was left alone. Merge or delete it, then rerun.`,
    };
  }

  const baseBranch = await ports.workspace.baseBranch();
  await ports.workspace.commitAndPush({
    branch,
    message: commitMessageFor(ticket.id, ticket.title),
    author: config.repository.commitAuthor,
    paths: changedFiles,
  });
  // The change is in its commit now: the checkout goes back while the pull request is opened.
  void deps.discardChanges();
  if (shortOf) {
    return {
      outcome: 'needs-human',
      reason: config.dryRun
        ? `Dry run: ${shortOf} The change was committed locally on ${branch}; nothing was pushed.`
        : `${shortOf} The branch ${branch} is pushed for a human to continue; no pull request was opened.`,
    };
  }
  if (config.dryRun) {
    return {
      outcome: 'pr-opened',
      reason: `Dry run: the change passed verification and was committed locally on ${branch}; nothing was pushed and no pull request or ticket was changed.`,
    };
  }

  const forge = await ports.forge();
  const existing = await forge.findOpenPullRequest(branch);
  const preview = deps.snapshot({
    outcome: existing ? 'pr-updated' : 'pr-opened',
    reason: 'The change passed verification; it waits for a human review.',
  });
  const content = {
    title: ctx.render.pullRequestTitle(preview),
    body: ctx.render.pullRequestBody(preview, forge.kind),
  };
  const pr = existing
    ? await forge.updatePullRequest(existing, content)
    : await forge.createPullRequest({
        ...content,
        sourceBranch: branch,
        targetBranch: baseBranch,
        draft: config.repository.draft,
        ticketId: ticket.id,
      });
  draft.pullRequest = {
    url: pr.webUrl,
    id: pr.id,
    branch,
    kind: forge.kind,
    created: !existing,
    isDraft: pr.isDraft,
    ...(pr.artifactId ? { artifactId: pr.artifactId } : {}),
  };
  return existing
    ? {
        outcome: 'pr-updated',
        reason: `Updated the existing pull request ${pr.webUrl} with a verified change${evidenceNote(draft)}.`,
      }
    : {
        outcome: 'pr-opened',
        reason: `Opened ${pr.isDraft ? 'draft ' : ''}pull request ${pr.webUrl} with a verified change${evidenceNote(draft)}.`,
      };
}

/** Settles the ticket on a normal outcome, or releases it untouched on an operator outcome. */
async function settleTicket(
  ticket: Ticket,
  ending: Ending,
  report: JobReport,
  ctx: JobContext,
  ports: JobPorts,
): Promise<void> {
  const { logger } = ctx;
  const statusTag = statusTagFor(ending.outcome);
  try {
    // Operator outcomes have no status tag: the ticket goes back for a later run, the failed
    // attempt recorded on it (with its backoff, or settled needs-human at the last attempt).
    if (!statusTag) {
      await ports.tracker.release(ticket.id, { outcome: ending.outcome, reason: ending.reason });
      logger.info(`Released ticket ${ticket.id} for a later run (${ending.outcome}).`);
      return;
    }
    const pr = report.pullRequest;
    await ports.tracker.settle(ticket.id, {
      outcome: ending.outcome,
      statusTag,
      commentHtml: ctx.render.ticketComment(report),
      ...(pr
        ? {
            pullRequest: {
              url: pr.url,
              kind: pr.kind,
              ...(pr.artifactId ? { artifactId: pr.artifactId } : {}),
            },
          }
        : {}),
    });
    logger.info(`Ticket ${ticket.id} tagged ${statusTag}.`);
  } catch (error) {
    logger.error(
      `Could not settle ticket ${ticket.id}: ${getErrorMessage(error)}. Releasing the claim instead.`,
    );
    try {
      await ports.tracker.release(ticket.id);
    } catch (releaseError) {
      logger.error(
        `Could not release ticket ${ticket.id} either (${getErrorMessage(releaseError)}); its claim expires after the lease and a later run takes it over.`,
      );
    }
    throw error;
  }
}

function evidenceNote(draft: Draft): string {
  return draft.evidence ? ` (evidence: ${draft.evidence.level})` : '';
}

/** Why a verified change may not become a pull request: its evidence is below min-evidence. */
function evidenceShortfall(
  evidence: EvidenceSummary | undefined,
  minimum: EvidenceLevel,
): string | undefined {
  const level = evidence?.level ?? 'no-regression';
  if (meetsMinimum(level, minimum)) return undefined;
  return `The change passed verification, but its evidence is '${level}' and min-evidence asks for '${minimum}'.${evidence ? ` ${evidence.shown}` : ''}`;
}

function endingFor(error: unknown): Ending {
  if (error instanceof OutcomeError) return { outcome: error.outcome, reason: error.reason };
  return { outcome: 'error', reason: `Unexpected error: ${getErrorMessage(error)}` };
}
