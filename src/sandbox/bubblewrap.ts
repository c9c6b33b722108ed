import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bwrapArgs, isInside, type BwrapPlan } from './bwrap-args.js';
import { withoutCredentials } from './git-config.js';
import { runnerPaths } from './runner-paths.js';
import type { Sandbox, SandboxSettings } from './sandbox.js';

/** Time the preflight gives bubblewrap to run `true`. */
const PROBE_TIMEOUT_MS = 15_000;

export type BubblewrapProbe =
  | { readonly ok: true; readonly sandbox: Sandbox }
  | { readonly ok: false; readonly why: string };

/**
 * Finds bubblewrap on the commands' PATH and runs `true` through it in the work tree, with the
 * arguments every command gets: user namespaces can be off in the kernel or denied by AppArmor,
 * and only a real run shows it. `env` is the allowlisted environment: bwrap is started with it,
 * since its own /proc/1/environ is visible inside. `hostEnv` locates the runner's files to hide.
 */
export async function probeBubblewrap(options: {
  readonly settings: SandboxSettings;
  readonly env: NodeJS.ProcessEnv;
  readonly hostEnv: NodeJS.ProcessEnv;
  readonly repoRoot: string;
}): Promise<BubblewrapProbe> {
  const bwrap = findOnPath('bwrap', options.env.PATH ?? '');
  if (!bwrap) return { ok: false, why: 'bubblewrap (bwrap) is not on PATH' };
  const version = await run(bwrap, ['--version'], options.env);
  if (version.code !== 0) return { ok: false, why: `'bwrap --version' failed: ${version.text}` };
  const plan = (repoRoot: string): BwrapPlan => planFor(repoRoot, options);
  const probe = await run(bwrap, bwrapArgs(plan(options.repoRoot), 'true'), options.env);
  if (probe.code !== 0)
    return { ok: false, why: `bubblewrap is installed but cannot run here: ${probe.text}` };
  const name = version.text.trim() || 'bubblewrap';
  const network = options.settings.network ? 'network on' : 'no network';
  return {
    ok: true,
    sandbox: {
      isolation: {
        level: 'bubblewrap',
        description: `${name}: own PID and mount namespaces, filesystem read-only but the work tree, .git read-only, fresh HOME and /tmp, the runner's command files, temp dirs and credential files hidden, ${network}.`,
      },
      launch: (command, repoRoot) => ({ file: bwrap, args: bwrapArgs(plan(repoRoot), command) }),
    },
  };
}

function planFor(
  repoRoot: string,
  options: { settings: SandboxSettings; env: NodeJS.ProcessEnv; hostEnv: NodeJS.ProcessEnv },
): BwrapPlan {
  const root = real(repoRoot);
  const gitDirs = gitDirsOf(root);
  // Without HOME in the environment, tools fall back to the account's home: that one is replaced.
  const home = real(options.env.HOME || os.userInfo().homedir);
  const hidden = runnerPaths(options.hostEnv, process.execPath);
  for (const dir of options.settings.writable) fs.mkdirSync(dir, { recursive: true });
  return {
    repoRoot: root,
    gitDirs,
    overlays: gitDirs.flatMap(credentialFreeConfig),
    home,
    homeToolDirs: (options.env.PATH ?? '')
      .split(':')
      .filter((dir) => path.isAbsolute(dir) && fs.existsSync(dir))
      .map(real)
      .filter((dir) => isInside(dir, home) && dir !== home),
    writable: options.settings.writable.map(real),
    hiddenDirs: hidden.dirs.filter(isDirectory).map(real),
    hiddenFiles: hidden.files.filter(isFile).map(real),
    network: options.settings.network,
  };
}

/** Where the credential-free copies of git configs are written: one folder per process, removed at its exit. */
let overlayDir: string | undefined;

function overlayFolder(): string {
  if (overlayDir) return overlayDir;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ticket-to-pr-sandbox-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  overlayDir = dir;
  return dir;
}

/** A read-only copy of `<gitDir>/config` without credentials, shown in its place. */
function credentialFreeConfig(gitDir: string): { source: string; target: string }[] {
  const target = path.join(gitDir, 'config');
  if (!isFile(target)) return [];
  const source = path.join(overlayFolder(), `${gitDir.replace(/[^\w.-]+/g, '_')}.config`);
  fs.writeFileSync(source, withoutCredentials(fs.readFileSync(target, 'utf8')), { mode: 0o644 });
  return [{ source, target }];
}

/** `.git` of the work tree; for a linked worktree (`.git` is a file), its git dir and the common dir. */
export function gitDirsOf(root: string): string[] {
  const dotGit = path.join(root, '.git');
  if (isDirectory(dotGit)) return [dotGit];
  if (!isFile(dotGit)) return [];
  const match = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'));
  if (!match) return [];
  const gitDir = path.resolve(root, match[1]!.trim());
  const dirs = isDirectory(gitDir) ? [real(gitDir)] : [];
  const commonFile = path.join(gitDir, 'commondir');
  if (isFile(commonFile)) {
    const common = path.resolve(gitDir, fs.readFileSync(commonFile, 'utf8').trim());
    if (isDirectory(common)) dirs.push(real(common));
  }
  return dirs;
}

function findOnPath(name: string, PATH: string): string | undefined {
  for (const dir of PATH.split(':')) {
    if (!path.isAbsolute(dir)) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (isFile(file)) return file;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

function run(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; text: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: PROBE_TIMEOUT_MS }, (error, stdout, stderr) => {
      const text = `${stdout}${stderr}`.trim() || (error ? error.message : '');
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, text });
    });
  });
}

function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function isDirectory(p: string): boolean {
  return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function isFile(p: string): boolean {
  return fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
}
