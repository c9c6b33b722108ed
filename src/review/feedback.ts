import type { ForgeKind } from '../forge/forge.js';
import type { ReviewComment, ReviewThread, RevisablePullRequest } from '../forge/review.js';
import { readTicketMarkdown } from '../tracker/sanitize.js';
import { holdsLimitMarker, revisionMarkIn } from './markers.js';

/**
 * What counts as feedback for ticket-to-pr on one of its pull requests:
 * - only comments by authors who may steer it (write access) and are not ticket-to-pr itself;
 * - GitHub: a review that requests changes (its body and its line comments), and any comment that
 *   begins with the command `/ticket-to-pr revise`; other comments and approvals do not count;
 * - Azure Repos (no review states): every such comment in an active thread;
 * - only comments no reply of ticket-to-pr has answered yet (its replies name what they answer, and
 *   the version: a comment edited after its answer asks anew).
 * - only comments with text a reader can see (an empty or all-hidden body asks for nothing).
 */
export const REVISE_COMMAND = '/ticket-to-pr revise';

/** A comment that counts, its text made safe for a prompt. */
export interface CountedComment {
  readonly id: string;
  readonly author: string;
  readonly createdAt: string;
  readonly editedAt?: string;
  /** Hidden text removed; still untrusted. */
  readonly text: string;
}

export interface ThreadFeedback {
  readonly thread: ReviewThread;
  readonly comments: readonly CountedComment[];
}

export interface IgnoredComment {
  readonly commentId: string;
  readonly author: string;
  readonly why: string;
}

/** What the threads of a pull request say, read from the comments alone. */
export interface FeedbackReading {
  /** Highest revision number marked in ticket-to-pr's own comments (0: none yet). */
  readonly revisionsDone: number;
  /** ticket-to-pr already said a human should take over. */
  readonly limitNoticePosted: boolean;
  /** Threads with new feedback, in the order the forge listed them. */
  readonly feedback: readonly ThreadFeedback[];
  /** Comments by people who may not steer ticket-to-pr, with why (already-answered ones are not listed). */
  readonly ignored: readonly IgnoredComment[];
}

export function readFeedback(threads: readonly ReviewThread[], kind: ForgeKind): FeedbackReading {
  const own = threads.flatMap((t) => t.comments.filter((c) => c.author.isSelf));
  let revisionsDone = 0;
  const answers = new Answers();
  for (const comment of own) {
    const mark = revisionMarkIn(comment.body);
    if (!mark) continue;
    revisionsDone = Math.max(revisionsDone, mark.revision);
    for (const key of mark.answered) answers.add(key, comment.createdAt);
  }
  const limitNoticePosted = own.some((c) => holdsLimitMarker(c.body));

  const feedback: ThreadFeedback[] = [];
  const ignored: IgnoredComment[] = [];
  for (const thread of threads) {
    const counted: CountedComment[] = [];
    for (const comment of thread.comments) {
      if (comment.author.isSelf || answers.cover(thread, comment)) continue;
      const text = visibleText(comment.body);
      // Nothing a reviewer can read (an empty body, only hidden text) asks for nothing.
      if (text.trim() === '' || !countsAsFeedback(thread, comment, text, kind)) continue;
      if (!comment.author.maySteer) {
        ignored.push({
          commentId: comment.id,
          author: comment.author.name,
          why: `${comment.author.name} may not steer ticket-to-pr (${comment.author.why})`,
        });
        continue;
      }
      counted.push({
        id: comment.id,
        author: comment.author.name,
        createdAt: comment.createdAt,
        ...(comment.editedAt ? { editedAt: comment.editedAt } : {}),
        text: withoutCommand(text),
      });
    }
    if (counted.length > 0) feedback.push({ thread, comments: counted });
  }
  return { revisionsDone, limitNoticePosted, feedback, ignored };
}

/** Why a pull request is never revised (a fork, closed or merged), or undefined when it may be. */
export function notRevisable(pr: RevisablePullRequest): string | undefined {
  if (pr.fromFork)
    return `pull request ${pr.id} comes from a fork; ticket-to-pr revises only its own branches`;
  if (pr.state !== 'open') return `pull request ${pr.id} is ${pr.state}`;
  return undefined;
}

