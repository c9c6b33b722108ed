import { copyFile, mkdtemp, rm, rmdir, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Config } from '../config/config.js';
import { ConfigError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { SecretMasker } from '../shared/secrets.js';
import type { BranchState, PushResult, Workspace } from './workspace.js';
import { authorizationHeader, type GitToken } from './auth-header.js';
import { ticketIdFromBranch } from './branch-name.js';
import {
  ForeignBranchError,
  GitError,
  GitFilesChangedError,
  listed,
  PushRejectedError,
  RevisionConflictError,
} from './errors.js';
import { configFilesToWatch, GitFilesSnapshot } from './git-files.js';
import { GitRunner, type GitResult } from './git-runner.js';
import { parseRemoteUrl, redactUrlCredentials, githubHostOfApiUrl } from './remote-url.js';
import { parseStatus, restorePlan } from './status.js';

/** The trailer on every commit ticket-to-pr makes; with our author, it marks a branch as ours. */
const COMMIT_TRAILER = 'Ticket-To-Pr';

/** The remote whose URLs are read when the checkout is opened; its name also prefixes our tracking refs. */
const REMOTE = 'origin';

/**
 * Where fetch and push go: `origin`'s URLs as they were when the checkout was opened, before any
 * of the repository's commands ran. Never the name, which git would look up in .git/config again.
 */
interface RemoteUrls {
  readonly fetch: string;
  readonly push: string;
}

export interface GitWorkspaceOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** Token for fetch and push. Default: from the config, by where the remote is hosted. */
  readonly token?: GitToken;
}

/**
 * Opens the configured checkout and takes the snapshot of git's own files (see GitFilesSnapshot)
 * and `origin`'s URLs. Throws ConfigError when it is not a git repository with an `origin`.
 */
export async function createGitWorkspace(options: GitWorkspaceOptions): Promise<Workspace> {
  const { config, logger } = options;
  const root = config.repository.path;
  const kind = await stat(root).then(
    (s) => (s.isDirectory() ? 'directory' : 'not a directory'),
    () => 'missing',
  );
  if (kind !== 'directory') {
    throw new ConfigError(
      `Input 'repository-path' names '${root}', which ${kind === 'missing' ? 'does not exist' : 'is not a directory'}. Set it to the git checkout to change (a relative path is taken from the working directory).`,
    );
  }
  const probe = new GitRunner(root, logger, new SecretMasker(config.secrets));
  // The top level, the index file and the git directories in one call; all fixed for the checkout.
  const top = await probe.run(
    [
      'rev-parse',
      '--path-format=absolute',
      '--show-toplevel',
      '--git-path',
      'index',
      '--git-dir',
      '--git-common-dir',
    ],
    { allowFailure: true },
  );
  if (top.exitCode !== 0) {
    throw new ConfigError(
      `repository-path: '${root}' is not a git checkout (${top.stderr.trim()}). Check out the repository first.`,
    );
  }
  const [topLevel = '', indexFile = '', gitDir = '', commonDir = ''] = top.stdout
    .trim()
    .split('\n');
  const atTop = new GitRunner(topLevel, logger, new SecretMasker(config.secrets));
  const [fetchUrl, pushUrl, configList] = await Promise.all(
    [
      ['remote', 'get-url', REMOTE],
      ['remote', 'get-url', '--push', REMOTE],
      ['config', '--list', '--show-origin', '--name-only', '-z'],
    ].map((args) => atTop.run(args, { allowFailure: true })),
  );
  const snapshot = await GitFilesSnapshot.take({
    topLevel,
    gitDir,
    commonDir,
    configFiles: configFilesToWatch(configList!.stdout, topLevel, process.env),
  });
  if (fetchUrl!.exitCode !== 0 || pushUrl!.exitCode !== 0) {
    throw new ConfigError(
      `repository-path: '${root}' has no '${REMOTE}' remote to push the branch to.`,
    );
  }
  const urls = { fetch: fetchUrl!.stdout.trim(), push: pushUrl!.stdout.trim() };
  const token = options.token ?? tokenFromConfig(config, urls.fetch);
  const masker = new SecretMasker([
    ...config.secrets,
    ...(token ? [token.value] : []),
    ...[urls.fetch, urls.push].map(urlPassword).filter((p) => p !== ''),
  ]);
  return new GitWorkspace(
    topLevel,
    new GitRunner(topLevel, logger, masker),
    config,
    logger,
    token,
    urls,
    indexFile,
    snapshot,
  );
}

