import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitRunner } from '../git/git-runner.js';
import type { Logger } from '../shared/logger.js';
import { SecretMasker } from '../shared/secrets.js';
import { filesOfPatch } from './changed-paths.js';
import type { FixedFile } from './oracle-answer.js';

/** The backtest's git work on the user's clone: worktrees at base commits, patches, file contents. */
export class BacktestGit {
  private readonly git: GitRunner;
  /** Worktrees made and not yet removed: what an interrupt must clean up. */
  readonly live = new Set<string>();

  constructor(
    readonly repo: string,
    private readonly logger: Logger,
  ) {
    this.git = runner(repo, logger);
  }

  /** origin's URL, or '' when the clone has none. */
  async originUrl(): Promise<string> {
    const r = await this.git.run(['remote', 'get-url', 'origin'], { allowFailure: true });
    return r.exitCode === 0 ? r.stdout.trim() : '';
  }

  async requireCommit(sha: string): Promise<string | undefined> {
    const r = await this.git.run(['rev-parse', '--verify', `${sha}^{commit}`], {
      allowFailure: true,
    });
    return r.exitCode === 0 ? r.stdout.trim() : undefined;
  }

  /**
   * `sha` as a commit of the clone, fetched from origin when missing (first by id, then origin's
   * branches, at most once per run); undefined when origin does not have it either.
   */
  async fetchCommit(sha: string): Promise<string | undefined> {
    const present = await this.requireCommit(sha);
    if (present) return present;
    await this.git.run(['fetch', '--quiet', 'origin', sha], { allowFailure: true });
    const byId = await this.requireCommit(sha);
    if (byId || this.fetchedBranches) return byId;
    this.fetchedBranches = true;
    await this.git.run(['fetch', '--quiet', 'origin'], { allowFailure: true });
    return this.requireCommit(sha);
  }
  private fetchedBranches = false;

  /** The first parent of `commit` (for a merge commit: the target branch before the merge). */
  async firstParent(commit: string): Promise<string | undefined> {
    return this.requireCommit(`${commit}^1`);
  }

  /** Whether `ancestor` is `commit` or one of its ancestors. */
  async isAncestor(ancestor: string, commit: string): Promise<boolean> {
    const r = await this.git.run(['merge-base', '--is-ancestor', ancestor, commit], {
      allowFailure: true,
    });
    return r.exitCode === 0;
  }

  /** Paths changed between two commits (new names for renames). */
  async changedPaths(from: string, to: string): Promise<string[]> {
    const { stdout } = await this.git.run(['diff', '--name-only', '-z', '--no-renames', from, to]);
    return stdout.split('\0').filter(Boolean);
  }

  /** The unified diff from one commit to another, limited to `paths` ('' for none). */
  async diff(from: string, to: string, paths: readonly string[]): Promise<string> {
    if (paths.length === 0) return '';
    const { stdout } = await this.git.run([
      'diff',
      '--binary',
      '--no-ext-diff',
      '--no-textconv',
      '--no-color',
      '--no-renames',
      from,
      to,
      '--',
      ...paths.map((p) => `:(literal)${p}`),
    ]);
    return stdout;
  }

  /** A fresh detached worktree at `commit`; git's own registry keeps it removable. */
  async addWorktree(dir: string, commit: string): Promise<GitRunner> {
    this.live.add(dir);
    await this.git.run(['worktree', 'add', '--detach', '--force', dir, commit]);
    return runner(dir, this.logger);
  }

  async removeWorktree(dir: string): Promise<void> {
    await this.git.run(['worktree', 'remove', '--force', '--force', dir], { allowFailure: true });
    await rm(dir, { recursive: true, force: true });
    await this.git.run(['worktree', 'prune'], { allowFailure: true });
    this.live.delete(dir);
  }

  /** For a signal handler: removes every live worktree synchronously, then forgets them. */
  removeAllNow(): void {
    for (const dir of this.live) {
      try {
        execFileSync('git', ['-C', this.repo, 'worktree', 'remove', '--force', '--force', dir], {
          stdio: 'ignore',
        });
      } catch {
        // Removed below and pruned.
      }
      rmSync(dir, { recursive: true, force: true });
    }
    try {
      execFileSync('git', ['-C', this.repo, 'worktree', 'prune'], { stdio: 'ignore' });
    } catch {
      // Nothing registered.
    }
    this.live.clear();
  }

  /** Blob ids of `paths` at `commit` ('' for a path that does not exist there). */
  async blobIds(commit: string, paths: readonly string[]): Promise<string[]> {
    const out: string[] = [];
    for (const path of paths) {
      const r = await this.git.run(['rev-parse', '--verify', `${commit}:${path}`], {
        allowFailure: true,
      });
      out.push(r.exitCode === 0 ? r.stdout.trim() : '');
    }
    return out;
  }

  /**
   * The files a patch changes, before (at `commit`) and after it: applied to a temporary index, so
   * no working tree is touched. Throws when the patch does not apply at `commit`.
   */
  async fixedFiles(commit: string, patch: string): Promise<FixedFile[]> {
    const dir = await mkdtemp(join(tmpdir(), 'ticket-to-pr-backtest-index-'));
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    try {
      const patchFile = join(dir, 'fix.patch');
      await writeFile(patchFile, patch);
      await this.git.run(['read-tree', commit], { env });
      await this.git.run(['apply', '--cached', '--whitespace=nowarn', patchFile], { env });
      const files: FixedFile[] = [];
      for (const path of filesOfPatch(patch).files) {
        const before = await this.git.run(['show', `${commit}:${path}`], { allowFailure: true });
        const after = await this.git.run(['show', `:${path}`], { allowFailure: true, env });
        files.push({
          path,
          before: before.exitCode === 0 ? before.stdout : undefined,
          after: after.exitCode === 0 ? after.stdout : '',
        });
      }
      return files;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/**
 * Puts `paths` back as they are at `base` (removing those that do not exist there), whatever the
 * job did to them: the held-out tests are judged as the real fix wrote them, as SWE-bench does.
 */
export async function restoreFromBase(
  git: GitRunner,
  base: string,
  paths: readonly string[],
): Promise<void> {
  for (const path of paths) {
    const atBase = await git.run(['cat-file', '-e', `${base}:${path}`], { allowFailure: true });
    if (atBase.exitCode === 0) await git.run(['checkout', base, '--', `:(literal)${path}`]);
    else await rm(join(git.root, path), { force: true });
  }
}

/** Applies a unified diff to a worktree; returns git's complaint when it does not apply. */
export async function applyPatch(git: GitRunner, patch: string): Promise<string | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'ticket-to-pr-backtest-patch-'));
  try {
    const file = join(dir, 'tests.patch');
    await writeFile(file, patch);
    const r = await git.run(['apply', '--whitespace=nowarn', file], { allowFailure: true });
    return r.exitCode === 0 ? undefined : r.stderr.trim() || `git apply exited ${r.exitCode}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function runner(root: string, logger: Logger): GitRunner {
  return new GitRunner(root, logger, new SecretMasker([]));
}
