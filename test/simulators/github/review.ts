/**
 * The review side of the GitHub simulator: review comments (line threads with in_reply_to_id),
 * submitted reviews, issue comments on pull requests, and the collaborator permission endpoint.
 * Shapes and statuses follow GitHub's OpenAPI description (@octokit/openapi 23.0.2,
 * generated/api.github.com.deref.json): operations pulls/list-review-comments,
 * pulls/create-reply-for-review-comment, pulls/list-reviews, issues/list-comments,
 * issues/create-comment and repos/get-collaborator-permission-level. Test code only.
 */
import { simpleUser, type SimPullRequest, type SimRepository, type SimUser } from './fixtures.js';

/** author_association values (the description's enum). */
export type AuthorAssociation =
  | 'COLLABORATOR'
  | 'CONTRIBUTOR'
  | 'FIRST_TIMER'
  | 'FIRST_TIME_CONTRIBUTOR'
  | 'MANNEQUIN'
  | 'MEMBER'
  | 'NONE'
  | 'OWNER';

/** A person's role on the repository: the base roles, or a custom role on a base. */
export type SimBaseRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read';
/**
 * A custom repository role an organization builds on a base role ("base_role": read, triage, write
 * or maintain; `organization-custom-repository-role`); the permission API names it in `role_name`.
 */
export interface SimCustomRole {
  readonly name: string;
  readonly base: Exclude<SimBaseRole, 'admin'>;
}
export type SimRole = SimBaseRole | SimCustomRole;

const baseOf = (role: SimRole): SimBaseRole => (typeof role === 'string' ? role : role.base);
const nameOf = (role: SimRole): string => (typeof role === 'string' ? role : role.name);

export interface SimReviewer extends SimUser {
  /** Their role here; undefined: not a collaborator (read on a public repository). */
  readonly role?: SimRole;
  /** What GitHub writes beside their comments; default from the role (see associationOf). */
  readonly association?: AuthorAssociation;
}

export interface SimReviewComment {
  readonly id: number;
  readonly pull: number;
  readonly reviewId: number | null;
  readonly user: SimReviewer;
  body: string;
  /** Moves when the author edits the text (updated_at). */
  updatedAt?: string;
  readonly path: string;
  /** null: outdated (the line left the diff); original_line keeps where it was written. */
  readonly line: number | null;
  readonly originalLine: number;
  readonly commitId: string;
  readonly inReplyTo?: number;
  readonly createdAt: string;
}

export interface SimReview {
  readonly id: number;
  readonly pull: number;
  readonly user: SimReviewer;
  readonly body: string;
  /** As the API writes it: APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING. */
  readonly state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  readonly commitId: string;
  /** Absent for PENDING reviews. */
  readonly submittedAt?: string;
}

export interface SimIssueComment {
  readonly id: number;
  readonly pull: number;
  readonly user: SimReviewer;
  body: string;
  /** Moves when the author edits the text (updated_at). */
  updatedAt?: string;
  readonly createdAt: string;
}

export interface GitHubReviewState {
  readonly reviewComments: SimReviewComment[];
  readonly reviews: SimReview[];
  readonly issueComments: SimIssueComment[];
  /** login → role; people not listed read a public repository and nothing of a private one. */
  readonly roles: Map<string, SimRole>;
  /** Everyone seen in a seed, by login (for the permission endpoint's user). */
  readonly users: Map<string, SimUser>;
  /** When true, the permission endpoint answers 403 (a token that may not read collaborators). */
  permissionApiForbidden: boolean;
}