/** The password in `https://user:password@host/...`, or '': kept out of the logs. */
function urlPassword(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/[^@/:]*:([^@/]*)@/i.exec(url)?.[1] ?? '';
}

function tokenFromConfig(config: Config, remoteUrl: string): GitToken | undefined {
  const { prTarget, githubToken, githubApiUrl } = config.repository;
  const githubHost = githubHostOfApiUrl(githubApiUrl);
  const kind =
    prTarget !== 'auto' ? prTarget : parseRemoteUrl(remoteUrl, githubHost ? [githubHost] : []).kind;
  if (kind === 'github' && githubToken) return { kind: 'github', value: githubToken };
  if (kind === 'azure-repos' && config.tracker.token)
    return { kind: 'azure-devops', value: config.tracker.token };
  return undefined;
}

/**
 * Copies an index file keeping its modification time: git's racy-clean check compares file times
 * with the index's own time, and a fresh time would hide an edit made in the same second.
 */
async function copyIndex(from: string, to: string): Promise<boolean> {
  try {
    const { atime, mtime } = await stat(from);
    await copyFile(from, to);
    await utimes(to, atime, mtime);
    return true;
  } catch {
    return false;
  }
}

/** Deletes an untracked file, then the directories it leaves empty (as `git clean -fd` would). */
async function removeUntracked(root: string, path: string): Promise<void> {
  await rm(join(root, path), { force: true });
  for (let dir = dirname(path); dir !== '.' && dir !== '/'; dir = dirname(dir)) {
    try {
      await rmdir(join(root, dir));
    } catch {
      return; // not empty: it holds tracked or ignored files
    }
  }
}

type AuthConfig = [string, string][];

/** The remote heads a branch state was judged from, and the verdict. */
interface BranchRead {
  readonly branch: string;
  readonly listing: string;
  readonly state: BranchState;
}

class GitWorkspace implements Workspace {
  private base?: string;
  private baseSha?: string;
  /**
   * The last branch state read. The verdict depends only on the remote heads `ls-remote` lists
   * (the base commit and our identity are fixed for the job), so while they are the same the
   * fetch and log behind it need not run again: publish asks before committing and again inside.
   */
  private lastRead?: BranchRead;

  constructor(
    readonly root: string,
    private readonly git: GitRunner,
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly token: GitToken | undefined,
    /** `origin` as it was when the job opened the checkout, before any repository command ran. */
    private readonly urls: RemoteUrls,
    /** The checkout's own index file (absolute). */
    private readonly indexFile: string,
    /** git's own files as they were when the job opened the checkout. */
    private readonly gitFiles: GitFilesSnapshot,
  ) {}

  async restoreGitFiles(): Promise<readonly string[]> {
    const changed = await this.gitFiles.restore();
    if (changed.length > 0)
      this.logger.warning(
        `Restored git's own files changed by the repository's commands: ${listed(changed)}`,
      );
    return changed;
  }

  /** Per-command `-c` pairs for network commands: our header, after clearing any persisted one. */
  private async authConfig(): Promise<AuthConfig> {
    if (!this.token) return [];
    // actions/checkout persists `http.https://github.com/.extraheader`. A URL-specific key beats
    // the plain one, and two Authorization headers make servers answer 400, so each configured
    // key is emptied and then given our header, for this one command.
    // `--list` rather than `--get-regexp`: a command that prints nothing costs simple-git a 50 ms
    // wait for late output, and a repository always has some configuration to list.
    const existing = await this.git.run(['config', '--name-only', '--list'], {
      allowFailure: true,
    });
    const header = authorizationHeader(this.token);
    const keys = new Set([
      'http.extraheader',
      ...existing.stdout
        .split('\n')
        .map((k) => k.trim())
        .filter((k) => /^http\..*extraheader$/.test(k)),
    ]);
    return [...keys].flatMap((key): [string, string][] => [
      [key, ''],
      [key, header],
    ]);
  }

  /**
   * A network command with our header, to one of the URLs read at open (the args name it). The
   * caller reads `auth` once per operation and passes it to each command of that operation; it is
   * read again per operation because the repository's own commands (run by verification) may have
   * changed .git/config in between. Each one first makes sure git's own files are as they were
   * at open: a `url.<x>.insteadOf` rewrites even a URL given on the command line.
   */
  private async network(
    args: string[],
    auth: AuthConfig,
    allowFailure = false,
  ): Promise<GitResult> {
    const changed = await this.restoreGitFiles();
    if (changed.length > 0) throw new GitFilesChangedError(changed, `before git ${args[0]}`);
    return this.git.run(args, { allowFailure, secretConfig: auth });
  }

