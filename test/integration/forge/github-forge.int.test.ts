import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createForge } from '../../../src/forge/create-forge.js';
import { GitHubForge } from '../../../src/forge/github-forge.js';
import { createGitWorkspace } from '../../../src/git/git-workspace.js';
import { branchNameFor } from '../../../src/git/branch-name.js';
import type { Workspace } from '../../../src/git/workspace.js';
import {
  startGitHubSimulator,
  type GitHubSimulator,
} from '../../simulators/github/github-simulator.js';
import {
  BOT_AUTHOR,
  createGitFixture,
  makeConfig,
  recordingLogger,
  type GitFixture,
} from '../git/fixtures.js';

const TOKEN = 'ghs_FAKEinstallationToken0123456789abcdef';
const BRANCH = branchNameFor(42, 'Fix the add function');
/** A minimal pull request for the branch, for tests about the answer rather than the content. */
const NEW_PR = {
  title: 't',
  body: 'b',
  sourceBranch: BRANCH,
  targetBranch: 'main',
  draft: true,
  ticketId: 42,
};
const BODY = `Resolves AB#42\n\n${'A long, detailed report line.\n'.repeat(800)}`;

let fx: GitFixture;
let sim: GitHubSimulator;
let workspace: Workspace;
let logger: ReturnType<typeof recordingLogger>;

async function forgeFor(overrides: { token?: string; draft?: boolean } = {}) {
  const config = makeConfig({
    path: fx.work,
    prTarget: 'github',
    githubToken: overrides.token ?? TOKEN,
    githubApiUrl: sim.url,
    githubRepository: `${sim.owner}/${sim.repo}`,
    draft: overrides.draft ?? true,
  });
  return createForge({ config, workspace, logger });
}

async function publish(forgeBody: string) {
  const forge = await forgeFor();
  const existing = await forge.findOpenPullRequest(BRANCH);
  const content = { title: 'AB#42: Fix the add function', body: forgeBody };
  return existing
    ? forge.updatePullRequest(existing, content)
    : forge.createPullRequest({
        ...content,
        sourceBranch: BRANCH,
        targetBranch: 'main',
        draft: true,
        ticketId: 42,
      });
}

beforeEach(async () => {
  fx = await createGitFixture();
  sim = await startGitHubSimulator({
    owner: 'octo-org',
    repo: 'widgets',
    token: TOKEN,
    gitDir: fx.remote,
  });
  logger = recordingLogger();
  workspace = await createGitWorkspace({
    config: makeConfig({ path: fx.work, githubToken: TOKEN }),
    logger,
    token: { kind: 'github', value: TOKEN },
  });
  await writeFile(join(fx.work, 'src', 'calc.js'), 'export const add = (a, b) => a + b;\n');
  await workspace.commitAndPush({
    branch: BRANCH,
    message: 'AB#42: Fix the add function',
    author: BOT_AUTHOR,
    paths: ['src/calc.js'],
  });
});

afterEach(async () => {
  await sim.close();
  await fx.cleanup();
});

