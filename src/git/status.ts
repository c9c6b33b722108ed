/** One entry of `git status --porcelain -z`: the index and working-tree codes and the path. */
export interface StatusEntry {
  /** `X`: the index against HEAD (' ' unchanged, '?' untracked, 'M', 'A', 'D', 'R', …). */
  readonly index: string;
  /** `Y`: the working tree against the index. */
  readonly worktree: string;
  readonly path: string;
}

/** Parses `git status --porcelain -z [--branch]`; the `## branch` header is skipped. */
export function parseStatus(output: string): StatusEntry[] {
  const fields = output.split('\0');
  const entries: StatusEntry[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field.length < 4 || field.startsWith('## ')) continue;
    const entry = { index: field[0]!, worktree: field[1]!, path: field.slice(3) };
    entries.push(entry);
    // A rename or copy is followed by its original path, as a field of its own.
    if ('RC'.includes(entry.index)) i += 1;
  }
  return entries;
}

/** How to bring a checkout back to HEAD after a job. */
export type RestorePlan =
  | { readonly kind: 'clean' }
  /** Only working-tree edits and new files: put those paths back, delete those files. */
  | { readonly kind: 'paths'; readonly tracked: string[]; readonly untracked: string[] }
  /** Anything else (staged changes, renames, a long list): reset the whole checkout. */
  | { readonly kind: 'reset' };

/** More paths than this go back through a full reset rather than one long command line. */
const MAX_PATHS = 200;

export function restorePlan(entries: readonly StatusEntry[]): RestorePlan {
  if (entries.length === 0) return { kind: 'clean' };
  if (entries.length > MAX_PATHS) return { kind: 'reset' };
  const tracked: string[] = [];
  const untracked: string[] = [];
  for (const entry of entries) {
    // A path ending in `/` is a nested repository, which `git clean -fd` also leaves alone.
    if (entry.index === '?' && entry.worktree === '?' && !entry.path.endsWith('/'))
      untracked.push(entry.path);
    else if (entry.index === ' ' && 'MDT'.includes(entry.worktree)) tracked.push(entry.path);
    else return { kind: 'reset' };
  }
  return { kind: 'paths', tracked, untracked };
}
