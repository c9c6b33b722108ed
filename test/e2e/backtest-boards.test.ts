// `node dist/cli.js backtest --from-boards` against the Azure DevOps simulator: closed work items
// linking pull requests the service merged over a real bare remote with history. The oracle resolves
// every one, an empty answer none; decoys (an abandoned pull request, no link, another repository)
// are skipped with their reason; the clone gets the merge commits it lacked from origin.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BacktestReport } from '../../src/backtest/report.js';
import { createBoardsWorld, type BoardsWorld } from '../backtest/boards-fixture.js';
import { git } from '../backtest/fixture.js';
import {
  startAzureDevOpsSimulator,
  type AzureDevOpsSimulator,
} from '../simulators/azure-devops/index.js';
import { removeTempDirs, runCli, tempDir } from './cli/run-cli.js';

const TOKEN = 'ado-pat-0123456789abcdefghijklmnopqrstuvwxyz0123';
let dir: string;
let sim: AzureDevOpsSimulator;
let world: BoardsWorld;

beforeAll(async () => {
  dir = tempDir('ttp-backtest-boards-');
  sim = await startAzureDevOpsSimulator({
    token: TOKEN,
    project: 'Shop',
    // The backtest reads and never writes: its token needs no write scope.
    tokens: [{ token: TOKEN, scopes: ['vso.work', 'vso.code'] }],
  });
  world = createBoardsWorld(sim, dir);
});
afterAll(async () => {
  await sim.close();
  removeTempDirs();
});

function backtest(answers: string, extra: string[] = []) {
  return runCli(
    [
      'backtest',
      '--repo',
      world.cloneDir,
      '--from-boards',
      '--azure-devops-org-url',
      sim.orgUrl,
      '--azure-devops-project',
      'Shop',
      '--azure-devops-token',
      TOKEN,
      '--test-command',
      'node --test',
      '--answers',
      answers,
      '--json',
      path.join(dir, `${answers}.json`),
      '--results',
      path.join(dir, `${answers}.results.jsonl`),
      '--cache-dir',
      path.join(dir, 'cache'),
      ...extra,
    ],
    dir,
  );
}
const report = (answers: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, `${answers}.json`), 'utf8')) as BacktestReport;

const hasCommit = (sha: string) =>
  spawnSync('git', ['cat-file', '-e', `${sha}^{commit}`], { cwd: world.cloneDir }).status === 0;

describe('ticket-to-pr backtest --from-boards', () => {
  it('oracle answers resolve every closed work item linking a merged pull request', async () => {
    // The clone was made after the first merge: the second merge commit comes from origin.
    expect(hasCommit(world.merged.get(101)!.merge)).toBe(true);
    expect(hasCommit(world.merged.get(102)!.merge)).toBe(false);
    const run = await backtest('oracle');
    expect(run.code).toBe(0);
    const r = report('oracle');
    expect(r.instances.map((i) => [i.instance_id, i.resolved, i.held_out_tests])).toEqual([
      // Most recently changed first, as the query orders them.
      ['workitem-102-pr-2', true, 'pass'],
      ['workitem-101-pr-1', true, 'pass'],
    ]);
    expect(r.totals).toMatchObject({ instances: 2, resolved: 2, harness_mismatches: [] });
    expect(hasCommit(world.merged.get(102)!.merge)).toBe(true);
    // Gold files are the merge's source changes; its test files were held out and judged.
    expect(r.instances.map((i) => i.localization.gold_files)).toEqual([
      ['src/tax.js'],
      ['src/discount.js'],
    ]);
    expect(r.instances.map((i) => i.changed_files)).toEqual([['src/tax.js'], ['src/discount.js']]);
    expect(r.dataset).toBe(`Azure Boards ${sim.orgUrl} project Shop`);

    // Every decoy is skipped, with its reason in the report and on stderr.
    const skipped = new Map((r.skipped ?? []).map((s) => [s.id.replace(/-pr-\d+$/, ''), s.reason]));
    expect([...skipped.keys()].sort()).toEqual(
      [...world.decoys.keys()].map((id) => `workitem-${id}`).sort(),
    );
    for (const [id, reason] of world.decoys) {
      expect(skipped.get(`workitem-${id}`)).toMatch(reason);
      expect(run.stderr).toMatch(new RegExp(`Skipping workitem-${id}\\b.*${reason.source}`));
    }
    expect(run.stdout).toContain('# Backtest: 2 of 2 judged instances resolved (100%)');
    expect(run.stdout).toContain('Skipped 3 ticket(s)');
    // The token never shows.
    const written =
      run.stdout + run.stderr + fs.readFileSync(path.join(dir, 'oracle.json'), 'utf8');
    expect(written).not.toContain(TOKEN);
    // The clone keeps no worktree.
    expect(
      git(world.cloneDir, 'worktree', 'list', '--porcelain').match(/^worktree /gm),
    ).toHaveLength(1);
  }, 120_000);

  it('empty answers resolve none of them', async () => {
    const run = await backtest('empty');
    expect(run.code).toBe(0);
    const r = report('empty');
    expect(r.instances.map((i) => [i.instance_id, i.resolved])).toEqual([
      ['workitem-102-pr-2', false],
      ['workitem-101-pr-1', false],
    ]);
    expect(r.totals).toMatchObject({ instances: 2, resolved: 0, harness_mismatches: [] });
  }, 120_000);

  it('--limit stops after that many instances; bad flags are refused naming the fix', async () => {
    // Same results file: the instance is already judged, so nothing is replayed again.
    const limited = await backtest('oracle', [
      '--limit',
      '1',
      '--json',
      path.join(dir, 'limited.json'),
    ]);
    expect(limited.code).toBe(0);
    expect(limited.stderr).toContain('Resuming: 1 of 1 already judged');
    const r = JSON.parse(fs.readFileSync(path.join(dir, 'limited.json'), 'utf8')) as BacktestReport;
    expect(r.instances.map((i) => i.instance_id)).toEqual(['workitem-102-pr-2']);

    const both = await backtest('oracle', ['--dataset', path.join(dir, 'x.jsonl')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--dataset and --from-boards are two sources');
    const limitWithDataset = await runCli(
      ['backtest', '--repo', world.cloneDir, '--dataset', 'x.jsonl', '--limit', '2'],
      dir,
    );
    expect(limitWithDataset.code).toBe(2);
    expect(limitWithDataset.stderr).toContain('--limit selects work items: it needs --from-boards');
    const badLimit = await backtest('oracle', ['--limit', 'many']);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain("--limit 'many' is not valid");
    const noProject = await runCli(
      ['backtest', '--repo', world.cloneDir, '--from-boards', '--test-command', 'node --test'],
      dir,
    );
    expect(noProject.code).toBe(2);
    expect(noProject.stderr).toMatch(
      /Missing required inputs: azure-devops-org-url, azure-devops-project, azure-devops-token/,
    );
  }, 120_000);

  it('a token the service refuses stops the run before any replay, saying which permission', async () => {
    const run = await backtest('oracle', ['--azure-devops-token', 'not-the-token']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/HTTP 401.*Work Items \(Read\)/);
    expect(run.stderr).not.toContain('not-the-token');
  }, 60_000);
});
