/**
 * Read-only access to finished work items and the pull requests they link, for the backtest: a
 * WIQL query, each work item with its relations, each linked pull request through the Git API. It
 * writes nothing. Retries and the 401/403 message come from the one Azure DevOps choke point.
 */
import type { GitPullRequest } from 'azure-devops-node-api/interfaces/GitInterfaces.js';
import { PullRequestStatus } from 'azure-devops-node-api/interfaces/GitInterfaces.js';
import type {
  WorkItem,
  WorkItemExpand,
} from 'azure-devops-node-api/interfaces/WorkItemTrackingInterfaces.js';
import { ConfigError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { createAzureConnection, type CallOptions } from '../azure-devops/connection.js';

// The client sends enum values as numbers: WorkItemExpand.Relations.
const EXPAND_RELATIONS = 1 as WorkItemExpand;

const READ_WORK: CallOptions = {
  retry: 'idempotent',
  permission: 'Work Items (Read) (scope vso.work)',
};
const READ_CODE: CallOptions = { retry: 'idempotent', permission: 'Code (Read) (scope vso.code)' };

/** A linked pull request, as far as the backtest needs it. */
export interface LinkedPullRequest {
  readonly pullRequestId: number;
  /** 'completed', 'abandoned', 'active' or 'notSet'. */
  readonly status: string;
  readonly title: string;
  readonly repositoryName: string;
  readonly repositoryRemoteUrl: string;
  /** lastMergeCommit.commitId: for a completed pull request, the commit it merged as. */
  readonly mergeCommit?: string;
  /** lastMergeTargetCommit.commitId: the target branch's head when it merged. */
  readonly targetCommit?: string;
}

export interface ClosedWorkItemReader {
  /** Work item ids the query selects, in its order. */
  query(wiql: string, top: number): Promise<number[]>;
  /** The work item with its relations; undefined when it does not exist (any more). */
  workItem(id: number): Promise<WorkItem | undefined>;
  pullRequest(projectId: string, pullRequestId: number): Promise<LinkedPullRequest | undefined>;
  webUrl(id: number): string;
}

/** The client answers with the enum's number (PullRequestStatus); the service sends its name. */
export function pullRequestStatusName(status: unknown): string {
  const name = typeof status === 'number' ? PullRequestStatus[status] : status;
  return typeof name === 'string' && name !== ''
    ? name.charAt(0).toLowerCase() + name.slice(1)
    : 'notSet';
}

export function linkedPullRequestOf(pr: GitPullRequest): LinkedPullRequest {
  return {
    pullRequestId: Number(pr.pullRequestId),
    status: pullRequestStatusName(pr.status),
    title: pr.title ?? '',
    repositoryName: pr.repository?.name ?? '',
    repositoryRemoteUrl: pr.repository?.remoteUrl ?? '',
    ...(pr.lastMergeCommit?.commitId ? { mergeCommit: pr.lastMergeCommit.commitId } : {}),
    ...(pr.lastMergeTargetCommit?.commitId
      ? { targetCommit: pr.lastMergeTargetCommit.commitId }
      : {}),
  };
}

export function createClosedWorkItemReader(options: {
  readonly orgUrl: string;
  readonly project: string;
  readonly token: string;
  readonly logger: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
}): ClosedWorkItemReader {
  const { orgUrl, project } = options;
  const connection = createAzureConnection({
    orgUrl,
    token: options.token,
    logger: options.logger,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  });
  return {
    async query(wiql, top) {
      const api = await connection.workItemTracking();
      const result = await connection.call('run the WIQL query', READ_WORK, () =>
        api.queryByWiql({ query: wiql }, { project }, undefined, top),
      );
      if (!result) {
        throw new ConfigError(
          `azure-devops-project: project '${project}' was not found on ${orgUrl}, or the token cannot see it.`,
        );
      }
      const refs = result.workItems ?? result.workItemRelations?.map((r) => r.target) ?? [];
      return [...new Set(refs.map((r) => Number(r?.id)).filter(Number.isInteger))];
    },
    async workItem(id) {
      const api = await connection.workItemTracking();
      const item = await connection.call(`read work item ${id}`, READ_WORK, () =>
        api.getWorkItem(id, undefined, undefined, EXPAND_RELATIONS, project),
      );
      return item ?? undefined; // the client answers a 404 with null
    },
    async pullRequest(projectId, pullRequestId) {
      const api = await connection.git();
      const pr = await connection.call(`read pull request ${pullRequestId}`, READ_CODE, () =>
        api.getPullRequestById(pullRequestId, projectId),
      );
      return pr ? linkedPullRequestOf(pr) : undefined;
    },
    webUrl: (id) =>
      `${orgUrl.replace(/\/+$/, '')}/${encodeURIComponent(project)}/_workitems/edit/${id}`,
  };
}
