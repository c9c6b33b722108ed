// The review loop when the pull request was opened under one identity and is revised under another
// (a PAT, then System.AccessToken or GITHUB_TOKEN), through `node dist/index.js` against the
// simulators and a real bare remote: the bot's own replies are no feedback, and max-revisions holds.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SimIdentity, SimThread } from '../simulators/azure-devops/index.js';
import {
  startGitHubSimulator,
  type GitHubSimulator,
} from '../simulators/github/github-simulator.js';
import type { SimUser } from '../simulators/github/fixtures.js';
import type { SimReviewer } from '../simulators/github/review.js';
import { headOf, scriptedReviewEditor } from './sample/review-script.js';
import { SAMPLE_TICKET, scriptedTriageModel } from './sample/scripted-model.js';
import { ADO_TOKEN, startWorld, type World } from './world.js';

const BRANCH = 'ticket-to-pr/1-discount-of-10-on-a-200-00-cart-gives';

describe('Azure Repos: opened with a PAT, revised with the build service token', () => {
  const OPENER: SimIdentity = {
    id: '5b0a7c11-0000-4000-8000-00000000000a',
    displayName: 'Release Robot',
    uniqueName: 'release-robot@contoso.com',
  };
  const BUILD_TOKEN = 'system-access-token-0123456789abcdefghijklmnop';
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
  let w: World;
  let prId: number;
  let thread: SimThread;
  const asBuild = (extra: Record<string, string> = {}) =>
    w.run({
      azurePipelines: true,
      inputs: {
        'edit-format': 'diff',
        'azure-devops-token': BUILD_TOKEN,
        'pull-request': String(prId),
        'max-revisions': '2',
        ...extra,
      },
    });
  const buildReplies = () => thread.comments.filter((c) => c.author.id === BUILD.id);

  beforeAll(async () => {
    w = await startWorld({
      tickets: [SAMPLE_TICKET],
      triageAnswer: scriptedTriageModel(),
      editAnswer: scriptedReviewEditor(),
      ado: {
        tokens: [
          { token: ADO_TOKEN, identity: OPENER },
          { token: BUILD_TOKEN, identity: BUILD },
        ],
      },
    });
    const first = await w.run({ azurePipelines: true, inputs: { 'edit-format': 'diff' } });
    expect(first.outputs.outcome).toBe('pr-opened');
    const pr = [...w.ado.state.pullRequests.values()][0]!;
    expect(pr.createdBy.id).toBe(OPENER.id);
    prId = pr.pullRequestId;
  }, 60_000);
  afterAll(() => w.close());

  it('revises once; its own reply, posted as the build service, is no new feedback on the next run', async () => {
    thread = w.ado.threads.add({
      pullRequestId: prId,
      status: 'active',
      filePath: '/src/discount.js',
      line: 6,
      comments: [{ author: REVIEWER, content: 'Say why this rounds.' }],
    });
    // reproduce left unset (the default): the summary does not blame an input nobody set.
    const r = await asBuild({ reproduce: '' });
    expect(r.outputs.outcome).toBe('pr-revised');
    expect(buildReplies()).toHaveLength(1);
    expect(r.summary).toContain(
      '**Reproduction test:** none. A revision writes no reproduction test',
    );
    expect(r.summary).not.toContain('reproduce: off');
    const head = headOf(w.repo.remoteDir, BRANCH);
    const again = await asBuild();
    expect(again.outputs.outcome).toBe('no-ticket');
    expect(headOf(w.repo.remoteDir, BRANCH)).toBe(head);
    expect(buildReplies()).toHaveLength(1);
  }, 60_000);

  it('max-revisions holds across identities: the branch’s commits keep the count', async () => {
    w.ado.threads.reply(thread.id, {
      author: REVIEWER,
      content: 'Now say it is rounded to the cent.',
    });
    expect((await asBuild()).outputs.outcome).toBe('pr-revised');
    const head = headOf(w.repo.remoteDir, BRANCH);
    // Back under the PAT: the build service's replies are not its own there, but the two
    // revision commits on the branch are.
    w.ado.threads.reply(thread.id, { author: REVIEWER, content: 'One more thing, please.' });
    const r = await w.run({
      azurePipelines: true,
      inputs: { 'edit-format': 'diff', 'pull-request': String(prId), 'max-revisions': '2' },
    });
    expect(r.outputs.outcome).toBe('needs-human');
    expect(r.outputs.reason).toMatch(/had 2 revision\(s\), the max-revisions limit/);
    expect(headOf(w.repo.remoteDir, BRANCH)).toBe(head);
  }, 90_000);
});

describe('GitHub: opened with a PAT, revised with GITHUB_TOKEN', () => {
  const PAT = 'ghp_e2eReleaseRobotPat0123456789abcdefABCD';
  const PAT_USER: SimUser = { login: 'release-robot', id: 3001, type: 'User' };
  const ACTIONS_TOKEN = 'ghs_e2eActionsToken0123456789abcdefABCDEF';
  const ACTIONS_BOT: SimUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
  const ALICE: SimReviewer = { login: 'alice', id: 501, type: 'User', role: 'write' };
  let w: World;
  let github: GitHubSimulator;
  let pull: number;
  const inputs = (token: string, extra: Record<string, string> = {}) => ({
    'pr-target': 'github',
    'github-token': token,
    'github-api-url': github.url,
    'github-repository': 'shop/invoice-tools',
    'edit-format': 'diff',
    ...extra,
  });
  const asActions = () =>
    w.run({ inputs: inputs(ACTIONS_TOKEN, { 'pull-request': String(pull) }) });
  const actionsComments = () =>
    github.review.issueComments.filter((c) => c.user.login === ACTIONS_BOT.login);

  beforeAll(async () => {
    w = await startWorld({
      tickets: [SAMPLE_TICKET],
      triageAnswer: scriptedTriageModel(),
      editAnswer: scriptedReviewEditor(),
    });
    github = await startGitHubSimulator({
      owner: 'shop',
      repo: 'invoice-tools',
      token: PAT,
      tokenUser: PAT_USER,
      moreTokens: [{ token: ACTIONS_TOKEN, user: ACTIONS_BOT }],
      gitDir: w.repo.remoteDir,
    });
    const first = await w.run({ inputs: inputs(PAT) });
    expect(first.outputs.outcome).toBe('pr-opened');
    expect(github.pulls[0]!.user.login).toBe(PAT_USER.login);
    pull = github.pulls[0]!.number;
  }, 60_000);
  afterAll(async () => {
    await Promise.all([w.close(), github.close()]);
  });

  it('revises once; the Actions bot’s own reply is no new feedback on the next run', async () => {
    github.review.addIssueComment({ pull, user: ALICE, body: '/ticket-to-pr revise say why' });
    const r = await asActions();
    expect(r.outputs.outcome).toBe('pr-revised');
    expect(actionsComments()).toHaveLength(1);
    const head = headOf(w.repo.remoteDir, BRANCH);
    const again = await asActions();
    expect(again.outputs.outcome).toBe('no-ticket');
    expect(headOf(w.repo.remoteDir, BRANCH)).toBe(head);
    expect(actionsComments()).toHaveLength(1);
  }, 60_000);
});
