import type { Octokit } from '@octokit/rest';
import type { Config } from '../config/config.js';
import { ConfigError, OutcomeError, getErrorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { SecretMasker } from '../shared/secrets.js';
import type { Workspace } from '../git/workspace.js';
import { githubHostOfApiUrl, parseRemoteUrl } from '../git/remote-url.js';
import type { Forge, PullRequest, PullRequestContent } from './forge.js';
import { createGitHubClient, MAX_RATE_LIMIT_RETRIES } from './github-client.js';
import { GitHubReview, toPullRequest, type GitHubRepositoryRef } from './github-review.js';
import type { ReviewForge, ReviewThread, RevisablePullRequest } from './review.js';

type NewPullRequest = Parameters<Forge['createPullRequest']>[0];

export type { GitHubRepositoryRef } from './github-review.js';

/**
 * owner/repo from `github-repository`, else the remote URL (github.com or the API URL's host),
 * else GITHUB_REPOSITORY.
 */
export async function resolveGitHubRepository(
  config: Config,
  workspace: Pick<Workspace, 'remoteUrl'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GitHubRepositoryRef> {
  const configured = config.repository.githubRepository.trim();
  if (configured) return splitOwnerRepo(configured, 'github-repository');
  const host = githubHostOfApiUrl(config.repository.githubApiUrl);
  const fromRemote = parseRemoteUrl(await workspace.remoteUrl(), host ? [host] : []).github;
  if (fromRemote) return fromRemote;
  if (env.GITHUB_REPOSITORY) return splitOwnerRepo(env.GITHUB_REPOSITORY, 'GITHUB_REPOSITORY');
  throw new ConfigError(
    "github-repository: the GitHub repository could not be read from the remote URL; set github-repository to 'owner/name'.",
  );
}

function splitOwnerRepo(value: string, input: string): GitHubRepositoryRef {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(value.trim());
  if (!match) throw new ConfigError(`${input}: '${value}' is not 'owner/name'.`);
  return { owner: match[1]!, repo: match[2]!.replace(/\.git$/, '') };
}

interface HttpErrorLike {
  readonly status: number;
  readonly message: string;
  readonly response?: { readonly data?: unknown };
}

function isHttpError(error: unknown): error is HttpErrorLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

/** GitHub's own message plus the `errors[].message` texts of a 422. */
function githubMessages(error: HttpErrorLike): string[] {
  const data = error.response?.data as { message?: unknown; errors?: unknown } | undefined;
  const out: string[] = [];
  if (typeof data?.message === 'string') out.push(data.message);
  if (Array.isArray(data?.errors)) {
    for (const e of data.errors as { message?: unknown; field?: unknown; code?: unknown }[]) {
      if (typeof e.message === 'string') out.push(e.message);
      else if (typeof e.field === 'string') out.push(`${e.field} ${String(e.code ?? 'invalid')}`);
    }
  }
  if (out.length === 0) out.push(error.message);
  return out;
}

/**
 * Turns a GitHub API failure into an error that says what to change. Auth and permission
 * problems are configuration errors: no retry would help.
 */
function explainGitHubError(
  error: unknown,
  action: string,
  repo: GitHubRepositoryRef,
): OutcomeError {
  if (!isHttpError(error))
    return new OutcomeError(
      'error',
      `GitHub request failed while ${action}: ${getErrorMessage(error)}`,
    );
  const messages = githubMessages(error);
  const text = messages.join('; ');
  const slug = `${repo.owner}/${repo.repo}`;
  if (error.status === 401) {
    return new ConfigError(
      `github-token: GitHub rejected the token (401 ${text}) while ${action}. Check that github-token is set and not expired.`,
    );
  }
  if (error.status === 403 && /not permitted to create or approve pull requests/i.test(text)) {
    return new ConfigError(
      `GitHub refused to let GitHub Actions open a pull request in ${slug} (403: ${text}). Enable Settings › Actions › General › "Allow GitHub Actions to create and approve pull requests" (in the organization and the repository), or pass a GitHub App token as github-token.`,
    );
  }
  if (error.status === 403 && /resource not accessible by integration/i.test(text)) {
    return new ConfigError(
      `github-token may not ${action} in ${slug} (403: ${text}). Give the job "permissions: { contents: write, pull-requests: write }", or use a token with pull-requests: write.`,
    );
  }
  if ((error.status === 403 || error.status === 429) && /rate limit/i.test(text)) {
    return new OutcomeError(
      'error',
      `GitHub's rate limit still held while ${action} in ${slug} (${error.status}: ${text}), after waiting as long as the job's budget and ${MAX_RATE_LIMIT_RETRIES} retries allow. The ticket is released for a later run; if this recurs, space the runs out or use a GitHub App token (higher limits).`,
    );
  }
  if (error.status === 403 || error.status === 429) {
    return new OutcomeError(
      'error',
      `GitHub refused ${action} in ${slug} (${error.status}: ${text}).`,
    );
  }
  if (error.status === 404) {
    return new ConfigError(
      `github-repository: ${slug} was not found while ${action} (GitHub answers 404 when the token cannot see a repository). Check github-repository, github-api-url and the token's access.`,
    );
  }
  if (error.status === 422 && /draft pull requests are not supported/i.test(text)) {
    return new ConfigError(
      `draft: ${slug} does not support draft pull requests (422: ${text}). Set draft to false.`,
    );
  }
  return new OutcomeError(
    'error',
    `GitHub answered ${error.status} while ${action} in ${slug}: ${text}`,
  );
}

/** Pull requests on GitHub (or GitHub Enterprise Server) through @octokit/rest. */
export class GitHubForge implements Forge, ReviewForge {
  readonly kind = 'github' as const;
  private readonly review: GitHubReview;

  constructor(
    private readonly octokit: Octokit,
    readonly repository: GitHubRepositoryRef,
    private readonly logger: Logger,
    private readonly masker: SecretMasker,
  ) {
    this.review = new GitHubReview(octokit, repository, logger, (error, action) =>
      this.fail(error, action),
    );
  }

  getPullRequest(id: number): Promise<RevisablePullRequest | undefined> {
    return this.review.getPullRequest(id);
  }

  listReviewThreads(pr: RevisablePullRequest): Promise<readonly ReviewThread[]> {
    return this.review.listReviewThreads(pr);
  }

  replyToThread(pr: RevisablePullRequest, thread: ReviewThread, body: string): Promise<void> {
    return this.review.replyToThread(pr, thread, body);
  }

  commentOnPullRequest(pr: RevisablePullRequest, body: string): Promise<void> {
    return this.review.commentOnPullRequest(pr, body);
  }

  listOwnOpenPullRequests(): Promise<readonly RevisablePullRequest[]> {
    return this.review.listOwnOpenPullRequests();
  }

  listCommitMessages(pr: RevisablePullRequest): Promise<readonly string[]> {
    return this.review.listCommitMessages(pr);
  }

  static async create(options: {
    config: Config;
    workspace: Pick<Workspace, 'remoteUrl'>;
    logger: Logger;
    env?: NodeJS.ProcessEnv;
    /** Epoch milliseconds: rate-limit waits end before it. Default: a job budget from now. */
    deadline?: number;
    /** Milliseconds per second of GitHub's retry-after; tests shorten the waits. */
    msPerSecond?: number;
  }): Promise<GitHubForge> {
    const { config, logger } = options;
    const token = config.repository.githubToken;
    if (!token) throw new ConfigError('github-token: required to open pull requests on GitHub.');
    const repository = await resolveGitHubRepository(config, options.workspace, options.env);
    const masker = new SecretMasker([...config.secrets, token]);
    const octokit = createGitHubClient({
      token,
      baseUrl: config.repository.githubApiUrl.replace(/\/+$/, ''),
      logger,
      mask: (m) => masker.mask(m),
      deadline: options.deadline ?? Date.now() + config.budgets.jobBudgetMs,
      msPerSecond: options.msPerSecond,
    });
    return new GitHubForge(octokit, repository, logger, masker);
  }

  private fail(error: unknown, action: string): never {
    const explained = explainGitHubError(error, action, this.repository);
    throw new OutcomeError(explained.outcome, this.masker.mask(explained.reason), { cause: error });
  }

  async findOpenPullRequest(branch: string): Promise<PullRequest | undefined> {
    const { owner, repo } = this.repository;
    try {
      const { data } = await this.octokit.rest.pulls.list({
        owner,
        repo,
        head: `${owner}:${branch}`,
        state: 'open',
        per_page: 100,
      });
      // The head filter is exact on GitHub; checking again keeps a lax server from matching too much.
      const match = data.find((pr) => pr.head.ref === branch && pr.state === 'open');
      return match ? toPullRequest(match) : undefined;
    } catch (error) {
      this.fail(error, 'listing pull requests');
    }
  }

  async createPullRequest(input: NewPullRequest): Promise<PullRequest> {
    const { owner, repo } = this.repository;
    try {
      const { data } = await this.octokit.rest.pulls.create({
        owner,
        repo,
        title: input.title,
        body: input.body,
        head: input.sourceBranch,
        base: input.targetBranch,
        draft: input.draft,
        maintainer_can_modify: false,
      });
      this.logger.info(`Opened pull request #${data.number}: ${data.html_url}`);
      return toPullRequest(data);
    } catch (error) {
      if (
        isHttpError(error) &&
        error.status === 422 &&
        githubMessages(error).some((m) => /already exists/i.test(m))
      ) {
        // Lost a race with another run, or the list missed it: update the one that exists.
        const existing = await this.findOpenPullRequest(input.sourceBranch);
        if (existing) {
          this.logger.info(
            `Pull request #${existing.id} already exists for ${input.sourceBranch}; updating it.`,
          );
          return this.updatePullRequest(existing, input);
        }
      }
      this.fail(error, 'creating a pull request');
    }
  }

  async updatePullRequest(pr: PullRequest, content: PullRequestContent): Promise<PullRequest> {
    const { owner, repo } = this.repository;
    try {
      const { data } = await this.octokit.rest.pulls.update({
        owner,
        repo,
        pull_number: pr.id,
        title: content.title,
        body: content.body,
      });
      this.logger.info(`Updated pull request #${data.number}: ${data.html_url}`);
      return toPullRequest(data);
    } catch (error) {
      this.fail(error, 'updating a pull request');
    }
  }
}
