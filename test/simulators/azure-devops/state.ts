/** The simulator's data: what tests seed and inspect. Plain objects, mutated only by the handlers. */

export interface SimIdentity {
  readonly id: string;
  readonly displayName: string;
  readonly uniqueName: string;
}

export interface SimRelation {
  rel: string;
  url: string;
  attributes: Record<string, unknown>;
}

export interface SimComment {
  id: number;
  workItemId: number;
  version: number;
  /** HTML, as stored by the service. */
  text: string;
  createdBy: SimIdentity;
  createdDate: string;
  modifiedBy: SimIdentity;
  modifiedDate: string;
  isDeleted: boolean;
}

export interface SimWorkItem {
  id: number;
  rev: number;
  /** Field reference name → value; absent fields are not sent (as the service does). */
  fields: Record<string, unknown>;
  relations: SimRelation[];
  comments: SimComment[];
}

export interface SimRepository {
  id: string;
  name: string;
  defaultBranch: string;
  /** What `git clone` uses; tests point it at a bare `file://` repository. */
  remoteUrl: string;
  webUrl: string;
  /** Branch names (without refs/heads/) the refs API lists. */
  branches: Map<string, string>;
}

export interface SimPullRequest {
  pullRequestId: number;
  repositoryId: string;
  status: 'active' | 'abandoned' | 'completed';
  title: string;
  description: string;
  sourceRefName: string;
  targetRefName: string;
  isDraft: boolean;
  createdBy: SimIdentity;
  creationDate: string;
  workItemRefs: { id: string }[];
  mergeId: string;
  /** Set when the PR was completed or abandoned (see completed-pull-requests.ts). */
  closure?: SimPullRequestClosure;
  /** The service's last merge of source into target (a commit in the bare remote). */
  lastMerge?: SimPullRequestMerge;
  /** completionOptions.mergeStrategy of a completed PR (GitPullRequestMergeStrategy). */
  mergeStrategy?: 'noFastForward' | 'squash' | 'rebase' | 'rebaseMerge';
  /** The source branch's tip (lastMergeSourceCommit); default: the repository's branch table. */
  sourceCommit?: string;
  /** Set for a pull request from a fork (forkSource). */
  forkSource?: { repositoryId: string; repositoryName: string };
}

export interface SimPullRequestClosure {
  readonly closedDate: string;
  readonly closedBy: SimIdentity;
}

export interface SimPullRequestMerge {
  readonly mergeCommit: string;
  readonly sourceCommit: string;
  readonly targetCommit: string;
}

export interface LoggedRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly accept: string;
  readonly contentType: string;
  /** 'basic' | 'bearer' | 'none' (the token itself is never recorded). */
  readonly auth: string;
  readonly body: string;
  status: number;
}

export interface SimState {
  readonly workItems: Map<number, SimWorkItem>;
  readonly repositories: Map<string, SimRepository>;
  readonly pullRequests: Map<number, SimPullRequest>;
  readonly requests: LoggedRequest[];
  nextWorkItemId: number;
  nextCommentId: number;
  nextPullRequestId: number;
  /** The project's tag definitions, by lower-cased name: a tag exists once any work item had it. */
  readonly tagDefinitions: Map<string, { id: string; name: string; lastUpdated: string }>;
}

export function createState(): SimState {
  return {
    workItems: new Map(),
    repositories: new Map(),
    pullRequests: new Map(),
    requests: [],
    nextWorkItemId: 1,
    nextCommentId: 1,
    nextPullRequestId: 1,
    tagDefinitions: new Map(),
  };
}

/** Tags are one `"; "`-separated string; the service trims and de-duplicates them case-insensitively. */
export function splitTags(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  const tags: string[] = [];
  for (const raw of value.split(';')) {
    const tag = raw.trim();
    if (tag && !tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
  }
  return tags;
}

export function joinTags(tags: readonly string[]): string {
  return tags.join('; ');
}
