import type { ForgeKind } from '../forge/forge.js';
import type { ReviewForge, RevisablePullRequest } from '../forge/review.js';
import { BRANCH_PREFIX, ticketIdFromBranch } from '../git/branch-name.js';
import { BODY_LIMITS } from '../report/pull-request.js';
import type { EvidenceSummary, JobReport } from '../report/job-report.js';
import { isolationLine, verificationTable, verificationVerdict } from '../report/sections.js';
import { answerKey, decideRevision, type ThreadFeedback } from '../review/feedback.js';
import {
  revisionLimitComment,
  revisionReply,
  withVerificationSection,
  type RevisionResult,
} from '../review/replies.js';
import { pointedAt, revisionTicket } from '../review/revision-task.js';
import { ConfigError, getErrorMessage } from '../shared/errors.js';
import { escapeHtml } from '../shared/html.js';
import type { Ticket } from '../shared/ticket.js';
import {
  evidenceShortfall,
  JobFrame,
  type Ending,
  type JobContext,
  type JobPorts,
} from './job-frame.js';
import type { TriageDecision } from './stages.js';
import { testPathMatcher } from '../verify/evidence.js';
import { revisionCommitMessage, revisionsInCommits } from './commit-message.js';

type Forge = ReviewForge & { readonly kind: ForgeKind };

/**
 * A revision asks for what the reviewers wrote. When a thread points at a test file, the reviewer
 * asked about a test, so a change to tests alone may answer it (as for a ticket triaged as a test
 * task); otherwise the test-integrity rules of a ticket job hold.
 */
function revisionTriage(pointsAtTests: boolean): TriageDecision {
  return {
    proceed: true,
    summary: {
      actionable: true,
      kind: pointsAtTests ? 'test' : 'revision',
      size: 'small',
      clarity: 'clear',
      reason: 'Review feedback on the pull request.',
    },
    searchTerms: [],
    namedPaths: [],
  };
}

/**
 * The revision job: new review feedback on one of ticket-to-pr's pull requests → one verified
 * commit on top of its branch, pushed fast-forward, and a reply on each thread it answers. Reads
 * first (cheap API calls), takes the model lock only when there is something to revise.
 */
export async function revisePullRequest(
  ctx: JobContext,
  ports: JobPorts,
  pullRequestId: number,
): Promise<JobReport> {
  const frame = new JobFrame(ctx, ports);
  let ending: Ending;
  let touchedCheckout = false;
  try {
    const forge = await ports.reviewForge();
    const pr = await frame.timeline.run('claim', () => forge.getPullRequest(pullRequestId));
    if (!pr) {
      throw new ConfigError(
        `pull-request: ${forge.kind === 'github' ? 'GitHub' : 'Azure Repos'} has no pull request ${pullRequestId} in this repository. Check the number.`,
      );
    }
    ending = await revise(pr, forge, frame, () => (touchedCheckout = true));
  } catch (error) {
    ending = frame.endingFor(error);
  }
  if (touchedCheckout) await frame.discardChanges();
  return frame.close(ending);
}

async function revise(
  pr: RevisablePullRequest,
  forge: Forge,
  frame: JobFrame,
  onCheckout: () => void,
): Promise<Ending> {
  const { ctx, draft } = frame;
  const { config, logger } = ctx;
  if (!pr.sourceBranch.startsWith(BRANCH_PREFIX)) {
    return nothingToDo(
      `Pull request ${pr.id} comes from branch ${pr.sourceBranch}, not one of ticket-to-pr's (${BRANCH_PREFIX}*); nothing was done.`,
    );
  }
  draft.branch = pr.sourceBranch;
  draft.pullRequest = {
    url: pr.webUrl,
    id: pr.id,
    branch: pr.sourceBranch,
    kind: forge.kind,
    created: false,
    isDraft: pr.isDraft,
    ...(pr.artifactId ? { artifactId: pr.artifactId } : {}),
  };
  const [threads, commitMessages] = await Promise.all([
    forge.listReviewThreads(pr),
    forge.listCommitMessages(pr),
  ]);
  const decision = decideRevision(
    pr,
    threads,
    forge.kind,
    config.review.maxRevisions,
    revisionsInCommits(commitMessages),
  );
  for (const ignored of decision.reading?.ignored ?? [])
    logger.info(`Ignored comment ${ignored.commentId}: ${ignored.why}.`);
  if (decision.kind === 'none') return nothingToDo(decision.reason);
  if (decision.kind === 'limit') {
    if (!config.dryRun)
      await forge.commentOnPullRequest(pr, revisionLimitComment(config.review.maxRevisions));
    return { outcome: 'needs-human', reason: `${decision.reason} Said so on the pull request.` };
  }

  const { revision } = decision;
  const feedback = decision.reading.feedback;
  logger.info(
    `Revision ${revision} of pull request ${pr.id}: ${feedback.length} thread(s) with new feedback.`,
  );
  let revised: Revised;
  let runFailure: unknown;
  try {
    await frame.preflight();
    onCheckout();
    const ticket = await readTicket(pr, frame);
    draft.ticket = { id: ticket.id, title: ticket.title, type: ticket.type, webUrl: ticket.webUrl };
    revised = await editOnTop(pr, ticket, feedback, revision, frame);
  } catch (error) {
    // Every failure gets its reply, which marks the feedback answered: a conflict with a human's
    // push (needs-human) as much as a failure of the run (the model server, the lock). Otherwise
    // the next scheduled run would take the same pull request up again, and again, before any
    // ticket; a reviewer asks once more when the runner is fixed.
    const ending = frame.endingFor(error);
    if (ending.outcome !== 'needs-human') runFailure = error;
    revised = {
      outcome: ending.outcome,
      reason: ending.reason,
      ...(runFailure === undefined
        ? {}
        : {
            result: {
              kind: 'not-pushed',
              why: `the run failed (${ending.outcome}): ${ending.reason}`,
              runFailed: true,
            },
          }),
    };
  }
  const result = revised.result ?? { kind: 'not-pushed', why: revised.reason };
  if (!config.dryRun) {
    await answer(pr, feedback, revision, result, frame).catch((error: unknown) => {
      if (runFailure === undefined) throw error;
      ctx.logger.warning(`Could not reply on the pull request either: ${getErrorMessage(error)}`);
    });
  }
  if (runFailure !== undefined) throw runFailure;
  return { outcome: revised.outcome, reason: revised.reason };
}

