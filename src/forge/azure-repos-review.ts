/**
 * The review side of Azure Repos: a pull request, its comment threads (with their file and line),
 * replies in a thread and new threads. Used by AzureReposForge.
 *
 * Who may steer: anyone but the identity that opened the pull request (ticket-to-pr's own).
 * Azure Repos lets only holders of "Contribute to pull requests" comment: "Can create, comment
 * on, and vote on pull requests" (learn.microsoft.com/azure/devops/organizations/security/permissions#git-repository-object-level,
 * MicrosoftDocs/azure-devops-docs docs/organizations/security/permissions.md). Note the default
 * table (docs/organizations/security/includes/code-git.md): Readers hold it too ("Read ...; also,
 * can create, comment on, vote, and Contribute to pull requests"), so on Azure Repos a comment
 * proves the project admits the author to reviews, not that the author may push. A project that
 * wants less denies "Contribute to pull requests" to Readers.
 */
import type { IGitApi } from 'azure-devops-node-api/GitApi.js';
import {
  CommentThreadStatus,
  CommentType,
  PullRequestStatus,
} from 'azure-devops-node-api/interfaces/GitInterfaces.js';
import type {
  Comment,
  GitPullRequest,
  GitPullRequestCommentThread,
  GitRepository,
} from 'azure-devops-node-api/interfaces/GitInterfaces.js';
import { BRANCH_PREFIX } from '../git/branch-name.js';
import type { PullRequest } from './forge.js';
import type {
  ReviewAuthor,
  ReviewComment,
  ReviewForge,
  ReviewThread,
  RevisablePullRequest,
} from './review.js';

/** The forge's plumbing the review side shares: one explained call, the repository, the mapping. */
export interface AzureReposAccess {
  call<T>(action: string, fn: (api: IGitApi) => Promise<T>): Promise<T>;
  repository(): Promise<GitRepository>;
  toPullRequest(repo: GitRepository, pr: GitPullRequest): PullRequest;
  readonly project: string;
  readonly warn: (message: string) => void;
}

/** Pull requests per page when listing (the service's own default page is 101). */
const PAGE = 100;
/** Pages read at most: 5000 active pull requests are far more than any team keeps open. */
const MAX_PAGES = 50;

const THREAD_STATUS: Record<number, string> = {
  [CommentThreadStatus.Unknown]: 'unknown',
  [CommentThreadStatus.Active]: 'active',
  [CommentThreadStatus.Fixed]: 'fixed',
  [CommentThreadStatus.WontFix]: 'wontFix',
  [CommentThreadStatus.Closed]: 'closed',
  [CommentThreadStatus.ByDesign]: 'byDesign',
  [CommentThreadStatus.Pending]: 'pending',
};

const iso = (date: Date | string | undefined): string =>
  date === undefined ? '' : new Date(date).toISOString();

/** Azure Repos writes repository paths with a leading slash ("/src/calc.ts"). */
const repoRelative = (path: string) => path.replace(/^\/+/, '');

export class AzureReposReview implements ReviewForge {
  constructor(private readonly access: AzureReposAccess) {}

  private toRevisable(repo: GitRepository, pr: GitPullRequest): RevisablePullRequest {
    return {
      ...this.access.toPullRequest(repo, pr),
      body: pr.description ?? '',
      headCommit: pr.lastMergeSourceCommit?.commitId ?? '',
      state:
        pr.status === PullRequestStatus.Completed
          ? 'merged'
          : pr.status === PullRequestStatus.Abandoned
            ? 'closed'
            : 'open',
      fromFork: pr.forkSource !== undefined && pr.forkSource !== null,
      author: { name: pr.createdBy?.displayName ?? '', id: pr.createdBy?.id ?? '' },
      createdAt: iso(pr.creationDate),
    };
  }

  async getPullRequest(id: number): Promise<RevisablePullRequest | undefined> {
    const repo = await this.access.repository();
    let found: GitPullRequest | null;
    try {
      // The client resolves a 404 to null; the repository-scoped call keeps other repositories' PRs out.
      found = await this.access.call(`reading pull request ${id}`, (api) =>
        api.getPullRequest(repo.id!, id, this.access.project),
      );
    } catch (error) {
      if ((error as { cause?: { statusCode?: number } }).cause?.statusCode === 404)
        return undefined;
      throw error;
    }
    return found?.pullRequestId ? this.toRevisable(repo, found) : undefined;
  }

