/**
 * The review side of Azure Repos: a pull request, its comment threads (with their file and line),
 * replies in a thread and new threads. Used by AzureReposForge.
 *
 * Who may steer: anyone but ticket-to-pr itself: the job's own identity (the token's, from
 * `_apis/connectionData`) and the identity that opened the pull request.
 * Azure Repos lets only holders of "Contribute to pull requests" comment: "Can create, comment
 * on, and vote on pull requests" (learn.microsoft.com/azure/devops/organizations/security/permissions#git-repository-object-level,
 * MicrosoftDocs/azure-devops-docs docs/organizations/security/permissions.md). Note the default
 * table (docs/organizations/security/includes/code-git.md): Readers hold it too ("Read ...; also,
 * can create, comment on, vote, and Contribute to pull requests"), so on Azure Repos a comment
 * proves the project admits the author to reviews, not that the author may push. A project that
 * wants less denies "Contribute to pull requests" to Readers.
 */
import type { IGitApi } from 'azure-devops-node-api/GitApi.js';
import type { ConnectionData } from 'azure-devops-node-api/interfaces/LocationsInterfaces.js';
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
  /** The token's own identity id, asked once per job; undefined when the service would not say. */
  private ownId?: Promise<string | undefined>;

  constructor(private readonly access: AzureReposAccess) {}

  /**
   * `GET {org}/_apis/connectionData` names the identity the token acts as (`authenticatedUser.id`,
   * the id comments carry as `author.id`), the request WebApi.connect() makes
   * (azure-devops-node-api 17.0.1 WebApi.js). Without it only the pull request's creator is known
   * as ticket-to-pr's own.
   */
  private readOwnId(): Promise<string | undefined> {
    return this.access
      .call("reading the token's own identity", async (api) => {
        const answer = await api.rest.get<ConnectionData>(
          api.vsoClient.resolveUrl('/_apis/connectionData'),
        );
        return answer.result?.authenticatedUser?.id;
      })
      .catch(() => undefined)
      .then((id) => {
        if (!id)
          this.access.warn(
            "Azure DevOps did not say which identity the token acts as; only the pull request's creator counts as ticket-to-pr's own.",
          );
        return id;
      });
  }

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

  async listCommitMessages(pr: RevisablePullRequest): Promise<readonly string[]> {
    const repo = await this.access.repository();
    const commits = await this.access.call(`reading the commits of pull request ${pr.id}`, (api) =>
      api.getPullRequestCommits(repo.id!, pr.id, this.access.project),
    );
    // `comment` may be cut (commentTruncated); the subject, which names the revision, comes first.
    return (commits ?? []).map((c) => c.comment ?? '');
  }

  async listReviewThreads(pr: RevisablePullRequest): Promise<readonly ReviewThread[]> {
    const repo = await this.access.repository();
    this.ownId ??= this.readOwnId();
    const [ownId, iteration] = await Promise.all([this.ownId, this.latestIteration(repo, pr)]);
    // "$iteration: thread positions will be tracked using this iteration as the right side of
    // the diff" (git-7.2/git.json, Pull Request Threads_List): lines as the branch reads now.
    const threads = await this.access.call(`reading the threads of pull request ${pr.id}`, (api) =>
      api.getThreads(repo.id!, pr.id, this.access.project, iteration),
    );
    const out: ReviewThread[] = [];
    for (const thread of threads ?? []) {
      if (thread.isDeleted || thread.id === undefined) continue;
      const comments = (thread.comments ?? [])
        // System comments are the service's own notes (votes, pushes, status changes).
        .filter((c) => !c.isDeleted && c.commentType !== CommentType.System)
        .map((c) => this.comment(pr, ownId, c))
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

  /** The pull request's newest iteration (one per push), or undefined when it has none listed. */
  private async latestIteration(
    repo: GitRepository,
    pr: RevisablePullRequest,
  ): Promise<number | undefined> {
    const iterations = await this.access.call(
      `reading the iterations of pull request ${pr.id}`,
      (api) => api.getPullRequestIterations(repo.id!, pr.id, this.access.project),
    );
    const ids = (iterations ?? []).map((i) => i.id ?? 0).filter((id) => id > 0);
    return ids.length > 0 ? Math.max(...ids) : undefined;
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

  private comment(pr: RevisablePullRequest, ownId: string | undefined, c: Comment): ReviewComment {
    const createdAt = iso(c.publishedDate);
    // lastContentUpdatedDate moves with the text only (lastUpdatedDate with likes too).
    const editedAt = iso(c.lastContentUpdatedDate);
    return {
      id: String(c.id ?? 0),
      author: this.author(pr, ownId, c),
      body: c.content ?? '',
      createdAt,
      ...(editedAt && editedAt !== createdAt ? { editedAt } : {}),
    };
  }

  private author(pr: RevisablePullRequest, ownId: string | undefined, c: Comment): ReviewAuthor {
    const id = c.author?.id ?? '';
    const name = c.author?.displayName ?? c.author?.uniqueName ?? id;
    const own = id !== '' && id.toLowerCase() === ownId?.toLowerCase();
    if (id && (id === pr.author.id || own)) {
      return {
        name,
        id,
        isSelf: true,
        maySteer: false,
        why: own ? "the job's own identity" : 'opened the pull request (ticket-to-pr itself)',
      };
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