  async remoteUrl(): Promise<string> {
    return redactUrlCredentials(this.urls.fetch);
  }

  async baseBranch(): Promise<string> {
    this.base ??= await this.findBaseBranch();
    return this.base;
  }

  private async findBaseBranch(): Promise<string> {
    if (this.config.repository.baseBranch) return this.config.repository.baseBranch;
    const head = await this.git.run(['symbolic-ref', '--short', `refs/remotes/${REMOTE}/HEAD`], {
      allowFailure: true,
    });
    if (head.exitCode === 0 && head.stdout.trim())
      return head.stdout.trim().slice(REMOTE.length + 1);
    const remoteHead = await this.network(
      ['ls-remote', '--symref', this.urls.fetch, 'HEAD'],
      await this.authConfig(),
      true,
    );
    const symref = /^ref: refs\/heads\/(\S+)\s+HEAD$/m.exec(remoteHead.stdout);
    if (symref) return symref[1]!;
    for (const candidate of ['main', 'master']) {
      if (await this.refExists(`refs/remotes/${REMOTE}/${candidate}`)) return candidate;
      if (await this.refExists(`refs/heads/${candidate}`)) return candidate;
    }
    throw new ConfigError(
      "base-branch: the remote's default branch could not be found (no origin/HEAD, main or master). Set base-branch.",
    );
  }

  async baseCommit(): Promise<string> {
    if (this.baseSha) return this.baseSha;
    const base = await this.baseBranch();
    for (const ref of [`refs/remotes/${REMOTE}/${base}`, `refs/heads/${base}`]) {
      const sha = await this.resolve(ref);
      if (sha) return (this.baseSha = sha);
    }
    throw new ConfigError(`base-branch: '${base}' exists neither on ${REMOTE} nor locally.`);
  }

  async listTrackedFiles(): Promise<string[]> {
    // Not text(): trimming would eat a leading space of the first path.
    const { stdout } = await this.git.run(['ls-files', '-z']);
    return stdout.split('\0').filter(Boolean);
  }

  async uncommittedChanges(): Promise<string[]> {
    return parseStatus(await this.status()).map((entry) => entry.path);
  }

  /** `git status` of every path; `--branch` adds a `## main` header, so it always prints (see GitRunner). */
  private async status(): Promise<string> {
    return (
      await this.git.run(['status', '--porcelain', '-z', '--branch', '--untracked-files=all'])
    ).stdout;
  }

  async checkoutBase(): Promise<void> {
    const base = await this.baseCommit();
    if ((await this.resolve('HEAD')) === base) return;
    // Detached, so a local branch the user has checked out is never moved.
    await this.git.run(['checkout', '--detach', base]); // not --quiet: see GitRunner
  }

  async discardChanges(): Promise<void> {
    const base = await this.baseCommit();
    if ((await this.resolve('HEAD')) !== base) {
      // Detach rather than reset: a local branch the user has checked out is never moved.
      await this.git.run(['checkout', '--force', '--detach', base]);
      await this.git.run(['clean', '-fd']);
      return;
    }
    // One scan says what the job changed; usually a few files go back without resetting it all.
    const plan = restorePlan(parseStatus(await this.status()));
    if (plan.kind === 'clean') return;
    if (plan.kind === 'reset') {
      await this.git.run(['reset', '--hard', 'HEAD']);
      // Untracked files go; ignored ones (node_modules, build output) stay for the next verification.
      await this.git.run(['clean', '-fd']);
      return;
    }
    if (plan.tracked.length > 0) {
      await this.git.run(['checkout', '--', ...plan.tracked], {
        env: { GIT_LITERAL_PATHSPECS: '1' },
      });
    }
    for (const path of plan.untracked) await removeUntracked(this.root, path);
  }

  async branchState(branch: string): Promise<BranchState> {
    return this.readBranchState(branch, await this.authConfig());
  }

  private async readBranchState(branch: string, auth: AuthConfig): Promise<BranchState> {
    const listing = await this.listHeads(branch, auth);
    const last = this.lastRead;
    if (last?.branch === branch && last.listing === listing) return last.state;
    const state = await this.judgeBranch(branch, await this.fetchBranch(branch, listing, auth));
    this.lastRead = { branch, listing, state };
    return state;
  }

