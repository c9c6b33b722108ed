import type { PullRequest } from './forge.js';

/**
 * Review feedback on one of ticket-to-pr's own pull requests, as the forge reports it. The
 * adapters say who wrote what and whether that person may steer the bot; the revision job
 * decides what counts as new feedback.
 */
export interface ReviewAuthor {
  /** Login (GitHub) or display name (Azure Repos), for replies and logs. */
  readonly name: string;
  /** Stable id: GitHub login, Azure DevOps identity id. */
  readonly id: string;
  /**
   * ticket-to-pr itself: the job's own identity (the token's user) or the identity that opened the
   * pull request, which differ when it was opened under one token and revised under another. Its
   * comments never count as feedback, and only its comments are read for revision markers.
   */
  readonly isSelf: boolean;
  /**
   * Whether this author's feedback counts: write access on GitHub (permission API), anyone but
   * the job's own identity on Azure Repos (commenting already needs "Contribute to pull requests").
   */
  readonly maySteer: boolean;
  /** Why the author may or may not steer, for the log (e.g. "permission read"). */
  readonly why: string;
}

export interface ReviewComment {
  /** Forge id of the comment. */
  readonly id: string;
  readonly author: ReviewAuthor;
  /** As written (Markdown); untrusted. */
  readonly body: string;
  /** ISO 8601. */
  readonly createdAt: string;
  /** ISO 8601, when the text was edited after it was written; absent when never edited. */
  readonly editedAt?: string;
  /**
   * GitHub line comments: the state of the review they were submitted with (CHANGES_REQUESTED,
   * COMMENTED, ...), so a change request's line comments count with its body. Absent elsewhere.
   */
  readonly reviewState?: string;
}

/**
 * One conversation a reply can go to.
 * - line: a comment thread on a file and line (GitHub review comments, Azure Repos threads with a
 *   threadContext);
 * - review: a submitted GitHub review's own body (state in `reviewState`);
 * - conversation: a pull request comment that is not on a line (GitHub issue comment, Azure Repos
 *   thread without a file).
 */
export interface ReviewThread {
  readonly id: string;
  readonly kind: 'line' | 'review' | 'conversation';
  /** Repository-relative path and line the thread points at (line threads). */
  readonly path?: string;
  readonly line?: number;
  /** GitHub review state for kind 'review': APPROVED, CHANGES_REQUESTED, COMMENTED, ... */
  readonly reviewState?: string;
  /** Azure Repos thread status (active, fixed, closed, ...); absent on GitHub. */
  readonly status?: string;
  /** Oldest first. */
  readonly comments: readonly ReviewComment[];
}

/** A pull request as the revision job needs it. */
export interface RevisablePullRequest extends PullRequest {
  readonly body: string;
  /** Commit the source branch pointed at when the PR was read. */
  readonly headCommit: string;
  readonly state: 'open' | 'closed' | 'merged';
  /** Head branch lives in another repository (a fork): never revised. */
  readonly fromFork: boolean;
  /** Identity that opened the PR (ticket-to-pr's own). */
  readonly author: { readonly name: string; readonly id: string };
  /** ISO 8601. */
  readonly createdAt: string;
}

/** The review side of a forge: what a revision job reads and writes. */
export interface ReviewForge {
  /** One pull request by number (GitHub) or id (Azure Repos); undefined when it does not exist. */
  getPullRequest(id: number): Promise<RevisablePullRequest | undefined>;
  /** Every thread with its comments, oldest first. */
  listReviewThreads(pr: RevisablePullRequest): Promise<readonly ReviewThread[]>;
  /**
   * Replies in the thread (a line thread's replies, an Azure Repos thread's comments); for GitHub
   * review and conversation threads, a pull request comment that quotes what it answers.
   * Never resolves or closes a thread.
   */
  replyToThread(pr: RevisablePullRequest, thread: ReviewThread, body: string): Promise<void>;
  /** A new top-level comment on the pull request (e.g. "a human should take over"). */
  commentOnPullRequest(pr: RevisablePullRequest, body: string): Promise<void>;
  /**
   * The messages of the pull request's own commits (those not on its target branch): the revision
   * commits among them keep the revision count whoever posts the replies.
   */
  listCommitMessages(pr: RevisablePullRequest): Promise<readonly string[]>;
  /** ticket-to-pr's own open pull requests (source branch `ticket-to-pr/*`), oldest first. */
  listOwnOpenPullRequests(): Promise<readonly RevisablePullRequest[]>;
}
