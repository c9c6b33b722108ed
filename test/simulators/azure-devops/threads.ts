/**
 * Pull request threads: a thread on a file and line (threadContext) or on the pull request, its
 * comments and replies (parentCommentId), statuses and comment types. Shapes, enum names and
 * statuses follow git-7.2/git.json (MicrosoftDocs/vsts-rest-api-specs @ adb28786, api 7.2):
 * "Pull Request Threads_List/_Create" and "Pull Request Thread Comments_List/_Create" answer
 * 200 with `GitPullRequestCommentThread` / `Comment`; enums travel as their names
 * (`CommentThreadStatus`, `CommentType`). Test code only.
 */
import type { RequestContext } from './context.js';
import { queryValue } from './context.js';
import { errors, SimError } from './http.js';
import { iterationsOf, trackLine } from './iterations.js';
import type { SimIdentity, SimPullRequest } from './state.js';

/** CommentThreadStatus names (git.json `CommentThread.status`). */
export type SimThreadStatus =
  | 'unknown'
  | 'active'
  | 'fixed'
  | 'wontFix'
  | 'closed'
  | 'byDesign'
  | 'pending';
/** CommentType names (git.json `Comment.commentType`). */
export type SimCommentType = 'unknown' | 'text' | 'codeChange' | 'system';

export interface SimThreadComment {
  readonly id: number;
  readonly parentCommentId: number;
  readonly author: SimIdentity;
  content: string;
  readonly commentType: SimCommentType;
  readonly publishedDate: string;
  /** Moves when the text is edited (Comment.lastContentUpdatedDate). */
  lastContentUpdatedDate: string;
  isDeleted: boolean;
}

export interface SimThread {
  readonly id: number;
  readonly pullRequestId: number;
  /** Undefined: the service sets none (a thread created without status). */
  status?: SimThreadStatus;
  /** Repository path with a leading slash, and the right-side line, for file threads. */
  readonly filePath?: string;
  readonly line?: number;
  /** The iteration the line was written against (iterationContext); undefined: never tracked. */
  readonly iteration?: number;
  readonly comments: SimThreadComment[];
  readonly publishedDate: string;
  lastUpdatedDate: string;
  isDeleted: boolean;
}

export interface ThreadSeed {
  readonly pullRequestId: number;
  readonly status?: SimThreadStatus;
  /** e.g. '/src/calc.js'; absent: a thread on the pull request itself. */
  readonly filePath?: string;
  readonly line?: number;
  /** The iteration `line` refers to; `$iteration` then tracks it to a later one. */
  readonly iteration?: number;
  readonly comments: readonly {
    readonly author: SimIdentity;
    readonly content: string;
    readonly commentType?: SimCommentType;
    readonly publishedDate?: Date;
  }[];
}

/** Threads of every pull request of one simulator, and seeding. */
export interface PullRequestThreads {
  readonly all: SimThread[];
  add(seed: ThreadSeed): SimThread;
  /** A reply in an existing thread, as a reviewer writes it in the web UI. */
  reply(threadId: number, comment: ThreadSeed['comments'][number]): SimThreadComment;
  /** The author edits a comment's text (its lastContentUpdatedDate moves). */
  edit(threadId: number, commentId: number, content: string, at?: Date): SimThreadComment;
}

const STATUS_BY_NUMBER: Record<string, SimThreadStatus> = {
  '0': 'unknown',
  '1': 'active',
  '2': 'fixed',
  '3': 'wontFix',
  '4': 'closed',
  '5': 'byDesign',
  '6': 'pending',
};
const TYPE_BY_NUMBER: Record<string, SimCommentType> = {
  '0': 'unknown',
  '1': 'text',
  '2': 'codeChange',
  '3': 'system',
};

/** The client sends enums as numbers (GitInterfaces); the service accepts names too. */
function statusOf(value: unknown): SimThreadStatus | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  const named = Object.values(STATUS_BY_NUMBER).find((s) => s.toLowerCase() === text.toLowerCase());
  return STATUS_BY_NUMBER[text] ?? named;
}
function typeOf(value: unknown): SimCommentType {
  const text = String(value ?? 'text');
  const named = Object.values(TYPE_BY_NUMBER).find((s) => s.toLowerCase() === text.toLowerCase());
  return TYPE_BY_NUMBER[text] ?? named ?? 'text';
}

