import {
  chmod,
  lstat,
  mkdir,
  readFile,
  readdir,
  readlink,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { getErrorMessage } from '../shared/errors.js';
import { GitError, listed } from './errors.js';

/**
 * One path as it was: a file (content and mode), a directory, a symbolic link, something else (a
 * device such as /dev/null, a fifo), or nothing.
 */
type Entry =
  | { readonly kind: 'file'; readonly content: Buffer; readonly mode: number }
  | { readonly kind: 'dir'; readonly mode: number }
  | { readonly kind: 'link'; readonly target: string }
  | { readonly kind: 'other' }
  | { readonly kind: 'absent' };

/** Where a repository keeps the files that steer git itself (from `git rev-parse`). */
export interface GitDirs {
  /** The working tree's top level. */
  readonly topLevel: string;
  /** This worktree's own git directory (`--git-dir`). */
  readonly gitDir: string;
  /** The directory shared by all worktrees (`--git-common-dir`): config, hooks, info, objects. */
  readonly commonDir: string;
  /**
   * Every other config file git reads for this checkout (the user's global ones, the system one,
   * included files), absolute; watched whether or not it exists yet.
   */
  readonly configFiles: readonly string[];
}

/**
 * The paths git reads its behaviour from, which the repository's own commands could rewrite:
 * config files (the repository's and every other one git reads), hooks, info/ (attributes,
 * excludes, sparse-checkout), the alternates list, and a `.git` file or `commondir` that says where
 * the repository is. Whole trees for the directories.
 */
function watchedPaths(dirs: GitDirs): { files: string[]; trees: string[] } {
  const { topLevel, gitDir, commonDir } = dirs;
  const files = new Set([
    ...dirs.configFiles,
    join(commonDir, 'config'),
    join(gitDir, 'config.worktree'),
    join(commonDir, 'config.worktree'),
    join(commonDir, 'objects', 'info', 'alternates'),
    join(topLevel, '.git'),
    join(gitDir, 'commondir'),
  ]);
  const trees = new Set([join(commonDir, 'hooks'), join(commonDir, 'info'), join(gitDir, 'info')]);
  return { files: [...files], trees: [...trees] };
}

/** The files named in `git config --list --show-origin --name-only -z` output (`file:<path>\0<key>\0`). */
function configFilesListed(listing: string, topLevel: string): string[] {
  const fields = listing.split('\0');
  const files = new Set<string>();
  for (let i = 0; i < fields.length; i += 2) {
    const origin = fields[i]!;
    if (origin.startsWith('file:')) files.add(resolve(topLevel, origin.slice('file:'.length)));
  }
  return [...files];
}

/** Where git looks for the user's own config, whether or not it exists yet (git-config(1), FILES). */
function globalConfigFiles(env: NodeJS.ProcessEnv): string[] {
  if (env.GIT_CONFIG_GLOBAL) return [resolve(env.GIT_CONFIG_GLOBAL)];
  if (!env.HOME) return [];
  const xdg = env.XDG_CONFIG_HOME || join(env.HOME, '.config');
  return [join(env.HOME, '.gitconfig'), join(xdg, 'git', 'config')];
}

/**
 * Every config file git reads for the checkout besides its own: those `git config --list
 * --show-origin --name-only -z` names (global, system, included), and the user's global ones
 * even when they do not exist yet.
 */
export function configFilesToWatch(
  listing: string,
  topLevel: string,
  env: NodeJS.ProcessEnv,
): string[] {
  return [...new Set([...configFilesListed(listing, topLevel), ...globalConfigFiles(env)])];
}

/**
 * The path as it is now. When comparing (`snapshot` given), a file that is new or of another size
 * differs whatever it holds, so it is not read (the tests could have written a huge one).
 */
async function readEntry(path: string, snapshot?: ReadonlyMap<string, Entry>): Promise<Entry> {
  const stats = await lstat(path).catch(() => undefined);
  if (!stats) return { kind: 'absent' };
  if (stats.isSymbolicLink()) return { kind: 'link', target: await readlink(path) };
  if (stats.isDirectory()) return { kind: 'dir', mode: stats.mode & 0o7777 };
  if (!stats.isFile()) return { kind: 'other' };
  const mode = stats.mode & 0o7777;
  const was = snapshot?.get(path);
  if (snapshot && (was?.kind !== 'file' || was.content.length !== stats.size))
    return { kind: 'file', content: Buffer.alloc(0), mode: -1 };
  return { kind: 'file', content: await readFile(path), mode };
}

function sameEntry(a: Entry, b: Entry): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'file' && b.kind === 'file')
    return a.mode === b.mode && a.content.equals(b.content);
  if (a.kind === 'dir' && b.kind === 'dir') return a.mode === b.mode;
  if (a.kind === 'link' && b.kind === 'link') return a.target === b.target;
  return true;
}

