import { describe, expect, it } from '@jest/globals';
import { bwrapArgs, isInside, type BwrapPlan } from '../../../src/sandbox/bwrap-args.js';

const plan: BwrapPlan = {
  repoRoot: '/home/runner/work/shop/shop',
  gitDirs: ['/home/runner/work/shop/shop/.git'],
  home: '/home/runner',
  homeToolDirs: ['/home/runner/.nvm/versions/node/v22/bin'],
  writable: ['/home/runner/.npm'],
  hiddenDirs: ['/home/runner/work/_temp', '/home/runner/work/_temp/_runner_file_commands'],
  hiddenFiles: ['/opt/runner/.credentials'],
  network: true,
};

/** The mount operations in order, as [flag, target]. */
function mounts(args: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a === '--tmpfs' || a === '--dev' || a === '--proc') out.push([a, args[++i]!]);
    else if (a === '--bind' || a === '--ro-bind') {
      out.push([a, args[i + 2]!]);
      i += 2;
    }
  }
  return out;
}

describe('bwrapArgs', () => {
  it('isolates PIDs, dies with its parent, starts a new session and runs the command through sh', () => {
    const args = bwrapArgs(plan, 'npm test');
    expect(args).toEqual(
      expect.arrayContaining(['--unshare-pid', '--die-with-parent', '--new-session']),
    );
    expect(args).not.toContain('--unshare-net');
    expect(args.slice(-4)).toEqual(['--', '/bin/sh', '-c', 'npm test']);
    expect(args.slice(args.indexOf('--chdir'), args.indexOf('--chdir') + 2)).toEqual([
      '--chdir',
      plan.repoRoot,
    ]);
  });

  it('has no network with sandbox-network off', () => {
    expect(bwrapArgs({ ...plan, network: false }, 'true')).toContain('--unshare-net');
  });

  it('makes everything read-only first, then fresh /dev, /proc, /tmp and HOME', () => {
    const m = mounts(bwrapArgs(plan, 'true'));
    expect(m[0]).toEqual(['--ro-bind', '/']);
    expect(m).toEqual(
      expect.arrayContaining([
        ['--dev', '/dev'],
        ['--proc', '/proc'],
        ['--tmpfs', '/tmp'],
        ['--tmpfs', '/home/runner'],
      ]),
    );
  });

  it('binds the work tree writable and only then its .git read-only', () => {
    const m = mounts(bwrapArgs(plan, 'true'));
    const work = m.findIndex(([f, t]) => f === '--bind' && t === plan.repoRoot);
    const git = m.findIndex(([f, t]) => f === '--ro-bind' && t === plan.gitDirs[0]);
    expect(work).toBeGreaterThan(0);
    expect(git).toBeGreaterThan(work);
  });

  it('binds a work tree under /tmp after the fresh /tmp, and one under HOME after the fresh HOME', () => {
    for (const repoRoot of ['/tmp/ttp-world-1/repo', '/home/runner/src/shop']) {
      const m = mounts(bwrapArgs({ ...plan, repoRoot, gitDirs: [`${repoRoot}/.git`] }, 'true'));
      const tmpfs = m.findIndex(([f, t]) => f === '--tmpfs' && repoRoot.startsWith(`${t}/`));
      const work = m.findIndex(([f, t]) => f === '--bind' && t === repoRoot);
      expect(tmpfs).toBeGreaterThanOrEqual(0);
      expect(work).toBeGreaterThan(tmpfs);
    }
  });

  it('hides a folder that holds the work tree before binding the work tree, and one inside it after', () => {
    const repoRoot = '/srv/ci/job/repo';
    const m = mounts(
      bwrapArgs(
        {
          ...plan,
          repoRoot,
          gitDirs: [],
          hiddenDirs: ['/srv/ci/job', '/srv/ci/job/repo/out'],
          hiddenFiles: ['/srv/ci/job/repo/github-output'],
        },
        'true',
      ),
    );
    const at = (flag: string, target: string) =>
      m.findIndex(([f, t]) => f === flag && t === target);
    expect(at('--tmpfs', '/srv/ci/job')).toBeLessThan(at('--bind', repoRoot));
    expect(at('--tmpfs', '/srv/ci/job/repo/out')).toBeGreaterThan(at('--bind', repoRoot));
    expect(at('--ro-bind', '/srv/ci/job/repo/github-output')).toBeGreaterThan(
      at('--bind', repoRoot),
    );
  });

  it('hides the runner files, binds sandbox-writable paths and shows PATH tools under HOME read-only', () => {
    const args = bwrapArgs(plan, 'true');
    const m = mounts(args);
    expect(m).toEqual(
      expect.arrayContaining([
        ['--tmpfs', '/home/runner/work/_temp'],
        ['--tmpfs', '/home/runner/work/_temp/_runner_file_commands'],
        ['--ro-bind', '/opt/runner/.credentials'],
        ['--bind', '/home/runner/.npm'],
        ['--ro-bind', '/home/runner/.nvm/versions/node/v22/bin'],
      ]),
    );
    const i = args.indexOf('/opt/runner/.credentials');
    expect(args[i - 1]).toBe('/dev/null');
    const home = m.findIndex(([f, t]) => f === '--tmpfs' && t === '/home/runner');
    const npm = m.findIndex(([, t]) => t === '/home/runner/.npm');
    expect(npm).toBeGreaterThan(home);
  });

  it('shows an overlay (the credential-free .git/config) read-only after .git itself', () => {
    const target = `${plan.gitDirs[0]}/config`;
    const args = bwrapArgs(
      { ...plan, overlays: [{ source: '/tmp/clean.config', target }] },
      'true',
    );
    const m = mounts(args);
    const git = m.findIndex(([f, t]) => f === '--ro-bind' && t === plan.gitDirs[0]);
    const overlay = m.findIndex(([f, t]) => f === '--ro-bind' && t === target);
    expect(overlay).toBeGreaterThan(git);
    expect(args[args.indexOf(target) - 1]).toBe('/tmp/clean.config');
  });

  it('never puts a tmpfs on / (a HOME or hidden dir of /)', () => {
    const m = mounts(bwrapArgs({ ...plan, home: '/', hiddenDirs: ['/'] }, 'true'));
    expect(m.filter(([f, t]) => f === '--tmpfs' && t === '/')).toEqual([]);
  });

  it('is exactly this command line: every namespace flag, every mount in order, TMPDIR and the shell', () => {
    // Pinned whole: a dropped flag (--unshare-ipc), a reordered mount or a lost --setenv fails here.
    // The hidden folder is deeper but shorter than the work tree, and the two writable paths share
    // a depth: order is by depth, then by kind, then as given.
    const pinned = bwrapArgs(
      {
        repoRoot: '/srv/shop-repository-checkout',
        gitDirs: ['/srv/shop-repository-checkout/.git'],
        home: '/home/u',
        homeToolDirs: ['/home/u/bin', '/usr/local/bin', '/home/u'],
        writable: ['/var/cache/b', '/var/cache/a'],
        hiddenDirs: ['/r/t/x'],
        hiddenFiles: [],
        network: true,
      },
      'npm test',
    );
    expect(pinned).toEqual([
      '--unshare-pid',
      '--unshare-ipc',
      '--die-with-parent',
      '--new-session',
      '--ro-bind',
      '/',
      '/',
      '--dev',
      '/dev',
      '--proc',
      '/proc',
      '--tmpfs',
      '/tmp',
      '--tmpfs',
      '/home/u',
      '--bind',
      '/srv/shop-repository-checkout',
      '/srv/shop-repository-checkout',
      '--tmpfs',
      '/r/t/x',
      '--bind',
      '/var/cache/b',
      '/var/cache/b',
      '--bind',
      '/var/cache/a',
      '/var/cache/a',
      '--ro-bind',
      '/home/u/bin',
      '/home/u/bin',
      '--ro-bind',
      '/srv/shop-repository-checkout/.git',
      '/srv/shop-repository-checkout/.git',
      '--setenv',
      'TMPDIR',
      '/tmp',
      '--chdir',
      '/srv/shop-repository-checkout',
      '--',
      '/bin/sh',
      '-c',
      'npm test',
    ]);
  });

  it('never shows HOME itself again, nor a PATH folder outside it', () => {
    const m = mounts(
      bwrapArgs(
        { ...plan, homeToolDirs: ['/home/runner', '/usr/local/bin', '/home/runnerx/bin'] },
        'true',
      ),
    );
    expect(m.filter(([f]) => f === '--ro-bind').map(([, t]) => t)).toEqual([
      '/',
      '/opt/runner/.credentials',
      '/home/runner/work/shop/shop/.git',
    ]);
  });
});

describe('isInside', () => {
  it.each([
    ['/h/x', '/h', true],
    ['/h', '/h', true],
    ['/h/..x/y', '/h', true],
    ['/hx', '/h', false],
    ['/other/y', '/h', false],
    ['/', '/h', false],
  ])('%s inside %s: %s', (child, parent, inside) => {
    expect(isInside(child, parent)).toBe(inside);
  });
});
