/**
 * The review side of GitHub: a pull request, its review comments (line threads), submitted
 * reviews and conversation comments, who may steer the bot, and replies. Used by GitHubForge.
 */
import type { Octokit } from '@octokit/rest';
import { BRANCH_PREFIX } from '../git/branch-name.js';
import type { PullRequest } from './forge.js';
import type { Logger } from '../shared/logger.js';
import type {
  ReviewAuthor,
  ReviewComment,
  ReviewForge,
  ReviewThread,
  RevisablePullRequest,
} from './review.js';

export interface GitHubRepositoryRef {
  readonly owner: string;
  readonly repo: string;
}

/** Turns a failed request into the forge's explained error (GitHubForge.fail). */
export type GitHubFailure = (error: unknown, action: string) => never;

/**
 * Base permissions that may steer the bot: write access or more. The permission API answers
 * `permission`, the base role (admin, write, read or none; maintain counts as write, triage as
 * read), and `role_name`, the assigned role's name, which may be a custom role built on any base
 * (docs.github.com, "Get repository permissions for a user": "The `permission` can also be used to
 * determine which base level of access the collaborator has"; @octokit/openapi 23.0.2
 * `repository-collaborator-permission`). So the decision rests on `permission` (or
 * `user.permissions.push`); `role_name` is only named in the log.
 */
const STEERING_PERMISSIONS = new Set(['admin', 'write']);
/**
 * Fallback only when the permission API is forbidden to the token: the comment's
 * author_association. OWNER, MEMBER and COLLABORATOR are the associations GitHub gives people
 * the repository or its organization trusts; it does not prove write access, so it is weaker.
 */
const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

/** How much of the answered text a conversation reply quotes. */
const QUOTE_LENGTH = 120;

interface GitHubUserLike {
  readonly login: string;
}

interface PullLike {
  readonly number: number;
  readonly html_url: string;
  readonly title: string;
  readonly body: string | null;
  readonly draft?: boolean;
  readonly state: string;
  readonly merged_at: string | null;
  readonly created_at: string;
  readonly user: GitHubUserLike | null;
  readonly head: {
    readonly ref: string;
    readonly sha: string;
    readonly repo: { readonly full_name: string } | null;
  };
  readonly base: { readonly ref: string; readonly repo: { readonly full_name: string } };
}

interface CommentLike {
  readonly id: number;
  readonly body?: string | null;
  readonly user: GitHubUserLike | null;
  readonly author_association?: string;
  readonly created_at: string;
  /** Review comments and PR comments; a submitted review has none. */
  readonly updated_at?: string;
}

/** GraphQL `viewer`: the token's own account, for user and GitHub App installation tokens alike. */
const VIEWER_QUERY = 'query { viewer { login } }';
/** REST names a GitHub App's account `<slug>[bot]`. */
const asBotLogin = (login: string) => (login.endsWith('[bot]') ? login : `${login}[bot]`);

/** The fields every pull request carries, from GitHub's pull request object. */
export function toPullRequest(pr: {
  readonly number: number;
  readonly html_url: string;
  readonly title: string;
  readonly draft?: boolean;
  readonly head: { readonly ref: string };
  readonly base: { readonly ref: string };
}): PullRequest {
  return {
    id: pr.number,
    webUrl: pr.html_url,
    sourceBranch: pr.head.ref,
    targetBranch: pr.base.ref,
    title: pr.title,
    isDraft: pr.draft ?? false,
  };
}

function toRevisable(pr: PullLike): RevisablePullRequest {
  const login = pr.user?.login ?? '';
  return {
    ...toPullRequest(pr),
    body: pr.body ?? '',
    headCommit: pr.head.sha,
    state: pr.merged_at ? 'merged' : pr.state === 'open' ? 'open' : 'closed',
    // A deleted fork leaves head.repo null: still not this repository's branch.
    fromFork: pr.head.repo?.full_name !== pr.base.repo.full_name,
    author: { name: login, id: login },
    createdAt: pr.created_at,
  };
}

/**
 * The first line of `text`, cut to QUOTE_LENGTH with an ellipsis when longer. HTML comments are
 * dropped first: ticket-to-pr's own comments carry its hidden markers, and a quoted reviewer must
 * not be able to plant one in them.
 */