  /** The `ls-remote` lines of the ticket's branch and the base branch on the remote. */
  private async listHeads(branch: string, auth: AuthConfig): Promise<string> {
    const base = await this.baseBranch();
    const listed = await this.network(
      ['ls-remote', '--heads', this.urls.fetch, `refs/heads/${branch}`, `refs/heads/${base}`],
      auth,
    );
    return listed.stdout;
  }

  private async judgeBranch(branch: string, remoteHead: string | undefined): Promise<BranchState> {
    if (!remoteHead) return { kind: 'absent' };
    const exclude = [await this.baseCommit()];
    const remoteBase = await this.resolve(`refs/remotes/${REMOTE}/${await this.baseBranch()}`);
    if (remoteBase) exclude.push(remoteBase);
    const log = await this.git.text([
      'log',
      '--format=%H%x1f%ae%x1f%ce%x1f%B%x1e',
      remoteHead,
      '--not',
      ...exclude,
    ]);
    const ticketId = ticketIdFromBranch(branch);
    const ourEmail = this.config.repository.commitAuthor.email.toLowerCase();
    for (const record of log
      .split('\x1e')
      .map((r) => r.trim())
      .filter(Boolean)) {
      const [sha = '', author = '', committer = '', message = ''] = record.split('\x1f');
      const trailer = new RegExp(`^${COMMIT_TRAILER}: (\\d+)\\s*$`, 'm').exec(message);
      const ours =
        author.toLowerCase() === ourEmail &&
        committer.toLowerCase() === ourEmail &&
        trailer !== null &&
        (ticketId === undefined || Number(trailer[1]) === ticketId);
      if (!ours) {
        return {
          kind: 'foreign',
          reason: `branch ${branch} has commit ${sha.slice(0, 12)} by ${author || 'unknown'} that ticket-to-pr did not make; it is left alone`,
        };
      }
    }
    return { kind: 'ours', head: remoteHead };
  }

  /**
   * Fetches the listed remote branch into refs/remotes/origin/<branch>; its sha, or undefined when
   * `listing` does not hold it.
   */
  private async fetchBranch(
    branch: string,
    listing: string,
    auth: AuthConfig,
  ): Promise<string | undefined> {
    const base = await this.baseBranch();
    const heads = new Map(
      listing
        .split('\n')
        .map((line) => line.split('\t'))
        .filter((parts): parts is [string, string] => parts.length === 2)
        .map(([sha, ref]) => [ref.trim(), sha.trim()]),
    );
    const trackingRef = `refs/remotes/${REMOTE}/${branch}`;
    const sha = heads.get(`refs/heads/${branch}`);
    if (!sha) {
      // A stale tracking ref would make a later run think the branch still exists.
      if (await this.refExists(trackingRef)) await this.git.run(['update-ref', '-d', trackingRef]);
      return undefined;
    }
    const refspecs = [`+refs/heads/${branch}:${trackingRef}`];
    if (heads.has(`refs/heads/${base}`))
      refspecs.push(`+refs/heads/${base}:refs/remotes/${REMOTE}/${base}`);
    // `+` updates our local tracking refs only; nothing on the remote is ever forced.
    await this.network(
      // --verbose, not --quiet: a fetch with nothing new would print nothing (see GitRunner).
      ['fetch', '--verbose', '--no-tags', '--no-write-fetch-head', this.urls.fetch, ...refspecs],
      auth,
    );
    return (await this.resolve(trackingRef)) ?? sha;
  }

  async commitAndPush(input: {
    readonly branch: string;
    readonly message: string;
    readonly author: { readonly name: string; readonly email: string };
    readonly paths: readonly string[];
  }): Promise<PushResult> {
    const { branch, author } = input;
    const auth = await this.authConfig();
    const state = await this.readBranchState(branch, auth);
    if (state.kind === 'foreign') throw new ForeignBranchError(branch, state.reason);

    const base = await this.baseCommit();
    const tree = await this.snapshotTree(input.paths);
    const parents = state.kind === 'ours' ? [state.head] : [base];
    if (state.kind === 'ours' && !(await this.isAncestor(base, state.head))) {
      // The base moved on since the last run: a second parent keeps the pull request's diff to
      // our change alone, and the branch still only moves forward.
      parents.push(base);
    }
    if (parents.length === 1 && (await this.treeOf(parents[0]!)) === tree) {
      if (state.kind === 'absent')
        throw new GitError('nothing to commit: the working tree equals the base commit', null);
      this.logger.info(`Branch ${branch} already holds this change; nothing new to push.`);
      return { branch, commit: state.head, pushed: !this.config.dryRun };
    }

    const ticketId = ticketIdFromBranch(branch) ?? /AB#(\d+)/.exec(input.message)?.[1];
    const message = `${input.message.trim()}\n\n${COMMIT_TRAILER}: ${ticketId ?? 'unknown'}\n`;
    const identity = {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
    };
    const commit = await this.git.text(
      ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', message],
      { env: identity },
    );
    if (this.config.dryRun) {
      await this.updateLocalBranch(branch, commit);
      this.logger.info(
        `Dry run: committed ${commit.slice(0, 12)} on ${branch} locally; not pushed.`,
      );
      return { branch, commit, pushed: false };
    }
    // The push names the commit itself, so the local branch can be set meanwhile.
    await Promise.all([this.updateLocalBranch(branch, commit), this.push(branch, commit, auth)]);
    this.logger.info(`Pushed ${commit.slice(0, 12)} to ${branch}.`);
    return { branch, commit, pushed: true };
  }

