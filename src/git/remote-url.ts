/** What a remote URL says about where the repository is hosted. */
export interface RemoteInfo {
  /** Lower-case host name ('' for local paths and file:// URLs). */
  readonly host: string;
  readonly kind: 'github' | 'azure-repos' | 'unknown';
  /** GitHub: owner and repository name. */
  readonly github?: { readonly owner: string; readonly repo: string };
  /** Azure Repos: organization URL, project and repository, decoded. */
  readonly azure?: {
    readonly orgUrl: string;
    readonly project: string;
    readonly repository: string;
  };
}

/** The URL without user name or password, safe to log and to compare. */
export function redactUrlCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1');
}

interface SplitUrl {
  readonly protocol: string;
  readonly host: string;
  /** ':8080' or ''. */
  readonly port: string;
  readonly path: string;
}

function splitUrl(url: string): SplitUrl | undefined {
  const trimmed = url.trim();
  const full = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?([^/:]*)(:\d+)?(\/.*)?$/i.exec(trimmed);
  if (full) {
    return {
      protocol: full[1]!.toLowerCase(),
      host: full[2]!.toLowerCase(),
      port: full[3] ?? '',
      path: full[4] ?? '',
    };
  }
  // scp-like ssh: git@github.com:owner/repo.git
  const scp = /^(?:[^@/]+@)?([^/:]+):(?!\/\/)(.*)$/.exec(trimmed);
  if (scp && scp[1]!.length > 1)
    return { protocol: 'ssh', host: scp[1]!.toLowerCase(), port: '', path: `/${scp[2]}` };
  return undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Reads a remote URL. `githubHosts` adds GitHub Enterprise hosts (github.com is always one).
 * Azure Repos: dev.azure.com, *.visualstudio.com, ssh.dev.azure.com, or any URL with `/_git/`
 * (Azure DevOps Server).
 */
export function parseRemoteUrl(url: string, githubHosts: readonly string[] = []): RemoteInfo {
  const split = splitUrl(url);
  if (!split || split.protocol === 'file') return { host: '', kind: 'unknown' };
  const { host, port, path, protocol } = split;
  const segments = path.split('/').filter(Boolean).map(decodeSegment);
  const hosts = new Set(['github.com', ...githubHosts.map((h) => h.toLowerCase())]);

  if (hosts.has(host)) {
    const [owner, rawRepo] = segments;
    const repo = rawRepo?.replace(/\.git$/, '');
    return owner && repo
      ? { host, kind: 'github', github: { owner, repo } }
      : { host, kind: 'github' };
  }

  if (host === 'ssh.dev.azure.com' || host.startsWith('vs-ssh.')) {
    // git@ssh.dev.azure.com:v3/org/project/repo
    const [, org, project, repository] = segments;
    const orgUrl =
      host === 'ssh.dev.azure.com'
        ? `https://dev.azure.com/${org}`
        : `https://${org}.visualstudio.com`;
    return org && project && repository
      ? { host, kind: 'azure-repos', azure: { orgUrl, project, repository } }
      : { host, kind: 'azure-repos' };
  }

  const gitIndex = segments.indexOf('_git');
  const isAzureHost = host === 'dev.azure.com' || host.endsWith('.visualstudio.com');
  if (isAzureHost || gitIndex > 0) {
    const repository = gitIndex >= 0 ? segments[gitIndex + 1] : undefined;
    let before = gitIndex >= 0 ? segments.slice(0, gitIndex) : segments;
    // https://dev.azure.com/org/_git/repo: a repository named like its project.
    if (host === 'dev.azure.com' && before.length === 1 && repository)
      before = [...before, repository];
    const project = before.at(-1);
    const collection = before.slice(0, -1);
    const scheme = protocol === 'http' ? 'http' : 'https';
    const orgUrl = `${scheme}://${host}${port}${collection.length ? '/' + collection.map(encodeURIComponent).join('/') : ''}`;
    return repository && project
      ? { host, kind: 'azure-repos', azure: { orgUrl, project, repository } }
      : { host, kind: 'azure-repos' };
  }
  return { host, kind: 'unknown' };
}

/** The web host of a GitHub API URL: api.github.com → github.com, https://ghe/api/v3 → ghe. */
export function githubHostOfApiUrl(apiUrl: string): string | undefined {
  const split = splitUrl(apiUrl);
  if (!split || !split.host) return undefined;
  return split.host === 'api.github.com' ? 'github.com' : split.host;
}