export function quoteStart(text: string): string {
  const line =
    text
      .replace(/<!--[^]*?(?:-->|$)/g, '')
      .replace(/<!--/g, '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? '';
  const cut = line.length > QUOTE_LENGTH ? `${line.slice(0, QUOTE_LENGTH)}…` : line;
  return `> ${cut}`;
}

const byCreation = (a: ReviewComment, b: ReviewComment) => a.createdAt.localeCompare(b.createdAt);

export class GitHubReview implements ReviewForge {
  /** login → whether it may steer, asked once per job. */
  private readonly steering = new Map<string, Promise<{ maySteer: boolean; why: string }>>();
  /** The token's own login, asked once per job; undefined when GitHub would not say. */
  private ownLogin?: Promise<string | undefined>;

  constructor(
    private readonly octokit: Octokit,
    private readonly repository: GitHubRepositoryRef,
    private readonly logger: Logger,
    private readonly fail: GitHubFailure,
  ) {}

  private get slug(): string {
    return `${this.repository.owner}/${this.repository.repo}`;
  }

  async getPullRequest(id: number): Promise<RevisablePullRequest | undefined> {
    const { owner, repo } = this.repository;
    try {
      const { data } = await this.octokit.rest.pulls.get({ owner, repo, pull_number: id });
      return toRevisable(data);
    } catch (error) {
      if ((error as { status?: unknown }).status === 404) return undefined;
      this.fail(error, `reading pull request #${id}`);
    }
  }

  async listOwnOpenPullRequests(): Promise<readonly RevisablePullRequest[]> {
    const { owner, repo } = this.repository;
    try {
      const pulls = await this.octokit.paginate(this.octokit.rest.pulls.list, {
        owner,
        repo,
        state: 'open',
        sort: 'created',
        direction: 'asc',
        per_page: 100,
      });
      return pulls
        .map((p) => toRevisable(p as PullLike))
        .filter(
          (p) => p.state === 'open' && !p.fromFork && p.sourceBranch.startsWith(BRANCH_PREFIX),
        )
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
    } catch (error) {
      this.fail(error, 'listing pull requests');
    }
  }

  async listCommitMessages(pr: RevisablePullRequest): Promise<readonly string[]> {
    const { owner, repo } = this.repository;
    try {
      // "List commits on a pull request": up to 250 commits, the pull request's own.
      const commits = await this.octokit.paginate(this.octokit.rest.pulls.listCommits, {
        owner,
        repo,
        pull_number: pr.id,
        per_page: 100,
      });
      return commits.map((c) => c.commit.message);
    } catch (error) {
      this.fail(error, `reading the commits of pull request #${pr.id}`);
    }
  }

  async listReviewThreads(pr: RevisablePullRequest): Promise<readonly ReviewThread[]> {
    const { owner, repo } = this.repository;
    const params = { owner, repo, pull_number: pr.id, per_page: 100 };
    this.ownLogin ??= this.readOwnLogin();
    const [, [lineComments, reviews, issueComments]] = await Promise.all([
      // Read with the threads; its own failure is already explained (readOwnLogin).
      this.ownLogin,
      Promise.all([
        this.octokit.paginate(this.octokit.rest.pulls.listReviewComments, params),
        this.octokit.paginate(this.octokit.rest.pulls.listReviews, params),
        this.octokit.paginate(this.octokit.rest.issues.listComments, {
          owner,
          repo,
          issue_number: pr.id,
          per_page: 100,
        }),
      ]).catch((error: unknown) =>
        this.fail(error, `reading the reviews of pull request #${pr.id}`),
      ),
    ]);
    const threads: ReviewThread[] = [];

    // Review comments: GitHub points every reply's in_reply_to_id at the thread's first comment.
    const lines = new Map<number, { root?: (typeof lineComments)[number]; all: ReviewComment[] }>();
    // A line comment is submitted with a review: its state says whether it requests changes.
    const reviewStates = new Map(reviews.map((r) => [r.id, r.state]));
    for (const c of lineComments) {
      const rootId = c.in_reply_to_id ?? c.id;
      const entry = lines.get(rootId) ?? { all: [] };
      if (rootId === c.id) entry.root = c;
      const reviewState = c.pull_request_review_id
        ? reviewStates.get(c.pull_request_review_id)
        : undefined;
      entry.all.push({ ...(await this.comment(pr, c)), ...(reviewState ? { reviewState } : {}) });
      lines.set(rootId, entry);
    }
    for (const [rootId, entry] of lines) {
      const root = entry.root;
      threads.push({
        id: `review-comment:${rootId}`,
        kind: 'line',
        path: root?.path,
        // An outdated comment has no line on the current diff any more; its original line stays.
        line: root ? (root.line ?? root.original_line ?? undefined) : undefined,
        comments: entry.all.sort(byCreation),
      });
    }

    for (const review of reviews) {
      // PENDING reviews are drafts no one else can see. A review without a body, whatever its
      // state, says nothing of its own: its line comments are the threads (each answered on its
      // line), and answering the review as well repeated the reply under an empty quote.
      if (review.state === 'PENDING' || !review.submitted_at) continue;
      if (!review.body?.trim()) continue;
      threads.push({
        id: `review:${review.id}`,
        kind: 'review',
        reviewState: review.state,
        comments: [await this.comment(pr, { ...review, created_at: review.submitted_at })],
      });
    }

    for (const c of issueComments) {
      threads.push({
        id: `issue-comment:${c.id}`,
        kind: 'conversation',
        comments: [await this.comment(pr, c)],
      });
    }
    return threads.sort((a, b) =>
      (a.comments[0]?.createdAt ?? '').localeCompare(b.comments[0]?.createdAt ?? ''),
    );
  }

  async replyToThread(pr: RevisablePullRequest, thread: ReviewThread, body: string): Promise<void> {
    const { owner, repo } = this.repository;
    if (thread.kind === 'line') {
      const commentId = Number(thread.id.replace(/^review-comment:/, ''));
      try {
        await this.octokit.rest.pulls.createReplyForReviewComment({
          owner,
          repo,
          pull_number: pr.id,
          comment_id: commentId,
          body,
        });
        return;
      } catch (error) {
        // 404: the thread's first comment was deleted meanwhile; answer with a PR comment instead.
        if ((error as { status?: unknown }).status !== 404)
          this.fail(error, `replying on a review thread of pull request #${pr.id}`);
        this.logger.warning(
          `Review comment ${commentId} on pull request #${pr.id} is gone (404); replying with a pull request comment instead.`,
        );
      }
    }
    // A review or a conversation comment has no reply of its own: a PR comment quotes it.
    const answered = thread.comments[0];
    const quote = answered ? `${quoteStart(answered.body)}\n\n@${answered.author.name} ` : '';
    await this.commentOnPullRequest(pr, `${quote}${body}`);
  }

  async commentOnPullRequest(pr: RevisablePullRequest, body: string): Promise<void> {
    const { owner, repo } = this.repository;
    try {
      await this.octokit.rest.issues.createComment({ owner, repo, issue_number: pr.id, body });
    } catch (error) {
      this.fail(error, `commenting on pull request #${pr.id}`);
    }
  }

  /**
   * The token's login: `GET /user` for a user's token; GitHub App installation tokens and
   * GITHUB_TOKEN get 403 "Resource not accessible by integration" there, so then GraphQL's
   * `viewer`, which answers them with the app's bot account. Undefined (and a warning) when neither
   * answers: the pull request's author alone is then known as ticket-to-pr's own.
   */
  private async readOwnLogin(): Promise<string | undefined> {
    try {
      const { data } = await this.octokit.rest.users.getAuthenticated();
      return data.login;
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (status !== 403 && status !== 404) this.fail(error, 'reading the token’s own account');
    }
    try {
      const answer = await this.octokit.graphql<{ viewer?: { login?: string } }>(VIEWER_QUERY);
      const login = answer.viewer?.login;
      // Only an app's installation token is refused GET /user: its account is the app's bot.
      if (login) return asBotLogin(login);
    } catch (error) {
      this.logger.debug(`GraphQL viewer: ${(error as Error).message}`);
    }
    this.logger.warning(
      `GitHub did not say which account the token acts as; only the pull request's author counts as ticket-to-pr's own.`,
    );
    return undefined;
  }

  private async comment(pr: RevisablePullRequest, c: CommentLike): Promise<ReviewComment> {
    const edited = c.updated_at && c.updated_at !== c.created_at ? c.updated_at : undefined;
    return {
      id: String(c.id),
      author: await this.author(pr, c.user?.login ?? '', c.author_association),
      body: c.body ?? '',
      createdAt: c.created_at,
      ...(edited ? { editedAt: edited } : {}),
    };
  }

  private async author(
    pr: RevisablePullRequest,
    login: string,
    association: string | undefined,
  ): Promise<ReviewAuthor> {
    const own = await this.ownLogin;
    if (login && (login === pr.author.id || login === own)) {
      return {
        name: login,
        id: login,
        isSelf: true,
        maySteer: false,
        why:
          login === own
            ? "the job's own account (ticket-to-pr itself)"
            : 'opened the pull request (ticket-to-pr itself)',
      };
    }
    if (!login)
      return { name: '(deleted user)', id: '', isSelf: false, maySteer: false, why: 'no account' };
    let steer = this.steering.get(login);
    if (!steer) {
      steer = this.permissionOf(login, association);
      this.steering.set(login, steer);
    }
    return { name: login, id: login, isSelf: false, ...(await steer) };
  }

  /** GET /repos/{owner}/{repo}/collaborators/{username}/permission; the association only if forbidden. */
  private async permissionOf(
    login: string,
    association: string | undefined,
  ): Promise<{ maySteer: boolean; why: string }> {
    const { owner, repo } = this.repository;
    try {
      const { data } = await this.octokit.rest.repos.getCollaboratorPermissionLevel({
        owner,
        repo,
        username: login,
      });
      const maySteer =
        STEERING_PERMISSIONS.has(data.permission) || data.user?.permissions?.push === true;
      const role =
        data.role_name && data.role_name !== data.permission ? `, role ${data.role_name}` : '';
      return { maySteer, why: `permission ${data.permission}${role}` };
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      // 404: not a user GitHub knows as a collaborator candidate (e.g. some app bots).
      if (status === 404) return { maySteer: false, why: 'no permission on the repository (404)' };
      if (status === 403) {
        const trusted = TRUSTED_ASSOCIATIONS.has(association ?? '');
        this.logger.warning(
          `The token may not read ${login}'s permission in ${this.slug} (403); falling back to the comment's author association ${association ?? 'unknown'}.`,
        );
        return {
          maySteer: trusted,
          why: `author association ${association ?? 'unknown'} (permission API forbidden)`,
        };
      }
      this.fail(error, `reading ${login}'s permission`);
    }
  }
}
