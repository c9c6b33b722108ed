import { detectForgeKind } from '../forge/create-forge.js';
import type { JobReport } from '../report/job-report.js';
import { getErrorMessage } from '../shared/errors.js';
import { decideRevision } from '../review/feedback.js';
import { JobFrame, type JobContext, type JobPorts } from './job-frame.js';
import { revisePullRequest } from './revise-pr.js';
import { runJob } from './run-job.js';

/**
 * Which one job this run is:
 * - `pull-request`, or a GitHub review event addressed to ticket-to-pr → revise that pull request;
 * - a GitHub review event that is not feedback for ticket-to-pr → end at once, changing nothing;
 * - a scheduled run on Azure Repos (no ticket-id) → revise the oldest of ticket-to-pr's pull
 *   requests with new feedback, if any, and end; the next run takes a ticket;
 * - otherwise → take a ticket.
 */
export async function runOneJob(ctx: JobContext, ports: JobPorts): Promise<JobReport> {
  const { config, logger } = ctx;
  if (config.review.pullRequest !== undefined)
    return revisePullRequest(ctx, ports, config.review.pullRequest);
  const trigger = config.review.trigger;
  if (trigger?.kind === 'revise') return revisePullRequest(ctx, ports, trigger.pullRequest);
  if (trigger?.kind === 'not-feedback') {
    logger.info(trigger.reason);
    return new JobFrame(ctx, ports).close({ outcome: 'no-ticket', reason: trigger.reason });
  }
  if (config.tracker.ticketId === undefined && (await onAzureRepos(ctx, ports))) {
    const awaiting = await pullRequestAwaitingRevision(ctx, ports).catch((error: unknown) => {
      // The tickets still get their run; the next scheduled run looks again.
      logger.warning(
        `Could not look for pull requests awaiting revision (${getErrorMessage(error)}); taking a ticket.`,
      );
      return undefined;
    });
    if (awaiting !== undefined) return revisePullRequest(ctx, ports, awaiting);
  }
  return runJob(ctx, ports);
}

/** Whether pull requests go to Azure Repos, told from the configuration and the remote alone. */
async function onAzureRepos(ctx: JobContext, ports: JobPorts): Promise<boolean> {
  try {
    return detectForgeKind(ctx.config, await ports.workspace.remoteUrl()) === 'azure-repos';
  } catch {
    return false; // undecidable: the ticket job reports it when it needs the forge
  }
}

/**
 * Azure Pipelines has no pull request comment trigger: a scheduled run looks at ticket-to-pr's
 * open pull requests, oldest first, and returns the first with something to do (new feedback, or
 * the one limit comment still to post).
 */
async function pullRequestAwaitingRevision(
  ctx: JobContext,
  ports: JobPorts,
): Promise<number | undefined> {
  const forge = await ports.reviewForge();
  for (const pr of await forge.listOwnOpenPullRequests()) {
    const threads = await forge.listReviewThreads(pr);
    const decision = decideRevision(pr, threads, forge.kind, ctx.config.review.maxRevisions);
    if (decision.kind !== 'none') {
      ctx.logger.info(
        `Pull request ${pr.id} has new review feedback; revising it first (a ticket is taken on the next run).`,
      );
      return pr.id;
    }
    ctx.logger.debug(decision.reason);
  }
  return undefined;
}