  async checkoutBranchHead(branch: string): Promise<string> {
    const auth = await this.authConfig();
    const head = await this.fetchBranch(branch, await this.listHeads(branch, auth), auth);
    if (!head) throw new GitError(`branch ${branch} no longer exists on ${REMOTE}`, null);
    await this.git.run(['checkout', '--force', '--detach', head]);
    return head;
  }

  async diffAgainstBase(): Promise<string> {
    const base = await this.baseCommit();
    const from = (await this.git.text(['merge-base', base, 'HEAD'])) || base;
    // Not text(): trimming would change the diff's last context line.
    return (await this.git.run(['diff', '--no-color', '--no-ext-diff', from, 'HEAD'])).stdout;
  }

  async commitOnTop(input: {
    readonly branch: string;
    readonly onto: string;
    readonly message: string;
    readonly author: { readonly name: string; readonly email: string };
    readonly paths: readonly string[];
  }): Promise<PushResult & { readonly rebasedOnto?: string }> {
    const { branch, onto, author } = input;
    const identity = {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
    };
    const ticketId = ticketIdFromBranch(branch);
    const message = `${input.message.trim()}\n\n${COMMIT_TRAILER}: ${ticketId ?? 'unknown'}\n`;
    const tree = await this.snapshotTree(input.paths, onto);
    if ((await this.treeOf(onto)) === tree)
      throw new GitError('nothing to commit: the working tree equals the branch head', null);
    const commit = await this.git.text(['commit-tree', tree, '-p', onto, '-m', message], {
      env: identity,
    });
    if (this.config.dryRun) {
      await this.updateLocalBranch(branch, commit);
      this.logger.info(
        `Dry run: committed ${commit.slice(0, 12)} on ${branch} locally; not pushed.`,
      );
      return { branch, commit, pushed: false };
    }
    const auth = await this.authConfig();
    try {
      await this.push(branch, commit, auth);
      await this.updateLocalBranch(branch, commit);
      this.logger.info(
        `Pushed ${commit.slice(0, 12)} on top of ${onto.slice(0, 12)} to ${branch}.`,
      );
      return { branch, commit, pushed: true };
    } catch (error) {
      if (!(error instanceof PushRejectedError) || error.rejection !== 'stale') throw error;
    }
    // Someone pushed meanwhile: our one commit is re-applied once on their head (a three-way
    // merge whose base is `onto`, as a cherry-pick), then pushed fast-forward again.
    const newHead = await this.fetchBranch(branch, await this.listHeads(branch, auth), auth);
    if (!newHead || !(await this.isAncestor(onto, newHead))) {
      throw new RevisionConflictError(
        branch,
        `branch ${branch} was ${newHead ? 'rewritten' : 'deleted'} while the revision ran; nothing was pushed`,
      );
    }
    const merged = await this.git.run(['merge-tree', '--write-tree', newHead, commit], {
      allowFailure: true,
    });
    if (merged.exitCode !== 0) {
      throw new RevisionConflictError(
        branch,
        `someone pushed ${newHead.slice(0, 12)} to ${branch} while the revision ran, and the revision conflicts with it; nothing was pushed`,
      );
    }
    const mergedTree = merged.stdout.split('\n')[0]!.trim();
    const rebased = await this.git.text(['commit-tree', mergedTree, '-p', newHead, '-m', message], {
      env: identity,
    });
    await this.push(branch, rebased, auth);
    await this.updateLocalBranch(branch, rebased);
    this.logger.info(
      `Pushed ${rebased.slice(0, 12)} to ${branch}, re-applied on ${newHead.slice(0, 12)} pushed meanwhile.`,
    );
    return { branch, commit: rebased, pushed: true, rebasedOnto: newHead };
  }

