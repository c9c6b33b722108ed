import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chooseSandbox, type CommandSetting } from '../../../src/sandbox/choose.js';
import type { SandboxSettings } from '../../../src/sandbox/sandbox.js';
import { ConfigError } from '../../../src/shared/errors.js';
import { runCommand } from '../../../src/verify/run-command.js';
import { recordingLogger } from '../../fakes/logger.js';

const AUTO: SandboxSettings = { mode: 'auto', network: true, writable: [], envNames: [] };

let dir: string;
let repo: string;
let home: string;
let commandFiles: string;
let hostEnv: NodeJS.ProcessEnv;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-sandbox-'));
  repo = path.join(dir, 'repo');
  fs.mkdirSync(repo);
  execFileSync('git', ['init', '-q', repo]);
  home = path.join(dir, 'home');
  fs.mkdirSync(path.join(home, '.npm'), { recursive: true });
  fs.writeFileSync(path.join(home, '.npmrc'), '//registry.example.com/:_authToken=npm-secret\n');
  commandFiles = path.join(dir, 'runner', '_temp', '_runner_file_commands');
  fs.mkdirSync(commandFiles, { recursive: true });
  for (const f of ['set_env', 'set_output', 'step_summary'])
    fs.writeFileSync(path.join(commandFiles, f), '');
  hostEnv = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    GITHUB_TOKEN: 'ghs_runner_token_value',
    RUNNER_TEMP: path.join(dir, 'runner', '_temp'),
    GITHUB_ENV: path.join(commandFiles, 'set_env'),
    GITHUB_OUTPUT: path.join(commandFiles, 'set_output'),
    GITHUB_STEP_SUMMARY: path.join(commandFiles, 'step_summary'),
  };
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  // The sandbox's copy of .git/config goes when its process exits; a jest worker lives on (or is
  // killed), so this file's copies are removed here, found by the repository path they are named by.
  const named = dir.replace(/[^\w.-]+/g, '_');
  for (const folder of fs
    .readdirSync(os.tmpdir())
    .filter((f) => f.startsWith('ticket-to-pr-sandbox-'))) {
    const full = path.join(os.tmpdir(), folder);
    const files = fs.readdirSync(full);
    if (files.length > 0 && files.every((f) => f.startsWith(named)))
      fs.rmSync(full, { recursive: true, force: true });
  }
});

async function sandboxed(settings: Partial<SandboxSettings> = {}): Promise<CommandSetting> {
  return chooseSandbox({
    settings: { ...AUTO, ...settings },
    hostEnv,
    secrets: [],
    repoRoot: repo,
    logger: recordingLogger(),
  });
}

function run(commands: CommandSetting, command: string) {
  return runCommand(command, {
    cwd: repo,
    env: commands.env,
    sandbox: commands.sandbox,
    timeoutMs: 20_000,
    outputLimit: 50_000,
  });
}

