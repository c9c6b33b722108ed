/**
 * Response bodies shaped like api.github.com's (every field the OpenAPI description requires),
 * built from the simulator's small state.
 */

export interface SimUser {
  readonly login: string;
  readonly id: number;
  readonly type: 'User' | 'Bot' | 'Organization';
}

export function simpleUser(web: string, api: string, user: SimUser): Record<string, unknown> {
  const url = `${api}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: Buffer.from(`04:User${user.id}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url,
    // Apps' bot users link to their app page, as on github.com (a bracket is no valid URI character).
    html_url: user.login.endsWith('[bot]')
      ? `${web}/apps/${user.login.slice(0, -5)}`
      : `${web}/${user.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    site_admin: false,
    user_view_type: 'public',
  };
}

export interface SimRepository {
  readonly id: number;
  readonly owner: SimUser;
  readonly name: string;
  readonly defaultBranch: string;
  readonly private: boolean;
  readonly createdAt: string;
}

/** The `repository` schema (used inside pull requests) and, with extra fields, `full-repository`. */
export function repository(
  web: string,
  api: string,
  repo: SimRepository,
  full = false,
): Record<string, unknown> {
  const fullName = `${repo.owner.login}/${repo.name}`;
  const url = `${api}/repos/${fullName}`;
  const base: Record<string, unknown> = {
    id: repo.id,
    node_id: Buffer.from(`010:Repository${repo.id}`).toString('base64'),
    name: repo.name,
    full_name: fullName,
    private: repo.private,
    owner: simpleUser(web, api, repo.owner),
    html_url: `${web}/${fullName}`,
    description: null,
    fork: false,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_url: `git:${web.replace(/^https?:/, '')}/${fullName}.git`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    ssh_url: `git@${new URL(web).host}:${fullName}.git`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    clone_url: `${web}/${fullName}.git`,
    mirror_url: null,
    hooks_url: `${url}/hooks`,
    svn_url: `${web}/${fullName}`,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 120,
    default_branch: repo.defaultBranch,
    open_issues_count: 0,
    open_issues: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.private ? 'private' : 'public',
    pushed_at: repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
  };
  if (!full) return base;
  return {
    ...base,
    network_count: 0,
    subscribers_count: 1,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
  };
}

export interface SimPullRequest {
  readonly number: number;
  readonly id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  readonly draft: boolean;
  readonly head: { readonly ref: string; sha: string };
  base: { ref: string; sha: string };
  readonly user: SimUser;
  readonly createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Set when merged (state 'closed' too, as on GitHub). */
  mergedAt?: string | null;
  /** The head branch's repository when it is a fork (null: the fork was deleted). Default: this one. */
  headRepository?: SimRepository | null;
}

function link(href: string): { href: string } {
  return { href };
}

/** `pull-request-simple` (list) or, with `full`, `pull-request` (create, get, update). */
export function pullRequest(
  web: string,
  api: string,
  repo: SimRepository,
  pr: SimPullRequest,
  full: boolean,
): Record<string, unknown> {
  const fullName = `${repo.owner.login}/${repo.name}`;
  const url = `${api}/repos/${fullName}/pulls/${pr.number}`;
  const issueUrl = `${api}/repos/${fullName}/issues/${pr.number}`;
  const htmlUrl = `${web}/${fullName}/pull/${pr.number}`;
  const repoJson = repository(web, api, repo);
  const branch = (b: { ref: string; sha: string }, from: SimRepository | null = repo) => ({
    label: `${(from ?? repo).owner.login}:${b.ref}`,
    ref: b.ref,
    sha: b.sha,
    user: simpleUser(web, api, (from ?? repo).owner),
    repo: from === repo ? repoJson : from && { ...repository(web, api, from), fork: true },
  });
  const simple: Record<string, unknown> = {
    url,
    id: pr.id,
    node_id: Buffer.from(`011:PullRequest${pr.id}`).toString('base64'),
    html_url: htmlUrl,
    diff_url: `${htmlUrl}.diff`,
    patch_url: `${htmlUrl}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/repos/${fullName}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${api}/repos/${fullName}/statuses/${pr.head.sha}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: simpleUser(web, api, pr.user),
    body: pr.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt ?? null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branch(pr.head, pr.headRepository === undefined ? repo : pr.headRepository),
    base: branch(pr.base),
    _links: {
      self: link(url),
      html: link(htmlUrl),
      issue: link(issueUrl),
      comments: link(`${issueUrl}/comments`),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${api}/repos/${fullName}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(`${api}/repos/${fullName}/statuses/${pr.head.sha}`),
    },
    author_association: pr.user.type === 'Bot' ? 'NONE' : 'CONTRIBUTOR',
    auto_merge: null,
    draft: pr.draft,
  };
  if (!full) return simple;
  return {
    ...simple,
    merged: Boolean(pr.mergedAt),
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

export function gitRef(
  api: string,
  repo: SimRepository,
  branch: string,
  sha: string,
): Record<string, unknown> {
  const url = `${api}/repos/${repo.owner.login}/${repo.name}`;
  return {
    ref: `refs/heads/${branch}`,
    node_id: Buffer.from(`03:Ref${repo.id}:refs/heads/${branch}`).toString('base64'),
    url: `${url}/git/refs/heads/${branch}`,
    object: { type: 'commit', sha, url: `${url}/git/commits/${sha}` },
  };
}