export interface ReviewSeeds {
  /** A review comment on a line; `inReplyTo` makes it a reply in that thread. */
  addReviewComment(seed: {
    pull: number;
    user: SimReviewer;
    body: string;
    path?: string;
    line?: number | null;
    originalLine?: number;
    inReplyTo?: number;
    /** The review it was submitted with (addReview's id); default a review of its own. */
    reviewId?: number;
    createdAt?: string;
  }): SimReviewComment;
  addReview(seed: {
    pull: number;
    user: SimReviewer;
    body?: string;
    state: SimReview['state'];
    submittedAt?: string;
  }): SimReview;
  addIssueComment(seed: {
    pull: number;
    user: SimReviewer;
    body: string;
    createdAt?: string;
  }): SimIssueComment;
  /** The author edits a review comment's or a PR comment's text; updated_at moves. */
  editComment(id: number, body: string, at?: string): void;
}

/** What the main simulator lends the review routes. */
export interface ReviewContext {
  readonly web: () => string;
  readonly api: () => string;
  readonly repo: SimRepository;
  readonly tokenUser: SimUser;
  readonly stamp: () => string;
  readonly findPull: (n: number, docs: string) => SimPullRequest;
  readonly requireWrite: (docs: string) => void;
  readonly notFound: (docs: string) => Error;
  readonly forbidden: (message: string, docs: string) => Error;
  readonly validationFailed: (docs: string, errors: Record<string, unknown>[]) => Error;
}

const DOCS = {
  listReviewComments:
    'https://docs.github.com/rest/pulls/comments#list-review-comments-on-a-pull-request',
  reply: 'https://docs.github.com/rest/pulls/comments#create-a-reply-for-a-review-comment',
  listReviews: 'https://docs.github.com/rest/pulls/reviews#list-reviews-for-a-pull-request',
  listComments: 'https://docs.github.com/rest/issues/comments#list-issue-comments',
  createComment: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
  permission:
    'https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user',
} as const;

/** Issue comment bodies are capped like pull request bodies ("body is too long (maximum is 65536 characters)"). */
const MAX_BODY = 65536;

/**
 * The association GitHub would show for a role when the test gives none: people with a role are
 * collaborators; others have none. (Organization members show MEMBER; tests set that explicitly.)
 */
export function associationOf(user: SimReviewer, roles: Map<string, SimRole>): AuthorAssociation {
  if (user.association) return user.association;
  return roles.has(user.login) || user.role ? 'COLLABORATOR' : 'NONE';
}

/** The legacy `permission` of a role: maintain → write, triage → read (the operation's description). */
const LEGACY_PERMISSION: Record<SimBaseRole, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
};

export function createReviewState(): GitHubReviewState {
  return {
    reviewComments: [],
    reviews: [],
    issueComments: [],
    roles: new Map(),
    users: new Map(),
    permissionApiForbidden: false,
  };
}

/** Ids in one sequence, as GitHub's are unique across comment kinds in practice. */
let nextId = 900_000_000;
const newId = () => ++nextId;

export function reviewSeeds(
  state: GitHubReviewState,
  ctx: Pick<ReviewContext, 'stamp' | 'findPull'>,
): ReviewSeeds {
  const remember = (user: SimReviewer) => {
    state.users.set(user.login, { login: user.login, id: user.id, type: user.type });
    if (user.role) state.roles.set(user.login, user.role);
  };
  return {
    addReviewComment(seed) {
      const pr = ctx.findPull(seed.pull, DOCS.listReviewComments);
      remember(seed.user);
      const root = seed.inReplyTo
        ? state.reviewComments.find((c) => c.id === seed.inReplyTo)
        : undefined;
      if (seed.inReplyTo && !root) throw new Error(`no review comment ${seed.inReplyTo}`);
      const line = root ? root.line : seed.line === undefined ? 1 : seed.line;
      const comment: SimReviewComment = {
        id: newId(),
        pull: seed.pull,
        reviewId: seed.reviewId ?? newId(),
        user: seed.user,
        body: seed.body,
        path: root?.path ?? seed.path ?? 'README.md',
        line,
        originalLine: root?.originalLine ?? seed.originalLine ?? line ?? 1,
        commitId: pr.head.sha,
        inReplyTo: root?.id,
        createdAt: seed.createdAt ?? ctx.stamp(),
      };
      state.reviewComments.push(comment);
      return comment;
    },
    addReview(seed) {
      const pr = ctx.findPull(seed.pull, DOCS.listReviews);
      remember(seed.user);
      const review: SimReview = {
        id: newId(),
        pull: seed.pull,
        user: seed.user,
        body: seed.body ?? '',
        state: seed.state,
        commitId: pr.head.sha,
        submittedAt: seed.state === 'PENDING' ? undefined : (seed.submittedAt ?? ctx.stamp()),
      };
      state.reviews.push(review);
      return review;
    },
    addIssueComment(seed) {
      ctx.findPull(seed.pull, DOCS.listComments);
      remember(seed.user);
      const comment: SimIssueComment = {
        id: newId(),
        pull: seed.pull,
        user: seed.user,
        body: seed.body,
        createdAt: seed.createdAt ?? ctx.stamp(),
      };
      state.issueComments.push(comment);
      return comment;
    },
    editComment(id, body, at) {
      const found =
        state.reviewComments.find((c) => c.id === id) ??
        state.issueComments.find((c) => c.id === id);
      if (!found) throw new Error(`no comment ${id}`);
      found.body = body;
      found.updatedAt = at ?? ctx.stamp();
    },
  };
}

