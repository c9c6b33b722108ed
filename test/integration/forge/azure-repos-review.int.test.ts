/**
 * The review side of the Azure Repos forge, through azure-devops-node-api's GitApi against the
 * Azure DevOps simulator: a pull request, its threads and who may steer, and replies.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createForge } from '../../../src/forge/create-forge.js';
import type { ReviewThread } from '../../../src/forge/review.js';
import {
  startAzureDevOpsSimulator,
  type AzureDevOpsSimulator,
  type SimIdentity,
} from '../../simulators/azure-devops/index.js';
import { makeConfig, recordingLogger } from '../git/fixtures.js';

const PAT = 'r'.repeat(40) + 'FAKEpat00000';
/** The simulator's default identity: who the token is, and who opens pull requests. */
const BOT_ID = 'd6245f20-2af8-44f4-9451-8107cb2767db';
const BOT: SimIdentity = {
  id: BOT_ID,
  displayName: 'ticket-to-pr bot',
  uniqueName: 'ticket-to-pr@contoso.com',
};
const REVIEWER: SimIdentity = {
  id: '3f1c2a9e-0000-4000-8000-000000000001',
  displayName: 'Rita Reviewer',
  uniqueName: 'rita@contoso.com',
};
const SYSTEM: SimIdentity = {
  id: '00000002-0000-8888-8000-000000000000',
  displayName: 'Microsoft.VisualStudio.Services.TFS',
  uniqueName: '00000002-0000-8888-8000-000000000000@2c895908-04e0-4952-89fd-54b0046d6288',
};

let sim: AzureDevOpsSimulator;
let logger: ReturnType<typeof recordingLogger>;
let clock = Date.parse('2026-11-01T10:00:00Z');
const at = () => new Date((clock += 60_000));

beforeEach(async () => {
  sim = await startAzureDevOpsSimulator({ token: PAT });
  sim.addRepository({
    name: 'shop',
    branches: { main: 'a'.repeat(40), 'ticket-to-pr/1-fix': 'b'.repeat(40) },
  });
  logger = recordingLogger();
});
afterEach(() => sim.close());

async function forgeFor(token = PAT) {
  const base = makeConfig({
    path: '/tmp/unused',
    prTarget: 'azure-repos',
    azureReposRepository: 'shop',
  });
  const config = {
    ...base,
    tracker: { ...base.tracker, orgUrl: sim.orgUrl, token },
    secrets: [token],
  };
  return createForge({
    config,
    workspace: { remoteUrl: async () => 'file:///tmp/shop.git' } as never,
    logger,
  });
}

const summary = (threads: readonly ReviewThread[]) =>
  threads.map((t) => ({
    kind: t.kind,
    path: t.path,
    line: t.line,
    status: t.status,
    comments: t.comments.map(
      (c) =>
        `${c.author.name}:${c.author.isSelf ? 'self' : c.author.maySteer ? 'steer' : 'no'}:${c.body}`,
    ),
  }));

