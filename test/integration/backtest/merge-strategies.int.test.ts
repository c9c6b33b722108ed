// Each completion merge strategy Azure Repos offers (noFastForward, squash, rebase, rebaseMerge),
// made by the simulator the way the service makes it, read through the Boards backtest source: the
// fix is lastMergeTargetCommit..lastMergeCommit, so every strategy gives the same fix and tests.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { closedItemsQuery } from '../../../src/backtest/boards-links.js';
import { boardsInstances } from '../../../src/backtest/boards-source.js';
import { filesOfPatch } from '../../../src/backtest/changed-paths.js';
import { BacktestGit } from '../../../src/backtest/git-tools.js';
import { DEFAULT_CLOSED_STATES } from '../../../src/config/backtest-config.js';
import { createClosedWorkItemReader } from '../../../src/tracker/closed-work-items.js';
import { testPathMatcher } from '../../../src/verify/evidence.js';
import { BASE_FILES, git } from '../../backtest/fixture.js';
import { recordingLogger } from '../../fakes/logger.js';
import {
  startAzureDevOpsSimulator,
  type AzureDevOpsSimulator,
  type SimPullRequest,
} from '../../simulators/azure-devops/index.js';

const TOKEN = 'ado-pat-0123456789abcdefghijklmnopqrstuvwxyz0123';
const STRATEGIES = ['noFastForward', 'squash', 'rebase', 'rebaseMerge'] as const;
type Strategy = (typeof STRATEGIES)[number];