  async listOwnOpenPullRequests(): Promise<readonly RevisablePullRequest[]> {
    const repo = await this.access.repository();
    const all = new Map<number, GitPullRequest>();
    for (let pageNumber = 0; pageNumber < MAX_PAGES; pageNumber += 1) {
      const page = await this.access.call('listing pull requests', (api) =>
        api.getPullRequests(
          repo.id!,
          { status: PullRequestStatus.Active },
          this.access.project,
          undefined,
          pageNumber * PAGE,
          PAGE,
        ),
      );
      const before = all.size;
      for (const pr of page ?? []) all.set(pr.pullRequestId ?? 0, pr);
      if (!page || page.length < PAGE) break;
      if (all.size === before) {
        this.access.warn(
          `Azure Repos answered the same ${PAGE} pull requests for page ${pageNumber + 1}; only the first ${all.size} active pull requests are considered.`,
        );
        break;
      }
      if (pageNumber === MAX_PAGES - 1) {
        this.access.warn(
          `More than ${MAX_PAGES * PAGE} active pull requests; only the newest ${all.size} are considered for revision.`,
        );
      }
    }
    return [...all.values()]
      .filter((pr) => (pr.sourceRefName ?? '').startsWith(`refs/heads/${BRANCH_PREFIX}`))
      .map((pr) => this.toRevisable(repo, pr))
      .filter((pr) => pr.state === 'open' && !pr.fromFork)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
  }

  async listReviewThreads(pr: RevisablePullRequest): Promise<readonly ReviewThread[]> {
    const repo = await this.access.repository();
    const threads = await this.access.call(`reading the threads of pull request ${pr.id}`, (api) =>
      api.getThreads(repo.id!, pr.id, this.access.project),
    );
    const out: ReviewThread[] = [];
    for (const thread of threads ?? []) {
      if (thread.isDeleted || thread.id === undefined) continue;
      const comments = (thread.comments ?? [])
        // System comments are the service's own notes (votes, pushes, status changes).
        .filter((c) => !c.isDeleted && c.commentType !== CommentType.System)
        .map((c) => this.comment(pr, c))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || Number(a.id) - Number(b.id));
      if (comments.length === 0) continue;
      const context = thread.threadContext;
      const path = context?.filePath ? repoRelative(context.filePath) : undefined;
      out.push({
        id: String(thread.id),
        kind: path ? 'line' : 'conversation',
        path,
        line: path ? (context?.rightFileStart?.line ?? context?.leftFileStart?.line) : undefined,
        status: thread.status === undefined ? undefined : THREAD_STATUS[thread.status],
        comments,
      });
    }
    return out.sort((a, b) => a.comments[0]!.createdAt.localeCompare(b.comments[0]!.createdAt));
  }

  async replyToThread(pr: RevisablePullRequest, thread: ReviewThread, body: string): Promise<void> {
    const repo = await this.access.repository();
    const parent = Number(thread.comments[0]?.id ?? 0);
    // A comment in the thread only: the thread's status (active, fixed, ...) is the reviewer's.
    await this.access.call(`replying in a thread of pull request ${pr.id}`, (api) =>
      api.createComment(
        { content: body, parentCommentId: parent, commentType: CommentType.Text },
        repo.id!,
        pr.id,
        Number(thread.id),
        this.access.project,
      ),
    );
  }

  async commentOnPullRequest(pr: RevisablePullRequest, body: string): Promise<void> {
    const repo = await this.access.repository();
    const thread: GitPullRequestCommentThread = {
      comments: [{ content: body, parentCommentId: 0, commentType: CommentType.Text }],
    };
    await this.access.call(`commenting on pull request ${pr.id}`, (api) =>
      api.createThread(thread, repo.id!, pr.id, this.access.project),
    );
  }

  private comment(pr: RevisablePullRequest, c: Comment): ReviewComment {
    return {
      id: String(c.id ?? 0),
      author: this.author(pr, c),
      body: c.content ?? '',
      createdAt: iso(c.publishedDate),
    };
  }

  private author(pr: RevisablePullRequest, c: Comment): ReviewAuthor {
    const id = c.author?.id ?? '';
    const name = c.author?.displayName ?? c.author?.uniqueName ?? id;
    if (id && id === pr.author.id) {
      return { name, id, isSelf: true, maySteer: false, why: "the job's own identity" };
    }
    return {
      name,
      id,
      isSelf: false,
      maySteer: id !== '',
      why: id ? 'commented on the pull request ("Contribute to pull requests")' : 'no identity',
    };
  }
}