export function createThreads(now: () => Date): PullRequestThreads & { nextId(): number } {
  const all: SimThread[] = [];
  let nextThreadId = 1;
  const stamp = (date?: Date) => (date ?? now()).toISOString();
  const threads = {
    all,
    nextId: () => nextThreadId++,
    add(seed: ThreadSeed): SimThread {
      const published = stamp(seed.comments[0]?.publishedDate);
      const thread: SimThread = {
        id: nextThreadId++,
        pullRequestId: seed.pullRequestId,
        status: seed.status,
        filePath: seed.filePath,
        line: seed.line,
        iteration: seed.iteration,
        comments: [],
        publishedDate: published,
        lastUpdatedDate: published,
        isDeleted: false,
      };
      all.push(thread);
      for (const c of seed.comments) threads.reply(thread.id, c);
      return thread;
    },
    reply(threadId: number, c: ThreadSeed['comments'][number]): SimThreadComment {
      const thread = all.find((t) => t.id === threadId);
      if (!thread) throw new Error(`no thread ${threadId}`);
      const comment: SimThreadComment = {
        id: thread.comments.length + 1,
        // The first comment has parent 0; a reply names the thread's first comment.
        parentCommentId: thread.comments.length ? 1 : 0,
        author: c.author,
        content: c.content,
        commentType: c.commentType ?? 'text',
        publishedDate: stamp(c.publishedDate),
        lastContentUpdatedDate: stamp(c.publishedDate),
        isDeleted: false,
      };
      thread.comments.push(comment);
      thread.lastUpdatedDate = comment.publishedDate;
      return comment;
    },
    edit(threadId: number, commentId: number, content: string, at?: Date): SimThreadComment {
      const comment = all.find((t) => t.id === threadId)?.comments.find((c) => c.id === commentId);
      if (!comment) throw new Error(`no comment ${threadId}/${commentId}`);
      comment.content = content;
      comment.lastContentUpdatedDate = stamp(at);
      return comment;
    },
  };
  return threads;
}

function identityJson(ctx: RequestContext, identity: SimIdentity): Record<string, unknown> {
  return {
    id: identity.id,
    displayName: identity.displayName,
    uniqueName: identity.uniqueName,
    url: `${ctx.orgUrl}/_apis/Identities/${identity.id}`,
    imageUrl: `${ctx.orgUrl}/_api/_common/identityImage?id=${identity.id}`,
  };
}

function commentJson(
  ctx: RequestContext,
  threadUrl: string,
  c: SimThreadComment,
): Record<string, unknown> {
  const url = `${threadUrl}/comments/${c.id}`;
  return {
    id: c.id,
    parentCommentId: c.parentCommentId,
    author: identityJson(ctx, c.author),
    content: c.content,
    publishedDate: c.publishedDate,
    lastUpdatedDate: c.lastContentUpdatedDate,
    lastContentUpdatedDate: c.lastContentUpdatedDate,
    isDeleted: c.isDeleted,
    commentType: c.commentType,
    usersLiked: [],
    _links: { self: { href: url }, threads: { href: threadUrl } },
  };
}

/** A file thread's line tracked to a later iteration (`$iteration`), with what it was at first. */
interface Tracked {
  readonly toIteration: number;
  /** Undefined: the line itself changed, so the service has no position on that iteration. */
  readonly line: number | undefined;
}

function threadJson(
  ctx: RequestContext,
  repositoryId: string,
  t: SimThread,
  tracked?: Tracked,
): Record<string, unknown> {
  const line = tracked ? tracked.line : (t.line ?? 1);
  const original = { line: t.line ?? 1, offset: 1 };
  const url = `${ctx.orgUrl}/_apis/git/repositories/${repositoryId}/pullRequests/${t.pullRequestId}/threads/${t.id}`;
  return {
    id: t.id,
    publishedDate: t.publishedDate,
    lastUpdatedDate: t.lastUpdatedDate,
    comments: t.comments.map((c) => commentJson(ctx, url, c)),
    ...(t.status ? { status: t.status } : {}),
    // Swagger 2.0 has no null: a thread on the pull request itself has no threadContext at all.
    ...(t.filePath
      ? {
          threadContext: {
            filePath: t.filePath,
            ...(line === undefined
              ? {}
              : {
                  rightFileStart: { line, offset: 1 },
                  rightFileEnd: { line, offset: 1 },
                }),
          },
          ...(t.iteration
            ? {
                pullRequestThreadContext: {
                  iterationContext: {
                    firstComparingIteration: 1,
                    secondComparingIteration: t.iteration,
                  },
                  // "If this property is filled out when the thread is returned, then the thread
                  // has been tracked from its original location using the given criteria."
                  ...(tracked
                    ? {
                        trackingCriteria: {
                          firstComparingIteration: 1,
                          secondComparingIteration: tracked.toIteration,
                          origFilePath: t.filePath,
                          origRightFileStart: original,
                          origRightFileEnd: original,
                        },
                      }
                    : {}),
                },
              }
            : {}),
        }
      : {}),
    properties: {},
    isDeleted: t.isDeleted,
    _links: {
      self: { href: url },
      repository: { href: `${ctx.orgUrl}/_apis/git/repositories/${repositoryId}` },
    },
  };
}

/**
 * UNCONFIRMED texts: Microsoft publishes no message for a missing thread or an empty comment. The
 * statuses follow the service's other lookups (404) and argument checks (400); the adapter never
 * sends either, so only the simulator's own tests meet them.
 */
