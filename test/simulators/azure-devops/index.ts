/**
 * A loopback Azure DevOps Services simulator for the real azure-devops-node-api client: location
 * discovery, WIQL, work items with rev-guarded JSON Patch, comments, relations, repositories and pull
 * requests, Basic-PAT and Bearer auth, and injectable 429 / 5xx / connection faults.
 *
 *   const sim = await startAzureDevOpsSimulator({ token: 'secret' });
 *   sim.addWorkItem({ title: 'Fix the parser', tags: ['autofix'] });
 *   // new WebApi(sim.orgUrl, getPersonalAccessTokenHandler('secret'))
 *   await sim.close();
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RequestContext, Scope, SimProject } from './context.js';
import { closePullRequest, type CloseOptions } from './completed-pull-requests.js';
import { handleGit, pullRequestArtifactId } from './git.js';
import { SimError, errors, parseJson, readBody, sendError, sendJson } from './http.js';
import { AREA_LOCATIONS, connectionData, resourceAreas } from './locations.js';
import type {
  LoggedRequest,
  SimIdentity,
  SimPullRequest,
  SimRepository,
  SimState,
  SimWorkItem,
} from './state.js';
import { createState, joinTags } from './state.js';
import { defineTag, handleWit } from './work-items.js';
import { createThreads, type PullRequestThreads } from './threads.js';

export type { Scope } from './context.js';
export type * from './state.js';
export type * from './threads.js';
export { splitTags } from './state.js';
export { LOCATION_IDS, RESOURCE_AREA_IDS } from './locations.js';

const ALL_SCOPES: readonly Scope[] = ['vso.work', 'vso.work_write', 'vso.code', 'vso.code_write'];

export interface SimulatorToken {
  readonly token: string;
  /** Default: every scope. */
  readonly scopes?: readonly Scope[];
  /** Who the token acts as (createdBy of comments and PRs, System.ChangedBy). */
  readonly identity?: Partial<SimIdentity>;
  /** Holds "Create tag definition" (default true); without it a patch adding a new tag gets 403 TF401289. */
  readonly canCreateTags?: boolean;
}

export interface SimulatorOptions {
  /** Organization name in the URL path. Default 'contoso'. */
  readonly organization?: string;
  /** Project name. Default 'Fabrikam'. */
  readonly project?: string;
  readonly projectId?: string;
  /** One accepted token (every scope), or several with their scopes. Default token 'sim-token'. */
  readonly token?: string;
  readonly tokens?: readonly SimulatorToken[];
  /** Server clock (created/changed dates, rate-limit reset). Default: the real clock. */
  readonly now?: () => Date;
  /** `ResourceAreas` answer: 'listed' (areas at the org URL, as dev.azure.com) or 'empty' (as on-premises). */
  readonly resourceAreas?: 'listed' | 'empty';
  /** Tags the project already has, besides those of the seeded work items. */
  readonly tagDefinitions?: readonly string[];
}

/** A fault the next matching requests get instead of their normal answer. */
export interface FaultSpec {
  readonly method?: string;
  /** Matched against the request path (without query). */
  readonly path?: RegExp;
  /** 409 TF26071 (a write that lost a race), 429 (with Retry-After and X-RateLimit-*), 5xx, or 'reset' (the socket is destroyed). */
  readonly status: 409 | 429 | 500 | 502 | 503 | 504 | 'reset';
  /** How many requests get it. Default 1. */
  readonly times?: number;
  /** Retry-After seconds for 429. Default 1. */
  readonly retryAfterSeconds?: number;
  /** Process the request first, then answer with the fault: a write whose response was lost. */
  readonly afterApply?: boolean;
}

export interface WorkItemSeed {
  readonly id?: number;
  readonly title: string;
  readonly type?: string;
  readonly state?: string;
  readonly priority?: number;
  /** Default: the project name. */
  readonly areaPath?: string;
  readonly tags?: readonly string[];
  readonly description?: string;
  readonly reproSteps?: string;
  readonly acceptanceCriteria?: string;
  readonly createdDate?: Date;
  readonly changedDate?: Date;
  /** Extra fields by reference name. */
  readonly fields?: Record<string, unknown>;
  readonly relations?: readonly {
    rel: string;
    url: string;
    attributes?: Record<string, unknown>;
  }[];
  readonly comments?: readonly { text: string; createdDate?: Date; author?: string }[];
  /** Starting rev. Default 1. */
  readonly rev?: number;
}

