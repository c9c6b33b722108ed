import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { unsandboxed } from '../../../src/sandbox/sandbox.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { createCommandVerifier } from '../../../src/verify/command-verifier.js';
import { commandEnvironment } from '../../../src/verify/scrub-env.js';
import { makeConfig } from '../../fixtures/edits/config.js';

/** No sandbox (these tests are about the verifier; test/integration/sandbox tests the sandbox). */
const bare = (env: NodeJS.ProcessEnv = { PATH: process.env.PATH }) => ({
  sandbox: unsandboxed('test'),
  env,
});

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-verify-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Running or sleeping; a zombie (killed, waiting to be reaped by a container's init) counts as dead. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

describe('createCommandVerifier', () => {
  it('runs setup, build and test from the config and reports each', async () => {
    const verifier = createCommandVerifier({
      config: makeConfig({
        verification: {
          setupCommand: 'echo setting up',
          buildCommand: 'exit 0',
          testCommand: 'echo "not ok 1 - adds" && exit 3',
        },
      }),
      repoRoot: dir,
      logger: silentLogger,
      commands: bare(),
    });
    expect(verifier.canVerify).toBe(true);
    const run = await verifier.run('baseline');
    expect(run.label).toBe('baseline');
    expect(run.checks.map((c) => [c.name, c.passed, c.exitCode])).toEqual([
      ['setup', true, 0],
      ['build', true, 0],
      ['test', false, 3],
    ]);
    expect(run.checks[2]?.output).toContain('not ok 1 - adds');
  });

  it('cannot verify without a test command, and stops after a failed setup', async () => {
    const verifier = createCommandVerifier({
      config: makeConfig({
        verification: { setupCommand: 'exit 1', testCommand: '', buildCommand: 'echo built' },
      }),
      repoRoot: dir,
      logger: silentLogger,
      commands: bare(),
    });
    expect(verifier.canVerify).toBe(false);
    const run = await verifier.run('baseline');
    expect(run.checks.map((c) => [c.name, c.passed])).toEqual([
      ['setup', false],
      ['build', false],
    ]);
    expect(run.checks[1]?.output).toBe('not run: setup failed');
  });

  it('gives the commands no token: a test that dumps its environment finds none', async () => {
    const secrets = ['ado-secret-token-abcdef', 'gh-secret-token-123456'];
    const dump = path.join(dir, 'env.json');
    fs.writeFileSync(
      path.join(dir, 'dump-env.js'),
      `require('fs').writeFileSync('env.json', JSON.stringify(process.env));\n`,
    );
    const verifier = createCommandVerifier({
      config: makeConfig({ secrets, verification: { testCommand: 'node dump-env.js' } }),
      repoRoot: dir,
      logger: silentLogger,
      commands: bare(
        commandEnvironment(
          {
            PATH: process.env.PATH,
            GITHUB_TOKEN: 'ghs_runner_token_value',
            SYSTEM_ACCESSTOKEN: 'azure-job-token-value',
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-value',
            INPUT_AZURE_DEVOPS_TOKEN: secrets[0],
            SOME_URL: `https://x:${secrets[1]}@example.com/repo.git`,
            LANG: 'C.UTF-8',
          },
          { secrets, extraNames: ['SOME_URL'] },
        ).env,
      ),
    });
    const run = await verifier.run('baseline');
    expect(run.checks[0]?.passed).toBe(true);
    const text = fs.readFileSync(dump, 'utf8');
    const seen = JSON.parse(text) as Record<string, string>;
    expect(seen.LANG).toBe('C.UTF-8');
    expect(seen.SOME_URL).toBeUndefined();
    for (const needle of [
      ...secrets,
      'ghs_runner_token_value',
      'azure-job-token-value',
      'oidc-value',
    ]) {
      expect(text).not.toContain(needle);
    }
    expect(Object.keys(seen).filter((k) => /TOKEN|INPUT_|ACTIONS_/.test(k))).toEqual([]);
  });

  it('kills a hanging command and the child it forked at the timeout', async () => {
    const pidFile = path.join(dir, 'child.pid');
    // The shell forks a sleeping child, records its pid, then waits forever itself.
    fs.writeFileSync(
      path.join(dir, 'hang.js'),
      "const c = require('child_process').spawn('sleep', ['60'], { stdio: 'ignore' });\n" +
        "require('fs').writeFileSync('child.pid', String(c.pid));\n" +
        'setInterval(() => {}, 1000);\n',
    );
    const command = 'node hang.js';
    const verifier = createCommandVerifier({
      config: makeConfig({ verification: { testCommand: command, commandTimeoutMs: 1500 } }),
      repoRoot: dir,
      logger: silentLogger,
      commands: bare(),
      killGraceMs: 300,
    });
    const started = Date.now();
    const run = await verifier.run('baseline');
    const elapsed = Date.now() - started;
    const check = run.checks[0];
    expect(check?.timedOut).toBe(true);
    expect(check?.passed).toBe(false);
    expect(check?.output).toContain('timed out after 1500 ms');
    expect(elapsed).toBeLessThan(8000);
    const childPid = Number(fs.readFileSync(pidFile, 'utf8'));
    // Give the kernel a moment to reap the killed child.
    for (let i = 0; i < 20 && alive(childPid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(childPid)).toBe(false);
  });

  it('bounds a huge output and says where it was cut', async () => {
    const verifier = createCommandVerifier({
      config: makeConfig({
        verification: { testCommand: `node -e "for(let i=0;i<20000;i++)console.log('line '+i)"` },
      }),
      repoRoot: dir,
      logger: silentLogger,
      commands: bare(),
    });
    const output = (await verifier.run('round 1')).checks[0]?.output ?? '';
    expect(output.length).toBeLessThan(61_000);
    expect(output).toContain('line 0\n');
    expect(output).toContain('line 19999');
    expect(output).toMatch(/characters cut/);
  });
});