interface Revised {
  readonly outcome: Ending['outcome'];
  readonly reason: string;
  readonly result?: RevisionResult;
}

/** Checks out the branch's newest head, edits and verifies on it, and commits on top. */
async function editOnTop(
  pr: RevisablePullRequest,
  ticket: Ticket,
  feedback: readonly ThreadFeedback[],
  revision: number,
  frame: JobFrame,
): Promise<Revised> {
  const { ctx, ports, timeline, budget, draft } = frame;
  const { config } = ctx;
  const head = await ports.workspace.checkoutBranchHead(pr.sourceBranch);
  if (!ports.verifier.canVerify) {
    return {
      outcome: 'needs-human',
      reason:
        "No 'test-command' is configured, so no revision can be proven; ticket-to-pr pushes only verified changes.",
    };
  }
  const diff = await ports.workspace.diffAgainstBase();
  const files = await ports.workspace.listTrackedFiles();
  const tracked = new Set(files);
  const isTest = testPathMatcher(config.verification.testPaths);
  const pointed = pointedAt(feedback).filter((t) => tracked.has(t.path));
  const changed = changedPathsOf(diff).filter(
    (p) => tracked.has(p) && !pointed.some((t) => t.path === p),
  );
  const targets = [...pointed, ...changed.map((path) => ({ path, lines: [] }))];
  budget.check('localize');
  await ports.gateway.prepareFor('edit');
  const localization = await timeline.run(
    'localize',
    () => ports.stages.revisionContext({ targets, gateway: ports.gateway }),
    (l) => `${l.ranked.length} files from the review`,
  );
  draft.localization = localization.ranked;

  const edit = await frame.verifyAndEdit({
    ticket: revisionTicket(ticket, feedback, diff),
    triage: revisionTriage(pointed.some((t) => isTest(t.path))),
    localization,
    files,
    reproduce: false,
    baselineOn: baselineOn(head),
  });
  if (draft.evidence) draft.evidence = withRevisionReproductionNote(draft.evidence);
  if (edit.status !== 'verified') return { outcome: 'needs-human', reason: edit.reason };
  const shortOf = evidenceShortfall(edit.evidence, config.verification.minEvidence);
  if (shortOf) return { outcome: 'needs-human', reason: `${shortOf} Nothing was pushed.` };

  budget.check('publishing');
  const changedFiles = edit.edit?.changedFiles ?? [];
  const pushed = await timeline.run('publish', () =>
    ports.workspace.commitOnTop({
      branch: pr.sourceBranch,
      onto: head,
      message: revisionCommitMessage(ticket.id, revision),
      author: config.repository.commitAuthor,
      paths: changedFiles,
    }),
  );
  const verdict =
    draft.verification !== undefined
      ? verificationVerdict(draft.verification, draft.evidence)
      : edit.reason;
  return {
    outcome: config.dryRun ? 'dry-run' : 'pr-revised',
    reason: config.dryRun
      ? `Dry run: revision ${revision} of ${pr.webUrl} passed verification and was committed locally on ${pr.sourceBranch}; nothing was pushed or posted.`
      : `Pushed revision ${revision} of ${pr.webUrl} (${pushed.commit.slice(0, 12)}) on top of the branch, verified on ${head.slice(0, 12)}${pushed.rebasedOnto ? ` and re-applied on ${pushed.rebasedOnto.slice(0, 12)}, pushed meanwhile (the two together are not verified yet)` : ''}; replied on ${feedback.length} thread(s).`,
    result: {
      kind: 'pushed',
      commit: pushed.commit,
      changedFiles,
      modelSummary: edit.edit?.modelSummary ?? '',
      verdict,
      verifiedOn: head,
      ...(pushed.rebasedOnto ? { rebasedOnto: pushed.rebasedOnto } : {}),
    },
  };
}

