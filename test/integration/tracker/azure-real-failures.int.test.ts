// Azure DevOps failures the service really produces (real-failures.md, Azure DevOps), driven through
// the real azure-devops-node-api client against the simulator.
import { afterEach, describe, expect, it } from '@jest/globals';
import * as azdev from 'azure-devops-node-api';
import { ConfigError } from '../../../src/shared/errors.js';
import { STATUS_TAGS } from '../../../src/shared/outcome.js';
import { startAzureDevOpsSimulator } from '../../simulators/azure-devops/index.js';
import type { AzureDevOpsSimulator } from '../../simulators/azure-devops/index.js';
import { PAT, trackerFor } from './harness.js';

let sim: AzureDevOpsSimulator;
afterEach(() => sim.close());

const patches = () => sim.requests.filter((r) => r.method === 'PATCH');
const writes = () => patches().filter((r) => !r.url.includes('validateOnly=true'));

describe('status tags the project never had (403 TF401289)', () => {
  it('the simulator rejects the whole patch with the service text when the caller cannot create tags', async () => {
    sim = await startAzureDevOpsSimulator({ tokens: [{ token: PAT, canCreateTags: false }] });
    sim.addWorkItem({ id: 1, title: 'fix it', tags: ['autofix'] });
    const wit = await new azdev.WebApi(
      sim.orgUrl,
      azdev.getPersonalAccessTokenHandler(PAT),
    ).getWorkItemTrackingApi();
    const error = await wit
      .updateWorkItem(
        undefined,
        [
          { op: 'add', path: '/fields/System.Title', value: 'renamed' },
          { op: 'add', path: '/fields/System.Tags', value: 'brand-new' },
        ] as never,
        1,
        sim.project.name,
      )
      .catch((e: unknown) => e as Error & { statusCode?: number });
    // azure-devops-node-api 17 rejects with the body's `message` and `statusCode` (typed-rest-client
    // 3.1.2 RestClient.js:191–206). Text as quoted from the live service; dependabot-core common/lib/dependabot/clients/azure.rb
    // keys TagsCreationForbidden on "TF401289" in a 403 (see http.ts tagCreationForbidden).
    expect(error).toMatchObject({
      statusCode: 403,
      message: 'TF401289: The current user does not have permissions to create tags.',
    });
    expect(sim.state.workItems.get(1)).toMatchObject({
      rev: 1,
      fields: { 'System.Title': 'fix it' },
    });
    // An existing tag needs no such permission.
    await wit.updateWorkItem(
      undefined,
      [{ op: 'add', path: '/fields/System.Tags', value: 'autofix' }] as never,
      1,
      sim.project.name,
    );
    // Tags - List (wit 7.1 Tags_List) knows the project's tags.
    expect((await wit.getTags(sim.project.name)).map((t) => t.name)).toEqual(['autofix']);
  });

  it('preflight ends config-error before any claim, naming the permission and the one-time fix', async () => {
    sim = await startAzureDevOpsSimulator({ tokens: [{ token: PAT, canCreateTags: false }] });
    sim.addWorkItem({ id: 1, title: 'fix it', tags: ['autofix'] });
    const { tracker } = trackerFor(sim);
    const error = await tracker.pickAndClaim().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('"Create tag definition"');
    expect(message).toContain('TF401289');
    expect(message).toMatch(/One-time fix: add these tags once by hand/);
    expect(message).toContain(STATUS_TAGS.working);
    expect(writes()).toHaveLength(0);
    expect(sim.state.workItems.get(1)!.rev).toBe(1);
    expect(sim.tagsOf(1)).toEqual(['autofix']);
  });

  it('tags the project already has need no permission: the claim goes ahead without a probe', async () => {
    sim = await startAzureDevOpsSimulator({
      tokens: [{ token: PAT, canCreateTags: false }],
      tagDefinitions: Object.values(STATUS_TAGS),
    });
    sim.addWorkItem({ id: 1, title: 'fix it', tags: ['autofix'] });
    const { tracker } = trackerFor(sim);
    expect((await tracker.pickAndClaim())?.id).toBe(1);
    expect(patches()).toHaveLength(1);
    expect(sim.tagsOf(1)).toContain(STATUS_TAGS.working);
  });

  it('a token that can create them gets a validate-only probe that saves nothing, then claims', async () => {
    sim = await startAzureDevOpsSimulator({ token: PAT });
    sim.addWorkItem({ id: 1, title: 'fix it', tags: ['autofix'] });
    const { tracker } = trackerFor(sim);
    expect((await tracker.pickAndClaim())?.id).toBe(1);
    expect(patches().map((r) => r.url.includes('validateOnly=true'))).toEqual([true, false]);
    expect(sim.state.workItems.get(1)!.rev).toBe(2);
  });
});

