// An in-memory review side of a forge, for revision-job tests. It records every reply and comment.
import type { ForgeKind } from '../../src/forge/forge.js';
import type {
  ReviewAuthor,
  ReviewComment,
  ReviewForge,
  ReviewThread,
  RevisablePullRequest,
} from '../../src/forge/review.js';

export const WRITER: ReviewAuthor = {
  name: 'alice',
  id: 'alice',
  isSelf: false,
  maySteer: true,
  why: 'permission write',
};
export const READER: ReviewAuthor = {
  name: 'mallory',
  id: 'mallory',
  isSelf: false,
  maySteer: false,
  why: 'permission read',
};
export const SELF: ReviewAuthor = {
  name: 'ticket-to-pr',
  id: 'bot',
  isSelf: true,
  // On GitHub the job's own identity has write access: only isSelf keeps its comments out.
  maySteer: true,
  why: 'permission write',
};

export function revisablePr(extra: Partial<RevisablePullRequest> = {}): RevisablePullRequest {
  return {
    id: 7,
    webUrl: 'https://dev.azure.com/contoso/Proj/_git/app/pullrequest/7',
    sourceBranch: 'ticket-to-pr/42-date-parser-drops-the-time-zone',
    targetBranch: 'main',
    title: 'AB#42: Date parser drops the time zone',
    isDraft: true,
    body: '## What changed and why\n\nKeep the offset.\n\n## Verification\n\nold table\n\n## Models and cost\n\nx',
    headCommit: 'head111',
    state: 'open',
    fromFork: false,
    author: { name: 'ticket-to-pr', id: 'bot' },
    createdAt: '2026-01-01T09:00:00Z',
    ...extra,
  };
}

let seq = 0;
/** A comment `minutes` after 10:00 on 2026-01-01. */
export function reviewComment(
  author: ReviewAuthor,
  body: string,
  minutes: number,
  extra: Partial<ReviewComment> = {},
): ReviewComment {
  return {
    id: `c${++seq}`,
    author,
    body,
    createdAt: new Date(Date.UTC(2026, 0, 1, 10, minutes)).toISOString(),
    ...extra,
  };
}

export function lineThread(
  comments: ReviewComment[],
  extra: Partial<ReviewThread> = {},
): ReviewThread {
  return {
    id: `t${++seq}`,
    kind: 'line',
    path: 'src/parse.ts',
    line: 3,
    status: 'active',
    comments,
    ...extra,
  };
}

export class FakeReviewForge implements ReviewForge {
  replies: { threadId: string; body: string }[] = [];
  /** Messages of the pull requests' own commits, by pull request id. */
  commitMessages = new Map<number, string[]>();
  comments: string[] = [];
  updatedBodies: string[] = [];
  constructor(
    readonly kind: ForgeKind,
    public prs: RevisablePullRequest[],
    public threads: Map<number, ReviewThread[]>,
  ) {}
  async getPullRequest(id: number) {
    return this.prs.find((p) => p.id === id);
  }
  async listReviewThreads(pr: RevisablePullRequest) {
    return this.threads.get(pr.id) ?? [];
  }
  /** Replies and comments land in the threads as the job's own, as on a real forge. */
  async replyToThread(pr: RevisablePullRequest, thread: ReviewThread, body: string) {
    this.replies.push({ threadId: thread.id, body });
    const own = {
      id: `own${this.replies.length}`,
      author: SELF,
      body,
      createdAt: new Date().toISOString(),
    };
    this.threads.set(
      pr.id,
      (this.threads.get(pr.id) ?? []).map((t) =>
        t.id === thread.id ? { ...t, comments: [...t.comments, own] } : t,
      ),
    );
  }
  async commentOnPullRequest(pr: RevisablePullRequest, body: string) {
    this.comments.push(body);
    const own = {
      id: `note${this.comments.length}`,
      author: SELF,
      body,
      createdAt: new Date().toISOString(),
    };
    this.threads.set(pr.id, [
      ...(this.threads.get(pr.id) ?? []),
      { id: `note${this.comments.length}`, kind: 'conversation', comments: [own] },
    ]);
  }
  async listCommitMessages(pr: RevisablePullRequest) {
    return this.commitMessages.get(pr.id) ?? [];
  }
  async listOwnOpenPullRequests() {
    return this.prs.filter((p) => p.state === 'open');
  }
}
