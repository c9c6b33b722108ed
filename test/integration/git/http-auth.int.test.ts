import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { createGitWorkspace } from '../../../src/git/git-workspace.js';
import {
  BOT_AUTHOR,
  createGitFixture,
  git,
  makeConfig,
  recordingLogger,
  type GitFixture,
} from './fixtures.js';

const TOKEN = 'ghs_FAKEhttpToken0123456789abcdefghijklmn';
const EXPECTED = `basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`;

/**
 * A smart-HTTP git server (git http-backend as CGI) that demands the Authorization header: the
 * push only succeeds if the token really travels as a header.
 */
async function startGitHttpServer(projectRoot: string, seen: string[]): Promise<Server> {
  const server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    seen.push(`${req.method} ${req.url} auth=${auth ? 'yes' : 'no'}`);
    if (auth.toLowerCase() !== EXPECTED.toLowerCase()) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' });
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        REMOTE_USER: 'x-access-token',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
      },
    });
    req.pipe(cgi.stdin);
    const chunks: Buffer[] = [];
    cgi.stdout.on('data', (c: Buffer) => chunks.push(c));
    cgi.on('close', () => {
      const out = Buffer.concat(chunks);
      const split = out.indexOf('\r\n\r\n');
      const headerText = out.subarray(0, split).toString('utf8');
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of headerText.split('\r\n')) {
        const [key, ...rest] = line.split(':');
        const value = rest.join(':').trim();
        if (key!.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else headers[key!] = value;
      }
      res.writeHead(status, headers);
      res.end(out.subarray(split + 4));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('push over smart HTTP with the token as a header', () => {
  let fx: GitFixture;
  let server: Server;
  const seen: string[] = [];

  beforeAll(async () => {
    fx = await createGitFixture();
    await git(fx.remote, ['config', 'http.receivepack', 'true']);
    server = await startGitHttpServer(dirname(fx.remote), seen);
    const { port } = server.address() as AddressInfo;
    await git(fx.work, ['remote', 'set-url', 'origin', `http://127.0.0.1:${port}/remote.git`]);
    // What actions/checkout persists: a stale header that must not be sent next to ours.
    await git(fx.work, [
      'config',
      `http.http://127.0.0.1:${port}/.extraheader`,
      'AUTHORIZATION: basic c3RhbGU6dG9rZW4=',
    ]);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await fx.cleanup();
  });

  it('authenticates ls-remote, fetch and push by header; the URL and .git/config never hold the token', async () => {
    const logger = recordingLogger();
    const config = makeConfig({ path: fx.work, githubToken: TOKEN, baseBranch: 'main' });
    const workspace = await createGitWorkspace({
      config,
      logger,
      token: { kind: 'github', value: TOKEN },
    });
    await writeFile(join(fx.work, 'src', 'calc.js'), 'export const add = (a, b) => a + b;\n');
    const result = await workspace.commitAndPush({
      branch: 'ticket-to-pr/5-http',
      message: 'AB#5: http',
      author: BOT_AUTHOR,
      paths: ['src/calc.js'],
    });
    expect(result.pushed).toBe(true);
    expect(await git(fx.remote, ['rev-parse', 'refs/heads/ticket-to-pr/5-http'])).toBe(
      result.commit,
    );
    expect(await workspace.branchState('ticket-to-pr/5-http')).toEqual({
      kind: 'ours',
      head: result.commit,
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((line) => line.endsWith('auth=yes'))).toBe(true);
    expect(seen.some((line) => line.includes('git-receive-pack'))).toBe(true);

    const configText = await readFile(join(fx.work, '.git', 'config'), 'utf8');
    expect(configText).not.toContain(TOKEN);
    expect(configText).not.toContain(EXPECTED.split(' ')[1]!);
    expect(await workspace.remoteUrl()).not.toContain('@');
    expect(logger.lines.join('\n')).not.toContain(EXPECTED.split(' ')[1]!);
  });

  it('fails cleanly (no prompt, no hang) with only the stale persisted header', async () => {
    const config = makeConfig({ path: fx.work, baseBranch: 'main' });
    const workspace = await createGitWorkspace({ config, logger: recordingLogger() });
    await expect(workspace.branchState('ticket-to-pr/5-http')).rejects.toThrow(/ls-remote failed/);
  });
});
