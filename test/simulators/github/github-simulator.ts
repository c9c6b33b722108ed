/**
 * A GitHub REST simulator over loopback HTTP: the repository, branch refs and pull requests a
 * ticket-to-PR job touches, with GitHub's own status codes and error texts. Test code only.
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import {
  gitRef,
  pullRequest,
  repository,
  simpleUser,
  type SimPullRequest,
  type SimRepository,
  type SimUser,
} from './fixtures.js';
import {
  createReviewState,
  page,
  reviewRoutes,
  reviewSeeds,
  type GitHubReviewState,
  type ReviewSeeds,
} from './review.js';

const exec = promisify(execFile);

/** api.github.com operation ids, as in GitHub's OpenAPI description. */
export type GitHubOperation =
  | 'repos/get'
  | 'git/get-ref'
  | 'pulls/list'
  | 'pulls/create'
  | 'pulls/get'
  | 'pulls/update'
  | 'pulls/list-review-comments'
  | 'pulls/create-reply-for-review-comment'
  | 'pulls/list-reviews'
  | 'issues/list-comments'
  | 'issues/create-comment'
  | 'repos/get-collaborator-permission-level'
  | 'pulls/list-commits'
  | 'users/get-authenticated'
  | 'graphql';

export interface GitHubRequestLogEntry {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
  readonly body: unknown;
  /** The operation the request matched; undefined for an unknown route. */
  readonly operation: GitHubOperation | undefined;
  readonly status: number;
  readonly response: unknown;
}

/** Switches for GitHub's refusals; all default to the permissive setting. */
export interface GitHubSimulatorSettings {
  /** The token's pull-requests permission ("Resource not accessible by integration" when false). */
  pullRequestsWrite: boolean;
  /** Settings › Actions › "Allow GitHub Actions to create and approve pull requests". */
  actionsMayCreatePullRequests: boolean;
  /** False for plans without draft pull requests (private repositories on free plans). */
  draftsSupported: boolean;
}

export interface GitHubSimulatorOptions {
  readonly owner?: string;
  readonly repo?: string;
  readonly defaultBranch?: string;
  /** The one token the simulator accepts (as `token X` or `Bearer X`). */
  readonly token?: string;
  /** Who the token belongs to: the author of created pull requests. */
  readonly tokenUser?: SimUser;
  /**
   * More accepted tokens, each acting as its own account (a PAT's user, another app's bot), as
   * when a pull request is opened under one token and revised under another.
   */
  readonly moreTokens?: readonly { readonly token: string; readonly user: SimUser }[];
  /** Branch → sha known to the server. */
  readonly branches?: Readonly<Record<string, string>>;
  /** A bare repository whose branches are the server's branches (looked up on each request). */
  readonly gitDir?: string;
  readonly settings?: Partial<GitHubSimulatorSettings>;
  /** Clock for created_at/updated_at. */
  readonly now?: () => Date;
}

/**
 * A rate limit the next matching requests meet (docs.github.com "Rate limits for the REST API",
 * § Exceeding the rate limit; github/docs content/rest/using-the-rest-api/rate-limits-for-the-rest-api.md
 * at 21143d5): primary → 403/429 with x-ratelimit-remaining 0 and x-ratelimit-reset; secondary →
 * 403/429, a message saying "secondary rate limit", and retry-after when GitHub gives one.
 */
export interface RateLimitFault {
  readonly kind: 'primary' | 'secondary';
  /** Default 403. */
  readonly status?: 403 | 429;
  /** Only requests of this operation (default: any). */
  readonly operation?: GitHubOperation;
  /** How many requests meet it. Default 1. */
  readonly times?: number;
  /** Secondary: the retry-after header in seconds (omitted when undefined). */
  readonly retryAfterSeconds?: number;
  /** Primary: x-ratelimit-reset this many seconds after now. Default 60. */
  readonly resetInSeconds?: number;
}

/** Texts of GitHub's rate-limit answers, as live responses carry them (quoted in KnpLabs/php-github-api#1070). */
export const RATE_LIMIT_MESSAGES = {
  primary: (tokenUserId: number) => `API rate limit exceeded for user ID ${tokenUserId}.`,
  secondary:
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  documentationUrl: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
} as const;