let dir: string;
let sim: AzureDevOpsSimulator;
let remoteDir: string;
let cloneDir: string;
const merged = new Map<Strategy, { pr: SimPullRequest; branchStart: string; workItem: number }>();

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-merge-strategies-'));
  sim = await startAzureDevOpsSimulator({ project: 'Shop', token: TOKEN });
  remoteDir = path.join(dir, 'shop.git');
  const workDir = path.join(dir, 'shop-dev');
  git(dir, 'init', '-q', '--bare', '-b', 'main', remoteDir);
  const remoteUrl = pathToFileURL(remoteDir).href;
  git(dir, 'init', '-q', '-b', 'main', workDir);
  git(workDir, 'remote', 'add', 'origin', remoteUrl);
  write(workDir, BASE_FILES);
  git(workDir, 'add', '-A');
  git(workDir, 'commit', '-q', '-m', 'Shop helpers');
  git(workDir, 'push', '-q', 'origin', 'main');
  const repository = sim.addRepository({ name: 'shop', remoteUrl });
  // Cloned before any merge: every merged commit must be fetched.
  cloneDir = path.join(dir, 'clone');
  git(dir, 'clone', '-q', remoteUrl, cloneDir);

  for (const [index, strategy] of STRATEGIES.entries()) {
    git(workDir, 'fetch', '-q', 'origin');
    const branchStart = git(workDir, 'rev-parse', 'origin/main').trim();
    // The fix and its test as two commits on the branch.
    git(workDir, 'checkout', '-q', '-B', `fix/${strategy}`, branchStart);
    write(workDir, { [`src/${strategy}.js`]: `export const strategy = '${strategy}';\n` });
    git(workDir, 'add', '-A');
    git(workDir, 'commit', '-q', '-m', `Fix ${strategy}`);
    write(workDir, {
      [`test/${strategy}.test.js`]: `import '../src/${strategy}.js';\n`,
    });
    git(workDir, 'add', '-A');
    git(workDir, 'commit', '-q', '-m', `Test ${strategy}`);
    git(workDir, 'push', '-q', 'origin', `fix/${strategy}`);
    // Someone commits to main meanwhile: it must not count as part of the fix.
    git(workDir, 'checkout', '-q', '-B', 'main', branchStart);
    write(workDir, { [`NOTES-${strategy}.md`]: 'Meanwhile on main\n' });
    git(workDir, 'add', '-A');
    git(workDir, 'commit', '-q', '-m', `Notes before ${strategy}`);
    git(workDir, 'push', '-q', 'origin', 'main');

    const opened = sim.addPullRequest({
      repository: 'shop',
      sourceBranch: `fix/${strategy}`,
      title: `Fix ${strategy}`,
    });
    const pr = sim.closePullRequest(opened.pullRequestId, {
      status: 'completed',
      mergeStrategy: strategy,
    });
    const workItem = 301 + index;
    sim.addWorkItem({
      id: workItem,
      title: `Broken under ${strategy}`,
      state: 'Closed',
      relations: [
        {
          rel: 'ArtifactLink',
          url: sim.artifactIdFor(repository.id, pr.pullRequestId),
          attributes: { name: 'Pull Request' },
        },
      ],
    });
    merged.set(strategy, { pr, branchStart, workItem });
  }
});
afterAll(async () => {
  await sim.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const parentsOf = (commit: string) =>
  git(remoteDir, 'rev-list', '--parents', '-n', '1', commit).trim().split(' ').slice(1);

describe('the simulator completes a pull request the way each merge strategy does', () => {
  it('noFastForward: a two-parent merge of the target head and the source head', () => {
    const { pr } = merged.get('noFastForward')!;
    expect(parentsOf(pr.lastMerge!.mergeCommit)).toEqual([
      pr.lastMerge!.targetCommit,
      pr.lastMerge!.sourceCommit,
    ]);
  });

  it('squash: one single-parent commit on the target head', () => {
    const { pr } = merged.get('squash')!;
    expect(parentsOf(pr.lastMerge!.mergeCommit)).toEqual([pr.lastMerge!.targetCommit]);
    expect(git(remoteDir, 'log', '-1', '--format=%s', pr.lastMerge!.mergeCommit).trim()).toBe(
      `Merged PR ${pr.pullRequestId}: Fix squash`,
    );
  });

  it('rebase: the commits replayed on the target head, target fast-forwarded, source updated', () => {
    const { pr } = merged.get('rebase')!;
    const tip = pr.lastMerge!.mergeCommit;
    const [parent] = parentsOf(tip);
    expect(parent).not.toBe(pr.lastMerge!.targetCommit);
    expect(parentsOf(parent!)).toEqual([pr.lastMerge!.targetCommit]);
    expect(
      git(remoteDir, 'log', '--format=%s', `${pr.lastMerge!.targetCommit}..${tip}`).trim(),
    ).toBe('Test rebase\nFix rebase');
    expect(git(remoteDir, 'rev-parse', 'refs/heads/fix/rebase').trim()).toBe(tip);
  });

  it('rebaseMerge: the rebased commits, then a two-parent merge onto the target head', () => {
    const { pr } = merged.get('rebaseMerge')!;
    const [first, second] = parentsOf(pr.lastMerge!.mergeCommit);
    expect(first).toBe(pr.lastMerge!.targetCommit);
    expect(second).not.toBe(pr.lastMerge!.sourceCommit);
    expect(parentsOf(parentsOf(second!)[0]!)).toEqual([pr.lastMerge!.targetCommit]);
  });

  it('says the strategy in completionOptions, as the service does', async () => {
    const { pr } = merged.get('rebase')!;
    const response = await fetch(
      `${sim.orgUrl}/Shop/_apis/git/pullrequests/${pr.pullRequestId}?api-version=7.2-preview.2`,
      { headers: { authorization: `Basic ${Buffer.from(`:${TOKEN}`).toString('base64')}` } },
    );
    const body = (await response.json()) as Record<
      string,
      { mergeStrategy?: string; commitId?: string }
    >;
    expect(body.completionOptions).toEqual({ mergeStrategy: 'rebase' });
    expect(body.lastMergeTargetCommit?.commitId).toBe(pr.lastMerge!.targetCommit);
  });
});

describe('the Boards backtest source takes each fix as lastMergeTargetCommit..lastMergeCommit', () => {
  let read: ReturnType<typeof boardsInstances> | undefined;
  /** One read of every instance, shared by the cases. */
  const readOnce = () =>
    (read ??= boardsInstances({
      reader: createClosedWorkItemReader({
        orgUrl: sim.orgUrl,
        project: 'Shop',
        token: TOKEN,
        logger: recordingLogger(),
        sleep: async () => undefined,
      }),
      git: new BacktestGit(cloneDir, recordingLogger()),
      query: closedItemsQuery({ states: DEFAULT_CLOSED_STATES, areaPath: 'Shop' }),
      states: DEFAULT_CLOSED_STATES,
      isTestPath: testPathMatcher([]),
      onSkip: () => undefined,
    }));

  it.each(STRATEGIES)('%s: base, fix and held-out test', async (strategy) => {
    const { pr, branchStart, workItem } = merged.get(strategy)!;
    const { instances, skipped } = await readOnce();
    expect(skipped.filter((s) => s.id.startsWith(`workitem-${workItem}`))).toEqual([]);
    const instance = instances.find((i) => i.ticketId === workItem)!;
    expect(instance.baseCommit).toBe(pr.lastMerge!.targetCommit);
    expect(instance.baseCommit).not.toBe(branchStart);
    expect(filesOfPatch(instance.fixPatch).files).toEqual([`src/${strategy}.js`]);
    expect(filesOfPatch(instance.testPatch).files).toEqual([`test/${strategy}.test.js`]);
    expect(instance.goldFiles).toEqual([`src/${strategy}.js`]);
    expect(instance.heldOutFiles).toEqual([`test/${strategy}.test.js`]);
  });
});