function reactions(url: string): Record<string, unknown> {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    confused: 0,
    heart: 0,
    hooray: 0,
    eyes: 0,
    rocket: 0,
  };
}

/** `pull-request-review-comment`. */
function reviewCommentJson(
  ctx: ReviewContext,
  state: GitHubReviewState,
  c: SimReviewComment,
): Record<string, unknown> {
  const fullName = `${ctx.repo.owner.login}/${ctx.repo.name}`;
  const url = `${ctx.api()}/repos/${fullName}/pulls/comments/${c.id}`;
  const prUrl = `${ctx.api()}/repos/${fullName}/pulls/${c.pull}`;
  const html = `${ctx.web()}/${fullName}/pull/${c.pull}#discussion_r${c.id}`;
  return {
    url,
    pull_request_review_id: c.reviewId,
    id: c.id,
    node_id: Buffer.from(`024:PullRequestReviewComment${c.id}`).toString('base64'),
    diff_hunk: `@@ -1,3 +1,3 @@`,
    path: c.path,
    position: c.line ?? undefined,
    original_position: c.originalLine,
    commit_id: c.commitId,
    original_commit_id: c.commitId,
    ...(c.inReplyTo ? { in_reply_to_id: c.inReplyTo } : {}),
    user: simpleUser(ctx.web(), ctx.api(), c.user),
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.updatedAt ?? c.createdAt,
    html_url: html,
    pull_request_url: prUrl,
    author_association: associationOf(c.user, state.roles),
    _links: { self: { href: url }, html: { href: html }, pull_request: { href: prUrl } },
    start_line: null,
    original_start_line: null,
    // api.github.com sends start_side: null here; the description's enum (nullable, without null)
    // refuses that value, so the simulator leaves the optional field out.
    // The description types line as a plain integer; an outdated comment leaves it out.
    ...(c.line === null ? {} : { line: c.line }),
    original_line: c.originalLine,
    side: 'RIGHT',
    subject_type: 'line',
    reactions: reactions(url),
  };
}

/** `pull-request-review`. */
function reviewJson(
  ctx: ReviewContext,
  state: GitHubReviewState,
  r: SimReview,
): Record<string, unknown> {
  const fullName = `${ctx.repo.owner.login}/${ctx.repo.name}`;
  const prUrl = `${ctx.api()}/repos/${fullName}/pulls/${r.pull}`;
  const html = `${ctx.web()}/${fullName}/pull/${r.pull}#pullrequestreview-${r.id}`;
  return {
    id: r.id,
    node_id: Buffer.from(`017:PullRequestReview${r.id}`).toString('base64'),
    user: simpleUser(ctx.web(), ctx.api(), r.user),
    body: r.body,
    state: r.state,
    html_url: html,
    pull_request_url: prUrl,
    _links: { html: { href: html }, pull_request: { href: prUrl } },
    ...(r.submittedAt ? { submitted_at: r.submittedAt } : {}),
    commit_id: r.commitId,
    author_association: associationOf(r.user, state.roles),
  };
}