export interface GitHubSimulator {
  /** Base URL for Octokit's `baseUrl` (the API root). */
  readonly url: string;
  /** Web root used in html_url links. */
  readonly webUrl: string;
  readonly owner: string;
  readonly repo: string;
  readonly requests: GitHubRequestLogEntry[];
  readonly pulls: SimPullRequest[];
  readonly branches: Map<string, string>;
  readonly settings: GitHubSimulatorSettings;
  /** Review comments, reviews, PR comments and collaborator roles (test/simulators/github/review.ts). */
  readonly review: GitHubReviewState & ReviewSeeds;
  /** Arms a primary or secondary rate limit for the next matching requests. */
  rateLimit(fault: RateLimitFault): void;
  close(): Promise<void>;
}

const DOCS = {
  root: 'https://docs.github.com/rest',
  getRepo: 'https://docs.github.com/rest/repos/repos#get-a-repository',
  getRef: 'https://docs.github.com/rest/git/refs#get-a-reference',
  list: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests',
  create: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
  get: 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request',
  update: 'https://docs.github.com/rest/pulls/pulls#update-a-pull-request',
  listCommits: 'https://docs.github.com/rest/pulls/pulls#list-commits-on-a-pull-request',
  getAuthenticated: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
} as const;

const MAX_BODY = 65536;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

const basicError = (status: number, message: string, documentationUrl: string) =>
  new HttpError(status, { message, documentation_url: documentationUrl, status: String(status) });

const validationFailed = (documentationUrl: string, errors: Record<string, unknown>[]) =>
  new HttpError(422, {
    message: 'Validation Failed',
    errors,
    documentation_url: documentationUrl,
    status: '422',
  });