/** Every path under `root` (itself included), as it is now. */
async function readTree(
  root: string,
  into: Map<string, Entry>,
  snapshot?: ReadonlyMap<string, Entry>,
): Promise<void> {
  const entry = await readEntry(root, snapshot);
  into.set(root, entry);
  if (entry.kind !== 'dir') return;
  const names = await readdir(root).catch(() => [] as string[]);
  for (const name of names.sort()) await readTree(join(root, name), into, snapshot);
}

async function readAll(
  dirs: GitDirs,
  snapshot?: ReadonlyMap<string, Entry>,
): Promise<Map<string, Entry>> {
  const { files, trees } = watchedPaths(dirs);
  const state = new Map<string, Entry>();
  for (const file of files) state.set(file, await readEntry(file, snapshot));
  for (const tree of trees) await readTree(tree, state, snapshot);
  return state;
}

async function putBack(path: string, entry: Entry): Promise<void> {
  await rm(path, { recursive: true, force: true });
  if (entry.kind !== 'absent') await mkdir(dirname(path), { recursive: true });
  if (entry.kind === 'file') {
    await writeFile(path, entry.content);
    await chmod(path, entry.mode);
  } else if (entry.kind === 'dir') {
    await mkdir(path, { mode: entry.mode });
    await chmod(path, entry.mode);
  } else if (entry.kind === 'link') {
    await symlink(entry.target, path);
  }
}

/**
 * git's own files as they were when the checkout was opened, before any of the repository's
 * commands ran: what `restore()` compares with and puts back.
 */
export class GitFilesSnapshot {
  private constructor(
    private readonly dirs: GitDirs,
    private readonly entries: ReadonlyMap<string, Entry>,
  ) {}

  static async take(dirs: GitDirs): Promise<GitFilesSnapshot> {
    return new GitFilesSnapshot(dirs, await readAll(dirs));
  }

  /**
   * Puts every path that differs back as it was (added ones removed) and returns what differed;
   * empty when nothing did.
   */
  async restore(): Promise<string[]> {
    const now = await readAll(this.dirs, this.entries);
    const changed = describe(this.dirs, this.entries, now);
    if (changed.length === 0) return [];
    // Removals deepest first, then what was there, parents before children.
    const added = [...now.keys()]
      .filter((p) => !this.entries.has(p))
      .sort()
      .reverse();
    let failure: unknown;
    try {
      for (const path of added) await rm(path, { recursive: true, force: true });
      for (const [path, entry] of [...this.entries].sort(([a], [b]) => a.localeCompare(b))) {
        const current = await readEntry(path, this.entries);
        // A device or fifo that was there is never removed nor made: only reported.
        if (entry.kind === 'other') continue;
        if (!sameEntry(current, entry)) {
          // A directory that was and still is one keeps its contents; only its mode goes back.
          if (entry.kind === 'dir' && current.kind === 'dir') await chmod(path, entry.mode);
          else await putBack(path, entry);
        }
      }
    } catch (error) {
      failure = error;
    }
    const left = describe(this.dirs, this.entries, await readAll(this.dirs, this.entries));
    if (left.length > 0) {
      throw new GitError(
        `The repository's commands changed git's own files and they could not be restored (${listed(left)}${failure ? `: ${getErrorMessage(failure)}` : ''}). Nothing was pushed; restore them by hand (or check out the repository again) before the next job.`,
        null,
      );
    }
    return changed;
  }
}

function describe(
  dirs: GitDirs,
  before: ReadonlyMap<string, Entry>,
  now: ReadonlyMap<string, Entry>,
): string[] {
  const shown = (path: string): string => {
    const rel = relative(dirs.topLevel, path);
    // The tests chose the names of added files: no control characters reach a log line.
    return (rel.startsWith('..') || isAbsolute(rel) ? path : rel).replace(
      // eslint-disable-next-line no-control-regex -- control characters are what must go
      /[\u0000-\u001f\u007f-\u009f]/g,
      (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    );
  };
  const out: string[] = [];
  for (const path of [...new Set([...before.keys(), ...now.keys()])].sort()) {
    const was = before.get(path) ?? { kind: 'absent' };
    const is = now.get(path) ?? { kind: 'absent' };
    if (sameEntry(was, is)) continue;
    const how = was.kind === 'absent' ? 'added' : is.kind === 'absent' ? 'removed' : 'changed';
    out.push(`${shown(path)} (${how})`);
  }
  return out;
}
