import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createForge } from '../../../src/forge/create-forge.js';
import {
  AZURE_REPOS_DESCRIPTION_LIMIT,
  AzureReposForge,
} from '../../../src/forge/azure-repos-forge.js';
import type { Forge } from '../../../src/forge/forge.js';
import {
  startAzureDevOpsSimulator,
  type AzureDevOpsSimulator,
} from '../../simulators/azure-devops/index.js';
import { makeConfig, recordingLogger } from '../git/fixtures.js';

const PAT = 'p'.repeat(40) + 'FAKEpat00000'; // 52 characters: sent as a PAT (Basic)
const BRANCH = 'ticket-to-pr/42-fix-the-add-function';

let sim: AzureDevOpsSimulator;
let repositoryId: string;
let logger: ReturnType<typeof recordingLogger>;

beforeEach(async () => {
  sim = await startAzureDevOpsSimulator({ token: PAT });
  repositoryId = sim.addRepository({
    name: 'shop',
    branches: { main: 'a'.repeat(40), [BRANCH]: 'b'.repeat(40) },
  }).id;
  logger = recordingLogger();
});
afterEach(() => sim.close());

async function forgeFor(token = PAT, remote = 'file:///tmp/shop.git'): Promise<Forge> {
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
  return createForge({ config, workspace: { remoteUrl: async () => remote } as never, logger });
}

const input = (body: string) => ({
  title: 'AB#42: Fix the add function',
  body,
  sourceBranch: BRANCH,
  targetBranch: 'main',
  draft: true,
  ticketId: 42,
});

describe('Azure Repos forge through azure-devops-node-api against the simulator', () => {
  it('opens a draft PR linked to the work item, then finds and updates it on a rerun', async () => {
    const forge = await forgeFor();
    expect(forge).toBeInstanceOf(AzureReposForge);
    expect(await forge.findOpenPullRequest(BRANCH)).toBeUndefined();

    const body =
      'Resolves AB#42\n\n| check | before | after |\n| --- | --- | --- |\n| test | fail | pass |';
    const created = await forge.createPullRequest(input(body));
    expect(created).toMatchObject({
      id: 1,
      sourceBranch: BRANCH,
      targetBranch: 'main',
      isDraft: true,
    });
    expect(created.artifactId).toBe(sim.artifactIdFor(repositoryId, 1));
    expect(created.webUrl).toBe(`${sim.orgUrl}/Fabrikam/_git/shop/pullrequest/1`);
    const stored = sim.state.pullRequests.get(1)!;
    expect(stored).toMatchObject({
      description: body,
      isDraft: true,
      workItemRefs: [{ id: '42' }],
    });
    expect(sim.requests.find((r) => r.method === 'POST')!.auth).toBe('basic');

    const rerun = await forgeFor();
    const found = await rerun.findOpenPullRequest(BRANCH);
    expect(found?.id).toBe(1);
    const updated = await rerun.updatePullRequest(found!, {
      title: 'AB#42: Fix the add function',
      body: 'second',
    });
    expect(updated.id).toBe(1);
    expect(sim.state.pullRequests.size).toBe(1);
    expect(sim.state.pullRequests.get(1)!.description).toBe('second');
    const list = sim.requests.find((r) => r.method === 'GET' && r.url.includes('/pullRequests?'))!;
    expect(list.url).toContain(
      `searchCriteria.sourceRefName=${encodeURIComponent(`refs/heads/${BRANCH}`)}`,
    );
    expect(list.url).toContain('searchCriteria.status=1');
  });

  it('updates the existing PR when create answers TF401179 (no duplicate)', async () => {
    const forge = await forgeFor();
    await forge.createPullRequest(input('one'));
    const again = await forge.createPullRequest(input('two'));
    expect(again.id).toBe(1);
    expect(sim.state.pullRequests.size).toBe(1);
    expect(sim.state.pullRequests.get(1)!.description).toBe('two');
    expect(sim.requests.some((r) => r.status === 409)).toBe(true);
  });

  it('never sends a description over the 4000-character limit', async () => {
    const forge = await forgeFor();
    await forge.createPullRequest(input('line of text\n'.repeat(1000)));
    const description = sim.state.pullRequests.get(1)!.description;
    expect(description.length).toBeLessThanOrEqual(AZURE_REPOS_DESCRIPTION_LIMIT);
    expect(description).toContain('4000-character limit');
  });

  it('explains a rejected token as a configuration error without the token', async () => {
    const wrong = 'w'.repeat(40) + 'WRONGpat0000';
    const forge = await forgeFor(wrong);
    const error = await forge.findOpenPullRequest(BRANCH).catch((e: unknown) => e);
    expect(error).toMatchObject({ outcome: 'config-error' });
    expect((error as Error).message).toContain('azure-devops-token');
    expect((error as Error).message).not.toContain(wrong);
  });

  it('names a repository that does not exist', async () => {
    const base = makeConfig({
      path: '/tmp/unused',
      prTarget: 'azure-repos',
      azureReposRepository: 'nope',
    });
    const config = { ...base, tracker: { ...base.tracker, orgUrl: sim.orgUrl, token: PAT } };
    const forge = await createForge({
      config,
      workspace: { remoteUrl: async () => 'file:///x' } as never,
      logger,
    });
    await expect(forge.findOpenPullRequest(BRANCH)).rejects.toMatchObject({
      outcome: 'config-error',
      message: expect.stringContaining("'nope' was not found"),
    });
  });
});