export async function startGitHubSimulator(
  options: GitHubSimulatorOptions = {},
): Promise<GitHubSimulator> {
  const owner: SimUser = { login: options.owner ?? 'octo-org', id: 9919, type: 'Organization' };
  const now = options.now ?? (() => new Date());
  const token = options.token ?? 'ghs_simulatedInstallationToken0000000000';
  const tokenUser: SimUser = options.tokenUser ?? {
    login: 'github-actions[bot]',
    id: 41898282,
    type: 'Bot',
  };
  const repo: SimRepository = {
    id: 1296269,
    owner,
    name: options.repo ?? 'widgets',
    defaultBranch: options.defaultBranch ?? 'main',
    private: false,
    createdAt: '2024-01-26T19:01:12Z',
  };
  const settings: GitHubSimulatorSettings = {
    pullRequestsWrite: true,
    actionsMayCreatePullRequests: true,
    draftsSupported: true,
    ...options.settings,
  };
  const branches = new Map(Object.entries(options.branches ?? {}));
  const pulls: SimPullRequest[] = [];
  const requests: GitHubRequestLogEntry[] = [];
  const limits: { fault: RateLimitFault; remaining: number }[] = [];
  let api = '';
  let web = '';

  async function branchSha(name: string): Promise<string | undefined> {
    if (options.gitDir) {
      try {
        const { stdout } = await exec('git', [
          '--git-dir',
          options.gitDir,
          'rev-parse',
          '--verify',
          '--quiet',
          `refs/heads/${name}`,
        ]);
        return stdout.trim() || undefined;
      } catch {
        return undefined;
      }
    }
    return branches.get(name);
  }

  const stamp = () =>
    now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  const findPull = (n: number, docs: string) => {
    const pr = pulls.find((p) => p.number === n);
    if (!pr) throw basicError(404, 'Not Found', docs);
    return pr;
  };
  const requireWrite = (docs: string) => {
    if (!settings.pullRequestsWrite)
      throw basicError(403, 'Resource not accessible by integration', docs);
  };
  const headBranchOf = (head: string) =>
    head.includes(':') ? head.slice(head.indexOf(':') + 1) : head;

  type Handler = (
    match: RegExpExecArray,
    query: URLSearchParams,
    body: Record<string, unknown>,
    path: string,
    caller: SimUser,
  ) => Promise<[number, unknown, Record<string, string>?]>;
  const tokens = new Map<string, SimUser>([
    [token, tokenUser],
    ...(options.moreTokens ?? []).map((t) => [t.token, t.user] as const),
  ]);
  const reviewState = createReviewState();
  const reviewContext = {
    web: () => web,
    api: () => api,
    repo,
    tokenUser,
    stamp,
    findPull,
    requireWrite,
    notFound: (docs: string) => basicError(404, 'Not Found', docs),
    forbidden: (message: string, docs: string) => basicError(403, message, docs),
    validationFailed,
  };
  const routes: [string, RegExp, GitHubOperation, Handler][] = [
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)$/,
      'repos/get',
      async () => [200, repository(web, api, repo, true)],
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/git\/ref\/heads\/(.+)$/,
      'git/get-ref',
      async (m) => {
        const branch = decodeURIComponent(m[3]!);
        const sha = await branchSha(branch);
        if (!sha) throw basicError(404, 'Not Found', DOCS.getRef);
        return [200, gitRef(api, repo, branch, sha)];
      },
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/pulls$/,
      'pulls/list',
      async (_m, query, _b, path) => {
        const state = query.get('state') ?? 'open';
        if (!['open', 'closed', 'all'].includes(state)) {
          throw validationFailed(DOCS.list, [
            { resource: 'Issue', field: 'state', code: 'invalid' },
          ]);
        }
        const head = query.get('head');
        const base = query.get('base');
        const selected = pulls
          .filter((p) => state === 'all' || p.state === state)
          .filter(
            (p) =>
              !head ||
              (head.includes(':') ? head === `${owner.login}:${p.head.ref}` : head === p.head.ref),
          )
          .filter((p) => !base || base === p.base.ref)
          .sort((a, b) => b.number - a.number);
        if (query.get('direction') === 'asc') selected.reverse();
        return page(
          selected.map((p) => pullRequest(web, api, repo, p, false)),
          query,
          `${api}${path}`,
        );
      },
    ],
    [
      'POST',
      /^\/repos\/([^/]+)\/([^/]+)\/pulls$/,
      'pulls/create',
      async (_m, _q, body, _p, caller) => {
        requireWrite(DOCS.create);
        if (caller.login === 'github-actions[bot]' && !settings.actionsMayCreatePullRequests) {
          throw basicError(
            403,
            'GitHub Actions is not permitted to create or approve pull requests.',
            DOCS.create,
          );
        }
        const title = typeof body.title === 'string' ? body.title : '';
        const head = typeof body.head === 'string' ? body.head : '';
        const base = typeof body.base === 'string' ? body.base : '';
        const text = typeof body.body === 'string' ? body.body : null;
        const errors: Record<string, unknown>[] = [];
        if (!title) errors.push({ resource: 'PullRequest', field: 'title', code: 'missing_field' });
        const headSha = head ? await branchSha(headBranchOf(head)) : undefined;
        const baseSha = base ? await branchSha(base) : undefined;
        if (!headSha) errors.push({ resource: 'PullRequest', field: 'head', code: 'invalid' });
        if (!baseSha) errors.push({ resource: 'PullRequest', field: 'base', code: 'invalid' });
        if (errors.length) throw validationFailed(DOCS.create, errors);
        if (text && text.length > MAX_BODY) {
          throw validationFailed(DOCS.create, [
            {
              resource: 'Issue',
              code: 'custom',
              field: 'body',
              message: `body is too long (maximum is ${MAX_BODY} characters)`,
            },
          ]);
        }
        const branch = headBranchOf(head);
        if (pulls.some((p) => p.state === 'open' && p.head.ref === branch && p.base.ref === base)) {
          throw validationFailed(DOCS.create, [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for ${owner.login}:${branch}.`,
            },
          ]);
        }
        if (body.draft === true && !settings.draftsSupported) {
          throw validationFailed(DOCS.create, [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: 'Draft pull requests are not supported in this repository.',
            },
          ]);
        }
        const created = stamp();
        const pr: SimPullRequest = {
          number: pulls.length + 1,
          id: 1_000_000 + pulls.length + 1,
          title,
          body: text,
          state: 'open',
          draft: body.draft === true,
          head: { ref: branch, sha: headSha! },
          base: { ref: base, sha: baseSha! },
          user: caller,
          createdAt: created,
          updatedAt: created,
          closedAt: null,
        };
        pulls.push(pr);
        return [201, pullRequest(web, api, repo, pr, true)];
      },
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/,
      'pulls/get',
      async (m) => [200, pullRequest(web, api, repo, findPull(Number(m[3]), DOCS.get), true)],
    ],
    [
      'PATCH',
      /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/,
      'pulls/update',
      async (m, _q, body) => {
        requireWrite(DOCS.update);
        const pr = findPull(Number(m[3]), DOCS.update);
        if (typeof body.body === 'string' && body.body.length > MAX_BODY) {
          throw validationFailed(DOCS.update, [
            {
              resource: 'Issue',
              code: 'custom',
              field: 'body',
              message: `body is too long (maximum is ${MAX_BODY} characters)`,
            },
          ]);
        }
        if (typeof body.title === 'string') pr.title = body.title;
        if (typeof body.body === 'string') pr.body = body.body;
        if (body.state === 'closed' || body.state === 'open') {
          pr.state = body.state;
          pr.closedAt = body.state === 'closed' ? stamp() : null;
        }
        if (typeof body.base === 'string')
          pr.base = { ref: body.base, sha: (await branchSha(body.base)) ?? pr.base.sha };
        pr.updatedAt = stamp();
        return [200, pullRequest(web, api, repo, pr, true)];
      },
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/commits$/,
      'pulls/list-commits',
      async (m, query, _b, path) => {
        const pr = findPull(Number(m[3]), DOCS.listCommits);
        return page(await commitsOf(pr), query, `${api}${path}`);
      },
    ],
    [
      'GET',
      /^\/user$/,
      'users/get-authenticated',
      async (_m, _q, _b, _p, caller) => {
        // An app's installation token (GITHUB_TOKEN is one) acts as no user: GitHub answers 403
        // "Resource not accessible by integration" (quoted in pingdotgg/t3code#11273 and
        // neuralinkcorp/datarepo#62).
        if (caller.type === 'Bot')
          throw basicError(403, 'Resource not accessible by integration', DOCS.getAuthenticated);
        // A user's own token sees the private profile ("Private User" in the description,
        // @octokit/openapi 23.0.2 `private-user`): the public fields, nullable ones null, and the
        // account's private counts.
        return [
          200,
          {
            ...simpleUser(web, api, caller),
            name: caller.login,
            company: null,
            blog: '',
            location: null,
            email: null,
            hireable: null,
            bio: null,
            public_repos: 0,
            public_gists: 0,
            followers: 0,
            following: 0,
            created_at: repo.createdAt,
            updated_at: repo.createdAt,
            private_gists: 0,
            total_private_repos: 0,
            owned_private_repos: 0,
            disk_usage: 0,
            collaborators: 0,
            two_factor_authentication: true,
          },
        ];
      },
    ],
    [
      'POST',
      /^\/graphql$/,
      'graphql',
      async (_m, _q, body, _p, caller) => {
        // Only the `viewer { login }` query: it answers installation tokens with the app's bot
        // account, `<slug>[bot]` (fullsend-ai/fullsend#1953 reports `fullsend-ai-coder[bot]`).
        const query = typeof body.query === 'string' ? body.query : '';
        if (!/\bviewer\s*\{\s*login\s*\}/.test(query))
          return [200, { errors: [{ message: 'The simulator answers only viewer { login }.' }] }];
        return [200, { data: { viewer: { login: caller.login } } }];
      },
    ],
    ...(reviewRoutes(reviewContext, reviewState) as [string, RegExp, GitHubOperation, Handler][]),
  ];

  /** The pull request's own commits (base..head), oldest first, as `commit` objects. */
  async function commitsOf(pr: SimPullRequest): Promise<Record<string, unknown>[]> {
    if (!options.gitDir) return [];
    const { stdout } = await exec('git', [
      '--git-dir',
      options.gitDir,
      'log',
      '--reverse',
      '-z',
      '--format=%H%x01%an%x01%ae%x01%aI%x01%B',
      `${pr.base.sha}..refs/heads/${pr.head.ref}`,
    ]).catch(() => ({ stdout: '' }));
    return stdout
      .split('\0')
      .filter((entry) => entry.trim() !== '')
      .map((entry) => {
        const [sha, name, email, date, message] = entry.split('\x01');
        const who = { name, email, date };
        const url = `${api}/repos/${owner.login}/${repo.name}/commits/${sha}`;
        return {
          sha,
          node_id: Buffer.from(`06:Commit${sha}`).toString('base64'),
          commit: {
            author: who,
            committer: who,
            message: (message ?? '').replace(/\n+$/, ''),
            tree: { sha: '0'.repeat(40), url },
            url,
            comment_count: 0,
          },
          url,
          html_url: `${web}/${owner.login}/${repo.name}/commit/${sha}`,
          comments_url: `${url}/comments`,
          author: null,
          committer: null,
          parents: [],
        };
      });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', api);
    const method = req.method ?? 'GET';
    let body: Record<string, unknown> = {};
    let operation: GitHubOperation | undefined;
    let status: number;
    let response: unknown;
    let limitHeaders: Record<string, string> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    try {
      const auth = req.headers.authorization ?? '';
      const given = /^(?:token|bearer)\s+(.+)$/i.exec(auth)?.[1];
      const route = routes.find(([m, pattern]) => m === method && pattern.test(url.pathname));
      operation = route?.[2];
      const caller = given === undefined ? undefined : tokens.get(given);
      if (!caller) throw basicError(401, 'Bad credentials', DOCS.root);
      if (!route) throw basicError(404, 'Not Found', DOCS.root);
      const limit = limits.find(
        (l) => l.remaining > 0 && (!l.fault.operation || l.fault.operation === operation),
      );
      if (limit) {
        limit.remaining -= 1;
        const { fault } = limit;
        const nowSeconds = Math.floor(now().getTime() / 1000);
        limitHeaders =
          fault.kind === 'primary'
            ? {
                'x-ratelimit-remaining': '0',
                'x-ratelimit-used': '5000',
                'x-ratelimit-reset': String(nowSeconds + (fault.resetInSeconds ?? 60)),
              }
            : fault.retryAfterSeconds === undefined
              ? {}
              : { 'retry-after': String(fault.retryAfterSeconds) };
        throw basicError(
          fault.status ?? 403,
          fault.kind === 'primary'
            ? RATE_LIMIT_MESSAGES.primary(tokenUser.id)
            : RATE_LIMIT_MESSAGES.secondary,
          RATE_LIMIT_MESSAGES.documentationUrl,
        );
      }
      const match = route[1].exec(url.pathname)!;
      if (
        url.pathname.startsWith('/repos/') &&
        (decodeURIComponent(match[1]!) !== owner.login ||
          decodeURIComponent(match[2]!) !== repo.name)
      ) {
        throw basicError(404, 'Not Found', DOCS.getRepo);
      }
      let pageHeaders: Record<string, string> | undefined;
      [status, response, pageHeaders] = await route[3](
        match,
        url.searchParams,
        body,
        url.pathname,
        caller,
      );
      limitHeaders = pageHeaders ?? {};
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      status = error.status;
      response = error.body;
    }
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      body: raw ? body : undefined,
      operation,
      status,
      response,
    });
    const text = JSON.stringify(response);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(now().getTime() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
      ...limitHeaders,
    });
    res.end(text);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  api = `http://127.0.0.1:${port}`;
  web = `http://127.0.0.1:${port}/web`;
  return {
    url: api,
    webUrl: web,
    owner: owner.login,
    repo: repo.name,
    requests,
    pulls,
    branches,
    settings,
    review: Object.assign(reviewState, reviewSeeds(reviewState, { stamp, findPull })),
    rateLimit: (fault) => void limits.push({ fault, remaining: fault.times ?? 1 }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
