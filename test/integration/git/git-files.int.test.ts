// git's own files (config, hooks, info/, alternates, the user's global config) as the workspace
// found them at open: what the repository's commands change there is put back and reported, no
// network command runs while they differ, and fetch and push go to origin's URLs read at open.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitFilesChangedError } from '../../../src/git/errors.js';
import { createGitWorkspace } from '../../../src/git/git-workspace.js';
import type { Workspace } from '../../../src/git/workspace.js';
import {
  BOT_AUTHOR,
  createGitFixture,
  git,
  makeConfig,
  recordingLogger,
  type GitFixture,
} from './fixtures.js';

const TOKEN = 'ghs_FILEStrustToken0123456789abcdefghij';

/** Every path under `dir` with its mode and content, to compare before and after. */
async function dump(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (path: string): Promise<void> => {
    const stats = await lstat(path).catch(() => undefined);
    if (!stats) return;
    if (stats.isDirectory()) {
      out[path] = `dir ${stats.mode.toString(8)}`;
      for (const name of await readdir(path)) await walk(join(path, name));
    } else {
      out[path] = `${stats.mode.toString(8)} ${await readFile(path, 'utf8')}`;
    }
  };
  await walk(dir);
  return out;
}

describe("git's own files", () => {
  let fx: GitFixture;
  let home: string;
  let workspace: Workspace;
  let attacker: Server;
  let attackerUrl: string;
  const attacks: string[] = [];
  const savedHome = process.env.HOME;
  const savedXdg = process.env.XDG_CONFIG_HOME;

  beforeAll(async () => {
    attacker = createServer((req, res) => {
      attacks.push(`${req.method} ${req.url} auth=${req.headers.authorization ?? ''}`);
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    attacker.closeAllConnections();
    await new Promise((resolve) => attacker.close(resolve));
  });

  beforeEach(async () => {
    fx = await createGitFixture();
    home = await mkdtemp(join(tmpdir(), 'ticket-to-pr-home-'));
    process.env.HOME = home;
    delete process.env.XDG_CONFIG_HOME;
    attacks.length = 0;
    workspace = await createGitWorkspace({
      config: makeConfig({ path: fx.work, baseBranch: 'main' }),
      logger: recordingLogger(),
      token: { kind: 'github', value: TOKEN },
    });
  });
  afterEach(async () => {
    process.env.HOME = savedHome;
    if (savedXdg === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = savedXdg;
    await fx.cleanup();
    await rm(home, { recursive: true, force: true });
  });

  it('puts back config, hooks, info/ and alternates as they were at open, and says what changed', async () => {
    const gitDir = join(fx.work, '.git');
    const before = await dump(gitDir);
    expect(await workspace.restoreGitFiles()).toEqual([]);

    await git(fx.work, ['config', 'remote.origin.pushurl', attackerUrl]);
    await git(fx.work, ['config', `url.${attackerUrl}.insteadOf`, fx.remoteUrl]);
    await git(fx.work, ['config', 'core.hooksPath', '.husky']);
    await writeFile(join(gitDir, 'hooks', 'pre-push'), '#!/bin/sh\ntouch /tmp/pwned\n');
    await chmod(join(gitDir, 'hooks', 'pre-push'), 0o755);
    await chmod(join(gitDir, 'hooks', 'pre-commit.sample'), 0o700);
    await rm(join(gitDir, 'hooks', 'update.sample'));
    await mkdir(join(gitDir, 'hooks', 'nested'));
    await writeFile(join(gitDir, 'hooks', 'nested', 'x'), 'x');
    await writeFile(join(gitDir, 'info', 'attributes'), '* filter=evil\n');
    await writeFile(join(gitDir, 'info', 'exclude'), 'everything\n');
    await writeFile(join(gitDir, 'objects', 'info', 'alternates'), '/tmp/evil/objects\n');
    await writeFile(join(gitDir, 'config.worktree'), '[core]\n\tfsmonitor = /tmp/evil\n');

    const changed = await workspace.restoreGitFiles();
    expect(changed).toEqual([
      '.git/config (changed)',
      '.git/config.worktree (added)',
      '.git/hooks/nested (added)',
      '.git/hooks/nested/x (added)',
      '.git/hooks/pre-commit.sample (changed)',
      '.git/hooks/pre-push (added)',
      '.git/hooks/update.sample (removed)',
      '.git/info/attributes (added)',
      '.git/info/exclude (changed)',
      '.git/objects/info/alternates (added)',
    ]);
    const after = await dump(gitDir);
    for (const [path, was] of Object.entries(before)) {
      if (/\/(hooks|info|config)|alternates/.test(path))
        expect([path, after[path]]).toEqual([path, was]);
    }
    for (const path of Object.keys(after)) {
      if (/\/(hooks|info)\/|alternates|config\.worktree/.test(path))
        expect(before).toHaveProperty([path]);
    }
    expect(await workspace.restoreGitFiles()).toEqual([]);
  });

  it("puts back the user's global config, written or not before", async () => {
    await writeFile(join(home, '.gitconfig'), '[user]\n\tname = Runner\n');
    const fresh = await createGitWorkspace({
      config: makeConfig({ path: fx.work, baseBranch: 'main' }),
      logger: recordingLogger(),
    });
    await writeFile(join(home, '.gitconfig'), `[url "${attackerUrl}"]\n\tinsteadOf = file://\n`);
    await mkdir(join(home, '.config', 'git'), { recursive: true });
    await writeFile(join(home, '.config', 'git', 'config'), '[core]\n\tsshCommand = evil\n');
    expect(await fresh.restoreGitFiles()).toEqual([
      `${join(home, '.config', 'git', 'config')} (added)`,
      `${join(home, '.gitconfig')} (changed)`,
    ]);
    expect(await readFile(join(home, '.gitconfig'), 'utf8')).toBe('[user]\n\tname = Runner\n');
    await expect(lstat(join(home, '.config', 'git', 'config'))).rejects.toThrow();
  });

  it('names added files without their control characters, at most ten in the reason', async () => {
    const hooks = join(fx.work, '.git', 'hooks');
    await writeFile(join(hooks, 'evil\n##vso[task.setvariable variable=x]y'), 'x');
    for (let i = 0; i < 11; i++) await writeFile(join(hooks, `extra-${i}`), 'x');
    const changed = await workspace.restoreGitFiles();
    expect(changed).toContain('.git/hooks/evil\\x0a##vso[task.setvariable variable=x]y (added)');
    expect(changed.join('')).not.toContain('\n');
    const reason = new GitFilesChangedError(changed, 'after the verification run').reason;
    expect(reason).toContain(', and 2 more.');
  });

  it('says so when a changed file cannot be put back, and still runs no network command', async () => {
    await mkdir(join(home, '.config', 'git'), { recursive: true });
    await writeFile(join(home, '.config', 'git', 'config'), '[user]\n\tname = Runner\n');
    const fresh = await createGitWorkspace({
      config: makeConfig({ path: fx.work, baseBranch: 'main' }),
      logger: recordingLogger(),
    });
    await rm(join(home, '.config', 'git'), { recursive: true });
    await writeFile(join(home, '.config', 'git'), 'not a directory');
    await expect(fresh.restoreGitFiles()).rejects.toThrow(
      /could not be restored \(.*\.config\/git\/config \(removed\)/,
    );
    await expect(fresh.branchState('ticket-to-pr/9-x')).rejects.toThrow(/could not be restored/);
  });

  it('runs no network command while they differ: a planted pushurl and insteadOf get nothing', async () => {
    await git(fx.work, ['config', 'remote.origin.pushurl', attackerUrl]);
    await git(fx.work, ['config', 'remote.origin.url', attackerUrl]);
    await git(fx.work, ['config', `url.${attackerUrl}.insteadOf`, fx.remoteUrl]);
    await writeFile(join(fx.work, 'src', 'calc.js'), 'export const add = (a, b) => a + b;\n');
    const push = workspace.commitAndPush({
      branch: 'ticket-to-pr/7-files',
      message: 'AB#7: files',
      author: BOT_AUTHOR,
      paths: ['src/calc.js'],
    });
    await expect(push).rejects.toThrow(GitFilesChangedError);
    await expect(push).rejects.toThrow(/\.git\/config \(changed\).*restored/);
    expect(attacks).toEqual([]);
    expect(await git(fx.work, ['remote', 'get-url', '--push', 'origin'])).toBe(fx.remoteUrl);
    expect(await git(fx.remote, ['branch', '--list', 'ticket-to-pr/*'])).toBe('');
  });

  it('fetches and pushes to the URLs read at open, even when config git reads later names others', async () => {
    // An include that did not exist at open is not watched; the URLs still come from the open.
    const later = join(fx.dir, 'later.gitconfig');
    await git(fx.work, ['config', 'include.path', later]);
    const pinned = await createGitWorkspace({
      config: makeConfig({ path: fx.work, baseBranch: 'main' }),
      logger: recordingLogger(),
      token: { kind: 'github', value: TOKEN },
    });
    await writeFile(
      later,
      `[remote "origin"]\n\turl = ${attackerUrl}\n\tpushurl = ${attackerUrl}\n`,
    );
    expect(await git(fx.work, ['remote', 'get-url', '--push', 'origin'])).toBe(attackerUrl);
    await writeFile(join(fx.work, 'src', 'calc.js'), 'export const add = (a, b) => a + b;\n');
    const result = await pinned.commitAndPush({
      branch: 'ticket-to-pr/8-pinned',
      message: 'AB#8: pinned',
      author: BOT_AUTHOR,
      paths: ['src/calc.js'],
    });
    expect(attacks).toEqual([]);
    expect(await git(fx.remote, ['rev-parse', 'refs/heads/ticket-to-pr/8-pinned'])).toBe(
      result.commit,
    );
    expect(await pinned.branchState('ticket-to-pr/8-pinned')).toEqual({
      kind: 'ours',
      head: result.commit,
    });
    expect(await git(fx.work, ['rev-parse', 'refs/remotes/origin/ticket-to-pr/8-pinned'])).toBe(
      result.commit,
    );
  });

  it('keeps a password in the URL read at open out of the log and the errors', async () => {
    const withPassword = attackerUrl.replace('http://', 'http://build:s3cretPassw0rd@');
    await git(fx.work, ['remote', 'set-url', 'origin', withPassword]);
    const logger = recordingLogger();
    const opened = await createGitWorkspace({
      config: makeConfig({ path: fx.work, baseBranch: 'main' }),
      logger,
    });
    const failure = await opened.branchState('ticket-to-pr/9-x').catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(attacks.length).toBeGreaterThan(0);
    expect(logger.lines.join('\n')).toContain('git ls-remote');
    expect(`${logger.lines.join('\n')}\n${(failure as Error).message}`).not.toContain(
      's3cretPassw0rd',
    );
    expect(await opened.remoteUrl()).not.toContain('s3cretPassw0rd');
  });
});
