/**
 * Azure Repos calls through the Azure DevOps choke point, against the simulator's faults: reads are
 * retried after a 429 or a 5xx, no retry wait runs past the job's deadline, a pull request is never
 * opened twice (a lost answer is found by re-reading), a reply is never posted twice, and an
 * organization that never answers names the input to check.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { AzureReposForge } from '../../../src/forge/azure-repos-forge.js';
import type { Config } from '../../../src/config/config.js';
import { OutcomeError } from '../../../src/shared/errors.js';
import {
  startAzureDevOpsSimulator,
  type AzureDevOpsSimulator,
  type SimIdentity,
} from '../../simulators/azure-devops/index.js';
import { makeConfig, recordingLogger } from '../git/fixtures.js';

const PAT = 'q'.repeat(40) + 'FAKEpat00000';
const BRANCH = 'ticket-to-pr/42-fix-the-add-function';
const REVIEWER: SimIdentity = {
  id: '3f1c2a9e-0000-4000-8000-000000000001',
  displayName: 'Rita Reviewer',
  uniqueName: 'rita@contoso.com',
};

let sim: AzureDevOpsSimulator;
let logger: ReturnType<typeof recordingLogger>;
let sleeps: number[];

beforeEach(async () => {
  sim = await startAzureDevOpsSimulator({ token: PAT });
  sim.addRepository({
    name: 'shop',
    branches: { main: 'a'.repeat(40), [BRANCH]: 'b'.repeat(40) },
  });
  logger = recordingLogger();
  sleeps = [];
});
afterEach(() => sim.close());

function configFor(orgUrl: string): Config {
  const base = makeConfig({
    path: '/tmp/unused',
    prTarget: 'azure-repos',
    azureReposRepository: 'shop',
  });
  return { ...base, tracker: { ...base.tracker, orgUrl, token: PAT }, secrets: [PAT] };
}

function forgeFor(options: { deadline?: number; orgUrl?: string } = {}): Promise<AzureReposForge> {
  return AzureReposForge.create({
    config: configFor(options.orgUrl ?? sim.orgUrl),
    workspace: { remoteUrl: async () => 'file:///tmp/shop.git' },
    logger,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
  });
}

const input = {
  title: 'AB#42: Fix the add function',
  body: 'Resolves AB#42',
  sourceBranch: BRANCH,
  targetBranch: 'main',
  draft: true,
  ticketId: 42,
};

const posts = () =>
  sim.requests.filter((r) => r.method === 'POST' && /pullRequests$/i.test(r.url.split('?')[0]!));

describe('Azure Repos calls are retried through the choke point', () => {
  it('a 503 on opening the pull request is retried, and opens exactly one', async () => {
    sim.injectFault({ method: 'POST', path: /pullRequests$/i, status: 503 });
    const pr = await (await forgeFor()).createPullRequest(input);
    expect(pr.id).toBe(1);
    expect(sim.state.pullRequests.size).toBe(1);
    expect(posts().map((r) => r.status)).toEqual([503, 201]);
    expect(sleeps).toHaveLength(1);
  });

  it('a lost answer (the pull request was opened) is found by re-reading, never opened twice', async () => {
    sim.injectFault({ method: 'POST', path: /pullRequests$/i, status: 503, afterApply: true });
    const pr = await (await forgeFor()).createPullRequest(input);
    expect(pr.id).toBe(1);
    expect(sim.state.pullRequests.size).toBe(1);
    expect(posts().map((r) => r.status)).toEqual([503]);
    expect(logger.lines).toContainEqual(
      'info: Azure DevOps (creating a pull request): the failed attempt had taken effect; not repeating it.',
    );
  });

  it('a dropped connection after the service opened it: still one pull request', async () => {
    sim.injectFault({ method: 'POST', path: /pullRequests$/i, status: 'reset', afterApply: true });
    await (await forgeFor()).createPullRequest(input);
    expect(sim.state.pullRequests.size).toBe(1);
    expect(posts()).toHaveLength(1);
  });

  it('a 429 on a read waits Retry-After, then reads', async () => {
    sim.injectFault({ method: 'GET', path: /pullRequests$/i, status: 429, retryAfterSeconds: 2 });
    expect(await (await forgeFor()).findOpenPullRequest(BRANCH)).toBeUndefined();
    expect(sleeps).toEqual([2000]);
  });

  it("no wait runs past the job's deadline: a long Retry-After fails the call at once", async () => {
    sim.injectFault({ method: 'GET', path: /pullRequests$/i, status: 429, retryAfterSeconds: 30 });
    const forge = await forgeFor({ deadline: Date.now() + 10_000 });
    const error = await forge.findOpenPullRequest(BRANCH).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeError);
    expect((error as Error).message).toMatch(
      /^Azure Repos answered 429 while listing pull requests in Fabrikam\/shop: TF400733/,
    );
    expect(sleeps).toEqual([]);
    expect(logger.lines).toContainEqual(
      expect.stringMatching(
        /not retrying: a wait of 30000 ms would end after the job's deadline\.$/,
      ),
    );
  });

  it('review reads are retried; a reply whose answer was lost is not posted twice', async () => {
    const pr = sim.addPullRequest({ repository: 'shop', sourceBranch: BRANCH });
    const thread = sim.threads.add({
      pullRequestId: pr.pullRequestId,
      status: 'active',
      comments: [{ author: REVIEWER, content: 'Please rename.' }],
    });
    const forge = await forgeFor();
    sim.injectFault({ method: 'GET', path: /threads$/i, status: 502 });
    const read = (await forge.getPullRequest(pr.pullRequestId))!;
    const [only] = await forge.listReviewThreads(read);
    expect(sleeps).toHaveLength(1);
    sim.injectFault({ method: 'POST', path: /comments$/i, status: 503, afterApply: true });
    const error = await forge.replyToThread(read, only!, 'Renamed.').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeError);
    expect(thread.comments).toHaveLength(2);
    expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });
});

describe('an organization that never answers', () => {
  it('names azure-devops-org-url and what to check', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const orgUrl = `http://127.0.0.1:${port}/contoso`;
    const error = await (await forgeFor({ orgUrl }))
      .findOpenPullRequest(BRANCH)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Azure DevOps is not reachable at ${orgUrl.replace(/[.]/g, '\\.')}: finding the Git API failed \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)\\. Check that azure-devops-org-url names the organization`,
      ),
    );
    expect((error as Error).message).not.toContain(PAT);
  });
});