/** `issue-comment`. */
function issueCommentJson(
  ctx: ReviewContext,
  state: GitHubReviewState,
  c: SimIssueComment,
): Record<string, unknown> {
  const fullName = `${ctx.repo.owner.login}/${ctx.repo.name}`;
  const url = `${ctx.api()}/repos/${fullName}/issues/comments/${c.id}`;
  return {
    id: c.id,
    node_id: Buffer.from(`012:IssueComment${c.id}`).toString('base64'),
    url,
    body: c.body,
    html_url: `${ctx.web()}/${fullName}/pull/${c.pull}#issuecomment-${c.id}`,
    user: simpleUser(ctx.web(), ctx.api(), c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt ?? c.createdAt,
    issue_url: `${ctx.api()}/repos/${fullName}/issues/${c.pull}`,
    author_association: associationOf(c.user, state.roles),
    performed_via_github_app: null,
    reactions: reactions(url),
  };
}

/** A route: method, path pattern, operation id, handler → [status, body, headers]. */
export type ReviewRoute = [
  string,
  RegExp,
  string,
  (
    match: RegExpExecArray,
    query: URLSearchParams,
    body: Record<string, unknown>,
    path: string,
    /** The account the request's token acts as. */
    caller: SimUser,
  ) => Promise<[number, unknown, Record<string, string>?]>,
];

/**
 * One page of `items` and GitHub's Link header (rel="next"/"last" while more pages follow), which
 * Octokit's paginate follows (docs.github.com "Using pagination in the REST API").
 */
export function page<T>(
  items: readonly T[],
  query: URLSearchParams,
  absoluteUrl: string,
): [number, T[], Record<string, string>] {
  const perPage = Math.min(Number(query.get('per_page') ?? 30) || 30, 100);
  const current = Math.max(Number(query.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const linkTo = (n: number) => {
    const q = new URLSearchParams(query);
    q.set('per_page', String(perPage));
    q.set('page', String(n));
    return `<${absoluteUrl}?${q.toString()}>`;
  };
  const links: string[] = [];
  if (current < last)
    links.push(`${linkTo(current + 1)}; rel="next"`, `${linkTo(last)}; rel="last"`);
  if (current > 1) links.push(`${linkTo(1)}; rel="first"`, `${linkTo(current - 1)}; rel="prev"`);
  return [
    200,
    items.slice((current - 1) * perPage, current * perPage),
    links.length ? { link: links.join(', ') } : {},
  ];
}

export function reviewRoutes(ctx: ReviewContext, state: GitHubReviewState): ReviewRoute[] {
  const bodyOf = (body: Record<string, unknown>, docs: string, resource: string): string => {
    const text = typeof body.body === 'string' ? body.body : '';
    if (!text) {
      throw ctx.validationFailed(docs, [{ resource, field: 'body', code: 'missing_field' }]);
    }
    if (text.length > MAX_BODY) {
      throw ctx.validationFailed(docs, [
        {
          resource,
          code: 'custom',
          field: 'body',
          message: `body is too long (maximum is ${MAX_BODY} characters)`,
        },
      ]);
    }
    return text;
  };
  return [
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/comments$/,
      'pulls/list-review-comments',
      async (m, query, _b, path) => {
        const pull = ctx.findPull(Number(m[3]), DOCS.listReviewComments).number;
        // "By default, review comments are in ascending order by ID."
        const items = state.reviewComments
          .filter((c) => c.pull === pull)
          .sort((a, b) => a.id - b.id)
          .map((c) => reviewCommentJson(ctx, state, c));
        return page(items, query, `${ctx.api()}${path}`);
      },
    ],
    [
      'POST',
      /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/comments\/(\d+)\/replies$/,
      'pulls/create-reply-for-review-comment',
      async (m, _q, body, _p, caller) => {
        const pr = ctx.findPull(Number(m[3]), DOCS.reply);
        const root = state.reviewComments.find(
          (c) => c.id === Number(m[4]) && c.pull === pr.number,
        );
        // "This must be the ID of a top-level review comment, not a reply to that comment.
        // Replies to replies are not supported." The only error the operation lists is 404.
        if (!root || root.inReplyTo !== undefined) throw ctx.notFound(DOCS.reply);
        ctx.requireWrite(DOCS.reply);
        const text = bodyOf(body, DOCS.reply, 'PullRequestReviewComment');
        const reply: SimReviewComment = {
          ...root,
          id: newId(),
          reviewId: newId(),
          user: caller,
          body: text,
          inReplyTo: root.id,
          commitId: pr.head.sha,
          createdAt: ctx.stamp(),
        };
        state.reviewComments.push(reply);
        return [201, reviewCommentJson(ctx, state, reply)];
      },
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/,
      'pulls/list-reviews',
      async (m, query, _b, path) => {
        const pull = ctx.findPull(Number(m[3]), DOCS.listReviews).number;
        // "The list of reviews returns in chronological order." A PENDING review is visible only
        // to its author, never to the token.
        const items = state.reviews
          .filter((r) => r.pull === pull && r.state !== 'PENDING')
          .map((r) => reviewJson(ctx, state, r));
        return page(items, query, `${ctx.api()}${path}`);
      },
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
      'issues/list-comments',
      async (m, query, _b, path) => {
        const pull = ctx.findPull(Number(m[3]), DOCS.listComments).number;
        const items = state.issueComments
          .filter((c) => c.pull === pull)
          .sort((a, b) => a.id - b.id)
          .map((c) => issueCommentJson(ctx, state, c));
        return page(items, query, `${ctx.api()}${path}`);
      },
    ],
    [
      'POST',
      /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
      'issues/create-comment',
      async (m, _q, body, _p, caller) => {
        const pr = ctx.findPull(Number(m[3]), DOCS.createComment);
        ctx.requireWrite(DOCS.createComment);
        const comment: SimIssueComment = {
          id: newId(),
          pull: pr.number,
          user: caller,
          body: bodyOf(body, DOCS.createComment, 'IssueComment'),
          createdAt: ctx.stamp(),
        };
        state.issueComments.push(comment);
        return [201, issueCommentJson(ctx, state, comment)];
      },
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/collaborators\/([^/]+)\/permission$/,
      'repos/get-collaborator-permission-level',
      async (m) => {
        if (state.permissionApiForbidden) {
          throw ctx.forbidden('Resource not accessible by integration', DOCS.permission);
        }
        const login = decodeURIComponent(m[3]!);
        const granted: SimRole | undefined =
          state.roles.get(login) ?? (ctx.repo.private ? undefined : 'read');
        const role = granted === undefined ? 'none' : baseOf(granted);
        // `permission` is the base (maintain → write, triage → read); `role_name` the role as
        // assigned, a custom role's own name included (the operation's description).
        const roleName = granted === undefined ? 'none' : nameOf(granted);
        const user = state.users.get(login) ?? { login, id: 5_000_001, type: 'User' as const };
        return [
          200,
          {
            permission: role === 'none' ? 'none' : LEGACY_PERMISSION[role],
            role_name: roleName,
            user: {
              ...simpleUser(ctx.web(), ctx.api(), user),
              permissions: {
                admin: role === 'admin',
                maintain: role === 'admin' || role === 'maintain',
                push: role === 'admin' || role === 'maintain' || role === 'write',
                triage: role !== 'read' && role !== 'none',
                pull: role !== 'none',
              },
              role_name: roleName,
            },
          },
        ];
      },
    ],
  ];
}
