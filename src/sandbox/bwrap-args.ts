import path from 'node:path';

/** Everything the bubblewrap command line depends on; resolved (real, absolute paths) by the caller. */
export interface BwrapPlan {
  /** The work tree: the only place the commands write, besides `writable`. */
  readonly repoRoot: string;
  /** The git directories (`.git`, or a worktree's git dir and its common dir): read-only. */
  readonly gitDirs: readonly string[];
  /** HOME, replaced by an empty tmpfs (no ~/.npmrc, ~/.gitconfig, ~/.ssh; nothing persists). */
  readonly home?: string;
  /** Directories on PATH under HOME: shown read-only again, so tools installed there still run. */
  readonly homeToolDirs: readonly string[];
  /** Paths bound writable (`sandbox-writable`). */
  readonly writable: readonly string[];
  /** The runner's directories to hide (temp dirs, the command files' folder): empty tmpfs. */
  readonly hiddenDirs: readonly string[];
  /** The runner's files to hide (credentials, command files): /dev/null bound over them. */
  readonly hiddenFiles: readonly string[];
  readonly network: boolean;
  /** Files shown in place of others, read-only (a credential-free copy of .git/config). */
  readonly overlays?: readonly { readonly source: string; readonly target: string }[];
}

interface Mount {
  readonly target: string;
  /** Order among mounts on the same path: hiding first, then writable, then read-only again. */
  readonly rank: number;
  readonly args: readonly string[];
}

/**
 * The bubblewrap arguments that run `/bin/sh -c command` in the work tree: own PID, IPC and mount
 * namespaces (network too when it is off), a session of its own, the whole filesystem read-only,
 * fresh /proc, /dev, /tmp and HOME, the runner's files hidden, the work tree writable and its git
 * directories read-only on top. Mounts go from the shallowest path to the deepest, so the most
 * specific rule wins: a work tree under /tmp or inside a hidden folder is bound after that folder
 * is emptied, and `.git` is made read-only after the work tree is bound writable. Pure.
 */
export function bwrapArgs(plan: BwrapPlan, command: string): string[] {
  const mounts: Mount[] = [
    { target: '/dev', rank: 0, args: ['--dev', '/dev'] },
    { target: '/proc', rank: 0, args: ['--proc', '/proc'] },
    { target: '/tmp', rank: 0, args: ['--tmpfs', '/tmp'] },
  ];
  if (plan.home && plan.home !== '/') {
    mounts.push({ target: plan.home, rank: 0, args: ['--tmpfs', plan.home] });
    for (const dir of plan.homeToolDirs)
      if (isInside(dir, plan.home) && dir !== plan.home)
        mounts.push({ target: dir, rank: 3, args: ['--ro-bind', dir, dir] });
  }
  for (const dir of plan.hiddenDirs)
    if (dir !== '/') mounts.push({ target: dir, rank: 1, args: ['--tmpfs', dir] });
  for (const file of plan.hiddenFiles)
    mounts.push({ target: file, rank: 1, args: ['--ro-bind', '/dev/null', file] });
  for (const dir of plan.writable)
    mounts.push({ target: dir, rank: 2, args: ['--bind', dir, dir] });
  mounts.push({ target: plan.repoRoot, rank: 2, args: ['--bind', plan.repoRoot, plan.repoRoot] });
  for (const dir of plan.gitDirs)
    mounts.push({ target: dir, rank: 3, args: ['--ro-bind', dir, dir] });

  for (const overlay of plan.overlays ?? [])
    mounts.push({
      target: overlay.target,
      rank: 4,
      args: ['--ro-bind', overlay.source, overlay.target],
    });

  const ordered = mounts
    .map((m, index) => ({ ...m, index }))
    .sort((a, b) => depth(a.target) - depth(b.target) || a.rank - b.rank || a.index - b.index);
  return [
    '--unshare-pid',
    '--unshare-ipc',
    ...(plan.network ? [] : ['--unshare-net']),
    '--die-with-parent',
    '--new-session',
    '--ro-bind',
    '/',
    '/',
    ...ordered.flatMap((m) => m.args),
    '--setenv',
    'TMPDIR',
    '/tmp',
    '--chdir',
    plan.repoRoot,
    '--',
    '/bin/sh',
    '-c',
    command,
  ];
}

function depth(p: string): number {
  return path.resolve(p).split('/').filter(Boolean).length;
}

export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  // `..x` is a folder name inside; only `..` itself or a `../` start climbs out.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
