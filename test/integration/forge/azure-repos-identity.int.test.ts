/**
 * Who is ticket-to-pr on Azure Repos, what the branch's commits say, and where threads point after
 * a push, through azure-devops-node-api against the Azure DevOps simulator and a real bare remote.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createForge } from '../../../src/forge/create-forge.js';
import {
  startAzureDevOpsSimulator,
  type AzureDevOpsSimulator,
  type SimIdentity,
} from '../../simulators/azure-devops/index.js';
import { makeConfig, recordingLogger } from '../git/fixtures.js';

/** A person's PAT, which opened the pull request. */
const OPENER_PAT = 'o'.repeat(40) + 'OPENERpat000';
const OPENER: SimIdentity = {
  id: '5b0a7c11-0000-4000-8000-00000000000a',
  displayName: 'Release Robot',
  uniqueName: 'release-robot@contoso.com',
};
/** System.AccessToken: the build service identity, which revises it. */
const BUILD_TOKEN = 'b'.repeat(40) + 'BUILDtoken00';
const BUILD: SimIdentity = {
  id: '8c3e6f2d-0000-4000-8000-00000000000b',
  displayName: 'Shop Build Service (contoso)',
  uniqueName: 'Build\\8c3e6f2d-0000-4000-8000-00000000000b',
};
const REVIEWER: SimIdentity = {
  id: '3f1c2a9e-0000-4000-8000-000000000001',
  displayName: 'Rita Reviewer',
  uniqueName: 'rita@contoso.com',
};
const BRANCH = 'ticket-to-pr/1-fix';

let sim: AzureDevOpsSimulator;
let logger: ReturnType<typeof recordingLogger>;
let dir: string;
let bare: string;
let work: string;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'T',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 'T',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  }).trim();
}

/** Commits `content` as src/calc.js on the branch and pushes it; the new head. */
function pushCalc(content: string, message: string): string {
  fs.writeFileSync(path.join(work, 'src', 'calc.js'), content);
  git(work, 'commit', '--quiet', '-am', message);
  git(work, 'push', '--quiet', 'origin', BRANCH);
  return git(work, 'rev-parse', 'HEAD');
}

