import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { GitRunner } from '../git/git-runner.js';
import type { CommandSetting } from '../sandbox/choose.js';
import { runCommand } from '../verify/run-command.js';
import { CHECK_OUTPUT_LIMIT } from '../verify/command-verifier.js';
import type { BacktestGit } from './git-tools.js';

/**
 * Files whose content decides what a dependency install produces. When a base commit has any
 * lockfile, the lockfiles key the cache; without one, the manifests do.
 */
const LOCKFILES = [
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'poetry.lock',
  'Pipfile.lock',
  'Cargo.lock',
  'go.sum',
  'Gemfile.lock',
  'composer.lock',
];
const MANIFESTS = ['package.json', 'pyproject.toml', 'requirements.txt', 'go.mod', 'Gemfile'];

export interface SetupOutcome {
  readonly ok: boolean;
  readonly cached: boolean;
  readonly durationMs: number;
  /** Bounded output of a failed setup. */
  readonly output: string;
}

/**
 * Runs the setup command (dependency install) in a worktree once per key, and afterwards copies
 * what it produced (the ignored and untracked paths it left, e.g. node_modules) from the cache.
 * The key is the command plus the lockfiles' blob ids at the base commit, so commits that share a
 * lockfile share one install; without any lockfile or manifest the key is the base commit.
 */
export class SetupCache {
  constructor(
    private readonly dir: string,
    private readonly command: string,
    /** The sandbox and allowlisted environment the setup runs with, like every verification command. */
    private readonly commands: CommandSetting,
    private readonly timeoutMs: number,
  ) {}

  async key(git: BacktestGit, commit: string): Promise<string> {
    const locks = await git.blobIds(commit, LOCKFILES);
    const useLocks = locks.some((b) => b !== '');
    const names = useLocks ? LOCKFILES : MANIFESTS;
    const blobs = useLocks ? locks : await git.blobIds(commit, MANIFESTS);
    const parts = blobs.some((b) => b !== '')
      ? names.map((n, i) => `${n}=${blobs[i]}`)
      : [`commit=${commit}`];
    return createHash('sha256')
      .update([this.command, ...parts].join('\n'))
      .digest('hex')
      .slice(0, 24);
  }

  async prepare(worktree: GitRunner, key: string): Promise<SetupOutcome> {
    const started = Date.now();
    const entry = join(this.dir, key);
    const saved = await readFile(join(entry, 'paths.json'), 'utf8').then(
      (text) => JSON.parse(text) as string[],
      () => undefined,
    );
    if (saved) {
      for (const path of saved)
        await copyTree(join(entry, 'tree', path), join(worktree.root, path));
      return { ok: true, cached: true, durationMs: Date.now() - started, output: '' };
    }
    const run = await runCommand(this.command, {
      cwd: worktree.root,
      env: this.commands.env,
      sandbox: this.commands.sandbox,
      timeoutMs: this.timeoutMs,
      outputLimit: CHECK_OUTPUT_LIMIT,
    });
    const ok = run.exitCode === 0 && !run.timedOut;
    if (ok) await this.save(worktree, entry);
    return { ok, cached: false, durationMs: Date.now() - started, output: ok ? '' : run.output };
  }

  /** Copies what the setup left (top-level untracked, ignored and changed paths) into the cache, atomically. */
  private async save(worktree: GitRunner, entry: string): Promise<void> {
    const status = await worktree.run([
      'status',
      '--porcelain',
      '-z',
      '--ignored',
      '--untracked-files=normal',
    ]);
    const paths = status.stdout
      .split('\0')
      .filter((r) => r.length > 3)
      .map((r) => r.slice(3).replace(/\/$/, ''));
    const staging = `${entry}.partial-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(join(staging, 'tree'), { recursive: true });
    for (const path of paths)
      await copyTree(join(worktree.root, path), join(staging, 'tree', path));
    await writeFile(join(staging, 'paths.json'), JSON.stringify(paths));
    await rm(entry, { recursive: true, force: true });
    await rename(staging, entry);
  }
}

/**
 * Copies a file or directory with the system's cp (symlinks kept as links, modes and times kept):
 * several times faster than a copy in Node on a node_modules of thousands of files.
 */
async function copyTree(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await mkdir(dirname(to), { recursive: true });
  await promisify(execFile)('cp', ['-R', '-p', from, to]);
}
