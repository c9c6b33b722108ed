/**
 * Pure pieces of the Azure Boards instance source: the query for closed work items, the pull
 * request links a work item carries, which repository a pull request is in, and how the real fix's
 * changed files split into the gold fix and the held-out tests.
 */
import { parseRemoteUrl, redactUrlCredentials } from '../git/remote-url.js';
import { wiqlString } from '../tracker/wiql.js';
import { classifyChangedPath } from './changed-paths.js';

/** Closed work items of the project, under the area path when given, most recently changed first. */
export function closedItemsQuery(options: {
  readonly states: readonly string[];
  readonly areaPath: string;
}): string {
  const conditions = [
    '[System.TeamProject] = @project',
    `[System.State] IN (${options.states.map(wiqlString).join(', ')})`,
  ];
  if (options.areaPath) conditions.push(`[System.AreaPath] UNDER ${wiqlString(options.areaPath)}`);
  return `SELECT [System.Id] FROM WorkItems WHERE ${conditions.join(' AND ')} ORDER BY [System.ChangedDate] DESC`;
}

export interface PullRequestArtifact {
  readonly projectId: string;
  readonly repositoryId: string;
  readonly pullRequestId: number;
}

export interface RelationLike {
  readonly rel?: string;
  readonly url?: string;
  readonly attributes?: { readonly [key: string]: unknown };
}

const PULL_REQUEST_ARTIFACT = /^vstfs:\/\/\/Git\/PullRequestId\/(.+)$/i;

/**
 * The work item's "Pull Request" artifact links,
 * vstfs:///Git/PullRequestId/{projectId}%2F{repositoryId}%2F{pullRequestId}, in link order and
 * without repeats. Other links (commits, branches, hyperlinks) are not pull requests the service
 * recorded, and are ignored.
 */
export function pullRequestArtifacts(
  relations: readonly RelationLike[] | undefined,
): PullRequestArtifact[] {
  const found: PullRequestArtifact[] = [];
  for (const relation of relations ?? []) {
    if (relation.rel !== 'ArtifactLink' || relation.attributes?.name !== 'Pull Request') continue;
    const tail = PULL_REQUEST_ARTIFACT.exec(relation.url ?? '')?.[1];
    if (!tail) continue;
    let parts: string[];
    try {
      parts = decodeURIComponent(tail).split('/');
    } catch {
      continue;
    }
    const [projectId, repositoryId, id] = parts;
    const pullRequestId = Number(id);
    if (parts.length !== 3 || !projectId || !repositoryId || !Number.isInteger(pullRequestId))
      continue;
    if (found.some((f) => f.pullRequestId === pullRequestId && f.repositoryId === repositoryId))
      continue;
    found.push({ projectId, repositoryId, pullRequestId });
  }
  return found;
}

/**
 * Whether a pull request's repository (its remote URL) is the clone's origin. Azure Repos URLs are
 * compared by project and repository (https, ssh and the user name in the URL differ between the
 * two); other URLs without credentials, a trailing slash or `.git`.
 */
export function sameRemote(pullRequestRemote: string, origin: string): boolean {
  const a = parseRemoteUrl(pullRequestRemote).azure;
  const b = parseRemoteUrl(origin).azure;
  if (a && b) {
    return (
      a.project.toLowerCase() === b.project.toLowerCase() &&
      a.repository.toLowerCase() === b.repository.toLowerCase()
    );
  }
  const norm = (url: string) =>
    redactUrlCredentials(url.trim())
      .replace(/\/+$/, '')
      .replace(/\.git$/i, '')
      .toLowerCase();
  return norm(pullRequestRemote) !== '' && norm(pullRequestRemote) === norm(origin);
}

/**
 * The real fix's changed files, split: tests (held out; by the backtest's own test patterns or the
 * job's `test-paths`) and the rest (the fix the model must find; documentation included).
 */
export function splitChangedFiles(
  paths: readonly string[],
  isTestPath: (path: string) => boolean,
): { readonly fixFiles: string[]; readonly testFiles: string[] } {
  const isTest = (p: string) => classifyChangedPath(p) === 'test' || isTestPath(p);
  return { fixFiles: paths.filter((p) => !isTest(p)), testFiles: paths.filter(isTest) };
}