  private async push(branch: string, commit: string, auth: AuthConfig): Promise<void> {
    // No force of any kind; --no-verify on top of the runner's hooks-off setting.
    const result = await this.network(
      ['push', '--porcelain', '--no-verify', this.urls.push, `${commit}:refs/heads/${branch}`],
      auth,
      true,
    );
    if (result.exitCode === 0) return;
    const text = `${result.stdout}\n${result.stderr}`;
    const remoteLines = text
      .split('\n')
      .filter((l) => l.startsWith('remote:'))
      .map((l) => l.slice('remote:'.length).trim())
      .filter(Boolean)
      .join(' ');
    if (/\[rejected\].*\((non-fast-forward|fetch first|stale info)\)/.test(text)) {
      throw new PushRejectedError(
        branch,
        'stale',
        `push to ${branch} was rejected because the remote branch moved since it was read (someone else pushed); nothing was forced`,
      );
    }
    if (/\[remote rejected\]/.test(text)) {
      const why = /\[remote rejected\] \((.*)\)/.exec(text)?.[1] ?? 'declined';
      throw new PushRejectedError(
        branch,
        'declined',
        `the remote declined the push to ${branch} (${why})${remoteLines ? `: ${remoteLines}` : ''}; check branch protection rules for ticket-to-pr/* branches`,
      );
    }
    if (
      /Permission .* denied|returned error: 40[13]|Authentication failed|could not read Username/i.test(
        text,
      )
    ) {
      throw new PushRejectedError(
        branch,
        'permission',
        `the token may not push to ${branch}: ${text.trim().split('\n').at(-1)}. GitHub needs contents: write; Azure Repos needs Contribute and Create branch`,
      );
    }
    throw new GitError(
      `git push to ${branch} failed (exit ${result.exitCode}): ${text.trim()}`,
      result.exitCode,
    );
  }

  /**
   * The base commit's tree with `paths` as they are in the working tree (deleted ones removed), via
   * a temporary index: the user's index is not touched. Only the edited paths go in, so whatever
   * the repository's own commands left behind (a rewritten lockfile, build output) never reaches
   * the commit, and git does not have to scan the whole working tree.
   */
  private async snapshotTree(paths: readonly string[], from?: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'ticket-to-pr-index-'));
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    try {
      const base = from ?? (await this.baseCommit());
      let copied = false;
      if ((await this.resolve('HEAD')) === base) {
        // Start from a copy of the real index, which is cheaper than reading the base tree into
        // a new one; `add` below then brings in the edited paths either way.
        copied = await copyIndex(this.indexFile, env.GIT_INDEX_FILE);
      }
      if (!copied) await this.git.run(['read-tree', base], { env });
      if (paths.length > 0) {
        // --verbose so git prints what it staged (see GitRunner); literal paths, never globs.
        await this.git.run(['add', '--all', '--verbose', '--', ...paths], {
          env: { ...env, GIT_LITERAL_PATHSPECS: '1' },
        });
      }
      return await this.git.text(['write-tree'], { env });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async updateLocalBranch(branch: string, commit: string): Promise<void> {
    // Never move a branch checked out here or in any other worktree of this repository.
    const worktrees = await this.git.text(['worktree', 'list', '--porcelain']);
    if (worktrees.split('\n').includes(`branch refs/heads/${branch}`)) return;
    await this.git.run(['update-ref', '-m', 'ticket-to-pr', `refs/heads/${branch}`, commit]);
  }

  private async treeOf(commit: string): Promise<string> {
    return this.git.text(['rev-parse', `${commit}^{tree}`]);
  }

  /** No commit of `ancestor` missing from `descendant`; `merge-base --is-ancestor` would print nothing. */
  private async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const missing = await this.git.run(['rev-list', '--count', `${descendant}..${ancestor}`], {
      allowFailure: true,
    });
    return missing.exitCode === 0 && missing.stdout.trim() === '0';
  }

  private async resolve(ref: string): Promise<string | undefined> {
    // Not --quiet: git's "Needed a single revision" on stderr spares the wait for silent commands.
    const result = await this.git.run(['rev-parse', '--verify', `${ref}^{commit}`], {
      allowFailure: true,
    });
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
  }

  private async refExists(ref: string): Promise<boolean> {
    return (await this.resolve(ref)) !== undefined;
  }
}