describe('bubblewrap sandbox (bwrap is installed here and in CI)', () => {
  it('is chosen by auto and says what it isolates', async () => {
    const commands = await sandboxed();
    expect(commands.sandbox.isolation.level).toBe('bubblewrap');
    expect(commands.sandbox.isolation.description).toMatch(
      /^bubblewrap \d+\.\d+\.\d+: own PID and mount namespaces.*\.git read-only.*network on\.$/,
    );
  });

  it('shows the command only its own processes, whose environment is the allowlisted one', async () => {
    const commands = await sandboxed();
    const result = await run(
      commands,
      'for p in /proc/[0-9]*; do echo "pid ${p#/proc/}"; done; cat /proc/*/environ | tr "\\0" "\\n"',
    );
    expect(result.exitCode).toBe(0);
    const pids = result.output.match(/^pid \d+$/gm) ?? [];
    expect(pids.length).toBeLessThan(8); // bwrap's init, sh, cat, tr: not the runner's processes
    expect(result.output).not.toContain('ghs_runner_token_value');
    expect(result.output).not.toContain('GITHUB_ENV=');
    expect(result.output).not.toContain('JEST_WORKER_ID='); // bwrap itself got the allowlist too
    expect(result.output).toContain('LANG=C.UTF-8');
  });

  it('lets the command write the work tree but not .git, and shows it an empty HOME', async () => {
    const commands = await sandboxed();
    const result = await run(
      commands,
      'echo built > out.txt; echo "[core] hooksPath=/x" >> .git/config; touch .git/hooks/pre-push; ls -A ~; cat ~/.npmrc',
    );
    expect(fs.readFileSync(path.join(repo, 'out.txt'), 'utf8')).toBe('built\n');
    expect(fs.readFileSync(path.join(repo, '.git', 'config'), 'utf8')).not.toContain('hooksPath');
    expect(fs.existsSync(path.join(repo, '.git', 'hooks', 'pre-push'))).toBe(false);
    expect(result.output).toMatch(/Read-only file system/);
    expect(result.output).not.toContain('npm-secret');
  });

  it('lets the command read no token a checkout step left in .git/config, and git still works', async () => {
    const config = path.join(repo, '.git', 'config');
    const before = fs.readFileSync(config, 'utf8');
    fs.appendFileSync(
      config,
      '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic checkout-token-value\n' +
        '[remote "origin"]\n\turl = https://x-access-token:remote-token-value@github.com/o/r.git\n',
    );
    try {
      const result = await run(await sandboxed(), 'cat .git/config; git remote get-url origin');
      expect(result.output).toContain('https://github.com/o/r.git');
      expect(result.output).not.toContain('checkout-token-value');
      expect(result.output).not.toContain('remote-token-value');
      expect(fs.readFileSync(config, 'utf8')).toContain('checkout-token-value'); // the real one is untouched
    } finally {
      fs.writeFileSync(config, before);
    }
  });

  it("hides the runner's command files and temp dir: what the command writes there is gone", async () => {
    const commands = await sandboxed();
    const result = await run(
      commands,
      'echo "NODE_OPTIONS=--require /tmp/evil.js" >> "$RUNNER_TEMP/_runner_file_commands/set_env"; ' +
        `echo "forged=1" >> ${path.join(commandFiles, 'set_output')}; ` +
        `echo "# Verified by the security team" >> ${path.join(commandFiles, 'step_summary')}; ` +
        `ls -A ${commandFiles}; echo ran`,
    );
    // The command did run (and tried): the files are untouched because they were hidden.
    expect(result.output).toContain('ran');
    for (const f of ['set_env', 'set_output', 'step_summary'])
      expect(fs.readFileSync(path.join(commandFiles, f), 'utf8')).toBe('');
  });

  it("hides the agent's credential files and the runner's temp dir outside /tmp and HOME too", async () => {
    // /var/tmp is neither the fresh /tmp nor HOME: only hiding keeps these from being read.
    const agent = fs.mkdtempSync('/var/tmp/ttp-agent-');
    try {
      fs.writeFileSync(path.join(agent, '.credentials'), 'agent-credential-secret');
      const temp = path.join(agent, '_work', '_temp');
      fs.mkdirSync(temp, { recursive: true });
      fs.writeFileSync(path.join(temp, 'set_env_1'), 'value-of-an-earlier-step');
      const commands = await chooseSandbox({
        settings: AUTO,
        hostEnv: {
          ...hostEnv,
          AGENT_HOMEDIRECTORY: agent,
          AGENT_TEMPDIRECTORY: temp,
          GITHUB_ENV: path.join(temp, 'set_env_1'),
        },
        secrets: [],
        repoRoot: repo,
        logger: recordingLogger(),
      });
      const result = await run(
        commands,
        `cat ${agent}/.credentials; ls -A ${temp}; cat ${temp}/set_env_1; echo done`,
      );
      expect(result.output).toContain('done');
      expect(result.output).not.toContain('agent-credential-secret');
      expect(result.output).not.toContain('value-of-an-earlier-step');
    } finally {
      fs.rmSync(agent, { recursive: true, force: true });
    }
  });

  it("replaces the account's home too when HOME is not set", async () => {
    const marker = path.join(os.homedir(), `.ttp-sandbox-marker-${process.pid}`);
    fs.writeFileSync(marker, 'private-home-file');
    try {
      const { HOME: _home, ...withoutHome } = hostEnv;
      const commands = await chooseSandbox({
        settings: AUTO,
        hostEnv: withoutHome,
        secrets: [],
        repoRoot: repo,
        logger: recordingLogger(),
      });
      const result = await run(commands, `cat ${marker}; echo done`);
      expect(result.output).toContain('done');
      expect(result.output).not.toContain('private-home-file');
    } finally {
      fs.rmSync(marker, { force: true });
    }
  });

  it('binds sandbox-writable paths writable inside the fresh HOME', async () => {
    const commands = await sandboxed({ writable: [path.join(home, '.npm')] });
    await run(commands, 'echo cached > ~/.npm/entry; echo lost > ~/elsewhere');
    expect(fs.readFileSync(path.join(home, '.npm', 'entry'), 'utf8')).toBe('cached\n');
    expect(fs.existsSync(path.join(home, 'elsewhere'))).toBe(false);
  });

  it('kills a daemon the command left behind when the command ends', async () => {
    const commands = await sandboxed();
    const started = Date.now();
    const result = await run(
      commands,
      `setsid sh -c 'echo up > ${repo}/daemon-up.txt; sleep 5; echo alive > ${repo}/daemon.txt' & sleep 0.5; echo started`,
    );
    expect(result.exitCode).toBe(0);
    // The daemon did start; the command's end did not wait for it, and it died with the namespace.
    expect(fs.existsSync(path.join(repo, 'daemon-up.txt'))).toBe(true);
    expect(Date.now() - started).toBeLessThan(4000);
    await new Promise((r) => setTimeout(r, 6000));
    expect(fs.existsSync(path.join(repo, 'daemon.txt'))).toBe(false);
  });

  it('gives the command no network with sandbox-network off', async () => {
    const server = http.createServer((_req, res) => res.end('reached'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const probe = `node -e "require('http').get('http://127.0.0.1:${port}/', r => r.on('data', d => console.log(String(d)))).on('error', e => console.log('blocked', e.code))"`;
    try {
      const on = await run(await sandboxed(), probe);
      expect(on.output).toContain('reached');
      const off = await sandboxed({ network: false });
      expect(off.sandbox.isolation.description).toMatch(/no network\.$/);
      const result = await run(off, probe);
      expect(result.output).toContain('blocked');
      expect(result.output).not.toContain('reached');
    } finally {
      server.close();
    }
  });
});

describe('without bubblewrap', () => {
  const noBwrapPath = (): string => {
    // A PATH with node and sh but no bwrap: what a runner without the package has.
    const bin = path.join(dir, 'bin-without-bwrap');
    fs.mkdirSync(bin, { recursive: true });
    for (const tool of ['sh', 'node'])
      if (!fs.existsSync(path.join(bin, tool)))
        fs.symlinkSync(
          execFileSync('sh', ['-c', `command -v ${tool}`])
            .toString()
            .trim(),
          path.join(bin, tool),
        );
    return bin;
  };

  it('auto runs the commands bare and warns what they could reach', async () => {
    const logger = recordingLogger();
    const commands = await chooseSandbox({
      settings: AUTO,
      hostEnv: { ...hostEnv, PATH: noBwrapPath() },
      secrets: [],
      repoRoot: repo,
      logger,
    });
    expect(commands.sandbox.isolation.level).toBe('none');
    expect(commands.sandbox.isolation.description).toMatch(/bubblewrap \(bwrap\) is not on PATH/);
    expect(commands.sandbox.isolation.description).toMatch(
      /through \/proc.*\.git.*GITHUB_ENV.*HOME/,
    );
    expect(logger.lines.join('\n')).toMatch(/warning.*without a sandbox/i);
  });

  it('required refuses with a config-error naming the input and how to install bubblewrap', async () => {
    const attempt = chooseSandbox({
      settings: { ...AUTO, mode: 'required' },
      hostEnv: { ...hostEnv, PATH: noBwrapPath() },
      secrets: [],
      repoRoot: repo,
      logger: recordingLogger(),
    });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(
      /Input 'sandbox' is 'required'.*apt-get install bubblewrap/,
    );
  });

  it('auto with sandbox-network off refuses rather than run bare with the network', async () => {
    const attempt = chooseSandbox({
      settings: { ...AUTO, network: false },
      hostEnv: { ...hostEnv, PATH: noBwrapPath() },
      secrets: [],
      repoRoot: repo,
      logger: recordingLogger(),
    });
    await expect(attempt).rejects.toThrow(
      /Input 'sandbox-network' is 'off'.*apt-get install bubblewrap/,
    );
  });

  it('off with sandbox-network off refuses too: nothing would take the network away', async () => {
    const attempt = chooseSandbox({
      settings: { ...AUTO, mode: 'off', network: false },
      hostEnv,
      secrets: [],
      repoRoot: repo,
      logger: recordingLogger(),
    });
    await expect(attempt).rejects.toThrow(
      /Input 'sandbox-network' is 'off', but 'sandbox' is 'off'.*set 'sandbox: auto'/,
    );
  });

  it('off runs bare and says so', async () => {
    const commands = await sandboxed({ mode: 'off' });
    expect(commands.sandbox.isolation.description).toMatch(/^none \(sandbox: off\)/);
  });
});