/** Replies on each thread, updates the body's verification section, notes it on the ticket. */
async function answer(
  pr: RevisablePullRequest,
  feedback: readonly ThreadFeedback[],
  revision: number,
  result: RevisionResult,
  frame: JobFrame,
): Promise<void> {
  const { ctx, ports, draft } = frame;
  const mask = (text: string): string => ctx.render.mask?.(text) ?? text;
  const forge = await ports.reviewForge();
  await frame.timeline.run('report', async () => {
    for (const { thread, comments } of feedback) {
      const answered = comments.map((c) => answerKey(thread, c));
      await forge.replyToThread(pr, thread, mask(revisionReply(revision, result, answered)));
    }
    if (result.kind === 'pushed' && draft.verification) {
      const section = mask(
        [
          '## Verification',
          '',
          `_Revision ${revision} (${result.commit.slice(0, 12)}), after review feedback._ ${verificationVerdict(draft.verification, draft.evidence, baselineOn(result.verifiedOn))}`,
          '',
          verificationTable(draft.verification, baselineOn(result.verifiedOn)),
          ...isolationLine(draft.verification),
        ].join('\n'),
      );
      const plain = await ports.forge();
      await plain
        .updatePullRequest(pr, {
          title: pr.title,
          body: withVerificationSection(pr.body, section, BODY_LIMITS[plain.kind]),
        })
        .catch((error) =>
          ctx.logger.warning(`Could not update the pull request body: ${getErrorMessage(error)}`),
        );
    }
    const ticketId = draft.ticket?.id;
    if (ticketId === undefined) return;
    const line =
      result.kind === 'pushed'
        ? `ticket-to-pr revised pull request ${pr.id} after review (revision ${revision}, commit ${result.commit.slice(0, 12)}).`
        : `ticket-to-pr could not revise pull request ${pr.id} after review (revision ${revision}): ${result.why}`;
    await ports.tracker
      .addComment(
        ticketId,
        `<p>${escapeHtml(mask(line))} <a href="${escapeHtml(pr.webUrl)}">${escapeHtml(pr.webUrl)}</a></p>`,
      )
      .catch((error) =>
        ctx.logger.warning(
          `Could not note the revision on ticket ${ticketId}: ${getErrorMessage(error)}`,
        ),
      );
  });
}

/** The ticket the pull request came from (its id is in the branch name); its title alone when unreadable. */
async function readTicket(pr: RevisablePullRequest, frame: JobFrame): Promise<Ticket> {
  const id = ticketIdFromBranch(pr.sourceBranch) ?? 0;
  const found = id
    ? await frame.ports.tracker.readTicket(id).catch((error) => {
        frame.ctx.logger.warning(`Could not read ticket ${id}: ${getErrorMessage(error)}`);
        return undefined;
      })
    : undefined;
  if (found) return found;
  frame.ctx.logger.warning(
    `The ticket behind ${pr.sourceBranch} could not be read; the revision works from the review alone.`,
  );
  return {
    id,
    rev: 0,
    title: pr.title,
    type: 'Unknown',
    state: '',
    areaPath: '',
    tags: [],
    webUrl: pr.webUrl,
    description: '',
    reproSteps: '',
    acceptanceCriteria: '',
    comments: [],
    truncations: [],
  };
}

/** Why a revision has no reproduction test, in its reports. */
export const REVISION_REPRODUCTION_NOTE =
  'A revision writes no reproduction test: the pull request already holds the fix.';

/**
 * The revision asked for no reproduction stage, so the evidence's default note ("reproduce: off")
 * would name an input the user may never have set: it says why instead.
 */
function withRevisionReproductionNote(evidence: EvidenceSummary): EvidenceSummary {
  if (evidence.reproduction.status !== 'off') return evidence;
  return {
    ...evidence,
    reproduction: { ...evidence.reproduction, note: REVISION_REPRODUCTION_NOTE },
  };
}

/** A revision's baseline ran on the pull request's head it was built on. */
function baselineOn(head: string): string {
  return `the pull request's head ${head.slice(0, 12)}`;
}

/** `+++ b/path` lines of a unified diff. */
function changedPathsOf(diff: string): string[] {
  return [...diff.matchAll(/^\+\+\+ b\/(.+)$/gm)].map((m) => m[1]!);
}

/**
 * Nothing to revise: the job ends as `no-ticket` (nothing to work on), writes nothing and says why.
 */
function nothingToDo(reason: string): Ending {
  return { outcome: 'no-ticket', reason };
}
