import type { Config } from '../config/config.js';
import { branchNameFor } from '../git/branch-name.js';
import type { JobReport } from '../report/job-report.js';
import { getErrorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { statusTagFor } from '../shared/outcome.js';
import type { Ticket } from '../shared/ticket.js';
import { commitMessageFor } from './commit-message.js';
import {
  evidenceNote,
  evidenceShortfall,
  JobFrame,
  type Ending,
  type JobContext,
  type JobPorts,
} from './job-frame.js';

export type { JobContext, JobPorts, JobRenderers } from './job-frame.js';

/**
 * preflight → pick & claim → triage → localize → edit ⟲ verify → publish → report.
 * Every path ends in one outcome; a claimed ticket is always settled or released before returning.
 */
export async function runJob(ctx: JobContext, ports: JobPorts): Promise<JobReport> {
  const frame = new JobFrame(ctx, ports);
  const { config, transcript } = ctx;
  let ticket: Ticket | undefined;
  let ending: Ending;

  try {
    await frame.preflight();
    ticket = await frame.timeline.run('claim', () => pickTicket(config, ports, ctx.logger));
    if (!ticket) {
      ending = {
        outcome: 'no-ticket',
        reason:
          'No eligible ticket: nothing carries the opt-in tag in an allowed state, or every candidate is taken.',
      };
    } else {
      frame.draft.ticket = {
        id: ticket.id,
        title: ticket.title,
        type: ticket.type,
        webUrl: ticket.webUrl,
        ...(ticket.hiddenText ? { hiddenText: ticket.hiddenText } : {}),
      };
      transcript.add({
        stage: 'claim',
        kind: 'event',
        text: `Took ticket ${ticket.id}: ${ticket.title}`,
      });
      ending = await work(ticket, frame);
    }
  } catch (error) {
    ending = frame.endingFor(error);
  }

  if (ticket) {
    // The change lives on its branch (or nowhere): the checkout goes back to the base commit,
    // while the ticket is settled (local disk and the tracker's API do not wait for each other).
    const settled = ticket;
    await Promise.all([
      frame.discardChanges(),
      config.dryRun
        ? undefined
        : frame.timeline
            .run('report', () => settleTicket(settled, ending, frame.snapshot(ending), ctx, ports))
            .catch(() => undefined),
    ]);
  }
  return frame.close(ending);
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

async function work(ticket: Ticket, frame: JobFrame): Promise<Ending> {
  const { ctx, ports, timeline, budget, draft } = frame;
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

  const edit = await frame.verifyAndEdit({ ticket, triage, localization, files, reproduce: true });
  if (edit.status !== 'verified') {
    return { outcome: 'needs-human', reason: edit.reason };
  }

  budget.check('publishing');
  const changedFiles = edit.edit?.changedFiles ?? [];
  const shortOf = evidenceShortfall(edit.evidence, ctx.config.verification.minEvidence);
  return timeline.run('publish', () => publish(ticket, changedFiles, frame, shortOf));
}

/** Commits exactly the edited files (nothing the verification commands left behind) and opens or updates the PR. */
async function publish(
  ticket: Ticket,
  changedFiles: readonly string[],
  frame: JobFrame,
  /** Set when the change's evidence is below min-evidence: the branch is pushed, no PR is opened. */
  shortOf?: string,
): Promise<Ending> {
  const { ctx, ports, draft } = frame;
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
  void frame.discardChanges();
  if (shortOf) {
    return {
      outcome: 'needs-human',
      reason: config.dryRun
        ? `Dry run: ${shortOf} The change was committed locally on ${branch}; nothing was pushed.`
        : `${shortOf} The branch ${branch} is pushed for a human to continue; no pull request was opened.`,
    };
  }
  if (config.dryRun) {
    const pullRequest = config.repository.draft ? 'draft pull request' : 'pull request';
    return {
      outcome: 'dry-run',
      reason: `Dry run: the change passed verification and was committed locally on ${branch}; a real run would push it and open a ${pullRequest} (or update the ticket's open one). Nothing was pushed, and no pull request or ticket was changed.`,
    };
  }

  const forge = await ports.forge();
  const existing = await forge.findOpenPullRequest(branch);
  const preview = frame.snapshot({
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
