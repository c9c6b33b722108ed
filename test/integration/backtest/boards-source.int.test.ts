// The Azure Boards instance source with the real client against the simulator and real git: what an
// instance is made of (base = lastMergeTargetCommit, for a two-parent merge its first parent; fix
// and held-out tests split by file), and every bad reply skipping one work item with its reason
// while the others go on. Each merge strategy: merge-strategies.int.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closedItemsQuery } from '../../../src/backtest/boards-links.js';
import { boardsInstances, type SkippedInstance } from '../../../src/backtest/boards-source.js';
import { filesOfPatch } from '../../../src/backtest/changed-paths.js';
import { BacktestGit } from '../../../src/backtest/git-tools.js';
import { DEFAULT_CLOSED_STATES } from '../../../src/config/backtest-config.js';
import { createClosedWorkItemReader } from '../../../src/tracker/closed-work-items.js';
import { testPathMatcher } from '../../../src/verify/evidence.js';
import { createBoardsWorld, type BoardsWorld } from '../../backtest/boards-fixture.js';
import { git } from '../../backtest/fixture.js';
import { recordingLogger } from '../../fakes/logger.js';
import {
  startAzureDevOpsSimulator,
  type AzureDevOpsSimulator,
  type Scope,
} from '../../simulators/azure-devops/index.js';

const TOKEN = 'ado-pat-0123456789abcdefghijklmnopqrstuvwxyz0123';
const READ_WORK_ONLY = 'ado-pat-work-only-0123456789abcdefghijklmnopqrst';
let dir: string;
let sim: AzureDevOpsSimulator;
let world: BoardsWorld;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-boards-source-'));
  sim = await startAzureDevOpsSimulator({
    project: 'Shop',
    tokens: [
      { token: TOKEN, scopes: ['vso.work', 'vso.code'] satisfies Scope[] },
      { token: READ_WORK_ONLY, scopes: ['vso.work'] },
    ],
  });
  world = createBoardsWorld(sim, dir);
});
afterAll(async () => {
  await sim.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => sim.clearFaults());

async function read(
  options: { token?: string; query?: string; testPaths?: string[]; limit?: number } = {},
) {
  const skips: SkippedInstance[] = [];
  const result = await boardsInstances({
    reader: createClosedWorkItemReader({
      orgUrl: sim.orgUrl,
      project: 'Shop',
      token: options.token ?? TOKEN,
      logger: recordingLogger(),
      sleep: async () => undefined,
    }),
    git: new BacktestGit(world.cloneDir, recordingLogger()),
    query: options.query ?? closedItemsQuery({ states: DEFAULT_CLOSED_STATES, areaPath: 'Shop' }),
    states: DEFAULT_CLOSED_STATES,
    ...(options.limit ? { limit: options.limit } : {}),
    isTestPath: testPathMatcher(options.testPaths ?? []),
    onSkip: (s) => skips.push(s),
  });
  expect(result.skipped).toEqual(skips);
  return result;
}

describe('Azure Boards instances', () => {
  it('the base is the first parent of the merge commit; test files are held out, the rest is the fix', async () => {
    const { instances } = await read();
    expect(instances.map((i) => [i.instanceId, i.ticketId, i.repo])).toEqual([
      ['workitem-102-pr-2', 102, 'shop'],
      ['workitem-101-pr-1', 101, 'shop'],
    ]);
    for (const instance of instances) {
      const { merge, base } = world.merged.get(instance.ticketId!)!;
      expect(instance.baseCommit).toBe(base);
      expect(git(world.cloneDir, 'rev-parse', `${merge}^1`).trim()).toBe(base);
      // The branch started before the notes committed to main meanwhile: not the merge base.
      expect(git(world.cloneDir, 'merge-base', merge, `${merge}^2`).trim()).not.toBe(base);
    }
    const [tax, discount] = instances;
    expect(tax!.goldFiles).toEqual(['src/tax.js']);
    expect(filesOfPatch(tax!.fixPatch).files).toEqual(['src/tax.js']);
    expect(filesOfPatch(tax!.testPatch).files).toEqual(['test/tax.test.js']);
    expect(tax!.failToPass).toEqual([]);
    expect(tax!.heldOutFiles).toEqual(['test/tax.test.js']);
    expect(tax!.fixLines).toBe(2);
    expect(discount!.title).toBe('Discount takes cents off instead of a percentage');
    // The description's HTML is read as the tracker reads it: hidden text is gone.
    expect(discount!.body).toMatch(
      /^10% off a 200\.00 cart .* See applyDiscount in src\/discount\.js\.$/,
    );
    expect(discount!.body).not.toContain('Ignore');
  });

  it("the job's test-paths hold files out too", async () => {
    const { instances } = await read({ testPaths: ['src/tax.js'] });
    // Only tests are left in the first merge: it has no fix to replay and is skipped.
    expect(instances.map((i) => i.instanceId)).toEqual(['workitem-101-pr-1']);
  });

  it('--limit stops after that many instances', async () => {
    expect((await read({ limit: 1 })).instances.map((i) => i.instanceId)).toEqual([
      'workitem-102-pr-2',
    ]);
  });

  it('a token without Code (Read) skips each pull request, naming the permission', async () => {
    const { instances, skipped } = await read({ token: READ_WORK_ONLY });
    expect(instances).toEqual([]);
    const refused = skipped.filter((s) => /HTTP 401/.test(s.reason));
    expect(refused.map((s) => s.id).sort()).toEqual([
      'workitem-101-pr-1',
      'workitem-102-pr-2',
      'workitem-103-pr-3',
      'workitem-105-pr-4',
    ]);
    for (const s of refused) expect(s.reason).toContain('Code (Read) (scope vso.code)');
  });

  it('a work item the service fails to return is skipped; the others are read', async () => {
    sim.injectFault({ method: 'GET', path: /\/wit\/workItems\/102$/i, status: 503, times: 10 });
    const { instances, skipped } = await read();
    expect(instances.map((i) => i.instanceId)).toEqual(['workitem-101-pr-1']);
    expect(skipped.find((s) => s.id === 'workitem-102')?.reason).toMatch(/could not be read/);
  });

  it('a pull request never merged, one deleted, and one whose merge commit is nowhere are skipped', async () => {
    const pr = (id: number) => sim.state.pullRequests.get(id)!;
    const saved = { ...pr(2) };
    const lastMerge = pr(1).lastMerge!;
    try {
      pr(2).status = 'active';
      pr(1).lastMerge = { ...lastMerge, mergeCommit: 'f'.repeat(40) };
      const { instances, skipped } = await read();
      expect(instances).toEqual([]);
      const reason = (id: string) => skipped.find((s) => s.id === id)?.reason;
      expect(reason('workitem-102-pr-2')).toMatch(/is active, not completed/);
      expect(reason('workitem-101-pr-1')).toMatch(
        /merge commit f{40} is neither in --repo nor fetchable from origin/,
      );
      sim.state.pullRequests.delete(2);
      const again = await read();
      expect(again.skipped.find((s) => s.id === 'workitem-102-pr-2')?.reason).toMatch(
        /pull request 2 was not found/,
      );
    } finally {
      sim.state.pullRequests.set(2, saved);
      pr(1).lastMerge = lastMerge;
    }
  });

  it("a custom query's work item in another state is skipped, naming the states", async () => {
    const { skipped } = await read({
      query: "SELECT [System.Id] FROM WorkItems WHERE [System.Title] = 'Open ticket'",
    });
    expect(skipped).toEqual([
      { id: 'workitem-106', reason: "is 'Active', not one of Closed, Resolved, Done." },
    ]);
  });
});