describe('GitHub forge through @octokit/rest against the simulator', () => {
  it('opens a draft pull request with the full body, then finds and updates it on a rerun', async () => {
    const forge = await forgeFor();
    expect(forge).toBeInstanceOf(GitHubForge);
    expect(await forge.findOpenPullRequest(BRANCH)).toBeUndefined();

    const created = await publish(BODY);
    expect(created).toMatchObject({
      id: 1,
      sourceBranch: BRANCH,
      targetBranch: 'main',
      isDraft: true,
    });
    expect(created.webUrl).toBe(`${sim.webUrl}/octo-org/widgets/pull/1`);
    expect(sim.pulls[0]!.body).toBe(BODY);
    const createCall = sim.requests.find((r) => r.operation === 'pulls/create')!;
    expect(createCall.body).toMatchObject({ head: BRANCH, base: 'main', draft: true });
    expect(createCall.authorization).toBe(`token ${TOKEN}`);
    const listCall = sim.requests.find((r) => r.operation === 'pulls/list')!;
    expect(listCall.query).toMatchObject({ head: `octo-org:${BRANCH}`, state: 'open' });

    const updated = await publish('Second run body');
    expect(updated.id).toBe(1);
    expect(sim.pulls).toHaveLength(1);
    expect(sim.pulls[0]!.body).toBe('Second run body');
    expect(sim.requests.filter((r) => r.operation === 'pulls/create')).toHaveLength(1);
    expect(sim.requests.filter((r) => r.operation === 'pulls/update')).toHaveLength(1);
  });

  it('updates instead of duplicating when create answers 422 "A pull request already exists"', async () => {
    const forge = await forgeFor();
    await forge.createPullRequest({
      title: 't',
      body: 'one',
      sourceBranch: BRANCH,
      targetBranch: 'main',
      draft: true,
      ticketId: 42,
    });
    const again = await forge.createPullRequest({
      title: 't2',
      body: 'two',
      sourceBranch: BRANCH,
      targetBranch: 'main',
      draft: true,
      ticketId: 42,
    });
    expect(again.id).toBe(1);
    expect(sim.pulls).toHaveLength(1);
    expect(sim.pulls[0]).toMatchObject({ title: 't2', body: 'two' });
    expect(sim.requests.map((r) => `${r.operation} ${r.status}`)).toEqual([
      'pulls/create 201',
      'pulls/create 422',
      'pulls/list 200',
      'pulls/update 200',
    ]);
  });

  it('does not take a closed pull request, or one from another branch, for ours', async () => {
    const forge = await forgeFor();
    const pr = await forge.createPullRequest(NEW_PR);
    sim.pulls[0]!.state = 'closed';
    expect(await forge.findOpenPullRequest(BRANCH)).toBeUndefined();
    sim.pulls[0]!.state = 'open';
    expect(await forge.findOpenPullRequest('ticket-to-pr/43-other')).toBeUndefined();
    expect((await forge.findOpenPullRequest(BRANCH))?.id).toBe(pr.id);
  });

  const refusals: [string, (s: GitHubSimulator) => void, RegExp, string][] = [
    [
      'a wrong token (401 Bad credentials)',
      () => undefined,
      /github-token.*401 Bad credentials/,
      'wrong',
    ],
    [
      'Actions not allowed to create pull requests (403)',
      (s) => (s.settings.actionsMayCreatePullRequests = false),
      /Allow GitHub Actions to create and approve pull requests/,
      TOKEN,
    ],
    [
      'a token without pull-requests: write (403)',
      (s) => (s.settings.pullRequestsWrite = false),
      /Resource not accessible by integration.*pull-requests: write/,
      TOKEN,
    ],
    [
      'a repository without drafts (422)',
      (s) => (s.settings.draftsSupported = false),
      /Set draft to false/,
      TOKEN,
    ],
  ];

  it.each(refusals)(
    'explains %s as a configuration error',
    async (_name, setup, message, token) => {
      setup(sim);
      const forge = await forgeFor({
        token: token === 'wrong' ? 'ghs_wrongToken000000000000000000000000000' : token,
      });
      const error = await forge.createPullRequest(NEW_PR).catch((e: unknown) => e);
      expect(error).toMatchObject({ outcome: 'config-error' });
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(TOKEN);
      expect(sim.pulls).toHaveLength(0);
    },
  );

  it('reports a head branch the server does not have as an error naming the field', async () => {
    const forge = await forgeFor();
    const error = await forge
      .createPullRequest({ ...NEW_PR, sourceBranch: 'ticket-to-pr/9-missing', ticketId: 9 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ outcome: 'error' });
    expect((error as Error).message).toContain('422');
    expect((error as Error).message).toContain('head invalid');
  });

  it('never logs the token', async () => {
    await publish(BODY);
    await publish('again');
    expect(logger.lines.join('\n')).not.toContain(TOKEN);
  });
});
