import type { IGitApi } from 'azure-devops-node-api/GitApi.js';
import { PullRequestStatus } from 'azure-devops-node-api/interfaces/GitInterfaces.js';
import type {
  GitPullRequest,
  GitRepository,
} from 'azure-devops-node-api/interfaces/GitInterfaces.js';
import type { Config } from '../config/config.js';
import { ConfigError, getErrorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { SecretMasker } from '../shared/secrets.js';
import type { Workspace } from '../git/workspace.js';
import { parseRemoteUrl } from '../git/remote-url.js';
import type { AzureConnection, CallOptions, RetryPolicy } from '../azure-devops/connection.js';
import { createAzureConnection } from '../azure-devops/connection.js';
import { azureReposFailure, watchingWrites } from './azure-repos-calls.js';
import type { Forge, PullRequest, PullRequestContent } from './forge.js';
import { AzureReposReview } from './azure-repos-review.js';
import type { ReviewForge, ReviewThread, RevisablePullRequest } from './review.js';

type NewPullRequest = Parameters<Forge['createPullRequest']>[0];

/**
 * Azure Repos refuses a longer pull request description with 400 "Invalid argument value.
 * Parameter name: A description for a pull request must not be longer than 4000 characters."
 */
export const AZURE_REPOS_DESCRIPTION_LIMIT = 4000;

export interface AzureReposTarget {
  readonly orgUrl: string;
  /** Where orgUrl came from, as messages name it: the input, or the remote URL. */
  readonly orgUrlFrom: string;
  readonly project: string;
  readonly repository: string;
}

/**
 * Organization, project and repository: `azure-repos-repository` (else the remote URL, else
 * BUILD_REPOSITORY_NAME); organization and project from the remote URL, else the tracker's.
 */
export async function resolveAzureReposTarget(
  config: Config,
  workspace: Pick<Workspace, 'remoteUrl'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AzureReposTarget> {
  const remote = parseRemoteUrl(await workspace.remoteUrl()).azure;
  const repository =
    config.repository.azureReposRepository.trim() ||
    remote?.repository ||
    env.BUILD_REPOSITORY_NAME;
  if (!repository) {
    throw new ConfigError(
      'azure-repos-repository: the Azure Repos repository could not be read from the remote URL; set azure-repos-repository.',
    );
  }
  return {
    orgUrl: (remote?.orgUrl ?? config.tracker.orgUrl).replace(/\/+$/, ''),
    orgUrlFrom: remote?.orgUrl ? "the repository's remote URL" : 'azure-devops-org-url',
    project: remote?.project ?? config.tracker.project,
    repository,
  };
}

const stripHeads = (ref: string | undefined) => (ref ?? '').replace(/^refs\/heads\//, '');

/** Cuts a description to Azure Repos' limit, saying so at the end (a last line of defence). */
export function fitAzureDescription(body: string): string {
  if (body.length <= AZURE_REPOS_DESCRIPTION_LIMIT) return body;
  const note = '\n\n_(cut to Azure Repos’ 4000-character limit)_';
  const cut = body.slice(0, AZURE_REPOS_DESCRIPTION_LIMIT - note.length);
  return `${cut.slice(0, Math.max(cut.lastIndexOf('\n'), 0) || cut.length)}${note}`;
}

/** What the Git API calls need (azureReposFailure words it for a PAT and the build identity). */
const CODE_PERMISSION = 'Code (Read & write) (scope vso.code_write)';

type HowToRetry<T> = Pick<CallOptions<T>, 'retry' | 'tookEffect'>;

/** Pull requests in Azure Repos through azure-devops-node-api's GitApi. */
export class AzureReposForge implements Forge, ReviewForge {
  readonly kind = 'azure-repos' as const;
  private repo?: Promise<GitRepository>;
  private readonly review: AzureReposReview;

  constructor(
    private readonly connection: AzureConnection,
    readonly target: AzureReposTarget,
    private readonly logger: Logger,
  ) {
    this.review = new AzureReposReview({
      call: (action, fn) => this.call(action, fn),
      repository: () => this.repository(),
      toPullRequest: (repo, pr) => this.toPullRequest(repo, pr),
      project: target.project,
      warn: (message) => logger.warning(message),
    });
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
    /** Epoch milliseconds: the job's deadline; no retry wait ends after it. */
    deadline?: number;
    sleep?: (ms: number) => Promise<void>;
    retryPolicy?: RetryPolicy;
  }): Promise<AzureReposForge> {
    const { config, logger } = options;
    const token = config.tracker.token;
    if (!token)
      throw new ConfigError('azure-devops-token: required to open pull requests in Azure Repos.');
    const target = await resolveAzureReposTarget(config, options.workspace, options.env);
    const masker = new SecretMasker([...config.secrets, token]);
    // The tracker's choke point: the same retries, bounded by the job's deadline, with this
    // forge's own texts for failures (secrets masked, the input named).
    const connection = createAzureConnection({
      orgUrl: target.orgUrl,
      token,
      logger,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
      ...(options.retryPolicy ? { policy: options.retryPolicy } : {}),
      explain: (error, action) => azureReposFailure(error, action, target, masker),
    });
    return new AzureReposForge(connection, target, logger);
  }

  /**
   * One client call through the choke point (the location handshake inside the Git API discovery
   * can fail with 401 too). Without `how`, the call is retried only while it has called nothing
   * but reads (get…): a reply or a comment is never posted twice.
   */
  private call<T>(
    action: string,
    fn: (api: IGitApi) => Promise<T>,
    how?: HowToRetry<T>,
  ): Promise<T> {
    let wrote = false;
    return this.connection.call(
      action,
      {
        permission: CODE_PERMISSION,
        retry: how?.retry ?? (() => (wrote ? 'once' : 'idempotent')),
        ...(how?.tookEffect ? { tookEffect: how.tookEffect } : {}),
      },
      async () => {
        const api = await this.connection.git('finding the Git API');
        return fn(
          how
            ? api
            : watchingWrites(api, () => {
                wrote = true;
              }),
        );
      },
    );
  }

  private async repository(): Promise<GitRepository> {
    this.repo ??= (async () => {
      const repo = await this.call('reading the repository', (api) =>
        api.getRepository(this.target.repository, this.target.project),
      );
      if (!repo?.id) {
        throw new ConfigError(
          `azure-repos-repository: '${this.target.repository}' was not found in project '${this.target.project}' at ${this.target.orgUrl} (or the token cannot see it).`,
        );
      }
      return repo;
    })();
    return this.repo;
  }

  private toPullRequest(repo: GitRepository, pr: GitPullRequest): PullRequest {
    const id = pr.pullRequestId ?? 0;
    const projectId = pr.repository?.project?.id ?? repo.project?.id ?? '';
    return {
      id,
      webUrl: `${repo.webUrl ?? `${this.target.orgUrl}/${encodeURIComponent(this.target.project)}/_git/${encodeURIComponent(repo.name ?? '')}`}/pullrequest/${id}`,
      sourceBranch: stripHeads(pr.sourceRefName),
      targetBranch: stripHeads(pr.targetRefName),
      title: pr.title ?? '',
      isDraft: pr.isDraft ?? false,
      artifactId: pr.artifactId ?? `vstfs:///Git/PullRequestId/${projectId}%2F${repo.id}%2F${id}`,
    };
  }

  async findOpenPullRequest(branch: string): Promise<PullRequest | undefined> {
    const repo = await this.repository();
    const found = await this.call('listing pull requests', (api) =>
      api.getPullRequests(
        repo.id!,
        { sourceRefName: `refs/heads/${branch}`, status: PullRequestStatus.Active },
        this.target.project,
      ),
    );
    const match = found.find((pr) => stripHeads(pr.sourceRefName) === branch);
    return match ? this.toPullRequest(repo, match) : undefined;
  }

  /**
   * Opens the pull request once: after a failure that may have been a lost answer, the open pull
   * request of the source branch is read first, and the create is repeated only when there is none.
   */
  async createPullRequest(input: NewPullRequest): Promise<PullRequest> {
    const repo = await this.repository();
    const existing = async () => {
      const found = await this.findOpenPullRequest(input.sourceBranch);
      return found && this.updatePullRequest(found, input);
    };
    try {
      const pr = await this.call(
        'creating a pull request',
        async (api) =>
          this.toPullRequest(
            repo,
            await api.createPullRequest(
              {
                sourceRefName: `refs/heads/${input.sourceBranch}`,
                targetRefName: `refs/heads/${input.targetBranch}`,
                title: input.title,
                description: fitAzureDescription(input.body),
                isDraft: input.draft,
                workItemRefs: [{ id: String(input.ticketId) }],
              },
              repo.id!,
              this.target.project,
              true,
            ),
          ),
        { retry: 'checked', tookEffect: existing },
      );
      this.logger.info(`Opened pull request ${pr.id}: ${pr.webUrl}`);
      return pr;
    } catch (error) {
      // An active PR for this branch already exists (another run won the race): update it.
      if (!/TF401179/.test(getErrorMessage(error))) throw error;
      const updated = await existing();
      if (updated) return updated;
      throw error;
    }
  }

  async updatePullRequest(pr: PullRequest, content: PullRequestContent): Promise<PullRequest> {
    const repo = await this.repository();
    // A repeat sets the same title and description again: safe to retry.
    const updated = await this.call(
      'updating a pull request',
      (api) =>
        api.updatePullRequest(
          { title: content.title, description: fitAzureDescription(content.body) },
          repo.id!,
          pr.id,
          this.target.project,
        ),
      { retry: 'idempotent' },
    );
    const result = this.toPullRequest(repo, updated);
    this.logger.info(`Updated pull request ${result.id}: ${result.webUrl}`);
    return result;
  }
}
