import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as azdev from 'azure-devops-node-api';
import { PullRequestStatus } from 'azure-devops-node-api/interfaces/GitInterfaces.js';
import type { GitPullRequest } from 'azure-devops-node-api/interfaces/GitInterfaces.js';
import { startAzureDevOpsSimulator } from '../../simulators/azure-devops/index.js';
import type { AzureDevOpsSimulator } from '../../simulators/azure-devops/index.js';

/** The git half of the simulator, driven by the real client (the Azure Repos PR adapter depends on it). */
describe('Azure DevOps simulator: repositories and pull requests', () => {
  let sim: AzureDevOpsSimulator;
  let repoId: string;

  beforeAll(async () => {
    sim = await startAzureDevOpsSimulator({ token: 'git-token' });
    repoId = sim.addRepository({ name: 'shop', remoteUrl: 'file:///tmp/shop.git' }).id;
  });
  afterAll(() => sim.close());

  const gitApi = () =>
    new azdev.WebApi(sim.orgUrl, azdev.getBearerHandler('git-token')).getGitApi();

  it('answers the location handshake and finds a repository by name or id', async () => {
    const git = await gitApi();
    const byName = await git.getRepository('shop', sim.project.name);
    const byId = await git.getRepository(repoId, sim.project.name);
    expect(byName.id).toBe(repoId);
    expect(byId.name).toBe('shop');
    expect(byName.remoteUrl).toBe('file:///tmp/shop.git');
    expect(byName.webUrl).toBe(`${sim.orgUrl}/Fabrikam/_git/shop`);
    const paths = sim.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'OPTIONS /contoso/_apis/Location',
        'GET /contoso/_apis/ResourceAreas',
        'OPTIONS /contoso/_apis/git',
        'GET /contoso/Fabrikam/_apis/git/repositories/shop',
      ]),
    );
    expect(await git.getRepository('nope', sim.project.name)).toBeNull();
  });

  it('creates a draft PR (201, artifactId), lists it by source branch, refuses a duplicate, updates it', async () => {
    const git = await gitApi();
    const input: GitPullRequest = {
      sourceRefName: 'refs/heads/ticket-to-pr/42-fix',
      targetRefName: 'refs/heads/main',
      title: 'AB#42: Fix',
      description: 'body',
      isDraft: true,
      workItemRefs: [{ id: '42' }],
    };
    const created = await git.createPullRequest(input, 'shop', sim.project.name, true);
    expect(created.pullRequestId).toBe(1);
    expect(created.isDraft).toBe(true);
    expect(created.status).toBe(PullRequestStatus.Active);
    expect(created.artifactId).toBe(sim.artifactIdFor(repoId, 1));
    expect(sim.requests.at(-1)).toMatchObject({ method: 'POST', status: 201 });

    const found = await git.getPullRequests(
      'shop',
      {
        sourceRefName: 'refs/heads/ticket-to-pr/42-fix',
        status: PullRequestStatus.Active,
      },
      sim.project.name,
    );
    expect(found.map((pr) => pr.pullRequestId)).toEqual([1]);
    expect(sim.requests.at(-1)!.url).toContain('searchCriteria.status=1');
    const none = await git.getPullRequests(
      'shop',
      { sourceRefName: 'refs/heads/other' },
      sim.project.name,
    );
    expect(none).toEqual([]);

    await expect(
      git.createPullRequest(input, 'shop', sim.project.name, true),
    ).rejects.toMatchObject({
      statusCode: 409,
      message: 'TF401179: An active pull request for the source and target branch already exists.',
    });

    const updated = await git.updatePullRequest(
      { title: 'AB#42: Fix (v2)', description: 'new' },
      repoId,
      1,
      sim.project.name,
    );
    expect(updated.title).toBe('AB#42: Fix (v2)');
    expect(sim.state.pullRequests.get(1)!.description).toBe('new');
  });

  it('refuses a wrong token with 401', async () => {
    // The location handshake itself is authenticated, so the client fails before the first call.
    const api = new azdev.WebApi(sim.orgUrl, azdev.getPersonalAccessTokenHandler('wrong'));
    const error = await api.getGitApi().then(
      () => undefined,
      (e: unknown) => e as { statusCode?: number; message: string },
    );
    expect(error?.statusCode).toBe(401);
    expect(error?.message).toMatch(/^TF400813: /);
    expect(sim.requests.at(-1)).toMatchObject({ auth: 'basic', status: 401 });
  });

  it('refuses a description over 4000 characters with a 400, as the service does', async () => {
    const git = await gitApi();
    const error = await git
      .createPullRequest(
        {
          sourceRefName: 'refs/heads/ticket-to-pr/7-long',
          targetRefName: 'refs/heads/main',
          title: 'Long',
          description: 'x'.repeat(4001),
        },
        repoId,
        sim.project.name,
      )
      .catch((e: unknown) => e as { statusCode?: number; message?: string });
    expect(error).toMatchObject({ statusCode: 400 });
    expect((error as { message: string }).message).toContain(
      'must not be longer than 4000 characters',
    );
    const ok = await git.createPullRequest(
      {
        sourceRefName: 'refs/heads/ticket-to-pr/7-long',
        targetRefName: 'refs/heads/main',
        title: 'Long',
        description: 'x'.repeat(4000),
      },
      repoId,
      sim.project.name,
    );
    expect(ok.description).toHaveLength(4000);
  });
});
