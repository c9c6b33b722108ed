import { randomUUID } from 'node:crypto';
import type { RequestContext } from './context.js';
import { queryValue } from './context.js';
import { mergeFieldsJson } from './completed-pull-requests.js';
import { errors } from './http.js';
import { linkPullRequest } from './revisions.js';
import type { SimPullRequest, SimRepository } from './state.js';
import { handleThreads, type createThreads } from './threads.js';
import { listIterations, listPullRequestCommits } from './iterations.js';

/** The result of a route: status and JSON body. */
export interface RouteResult {
  readonly status: number;
  readonly body: unknown;
}

// GitPullRequest status as the client sends it in query strings (numbers) or by name.
const PR_STATUS_BY_NUMBER: Record<string, string> = {
  '0': 'notSet',
  '1': 'active',
  '2': 'abandoned',
  '3': 'completed',
  '4': 'all',
};

export function findRepository(ctx: RequestContext, nameOrId: string): SimRepository {
  const wanted = nameOrId.toLowerCase();
  for (const repo of ctx.state.repositories.values()) {
    if (repo.id.toLowerCase() === wanted || repo.name.toLowerCase() === wanted) return repo;
  }
  throw errors.repositoryNotFound(nameOrId);
}

function projectJson(ctx: RequestContext): Record<string, unknown> {
  return {
    id: ctx.project.id,
    name: ctx.project.name,
    url: `${ctx.orgUrl}/_apis/projects/${ctx.project.id}`,
    state: 'wellFormed',
    revision: 11,
    visibility: 'private',
    lastUpdateTime: '2024-01-01T00:00:00Z',
  };
}

export function repositoryJson(ctx: RequestContext, repo: SimRepository): Record<string, unknown> {
  const url = `${ctx.orgUrl}/_apis/git/repositories/${repo.id}`;
  return {
    id: repo.id,
    name: repo.name,
    url,
    project: projectJson(ctx),
    defaultBranch: repo.defaultBranch,
    size: 1024,
    remoteUrl: repo.remoteUrl,
    sshUrl: `git@ssh.dev.azure.com:v3/${ctx.project.name}/${repo.name}`,
    webUrl: repo.webUrl,
    isDisabled: false,
    isInMaintenance: false,
    _links: {
      self: { href: url },
      project: { href: `vstfs:///Classification/TeamProject/${ctx.project.id}` },
      web: { href: repo.webUrl },
      refs: { href: `${url}/refs` },
      pullRequests: { href: `${url}/pullRequests` },
    },
  };
}

/** vstfs:///Git/PullRequestId/{projectId}%2f{repositoryId}%2f{pullRequestId}, as the service writes it. */
export function pullRequestArtifactId(projectId: string, repositoryId: string, id: number): string {
  return `vstfs:///Git/PullRequestId/${projectId}%2f${repositoryId}%2f${id}`;
}

function identityJson(
  ctx: RequestContext,
  identity: SimPullRequest['createdBy'],
): Record<string, unknown> {
  return {
    id: identity.id,
    displayName: identity.displayName,
    uniqueName: identity.uniqueName,
    url: `${ctx.orgUrl}/_apis/Identities/${identity.id}`,
    imageUrl: `${ctx.orgUrl}/_api/_common/identityImage?id=${identity.id}`,
  };
}

export function pullRequestJson(ctx: RequestContext, pr: SimPullRequest): Record<string, unknown> {
  const repo = findRepository(ctx, pr.repositoryId);
  const repoUrl = `${ctx.orgUrl}/_apis/git/repositories/${repo.id}`;
  const url = `${repoUrl}/pullRequests/${pr.pullRequestId}`;
  return {
    repository: {
      id: repo.id,
      name: repo.name,
      url: repoUrl,
      project: projectJson(ctx),
      remoteUrl: repo.remoteUrl,
    },
    pullRequestId: pr.pullRequestId,
    codeReviewId: pr.pullRequestId,
    status: pr.status,
    createdBy: identityJson(ctx, pr.createdBy),
    creationDate: pr.creationDate,
    title: pr.title,
    description: pr.description,
    sourceRefName: pr.sourceRefName,
    targetRefName: pr.targetRefName,
    mergeStatus: 'queued',
    isDraft: pr.isDraft,
    ...reviewFieldsJson(ctx, repo, pr),
    mergeId: pr.mergeId,
    reviewers: [],
    url,
    _links: {
      self: { href: url },
      repository: { href: repoUrl },
      workItems: { href: `${url}/workitems` },
      sourceBranch: { href: `${repoUrl}/refs` },
      targetBranch: { href: `${repoUrl}/refs` },
      createdBy: { href: `${ctx.orgUrl}/_apis/Identities/${pr.createdBy.id}` },
      iterations: { href: `${url}/iterations` },
    },
    supportsIterations: true,
    artifactId: pullRequestArtifactId(ctx.project.id, repo.id, pr.pullRequestId),
    ...mergeFieldsJson(pr, repoUrl, (identity) => identityJson(ctx, identity)),
  };
}

