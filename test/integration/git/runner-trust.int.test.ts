// GitRunner against a repository whose .git the repository's own commands could have rewritten:
// no hook, fsmonitor program, credential helper or askpass program runs, whichever config file
// names it, and git's children never get the job's tokens.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { GitRunner } from '../../../src/git/git-runner.js';
import { SecretMasker } from '../../../src/shared/secrets.js';
import { createGitFixture, git, recordingLogger, type GitFixture } from './fixtures.js';

const PAT = 'pat-runner-trust-0123456789abcdefghijklmnopqrstuv';

/** A shell script at `path` that records that it ran (and its arguments) in `marker`. */
async function writeMarkerScript(path: string, marker: string): Promise<void> {
  await writeFile(path, `#!/bin/sh\necho "ran $0 $*" >> '${marker}'\nexit 0\n`);
  await chmod(path, 0o755);
}

describe('GitRunner trusts nothing in the repository', () => {
  let fx: GitFixture;
  let marker: string;
  let runner: GitRunner;

  beforeAll(async () => {
    fx = await createGitFixture();
    marker = join(fx.dir, 'marker');
    runner = new GitRunner(fx.work, recordingLogger(), new SecretMasker([PAT]));
  });
  afterEach(async () => rm(marker, { force: true }));
  afterAll(async () => fx.cleanup());

  it('runs no hook from .git/hooks, from core.hooksPath, or from a hooksPath in an included file', async () => {
    const hooks = join(fx.work, '.git', 'hooks');
    for (const name of ['reference-transaction', 'post-checkout', 'pre-push'])
      await writeMarkerScript(join(hooks, name), marker);
    const husky = join(fx.work, '.husky');
    await mkdir(husky, { recursive: true });
    await writeMarkerScript(join(husky, 'reference-transaction'), marker);
    const head = await git(fx.work, ['rev-parse', 'HEAD']);

    await runner.run(['update-ref', 'refs/heads/hook-a', head]);
    await git(fx.work, ['config', 'core.hooksPath', '.husky']);
    await runner.run(['update-ref', 'refs/heads/hook-b', head]);
    await git(fx.work, ['config', '--unset', 'core.hooksPath']);
    await writeFile(join(fx.dir, 'included.gitconfig'), `[core]\n\thooksPath = ${husky}\n`);
    await git(fx.work, ['config', 'include.path', join(fx.dir, 'included.gitconfig')]);
    await runner.run(['update-ref', 'refs/heads/hook-c', head]);
    await runner.run(['checkout', '--detach', head]);

    expect(existsSync(marker)).toBe(false);
    // The same hook does run when git is called without the runner: the test can fail.
    await git(fx.work, ['update-ref', 'refs/heads/hook-d', head]);
    expect(await readFile(marker, 'utf8')).toContain('reference-transaction');
    await git(fx.work, ['config', '--unset', 'include.path']);
  });

  it('runs no core.fsmonitor program', async () => {
    const fsmonitor = join(fx.dir, 'fsmonitor.sh');
    await writeMarkerScript(fsmonitor, marker);
    await git(fx.work, ['config', 'core.fsmonitor', fsmonitor]);
    try {
      await runner.run(['status', '--porcelain']);
      expect(existsSync(marker)).toBe(false);
      await git(fx.work, ['status', '--porcelain']);
      expect(existsSync(marker)).toBe(true);
    } finally {
      await git(fx.work, ['config', '--unset', 'core.fsmonitor']);
    }
  });

  describe('against a server that asks for credentials', () => {
    let server: Server;
    let url: string;
    const seen: string[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        seen.push(`${req.url} ${req.headers.authorization ?? ''}`);
        res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' });
        res.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/repo.git`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('asks no credential helper and no askpass program, wherever they are configured', async () => {
      const helper = join(fx.dir, 'helper.sh');
      await writeMarkerScript(helper, marker);
      await git(fx.work, ['config', 'credential.helper', helper]);
      await git(fx.work, ['config', `credential.${url}.helper`, helper]);
      await git(fx.work, ['config', 'core.askPass', helper]);
      try {
        const result = await runner.run(['ls-remote', url], { allowFailure: true });
        expect(result.exitCode).not.toBe(0);
        expect(seen.length).toBeGreaterThan(0);
        expect(existsSync(marker)).toBe(false);
        // Without the runner, git does ask them.
        await git(fx.work, ['ls-remote', url]).catch(() => undefined);
        expect(existsSync(marker)).toBe(true);
      } finally {
        await git(fx.work, ['config', '--unset-all', 'credential.helper']);
        await git(fx.work, ['config', '--remove-section', `credential.${url}`]);
        await git(fx.work, ['config', '--unset', 'core.askPass']);
      }
    });
  });

  describe('the environment of git and its children', () => {
    const saved = { ...process.env };
    let dumps: string;

    beforeAll(async () => {
      // A `git` first on PATH that writes its environment, then runs the real git.
      const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
      const bin = join(fx.dir, 'bin');
      dumps = join(fx.dir, 'env-dumps');
      await mkdir(bin, { recursive: true });
      await mkdir(dumps, { recursive: true });
      await writeFile(
        join(bin, 'git'),
        `#!/bin/sh\nenv > '${dumps}'/env-$$\nexec '${realGit}' "$@"\n`,
      );
      await chmod(join(bin, 'git'), 0o755);
      process.env.PATH = `${bin}:${saved.PATH ?? ''}`;
      process.env['INPUT_AZURE-DEVOPS-TOKEN'] = PAT;
      process.env.SYSTEM_ACCESSTOKEN = PAT;
      process.env.GITHUB_TOKEN = PAT;
      process.env.HTTPS_PROXY = 'http://proxy.invalid:3128';
      process.env.GIT_DIR = '/elsewhere/.git';
    });
    afterAll(() => {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    });

    it('holds only what git needs: no token, no GIT_DIR from outside, the proxy kept', async () => {
      await runner.run(['status', '--porcelain'], { env: { GIT_AUTHOR_NAME: 'Bot' } });
      const files = await readdir(dumps);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const env = await readFile(join(dumps, file), 'utf8');
        expect(env).not.toContain(PAT);
        expect(env).not.toMatch(/^GIT_DIR=/m);
        expect(env).toMatch(/^HTTPS_PROXY=http:\/\/proxy\.invalid:3128$/m);
        expect(env).toMatch(/^GIT_AUTHOR_NAME=Bot$/m);
        expect(env).toMatch(/^GIT_TERMINAL_PROMPT=0$/m);
      }
    });
  });
});