const CALC = [
  'function total(xs) {',
  '  let t = 0;',
  '  for (const x of xs) t += x;',
  '  return t;',
  '}',
  '',
];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-azure-identity-'));
  bare = path.join(dir, 'remote.git');
  work = path.join(dir, 'work');
  git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  git(dir, 'clone', '--quiet', pathToFileURL(bare).href, work);
  fs.mkdirSync(path.join(work, 'src'));
  fs.writeFileSync(path.join(work, 'src', 'calc.js'), CALC.join('\n'));
  git(work, 'add', '-A');
  git(work, 'commit', '--quiet', '-m', 'Initial');
  git(work, 'push', '--quiet', 'origin', 'HEAD:main');
  git(work, 'checkout', '--quiet', '-b', BRANCH);
  pushCalc(CALC.join('\n').replace('let t = 0', 'let t = 0.0'), 'AB#1: Fix the total');

  sim = await startAzureDevOpsSimulator({
    tokens: [
      { token: OPENER_PAT, identity: OPENER },
      { token: BUILD_TOKEN, identity: BUILD },
    ],
  });
  sim.addRepository({ name: 'shop', remoteUrl: pathToFileURL(bare).href });
  logger = recordingLogger();
});
afterEach(async () => {
  await sim.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function forgeFor(token: string) {
  const base = makeConfig({
    path: '/tmp/unused',
    prTarget: 'azure-repos',
    azureReposRepository: 'shop',
  });
  return createForge({
    config: { ...base, tracker: { ...base.tracker, orgUrl: sim.orgUrl, token }, secrets: [token] },
    workspace: { remoteUrl: async () => 'file:///tmp/shop.git' } as never,
    logger,
  });
}

function openedBy(identity: SimIdentity) {
  const pr = sim.addPullRequest({ repository: 'shop', sourceBranch: BRANCH });
  pr.createdBy = identity;
  return pr;
}

describe('ticket-to-pr is its own identity as well as the pull request creator', () => {
  it('opened with a PAT, revised with System.AccessToken: the build service’s replies are its own (connectionData)', async () => {
    const pr = openedBy(OPENER);
    sim.threads.add({
      pullRequestId: pr.pullRequestId,
      status: 'active',
      comments: [
        { author: REVIEWER, content: 'Handle the empty list.' },
        { author: BUILD, content: 'Done. <!-- ticket-to-pr:revision 1 answered x -->' },
        { author: OPENER, content: 'Opened it.' },
      ],
    });
    const forge = await forgeFor(BUILD_TOKEN);
    const threads = await forge.listReviewThreads((await forge.getPullRequest(pr.pullRequestId))!);
    expect(threads[0]!.comments.map((c) => [c.author.name, c.author.isSelf, c.author.why])).toEqual(
      [
        ['Rita Reviewer', false, expect.any(String)],
        ['Shop Build Service (contoso)', true, "the job's own identity"],
        ['Release Robot', true, 'opened the pull request (ticket-to-pr itself)'],
      ],
    );
    expect(sim.requests.filter((r) => /\/_apis\/connectionData$/i.test(r.url))).toHaveLength(1);
  });

  it('when connectionData fails, only the creator is its own, and it warns', async () => {
    const pr = openedBy(OPENER);
    sim.threads.add({
      pullRequestId: pr.pullRequestId,
      comments: [{ author: BUILD, content: 'Done.' }],
    });
    sim.injectFault({ path: /connectionData$/i, status: 500, times: 20 });
    const forge = await forgeFor(BUILD_TOKEN);
    const threads = await forge.listReviewThreads((await forge.getPullRequest(pr.pullRequestId))!);
    expect(threads[0]!.comments[0]!.author.isSelf).toBe(false);
    expect(logger.lines.join('\n')).toMatch(/did not say which identity the token acts as/);
  }, 20_000);
});

describe("the pull request's commits", () => {
  it('lists the messages of its own commits (not those of its target)', async () => {
    const pr = openedBy(OPENER);
    pushCalc(
      CALC.join('\n').replace('return t', 'return t // sum'),
      'AB#1: Revise after review (revision 1)',
    );
    const forge = await forgeFor(BUILD_TOKEN);
    const messages = await forge.listCommitMessages(
      (await forge.getPullRequest(pr.pullRequestId))!,
    );
    expect(messages.map((m) => m.split('\n')[0])).toEqual([
      'AB#1: Revise after review (revision 1)',
      'AB#1: Fix the total',
    ]);
  });
});

describe('threads after a push', () => {
  it('reads threads with the latest iteration, so a line moved by a push is where it is now', async () => {
    const pr = openedBy(OPENER);
    const thread = sim.threads.add({
      pullRequestId: pr.pullRequestId,
      status: 'active',
      filePath: '/src/calc.js',
      line: 3,
      iteration: 1,
      comments: [{ author: REVIEWER, content: 'Use reduce here.' }],
    });
    const forge = await forgeFor(BUILD_TOKEN);
    const read = (await forge.getPullRequest(pr.pullRequestId))!;
    expect((await forge.listReviewThreads(read))[0]!.line).toBe(3); // iteration 1 seen
    // Two lines land above line 3: the reviewer's line is line 5 on the new iteration.
    pushCalc(['// Totals.', '// Sums a list.', ...CALC].join('\n'), 'Notes by hand');
    const threads = await forge.listReviewThreads(read);
    expect(threads.map((t) => [t.id, t.path, t.line])).toEqual([
      [String(thread.id), 'src/calc.js', 5],
    ]);
    const asked = sim.requests.filter((r) => /\/threads\?/i.test(r.url)).at(-1)!.url;
    expect(asked).toMatch(/[?&](%24|\$)iteration=2(&|$)/);
  });

  it('carries the time of a comment’s last edit; an unedited comment carries none', async () => {
    const pr = openedBy(OPENER);
    const thread = sim.threads.add({
      pullRequestId: pr.pullRequestId,
      status: 'active',
      comments: [
        {
          author: REVIEWER,
          content: 'First words.',
          publishedDate: new Date('2026-11-01T10:00:00Z'),
        },
        {
          author: REVIEWER,
          content: 'Left alone.',
          publishedDate: new Date('2026-11-01T10:01:00Z'),
        },
      ],
    });
    sim.threads.edit(thread.id, 1, 'Second words.', new Date('2026-11-01T11:00:00Z'));
    const forge = await forgeFor(BUILD_TOKEN);
    const threads = await forge.listReviewThreads((await forge.getPullRequest(pr.pullRequestId))!);
    expect(threads[0]!.comments.map((c) => [c.body, c.editedAt])).toEqual([
      ['Second words.', '2026-11-01T11:00:00.000Z'],
      ['Left alone.', undefined],
    ]);
  });
});