export type RevisionDecision =
  /** Nothing to do and nothing to write: the reason is logged. */
  | { readonly kind: 'none'; readonly reason: string; readonly reading?: FeedbackReading }
  /** max-revisions reached: post the one limit comment (only when it is not there yet). */
  | { readonly kind: 'limit'; readonly reason: string; readonly reading: FeedbackReading }
  | {
      readonly kind: 'revise';
      /** Number of this revision (1-based). */
      readonly revision: number;
      readonly reading: FeedbackReading;
    };

export function decideRevision(
  pr: RevisablePullRequest,
  threads: readonly ReviewThread[],
  kind: ForgeKind,
  maxRevisions: number,
  /** Highest revision the branch's own commits record: the count survives a change of identity. */
  revisionsInCommits = 0,
): RevisionDecision {
  const refused = notRevisable(pr);
  if (refused) return { kind: 'none', reason: `${refused}; nothing was done.` };
  const read = readFeedback(threads, kind);
  const reading = { ...read, revisionsDone: Math.max(read.revisionsDone, revisionsInCommits) };
  if (reading.limitNoticePosted) {
    return {
      kind: 'none',
      reason: `Pull request ${pr.id} reached max-revisions (${maxRevisions}) and a human was asked to take over; nothing more is done for it.`,
      reading,
    };
  }
  if (reading.feedback.length === 0) {
    return {
      kind: 'none',
      reason: `Pull request ${pr.id} has no new review feedback for ticket-to-pr.`,
      reading,
    };
  }
  if (reading.revisionsDone >= maxRevisions) {
    return {
      kind: 'limit',
      reason: `Pull request ${pr.id} had ${reading.revisionsDone} revision(s), the max-revisions limit; a human should take over.`,
      reading,
    };
  }
  return { kind: 'revise', revision: reading.revisionsDone + 1, reading };
}

function countsAsFeedback(
  thread: ReviewThread,
  comment: ReviewComment,
  text: string,
  kind: ForgeKind,
): boolean {
  if (kind === 'azure-repos') return (thread.status ?? 'active').toLowerCase() === 'active';
  if (startsWithCommand(text)) return true;
  if (thread.kind === 'review') return thread.reviewState === 'CHANGES_REQUESTED';
  return thread.kind === 'line' && comment.reviewState === 'CHANGES_REQUESTED';
}

function startsWithCommand(text: string): boolean {
  return text.toLowerCase().startsWith(REVISE_COMMAND);
}

function withoutCommand(text: string): string {
  return startsWithCommand(text) ? text.slice(REVISE_COMMAND.length).trim() : text;
}

/**
 * What a reviewer reading the comment sees: HTML comments, hidden elements and text, collapsed
 * `<details>` blocks and invisible characters removed (as for ticket text), in one linear pass.
 */
export function visibleText(body: string): string {
  return readTicketMarkdown(body, { dropCollapsedDetails: true }).text;
}

/**
 * How a reply names the comment it answers: unique across threads (Azure numbers comments per
 * thread), with the version answered (the time of its last edit, else of its writing, in epoch
 * milliseconds) so that an edit after the answer makes the comment new feedback again.
 */
export function answerKey(
  thread: ReviewThread,
  comment: { readonly id: string; readonly createdAt: string; readonly editedAt?: string },
): string {
  const version = Date.parse(comment.editedAt ?? comment.createdAt);
  return `${thread.id}/${comment.id}${Number.isNaN(version) ? '' : `@${version}`}`;
}

/** The comments ticket-to-pr's markers name as answered. */
class Answers {
  private readonly versioned = new Set<string>();
  /** Keys without a version (replies written before versions), with the latest reply's time. */
  private readonly unversioned = new Map<string, number>();

  add(key: string, repliedAt: string): void {
    if (key.includes('@')) {
      this.versioned.add(key);
      return;
    }
    const at = Date.parse(repliedAt);
    this.unversioned.set(key, Math.max(this.unversioned.get(key) ?? -Infinity, at || 0));
  }

  /** Whether a reply answered this comment as it reads now. */
  cover(thread: ReviewThread, comment: ReviewComment): boolean {
    if (this.versioned.has(answerKey(thread, comment))) return true;
    const repliedAt = this.unversioned.get(`${thread.id}/${comment.id}`);
    if (repliedAt === undefined) return false;
    // An answer that names no version covers the comment unless it was edited after that answer.
    return comment.editedAt === undefined || Date.parse(comment.editedAt) <= repliedAt;
  }
}
