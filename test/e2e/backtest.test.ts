// `node dist/cli.js backtest` as a user runs it, on a real repository with history whose closed
// tickets have known fixes: the oracle resolves all of them, an empty answer none; a rerun resumes;
// the setup is cached; Ctrl-C leaves no worktree behind.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BacktestReport } from '../../src/backtest/report.js';
import { createFixtureRepo, fixtureDataset, git, type FixtureRepo } from '../backtest/fixture.js';
import { CLI_ENTRY, runCli, tempDir } from './cli/run-cli.js';

let dir: string;
let repo: FixtureRepo;
let dataset: string;

beforeAll(() => {
  dir = tempDir('ttp-backtest-');
  repo = createFixtureRepo(path.join(dir, 'shop'));
  dataset = path.join(dir, 'tickets.jsonl');
  fs.writeFileSync(dataset, fixtureDataset(repo));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const worktrees = () =>
  git(repo.dir, 'worktree', 'list', '--porcelain').match(/^worktree /gm)?.length;

/** A setup that counts its runs and makes a file the test command needs (a restored cache must bring it back). */
const counter = () => path.join(dir, 'setup-runs.txt');
const withSetup = () => [
  '--setup-command',
  `echo run >> ${JSON.stringify(counter())} && mkdir -p deps && echo ok > deps/marker`,
  // The counter lives outside the worktree, where the sandbox lets nothing write unless told.
  '--sandbox-writable',
  dir,
  '--test-command',
  'test -f deps/marker && node --test',
];

/** `backtest` on the fixture's clone, its JSON report and results named `name`; later flags win. */
function backtest(answers: string, name: string, extra: string[] = [], data = dataset) {
  return runCli(
    [
      'backtest',
      '--repo',
      repo.dir,
      '--dataset',
      data,
      '--test-command',
      'node --test',
      '--answers',
      answers,
      '--json',
      path.join(dir, `${name}.json`),
      '--results',
      path.join(dir, `${name}.results.jsonl`),
      '--cache-dir',
      path.join(dir, 'cache'),
      ...extra,
    ],
    dir,
  );
}
const report = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as BacktestReport;

describe('ticket-to-pr backtest on a JSONL dataset', () => {
  it('oracle answers resolve every instance; rows of other repositories are skipped', async () => {
    const branchesBefore = git(repo.dir, 'branch', '--list');
    const run = await backtest('oracle', 'oracle', withSetup());
    expect(run.stderr).toContain('Skipping 1 instance(s) of other/repo');
    expect(run.code).toBe(0);
    const r = report('oracle');
    expect(r.instances.map((i) => [i.instance_id, i.resolved])).toEqual([
      ['contoso__shop-101', true],
      ['contoso__shop-102', true],
    ]);
    expect(r.totals).toMatchObject({ instances: 2, resolved: 2, harness_mismatches: [] });
    expect(r.instances[0]!.judge_detail).toBe(
      'the 1 fail_to_pass test(s) pass and nothing else fails',
    );
    expect(r.instances[0]).toMatchObject({
      applied: true,
      verified: true,
      would_open_pr: true,
      held_out_tests: 'pass',
    });
    expect(run.stderr).toMatch(/\[2\/2\] contoso__shop-102: resolved .* elapsed \S+ · done/);
    expect(run.stdout).toContain('# Backtest: 2 of 2 judged instances resolved (100%)');
    expect(run.stdout).toContain('```mermaid');
    // The user's clone is as it was: no worktree, no branch, no change.
    expect(worktrees()).toBe(1);
    expect(git(repo.dir, 'branch', '--list')).toBe(branchesBefore);
    expect(git(repo.dir, 'status', '--porcelain')).toBe('');
  });

  it('empty answers resolve none, and the model never saw the held-out tests', async () => {
    const run = await backtest('empty', 'empty', withSetup());
    expect(run.code).toBe(0);
    const r = report('empty');
    expect(r.instances.map((i) => i.resolved)).toEqual([false, false]);
    expect(r.instances.map((i) => i.lost_at)).toEqual(['edit', 'edit']);
    expect(r.totals.harness_mismatches).toEqual([]);
  });

  it('a rerun skips what is done and reports the same', async () => {
    const again = await backtest('oracle', 'oracle', withSetup());
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Resuming: 2 of 2 already judged');
    expect(again.stderr).not.toMatch(/\[\d\/2\]/);
    expect(report('oracle').totals.resolved).toBe(2);
  });

  it('ran the setup once for both bases and both runs: they share package.json and no lockfile', () => {
    expect(fs.readFileSync(counter(), 'utf8')).toBe('run\n');
    expect(report('oracle').instances.map((i) => i.setup?.cached)).toEqual([false, true]);
    expect(report('empty').instances.map((i) => i.setup?.cached)).toEqual([true, true]);
  });

  it('--edit-mode agent: the oracle agent finds and resolves every instance through the tools', async () => {
    const agent = ['--edit-mode', 'agent'];
    const run = await backtest('oracle', 'agent-oracle', [...withSetup(), ...agent]);
    expect(run.code).toBe(0);
    const r = report('agent-oracle');
    expect(r.edit_mode).toBe('agent');
    expect(r.instances.map((i) => [i.instance_id, i.edit_mode, i.resolved])).toEqual([
      ['contoso__shop-101', 'agent', true],
      ['contoso__shop-102', 'agent', true],
    ]);
    for (const i of r.instances)
      expect(i.agent).toMatchObject({
        searches: expect.any(Number),
        edits: expect.any(Number),
        test_runs: 1,
        stopped_by: null,
        oracle_misses: [],
      });
    expect(r.instances[0]!.agent!.turns).toBeGreaterThanOrEqual(5);
    expect(r.instances[0]!.agent!.files_read.length).toBeGreaterThan(0);
    expect(r.totals.agent).toMatchObject({ instances: 2, test_runs: 2, oracle_missed: 0 });
    expect(r.totals.harness_mismatches).toEqual([]);
    expect(run.stdout).toContain('Edit mode: **agent**');
    expect(run.stderr).toMatch(
      /\[1\/2\] contoso__shop-101: resolved in \d+s \(agent: \d+ turns, 1 test runs\)/,
    );
  }, 90_000);

  it('--edit-mode agent with empty answers: the agent calls no tool and resolves none', async () => {
    const agent = ['--edit-mode', 'agent'];
    const empty = await backtest('empty', 'agent-empty', [...withSetup(), ...agent]);
    expect(empty.code).toBe(0);
    const e = report('agent-empty');
    expect(e.instances.map((i) => [i.resolved, i.lost_at, i.agent?.stopped_by])).toEqual([
      [false, 'edit', 'two answers in a row that called no tool'],
      [false, 'edit', 'two answers in a row that called no tool'],
    ]);
    expect(e.totals.harness_mismatches).toEqual([]);
  }, 90_000);

  it('--edit-mode agent never reuses the pipeline results of the same file', async () => {
    const agent = ['--edit-mode', 'agent'];
    // The pipeline's results are not reused for the agent: one results file, two modes.
    const shared = ['--results', path.join(dir, 'oracle.results.jsonl')];
    const again = await backtest('oracle', 'agent-again', [...withSetup(), ...agent, ...shared]);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('Resuming');
    expect(report('agent-again').instances.every((i) => i.edit_mode === 'agent')).toBe(true);
  }, 90_000);

  it('Ctrl-C removes the worktree in use and stops the command it was running', async () => {
    const pidFile = path.join(dir, 'setup.pid');
    const child = spawn(
      process.execPath,
      [
        CLI_ENTRY,
        'backtest',
        '--repo',
        repo.dir,
        '--dataset',
        dataset,
        '--test-command',
        'node --test',
        '--setup-command',
        `echo $$ > ${JSON.stringify(pidFile)}; sleep 60`,
        // The test checks the setup's pid from outside: a PID namespace would give another number.
        '--sandbox',
        'off',
        '--results',
        path.join(dir, 'interrupted.jsonl'),
        '--cache-dir',
        path.join(dir, 'cache-interrupt'),
      ],
      { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: 'pipe' },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    for (let i = 0; i < 600 && !fs.existsSync(pidFile); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(worktrees()).toBe(2);
    const setupPid = Number(fs.readFileSync(pidFile, 'utf8'));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('Interrupted');
    expect(worktrees()).toBe(1);
    expect(
      fs.readdirSync(path.join(dir, 'cache-interrupt')).filter((d) => d.startsWith('worktrees-')),
    ).toEqual([]);
    // The setup runs in its own process group, out of reach of a terminal's Ctrl-C: it is killed too
    // (its exit may take a moment to be reaped).
    const alive = () => {
      try {
        process.kill(setupPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive()).toBe(false);
  }, 60_000);

  it('an unreachable model server judges nothing: 0 resolved, the run stops after two, exit 1', async () => {
    // `true` passes without running a test: the old judge called every instance resolved.
    const rows = fs.readFileSync(dataset, 'utf8').trim().split('\n').slice(0, 2);
    const third = { ...JSON.parse(rows[0]!), instance_id: 'contoso__shop-103' };
    const threeRows = path.join(dir, 'three.jsonl');
    fs.writeFileSync(threeRows, [...rows, JSON.stringify(third)].join('\n') + '\n');
    const run = await backtest(
      'live',
      'gone',
      ['--test-command', 'true', '--ollama-host', 'http://127.0.0.1:9'],
      threeRows,
    );
    expect(run.code).toBe(1);
    const r = report('gone');
    expect(r.totals).toMatchObject({ instances: 2, judged: 0, resolved: 0, would_open_pr: 0 });
    expect(r.instances.map((i) => [i.outcome, i.verdict])).toEqual([
      ['model-unavailable', 'not-judged'],
      ['model-unavailable', 'not-judged'],
    ]);
    expect(r.not_run).toEqual(['contoso__shop-103']);
    expect(r.stopped).toMatch(/^two instances in a row ended model-unavailable/);
    expect(run.stdout).toContain('# Backtest: 0 of 0 judged instances resolved (0%)');
    expect(run.stdout).toContain('**Not judged: 2 of 2 instance(s)**');
    expect(run.stdout).not.toContain('No judged ticket was lost');
  }, 90_000);

  it('without its dependencies installed the oracle judges nothing, and says why, exit 1', async () => {
    // The test command needs what the setup makes; without the setup no test runs at the base.
    const run = await backtest('oracle', 'nodeps', [
      '--test-command',
      'test -f deps/marker && node --test',
    ]);
    expect(run.code).toBe(1);
    const r = report('nodeps');
    expect(r.totals).toMatchObject({ judged: 0, resolved: 0, harness_mismatches: [] });
    expect(r.totals.not_judged.map((n) => n.reason)).toEqual([
      expect.stringContaining('the test command names no test at the base (exit 1)'),
      expect.stringContaining('the test command names no test at the base (exit 1)'),
    ]);
  });

  it('a missing base commit and a fix_patch that does not apply are named, and the run goes on', async () => {
    const [first] = fs.readFileSync(dataset, 'utf8').trim().split('\n');
    const row = JSON.parse(first!) as Record<string, unknown>;
    const missing = '0123456789abcdef0123456789abcdef01234567';
    const rows = [
      { ...row, instance_id: 'contoso__shop-404', base_commit: missing },
      {
        ...row,
        instance_id: 'contoso__shop-500',
        fix_patch:
          'diff --git a/src/discount.js b/src/discount.js\n--- a/src/discount.js\n+++ b/src/discount.js\n@@ -1,1 +1,1 @@\n-no such line\n+x\n',
      },
      row,
    ];
    const mixed = path.join(dir, 'mixed.jsonl');
    fs.writeFileSync(mixed, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const run = await backtest('oracle', 'mixed', [], mixed);
    expect(run.code).toBe(1);
    const r = report('mixed');
    expect(r.instances.map((i) => [i.instance_id, i.verdict])).toEqual([
      ['contoso__shop-404', 'not-judged'],
      ['contoso__shop-500', 'not-judged'],
      ['contoso__shop-101', 'resolved'],
    ]);
    expect(run.stdout).toContain(
      `> - \`contoso__shop-404\`: base commit ${missing} is not in --repo ${repo.dir}`,
    );
    expect(run.stdout).toMatch(
      /> - `contoso__shop-500`: fix_patch does not apply at base_commit [0-9a-f]{40}: .*patch/,
    );
    expect(run.stderr).toMatch(/\[2\/3\] contoso__shop-500: NOT JUDGED: fix_patch does not apply/);
    expect(r.totals).toMatchObject({ judged: 1, resolved: 1, harness_mismatches: [] });
    expect(worktrees()).toBe(1);
  });

  it('a clone whose origin is a local path is named with --repo-name', async () => {
    const clone = path.join(dir, 'mirror-clone');
    git(dir, 'clone', '-q', repo.dir, clone); // origin: a local path, which names no repository
    const [first] = fs.readFileSync(dataset, 'utf8').trim().split('\n');
    const row = { ...JSON.parse(first!), base_commit: 'abcdef0123456789abcdef0123456789abcdef01' };
    const one = path.join(dir, 'one.jsonl');
    fs.writeFileSync(one, JSON.stringify(row) + '\n');
    const args = ['backtest', '--repo', clone, '--dataset', one, '--test-command', 'node --test'];
    const unnamed = await runCli(args, dir);
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain('has no instance of this repository (mirror-clone');
    expect(unnamed.stderr).toContain('name it with --repo-name OWNER/NAME');
    const named = await runCli(
      [...args, '--repo-name', 'contoso/shop', '--results', path.join(dir, 'named.jsonl')],
      dir,
    );
    // The row is this repository's now; its base is missing, so it is named and not judged.
    expect(named.code).toBe(1);
    expect(named.stdout).toContain('`contoso__shop-101`: base commit abcdef0123');
    const bad = await runCli([...args, '--repo-name', 'shop'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--repo-name 'shop' is not owner/name");
  });

  it('a fix that changes what an existing test expects: the oracle edits that test, the judge restores it and adds the real one', async () => {
    // The real fix changed the greeting and the existing test that pinned the old one: without the
    // test edit the job's own tests fail; with the model's own edit the real test_patch would clash.
    const side = path.join(dir, 'greet-fix');
    git(repo.dir, 'worktree', 'add', '-q', '-b', 'greet-fix', side, 'main');
    const base = git(side, 'rev-parse', 'HEAD').trim();
    fs.writeFileSync(
      path.join(side, 'src/greet.js'),
      'export function greet(name) {\n  return `Hello, ${name}!`;\n}\n',
    );
    fs.writeFileSync(
      path.join(side, 'test/greet.test.js'),
      fs
        .readFileSync(path.join(side, 'test/greet.test.js'), 'utf8')
        .replace("'Hello, Ada'", "'Hello, Ada!'"),
    );
    git(side, 'commit', '-qam', 'Greet with an exclamation mark');
    const fix = git(side, 'rev-parse', 'HEAD').trim();
    git(repo.dir, 'worktree', 'remove', '--force', side);
    const row = {
      instance_id: 'contoso__shop-104',
      repo: 'contoso/shop',
      base_commit: base,
      ticket_title: 'Greet with an exclamation mark',
      ticket_body: "greet('Ada') should say 'Hello, Ada!'.",
      fix_patch: git(repo.dir, 'diff', base, fix, '--', 'src'),
      test_patch: git(repo.dir, 'diff', base, fix, '--', 'test'),
      fail_to_pass: ['greets by name'],
    };
    const greetData = path.join(dir, 'greet.jsonl');
    fs.writeFileSync(greetData, JSON.stringify(row) + '\n');
    const oracle = await backtest('oracle', 'greet-oracle', [], greetData);
    expect(oracle.code).toBe(0);
    expect(report('greet-oracle').instances[0]).toMatchObject({
      verdict: 'resolved',
      changed_files: ['src/greet.js', 'test/greet.test.js'],
      judge_detail: 'the 1 fail_to_pass test(s) pass and nothing else fails',
    });
    const empty = await backtest('empty', 'greet-empty', [], greetData);
    expect(empty.code).toBe(0);
    expect(report('greet-empty').instances[0]).toMatchObject({
      verdict: 'not-fixed',
      held_out_tests: 'fail',
    });
    expect(worktrees()).toBe(1);
  });

  it('refuses bad flags and a bad dataset with a message naming the fix', async () => {
    const noTest = await runCli(['backtest', '--repo', repo.dir, '--dataset', dataset], dir);
    expect(noTest.code).toBe(2);
    expect(noTest.stderr).toContain('--test-command is required');
    const badAnswers = await backtest('maybe', 'x');
    expect(badAnswers.code).toBe(2);
    expect(badAnswers.stderr).toContain("--answers 'maybe' is not one of live, oracle, empty");
    const badMode = await backtest('oracle', 'x', ['--edit-mode', 'auto']);
    expect(badMode.code).toBe(2);
    expect(badMode.stderr).toContain("--edit-mode 'auto' is not one of pipeline, agent.");
    const bad = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(bad, '{"instance_id": "x"}\n');
    const badData = await runCli(
      ['backtest', '--repo', repo.dir, '--dataset', bad, '--test-command', 'true'],
      dir,
    );
    expect(badData.code).toBe(2);
    expect(badData.stderr).toMatch(/bad\.jsonl:1: 'repo' /);
  });
});