export interface RepositorySeed {
  readonly name: string;
  readonly id?: string;
  readonly defaultBranch?: string;
  readonly remoteUrl?: string;
  readonly webUrl?: string;
  /** Branch name → commit id, for the refs API and PR-branch validation (empty: not validated). */
  readonly branches?: Record<string, string>;
}

export interface PullRequestSeed {
  readonly repository: string;
  readonly sourceBranch: string;
  readonly targetBranch?: string;
  readonly title?: string;
  readonly description?: string;
  readonly status?: SimPullRequest['status'];
  readonly isDraft?: boolean;
}

export interface AzureDevOpsSimulator {
  /** Organization URL for `new WebApi(orgUrl, handler)`. */
  readonly orgUrl: string;
  readonly project: SimProject;
  readonly state: SimState;
  /** Every request received, oldest first (tokens are never recorded). */
  readonly requests: LoggedRequest[];
  addWorkItem(seed: WorkItemSeed): SimWorkItem;
  addRepository(seed: RepositorySeed): SimRepository;
  addPullRequest(seed: PullRequestSeed): SimPullRequest;
  /** Merges the PR in its repository's bare `file://` remote and completes (or abandons) it. */
  closePullRequest(
    id: number,
    options: Pick<CloseOptions, 'status' | 'deleteSourceBranch' | 'mergeStrategy'>,
  ): SimPullRequest;
  /** Pull request threads and their comments (test/simulators/azure-devops/threads.ts). */
  readonly threads: PullRequestThreads;
  /** The work item's tags, as a list. */
  tagsOf(id: number): string[];
  injectFault(fault: FaultSpec): void;
  /** Runs before each request is routed (after auth), e.g. to play a human editing a ticket meanwhile. */
  onRequest(hook: ((request: { method: string; path: string }) => void) | undefined): void;
  clearFaults(): void;
  /** The artifactId the service gives a PR of this repository. */
  artifactIdFor(repositoryId: string, pullRequestId: number): string;
  close(): Promise<void>;
}

const DEFAULT_IDENTITY: SimIdentity = {
  id: 'd6245f20-2af8-44f4-9451-8107cb2767db',
  displayName: 'ticket-to-pr bot',
  uniqueName: 'ticket-to-pr@contoso.com',
};

interface ActiveFault extends FaultSpec {
  remaining: number;
}