const threadNotFound = (id: string) =>
  new SimError(
    404,
    `The pull request thread ${id} was not found.`,
    'GitPullRequestCommentThreadNotFoundException',
    'Microsoft.TeamFoundation.Git.Server.GitPullRequestCommentThreadNotFoundException, Microsoft.TeamFoundation.Git.Server',
  );
const emptyComment = () =>
  errors.badRequest('A comment must have content.', 'InvalidArgumentValueException');

/**
 * `$iteration` asked for a later iteration than the one a file thread was written on: its line as
 * that iteration reads (threads without an iteration, or asked without one, stay as written).
 */
function trackTo(ctx: RequestContext, pr: SimPullRequest, t: SimThread): Tracked | undefined {
  const wanted = Number(queryValue(ctx.query, '$iteration') ?? 0);
  if (!wanted || !t.iteration || !t.filePath || t.line === undefined || wanted <= t.iteration)
    return undefined;
  const repo = ctx.state.repositories.get(pr.repositoryId);
  const list = repo ? iterationsOf(ctx, repo, pr) : [];
  const from = list[t.iteration - 1];
  const to = list[wanted - 1];
  if (!repo || !from || !to) return undefined;
  return {
    toIteration: wanted,
    line: trackLine(repo, from.sourceCommit, to.sourceCommit, t.filePath, t.line),
  };
}

/**
 * Routes under `.../pullRequests/{id}/threads`; `rest` are the path parts after `threads`.
 * Writes need vso.code_write, which the caller already checked for any non-GET.
 */
export function handleThreads(
  ctx: RequestContext,
  store: PullRequestThreads & { nextId(): number },
  pr: SimPullRequest,
  rest: readonly string[],
): { status: number; body: unknown } | undefined {
  const [threadIdText, sub] = rest;
  const ofPr = store.all.filter((t) => t.pullRequestId === pr.pullRequestId && !t.isDeleted);
  if (!threadIdText) {
    if (ctx.method === 'GET') {
      const value = ofPr.map((t) => threadJson(ctx, pr.repositoryId, t, trackTo(ctx, pr, t)));
      return { status: 200, body: { value, count: value.length } };
    }
    if (ctx.method !== 'POST') return undefined;
    const body = (ctx.body ?? {}) as {
      comments?: { content?: unknown; commentType?: unknown }[];
      status?: unknown;
      threadContext?: { filePath?: unknown; rightFileStart?: { line?: unknown } } | null;
    };
    const comments = Array.isArray(body.comments) ? body.comments : [];
    if (comments.length === 0 || typeof comments[0]?.content !== 'string') {
      throw emptyComment();
    }
    const filePath =
      typeof body.threadContext?.filePath === 'string' ? body.threadContext.filePath : undefined;
    const line = Number(body.threadContext?.rightFileStart?.line ?? 0) || undefined;
    const thread = store.add({
      pullRequestId: pr.pullRequestId,
      status: statusOf(body.status),
      filePath,
      line,
      comments: comments.map((c) => ({
        author: ctx.identity,
        content: String(c.content ?? ''),
        commentType: typeOf(c.commentType),
        publishedDate: ctx.now(),
      })),
    });
    return { status: 200, body: threadJson(ctx, pr.repositoryId, thread) };
  }
  const thread = ofPr.find((t) => String(t.id) === threadIdText);
  if (!thread) throw threadNotFound(threadIdText);
  if (!sub) {
    if (ctx.method === 'GET')
      return { status: 200, body: threadJson(ctx, pr.repositoryId, thread) };
    if (ctx.method === 'PATCH') {
      const status = statusOf((ctx.body as { status?: unknown } | undefined)?.status);
      if (status) thread.status = status;
      return { status: 200, body: threadJson(ctx, pr.repositoryId, thread) };
    }
    return undefined;
  }
  if (sub.toLowerCase() !== 'comments' || rest.length > 2) return undefined;
  const url = `${ctx.orgUrl}/_apis/git/repositories/${pr.repositoryId}/pullRequests/${pr.pullRequestId}/threads/${thread.id}`;
  if (ctx.method === 'GET') {
    const value = thread.comments.map((c) => commentJson(ctx, url, c));
    return { status: 200, body: { value, count: value.length } };
  }
  if (ctx.method !== 'POST') return undefined;
  const body = (ctx.body ?? {}) as { content?: unknown; commentType?: unknown };
  if (typeof body.content !== 'string' || body.content === '') {
    throw emptyComment();
  }
  // A reply leaves the thread's status alone: resolving is a separate PATCH of the thread.
  const comment = store.reply(thread.id, {
    author: ctx.identity,
    content: body.content,
    commentType: typeOf(body.commentType),
    publishedDate: ctx.now(),
  });
  return { status: 200, body: commentJson(ctx, url, comment) };
}