/** lastMergeSourceCommit (the source branch's tip) and forkSource (a PR from a fork). */
function reviewFieldsJson(
  ctx: RequestContext,
  repo: SimRepository,
  pr: SimPullRequest,
): Record<string, unknown> {
  const head = pr.sourceCommit ?? repo.branches.get(pr.sourceRefName.replace(/^refs\/heads\//, ''));
  const repoUrl = `${ctx.orgUrl}/_apis/git/repositories/${repo.id}`;
  return {
    ...(head
      ? { lastMergeSourceCommit: { commitId: head, url: `${repoUrl}/commits/${head}` } }
      : {}),
    ...(pr.forkSource
      ? {
          forkSource: {
            name: pr.sourceRefName,
            objectId: head,
            repository: {
              id: pr.forkSource.repositoryId,
              name: pr.forkSource.repositoryName,
              url: `${ctx.orgUrl}/_apis/git/repositories/${pr.forkSource.repositoryId}`,
              project: projectJson(ctx),
              isFork: true,
            },
            url: `${ctx.orgUrl}/_apis/git/repositories/${pr.forkSource.repositoryId}/refs`,
          },
        }
      : {}),
  };
}

function findPullRequest(
  ctx: RequestContext,
  repo: SimRepository | undefined,
  idText: string,
): SimPullRequest {
  const pr = ctx.state.pullRequests.get(Number(idText));
  if (!pr || (repo && pr.repositoryId !== repo.id)) throw errors.pullRequestNotFound(idText);
  return pr;
}

function listPullRequests(ctx: RequestContext, repo: SimRepository): RouteResult {
  const source = queryValue(ctx.query, 'searchCriteria.sourceRefName');
  const target = queryValue(ctx.query, 'searchCriteria.targetRefName');
  const statusParam = queryValue(ctx.query, 'searchCriteria.status') ?? 'active';
  const status = PR_STATUS_BY_NUMBER[statusParam] ?? statusParam;
  const top = Number(queryValue(ctx.query, '$top') ?? '101');
  const skip = Number(queryValue(ctx.query, '$skip') ?? '0') || 0;
  const found = [...ctx.state.pullRequests.values()]
    .filter((pr) => pr.repositoryId === repo.id)
    .filter((pr) => !source || pr.sourceRefName.toLowerCase() === source.toLowerCase())
    .filter((pr) => !target || pr.targetRefName.toLowerCase() === target.toLowerCase())
    .filter(
      (pr) => status.toLowerCase() === 'all' || pr.status.toLowerCase() === status.toLowerCase(),
    )
    .sort((a, b) => b.pullRequestId - a.pullRequestId)
    .slice(skip, skip + top)
    .map((pr) => pullRequestJson(ctx, pr));
  return { status: 200, body: { value: found, count: found.length } };
}

function createPullRequest(ctx: RequestContext, repo: SimRepository): RouteResult {
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const sourceRefName = typeof body.sourceRefName === 'string' ? body.sourceRefName : '';
  const targetRefName = typeof body.targetRefName === 'string' ? body.targetRefName : '';
  if (!sourceRefName || !targetRefName) {
    throw errors.badRequest(
      'TF401398: The pull request cannot be activated because the source and/or the target branch no longer exists, or the requested refs are not branches',
      'InvalidArgumentValueException',
    );
  }
  if (repo.branches.size > 0) {
    const exists = (ref: string) => repo.branches.has(ref.replace(/^refs\/heads\//, ''));
    if (!exists(sourceRefName) || !exists(targetRefName)) {
      throw errors.badRequest(
        'TF401398: The pull request cannot be activated because the source and/or the target branch no longer exists, or the requested refs are not branches',
        'InvalidArgumentValueException',
      );
    }
  }
  const duplicate = [...ctx.state.pullRequests.values()].some(
    (pr) =>
      pr.repositoryId === repo.id &&
      pr.status === 'active' &&
      pr.sourceRefName === sourceRefName &&
      pr.targetRefName === targetRefName,
  );
  if (duplicate) throw errors.activePullRequestExists();
  checkDescriptionLength(body);
  const pr: SimPullRequest = {
    pullRequestId: ctx.state.nextPullRequestId++,
    repositoryId: repo.id,
    status: 'active',
    title: typeof body.title === 'string' ? body.title : '',
    description: typeof body.description === 'string' ? body.description : '',
    sourceRefName,
    targetRefName,
    isDraft: body.isDraft === true,
    createdBy: ctx.identity,
    creationDate: ctx.now().toISOString(),
    workItemRefs: Array.isArray(body.workItemRefs)
      ? (body.workItemRefs as { id?: unknown }[]).map((ref) => ({ id: String(ref.id) }))
      : [],
    mergeId: randomUUID(),
  };
  ctx.state.pullRequests.set(pr.pullRequestId, pr);
  const artifactId = pullRequestArtifactId(ctx.project.id, repo.id, pr.pullRequestId);
  for (const ref of pr.workItemRefs) {
    const item = ctx.state.workItems.get(Number(ref.id));
    if (item) linkPullRequest(ctx, item, artifactId);
  }
  return { status: 201, body: pullRequestJson(ctx, pr) };
}

/** The service refuses a pull request description over 4000 characters (a 400, not a cut). */
const DESCRIPTION_LIMIT = 4000;
function checkDescriptionLength(body: Record<string, unknown>): void {
  if (typeof body.description === 'string' && body.description.length > DESCRIPTION_LIMIT) {
    throw errors.badRequest(
      `A description for a pull request must not be longer than ${DESCRIPTION_LIMIT} characters.`,
      'InvalidArgumentValueException',
    );
  }
}

function updatePullRequest(ctx: RequestContext, pr: SimPullRequest): RouteResult {
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  checkDescriptionLength(body);
  if (typeof body.title === 'string') pr.title = body.title;
  if (typeof body.description === 'string') pr.description = body.description;
  if (typeof body.isDraft === 'boolean') pr.isDraft = body.isDraft;
  if (typeof body.status === 'string' || typeof body.status === 'number') {
    const status = PR_STATUS_BY_NUMBER[String(body.status)] ?? String(body.status);
    if (status === 'active' || status === 'abandoned' || status === 'completed') pr.status = status;
  }
  return { status: 200, body: pullRequestJson(ctx, pr) };
}

function listRefs(ctx: RequestContext, repo: SimRepository): RouteResult {
  const filter = queryValue(ctx.query, 'filter') ?? '';
  const repoUrl = `${ctx.orgUrl}/_apis/git/repositories/${repo.id}`;
  const value = [...repo.branches.entries()]
    .map(([name, objectId]) => ({ name: `refs/heads/${name}`, objectId }))
    .filter((ref) => ref.name.startsWith(`refs/${filter}`))
    .map((ref) => ({
      ...ref,
      url: `${repoUrl}/refs?filter=${encodeURIComponent(ref.name.slice(5))}`,
    }));
  return { status: 200, body: { value, count: value.length } };
}

/** Routes under `{project}/_apis/git/`; `segments` are the decoded path parts after `git`. */
export function handleGit(
  ctx: RequestContext,
  segments: readonly string[],
  threads?: ReturnType<typeof createThreads>,
): RouteResult | undefined {
  const [resource, repoId, sub, subId] = segments.map((s) => s.toLowerCase());
  const write = ctx.method !== 'GET';
  ctx.requireScope(write ? 'vso.code_write' : 'vso.code');
  if (resource === 'pullrequests' && repoId && segments.length === 2 && ctx.method === 'GET') {
    return { status: 200, body: pullRequestJson(ctx, findPullRequest(ctx, undefined, repoId)) };
  }
  if (resource !== 'repositories') return undefined;
  if (!repoId) {
    if (ctx.method !== 'GET') return undefined;
    const value = [...ctx.state.repositories.values()].map((r) => repositoryJson(ctx, r));
    return { status: 200, body: { value, count: value.length } };
  }
  const repo = findRepository(ctx, segments[1]!);
  if (!sub)
    return ctx.method === 'GET' ? { status: 200, body: repositoryJson(ctx, repo) } : undefined;
  if (sub === 'refs' && ctx.method === 'GET') return listRefs(ctx, repo);
  if (sub !== 'pullrequests') return undefined;
  if (!subId) {
    if (ctx.method === 'GET') return listPullRequests(ctx, repo);
    if (ctx.method === 'POST') return createPullRequest(ctx, repo);
    return undefined;
  }
  const pr = findPullRequest(ctx, repo, subId);
  if (segments[4]?.toLowerCase() === 'threads' && threads)
    return handleThreads(ctx, threads, pr, segments.slice(5));
  if (segments.length === 5 && ctx.method === 'GET') {
    if (segments[4]!.toLowerCase() === 'iterations') return listIterations(ctx, repo, pr);
    if (segments[4]!.toLowerCase() === 'commits') return listPullRequestCommits(repo, pr);
  }
  if (segments.length > 4) return undefined;
  if (ctx.method === 'GET') return { status: 200, body: pullRequestJson(ctx, pr) };
  if (ctx.method === 'PATCH') return updatePullRequest(ctx, pr);
  return undefined;
}