describe('Azure Repos review forge through azure-devops-node-api against the simulator', () => {
  it('reads our pull request: head commit, author, status, not from a fork', async () => {
    const seeded = sim.addPullRequest({ repository: 'shop', sourceBranch: 'ticket-to-pr/1-fix' });
    const forge = await forgeFor();
    const pr = await forge.getPullRequest(seeded.pullRequestId);
    expect(pr).toMatchObject({
      id: seeded.pullRequestId,
      sourceBranch: 'ticket-to-pr/1-fix',
      targetBranch: 'main',
      headCommit: 'b'.repeat(40),
      state: 'open',
      fromFork: false,
      author: { id: BOT_ID, name: 'ticket-to-pr bot' },
      createdAt: seeded.creationDate,
    });
    expect(await forge.getPullRequest(404)).toBeUndefined();
  });

  it('flags a fork and maps completed to merged, abandoned to closed', async () => {
    const forked = sim.addPullRequest({ repository: 'shop', sourceBranch: 'ticket-to-pr/1-fix' });
    forked.forkSource = {
      repositoryId: 'f0f0f0f0-0000-4000-8000-00000000f0f0',
      repositoryName: 'shop-fork',
    };
    const done = sim.addPullRequest({ repository: 'shop', sourceBranch: 'x', status: 'completed' });
    const dropped = sim.addPullRequest({
      repository: 'shop',
      sourceBranch: 'y',
      status: 'abandoned',
    });
    const forge = await forgeFor();
    expect(await forge.getPullRequest(forked.pullRequestId)).toMatchObject({ fromFork: true });
    expect(await forge.getPullRequest(done.pullRequestId)).toMatchObject({ state: 'merged' });
    expect(await forge.getPullRequest(dropped.pullRequestId)).toMatchObject({ state: 'closed' });
    expect(await forge.listOwnOpenPullRequests()).toEqual([]);
  });

  it('lists its own active pull requests, oldest first, across pages', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 104; i += 1) {
      ids.push(
        sim.addPullRequest({ repository: 'shop', sourceBranch: `ticket-to-pr/${i}-x` })
          .pullRequestId,
      );
    }
    sim.addPullRequest({ repository: 'shop', sourceBranch: 'feature/human' });
    sim.addPullRequest({
      repository: 'shop',
      sourceBranch: 'ticket-to-pr/900-old',
      status: 'abandoned',
    });
    const forge = await forgeFor();
    const own = await forge.listOwnOpenPullRequests();
    expect(own.map((p) => p.id)).toEqual(ids);
    const lists = sim.requests.filter((r) => r.method === 'GET' && /\/pullRequests\?/i.test(r.url));
    expect(lists.length).toBeGreaterThanOrEqual(2);
  });

  it('reads file and PR threads, drops system comments, and lets anyone but itself steer', async () => {
    const pr = sim.addPullRequest({ repository: 'shop', sourceBranch: 'ticket-to-pr/1-fix' });
    sim.threads.add({
      pullRequestId: pr.pullRequestId,
      status: 'active',
      filePath: '/src/calc.js',
      line: 3,
      comments: [
        { author: REVIEWER, content: 'Rename this to total.', publishedDate: at() },
        { author: BOT, content: 'Renamed.', publishedDate: at() },
      ],
    });
    sim.threads.add({
      pullRequestId: pr.pullRequestId,
      comments: [
        {
          author: SYSTEM,
          content: 'Rita Reviewer voted -5',
          commentType: 'system',
          publishedDate: at(),
        },
      ],
    });
    sim.threads.add({
      pullRequestId: pr.pullRequestId,
      status: 'fixed',
      comments: [
        { author: REVIEWER, content: 'Handle the empty list too.', publishedDate: at() },
        {
          author: SYSTEM,
          content: 'The reference refs/heads/ticket-to-pr/1-fix was updated.',
          commentType: 'system',
          publishedDate: at(),
        },
      ],
    });
    const forge = await forgeFor();
    const read = (await forge.getPullRequest(pr.pullRequestId))!;
    const threads = await forge.listReviewThreads(read);
    expect(summary(threads)).toEqual([
      {
        kind: 'line',
        path: 'src/calc.js',
        line: 3,
        status: 'active',
        comments: ['Rita Reviewer:steer:Rename this to total.', 'ticket-to-pr bot:self:Renamed.'],
      },
      {
        kind: 'conversation',
        path: undefined,
        line: undefined,
        status: 'fixed',
        comments: ['Rita Reviewer:steer:Handle the empty list too.'],
      },
    ]);
  });

  it('replies in the thread under its first comment, opens a new thread for a PR comment, and never changes a status', async () => {
    const pr = sim.addPullRequest({ repository: 'shop', sourceBranch: 'ticket-to-pr/1-fix' });
    const thread = sim.threads.add({
      pullRequestId: pr.pullRequestId,
      status: 'active',
      filePath: '/src/calc.js',
      line: 2,
      comments: [{ author: REVIEWER, content: 'Rename this.', publishedDate: at() }],
    });
    sim.threads.reply(thread.id, {
      author: REVIEWER,
      content: 'And the test.',
      publishedDate: at(),
    });
    const forge = await forgeFor();
    const read = (await forge.getPullRequest(pr.pullRequestId))!;
    const [line] = await forge.listReviewThreads(read);
    await forge.replyToThread(read, line!, 'Renamed in abc123.');
    await forge.commentOnPullRequest(read, 'A human should take over.');

    expect(thread.status).toBe('active');
    expect(
      thread.comments.map((c) => [c.content, c.parentCommentId, c.author.id, c.commentType]),
    ).toEqual([
      ['Rename this.', 0, REVIEWER.id, 'text'],
      ['And the test.', 1, REVIEWER.id, 'text'],
      ['Renamed in abc123.', 1, BOT_ID, 'text'],
    ]);
    const created = sim.threads.all.find((t) => t.id !== thread.id)!;
    expect(created).toMatchObject({ filePath: undefined, status: undefined });
    expect(created.comments.map((c) => [c.content, c.author.id])).toEqual([
      ['A human should take over.', BOT_ID],
    ]);
    const writes = sim.requests.filter((r) => r.method !== 'GET' && r.method !== 'OPTIONS');
    expect(
      writes.map((r) => `${r.method} ${r.url.split('?')[0]!.replace(/^.*\/pullRequests\//i, '')}`),
    ).toEqual([
      `POST ${pr.pullRequestId}/threads/${thread.id}/comments`,
      `POST ${pr.pullRequestId}/threads`,
    ]);
  });

  it('explains a token that may read but not write code (scope vso.code) when it replies', async () => {
    await sim.close();
    sim = await startAzureDevOpsSimulator({ tokens: [{ token: PAT, scopes: ['vso.code'] }] });
    sim.addRepository({ name: 'shop', branches: { main: 'a'.repeat(40) } });
    const pr = sim.addPullRequest({ repository: 'shop', sourceBranch: 'ticket-to-pr/1-fix' });
    const thread = sim.threads.add({
      pullRequestId: pr.pullRequestId,
      status: 'active',
      comments: [{ author: REVIEWER, content: 'Please rename.' }],
    });
    const forge = await forgeFor();
    const read = (await forge.getPullRequest(pr.pullRequestId))!;
    const [only] = await forge.listReviewThreads(read);
    const error = await forge.replyToThread(read, only!, 'x').catch((e: unknown) => e);
    expect(error).toMatchObject({ outcome: 'config-error' });
    expect((error as Error).message).toMatch(
      /azure-devops-token: Azure DevOps rejected the token \(401\) while replying/,
    );
    expect(thread.comments).toHaveLength(1);
  });

  it('explains a token that may not read threads (401) naming azure-devops-token', async () => {
    const pr = sim.addPullRequest({ repository: 'shop', sourceBranch: 'ticket-to-pr/1-fix' });
    const forge = await forgeFor();
    const read = (await forge.getPullRequest(pr.pullRequestId))!;
    const error = await (await forgeFor('w'.repeat(52)))
      .listReviewThreads(read)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ outcome: 'config-error' });
    expect((error as Error).message).toMatch(/azure-devops-token/);
    expect((error as Error).message).not.toContain(PAT);
  });
});