describe('revision conflicts (409 TF26071)', () => {
  it('a claim that meets 409 re-reads and moves on like after 412', async () => {
    sim = await startAzureDevOpsSimulator({
      token: PAT,
      tagDefinitions: Object.values(STATUS_TAGS),
    });
    sim.addWorkItem({ id: 1, title: 'first', tags: ['autofix'], priority: 1 });
    sim.addWorkItem({ id: 2, title: 'second', tags: ['autofix'], priority: 2 });
    sim.injectFault({ method: 'PATCH', path: /workItems\/1$/i, status: 409 });
    const { tracker } = trackerFor(sim);
    expect((await tracker.pickAndClaim())?.id).toBe(2);
    expect(patches().map((r) => r.status)).toEqual([409, 200]);
    expect(sim.tagsOf(1)).toEqual(['autofix']);
  });

  it('settle after a 409 reads the ticket again and retries the patch once', async () => {
    sim = await startAzureDevOpsSimulator({
      token: PAT,
      tagDefinitions: Object.values(STATUS_TAGS),
    });
    sim.addWorkItem({ id: 1, title: 'fix it', tags: ['autofix'] });
    const { tracker } = trackerFor(sim);
    await tracker.pickAndClaim();
    sim.injectFault({ method: 'PATCH', path: /workItems\/1$/i, status: 409 });
    await tracker.settle(1, {
      outcome: 'needs-human',
      statusTag: STATUS_TAGS.needsHuman,
      commentHtml: '<p>Needs a human.</p>',
    });
    expect(patches().map((r) => r.status)).toEqual([200, 409, 200]);
    expect(sim.tagsOf(1)).toEqual(['autofix', STATUS_TAGS.needsHuman]);
    expect(
      sim.state.workItems.get(1)!.comments.filter((c) => c.text === '<p>Needs a human.</p>'),
    ).toHaveLength(1);
  });

  it('the simulator answers 409 with the TF26071 text', async () => {
    sim = await startAzureDevOpsSimulator({ token: PAT });
    sim.addWorkItem({ id: 1, title: 'fix it' });
    sim.injectFault({ method: 'PATCH', status: 409 });
    const wit = await new azdev.WebApi(
      sim.orgUrl,
      azdev.getPersonalAccessTokenHandler(PAT),
    ).getWorkItemTrackingApi();
    const error = await wit
      .updateWorkItem(
        undefined,
        [{ op: 'add', path: '/fields/System.Title', value: 'x' }] as never,
        1,
      )
      .catch((e: unknown) => e);
    // The service's TF26071 text (real-failures.md, Azure DevOps §2; live status unconfirmed).
    expect(error).toMatchObject({
      statusCode: 409,
      message:
        'TF26071: This work item has been changed by someone else since you opened it. You will need to refresh it and discard your changes.',
    });
  });

  it('a pull request with workItemRefs links the work item on the service side, as a new revision', async () => {
    sim = await startAzureDevOpsSimulator({ token: PAT });
    const repoId = sim.addRepository({ name: 'shop', remoteUrl: 'file:///tmp/shop.git' }).id;
    sim.addWorkItem({ id: 42, title: 'fix it', tags: ['autofix'] });
    const git = await new azdev.WebApi(
      sim.orgUrl,
      azdev.getPersonalAccessTokenHandler(PAT),
    ).getGitApi();
    await git.createPullRequest(
      {
        sourceRefName: 'refs/heads/ticket-to-pr/42-fix',
        targetRefName: 'refs/heads/main',
        title: 'AB#42: Fix',
        workItemRefs: [{ id: '42' }],
      },
      'shop',
      sim.project.name,
    );
    const item = sim.state.workItems.get(42)!;
    expect(item.rev).toBe(2);
    expect(item.relations).toEqual([
      {
        rel: 'ArtifactLink',
        url: sim.artifactIdFor(repoId, 1),
        attributes: { name: 'Pull Request' },
      },
    ]);
  });
});