export async function startAzureDevOpsSimulator(
  options: SimulatorOptions = {},
): Promise<AzureDevOpsSimulator> {
  const organization = options.organization ?? 'contoso';
  const project: SimProject = {
    id: options.projectId ?? '6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c',
    name: options.project ?? 'Fabrikam',
  };
  const tokens: SimulatorToken[] = options.tokens
    ? [...options.tokens]
    : [{ token: options.token ?? 'sim-token' }];
  const now = options.now ?? (() => new Date());
  const state = createState();
  const threads = createThreads(now);
  for (const tag of options.tagDefinitions ?? []) defineTag({ state, now }, tag);
  const faults: ActiveFault[] = [];
  const sockets = new Set<Socket>();
  let requestHook: ((request: { method: string; path: string }) => void) | undefined;
  let orgUrl = '';

  function authenticate(req: IncomingMessage): SimulatorToken | undefined {
    const header = req.headers.authorization ?? '';
    let presented: string | undefined;
    if (/^basic /i.test(header)) {
      // PAT: any user name, the token as password (securityDefinitions.accessToken).
      const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
      presented = decoded.slice(decoded.indexOf(':') + 1);
    } else if (/^bearer /i.test(header)) {
      presented = header.slice(7).trim();
    }
    return presented === undefined ? undefined : tokens.find((t) => t.token === presented);
  }

  function takeFault(method: string, path: string): ActiveFault | undefined {
    const fault = faults.find(
      (f) =>
        f.remaining > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(path)),
    );
    if (fault) fault.remaining -= 1;
    return fault;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const bodyText = await readBody(req);
    const header = req.headers.authorization ?? '';
    const entry: LoggedRequest = {
      method,
      url: `${url.pathname}${url.search}`,
      accept: String(req.headers.accept ?? ''),
      contentType: String(req.headers['content-type'] ?? ''),
      auth: /^basic /i.test(header) ? 'basic' : /^bearer /i.test(header) ? 'bearer' : 'none',
      body: bodyText,
      status: 0,
    };
    state.requests.push(entry);
    const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
      entry.status = status;
      sendJson(res, status, body, headers);
    };
    try {
      const fault = takeFault(method, url.pathname);
      const failWith = (f: ActiveFault) => {
        if (f.status === 'reset') {
          entry.status = -1;
          req.socket.destroy();
          return;
        }
        if (f.status === 409) throw errors.revisionConflict();
        throw f.status === 429
          ? errors.rateLimited(f.retryAfterSeconds ?? 1, Math.ceil(now().getTime() / 1000) + 300)
          : errors.internal(f.status);
      };
      if (fault && !fault.afterApply) return failWith(fault);
      const caller = authenticate(req);
      if (!caller) throw errors.unauthorized();
      const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      if (segments.shift()?.toLowerCase() !== organization.toLowerCase()) {
        return reply(404, { message: `Organization not found: ${url.pathname}` });
      }
      const scopes = caller.scopes ?? ALL_SCOPES;
      const ctx: RequestContext = {
        state,
        orgUrl,
        project,
        identity: { ...DEFAULT_IDENTITY, ...caller.identity },
        method,
        query: url.searchParams,
        body: method === 'GET' || method === 'OPTIONS' ? undefined : parseJson(bodyText),
        now,
        canCreateTags: caller.canCreateTags ?? true,
        requireScope(scope) {
          const implied = scopes.some((s) => s === scope || s === `${scope}_write`);
          if (!implied) throw errors.missingScope(scope);
        },
      };
      requestHook?.({ method, path: url.pathname });
      const result = route(ctx, segments);
      if (fault?.afterApply) return failWith(fault);
      if (!result) return reply(404, { message: `No route for ${method} ${url.pathname}` });
      entry.status = result.status;
      if (result.status === 404 && result.body === undefined) {
        return reply(404, undefined);
      }
      reply(result.status, result.body);
    } catch (error) {
      if (error instanceof SimError) {
        entry.status = error.status;
        sendError(res, error);
        return;
      }
      reply(500, { message: `Simulator failure: ${String(error)}` });
    }
  }

  function route(
    ctx: RequestContext,
    segments: string[],
  ): { status: number; body: unknown } | undefined {
    const lower = segments.map((s) => s.toLowerCase());
    // Organization-level discovery.
    if (lower[0] === '_apis' && segments.length === 2) {
      if (ctx.method === 'OPTIONS') {
        const value = AREA_LOCATIONS[lower[1]!];
        return value
          ? { status: 200, body: { count: value.length, value } }
          : { status: 404, body: { message: `No resource area ${segments[1]}` } };
      }
      if (ctx.method === 'GET' && lower[1] === 'resourceareas') {
        const value = options.resourceAreas === 'empty' ? [] : resourceAreas(orgUrl);
        return { status: 200, body: { count: value.length, value } };
      }
      if (ctx.method === 'GET' && lower[1] === 'connectiondata') {
        return { status: 200, body: connectionData(ctx.identity, project.id) };
      }
    }
    // Project-scoped APIs: {project}[/{team}]/_apis/{area}/...; work item calls may omit the project.
    const apis = lower.indexOf('_apis');
    if (apis < 0 || apis > 2) return undefined;
    const projectSegment = apis >= 1 ? segments[0]! : undefined;
    if (
      projectSegment !== undefined &&
      projectSegment.toLowerCase() !== project.name.toLowerCase() &&
      projectSegment.toLowerCase() !== project.id.toLowerCase()
    ) {
      throw errors.projectNotFound(projectSegment);
    }
    const area = lower[apis + 1];
    const rest = segments.slice(apis + 2);
    if (area === 'wit') return handleWit(ctx, rest);
    if (area === 'git' && projectSegment !== undefined) return handleGit(ctx, rest, threads);
    return undefined;
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: `Simulator failure: ${String(error)}` });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  orgUrl = `http://127.0.0.1:${port}/${organization}`;

  function addWorkItem(seed: WorkItemSeed): SimWorkItem {
    const id = seed.id ?? state.nextWorkItemId;
    state.nextWorkItemId = Math.max(state.nextWorkItemId, id + 1);
    const created = (seed.createdDate ?? now()).toISOString();
    const fields: Record<string, unknown> = {
      'System.Id': id,
      'System.AreaPath': seed.areaPath ?? project.name,
      'System.TeamProject': project.name,
      'System.IterationPath': project.name,
      'System.WorkItemType': seed.type ?? 'Bug',
      'System.State': seed.state ?? 'New',
      'System.Reason': 'New',
      'System.CreatedDate': created,
      'System.CreatedBy': { displayName: 'Alex Reporter', uniqueName: 'alex@contoso.com' },
      'System.ChangedDate': (seed.changedDate ?? seed.createdDate ?? now()).toISOString(),
      'System.ChangedBy': { displayName: 'Alex Reporter', uniqueName: 'alex@contoso.com' },
      'System.CommentCount': seed.comments?.length ?? 0,
      'System.Title': seed.title,
    };
    if (seed.priority !== undefined) fields['Microsoft.VSTS.Common.Priority'] = seed.priority;
    if (seed.tags?.length) fields['System.Tags'] = joinTags(seed.tags);
    for (const tag of seed.tags ?? []) defineTag({ state, now }, tag);
    if (seed.description !== undefined) fields['System.Description'] = seed.description;
    if (seed.reproSteps !== undefined) fields['Microsoft.VSTS.TCM.ReproSteps'] = seed.reproSteps;
    if (seed.acceptanceCriteria !== undefined) {
      fields['Microsoft.VSTS.Common.AcceptanceCriteria'] = seed.acceptanceCriteria;
    }
    Object.assign(fields, seed.fields);
    const item: SimWorkItem = {
      id,
      rev: seed.rev ?? 1,
      fields,
      relations: (seed.relations ?? []).map((r) => ({
        rel: r.rel,
        url: r.url,
        attributes: { ...r.attributes },
      })),
      comments: [],
    };
    for (const comment of seed.comments ?? []) {
      const date = (comment.createdDate ?? now()).toISOString();
      const author = { ...DEFAULT_IDENTITY, displayName: comment.author ?? 'Alex Reporter' };
      item.comments.push({
        id: state.nextCommentId++,
        workItemId: id,
        version: 1,
        text: comment.text,
        createdBy: author,
        createdDate: date,
        modifiedBy: author,
        modifiedDate: date,
        isDeleted: false,
      });
    }
    state.workItems.set(id, item);
    return item;
  }

  function addRepository(seed: RepositorySeed): SimRepository {
    const repo: SimRepository = {
      id: seed.id ?? randomUUID(),
      name: seed.name,
      defaultBranch: seed.defaultBranch ?? 'refs/heads/main',
      remoteUrl:
        seed.remoteUrl ??
        `https://${organization}@dev.azure.com/${organization}/${project.name}/_git/${seed.name}`,
      webUrl:
        seed.webUrl ??
        `${orgUrl}/${encodeURIComponent(project.name)}/_git/${encodeURIComponent(seed.name)}`,
      branches: new Map(Object.entries(seed.branches ?? {})),
    };
    state.repositories.set(repo.id, repo);
    return repo;
  }

  function addPullRequest(seed: PullRequestSeed): SimPullRequest {
    const repo = [...state.repositories.values()].find(
      (r) => r.id === seed.repository || r.name.toLowerCase() === seed.repository.toLowerCase(),
    );
    if (!repo) throw new Error(`addPullRequest: no repository ${seed.repository}`);
    const pr: SimPullRequest = {
      pullRequestId: state.nextPullRequestId++,
      repositoryId: repo.id,
      status: seed.status ?? 'active',
      title: seed.title ?? `PR from ${seed.sourceBranch}`,
      description: seed.description ?? '',
      sourceRefName: `refs/heads/${seed.sourceBranch}`,
      targetRefName: `refs/heads/${seed.targetBranch ?? 'main'}`,
      isDraft: seed.isDraft ?? false,
      createdBy: DEFAULT_IDENTITY,
      creationDate: now().toISOString(),
      workItemRefs: [],
      mergeId: randomUUID(),
    };
    state.pullRequests.set(pr.pullRequestId, pr);
    return pr;
  }

  return {
    orgUrl,
    project,
    state,
    requests: state.requests,
    addWorkItem,
    addRepository,
    addPullRequest,
    closePullRequest(id, closeOptions) {
      const pr = state.pullRequests.get(id);
      const repo = pr && state.repositories.get(pr.repositoryId);
      if (!pr || !repo) throw new Error(`closePullRequest: no pull request ${id}`);
      return closePullRequest(pr, repo, {
        ...closeOptions,
        closedBy: pr.createdBy,
        closedDate: now(),
      });
    },
    threads,
    tagsOf(id) {
      const item = state.workItems.get(id);
      if (!item) throw new Error(`tagsOf: no work item ${id}`);
      return String(item.fields['System.Tags'] ?? '')
        .split(';')
        .map((t) => t.trim())
        .filter(Boolean);
    },
    onRequest(hook) {
      requestHook = hook;
    },
    injectFault(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    artifactIdFor(repositoryId, pullRequestId) {
      return pullRequestArtifactId(project.id, repositoryId, pullRequestId);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
