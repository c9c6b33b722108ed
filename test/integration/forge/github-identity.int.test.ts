/**
 * Who is ticket-to-pr on GitHub, and who may steer it, through the real @octokit/rest client
 * against the GitHub simulator: a pull request opened under one token and revised under another,
 * custom repository roles, and comments edited after they were written.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { SimPullRequest, SimUser } from '../../simulators/github/fixtures.js';
import {
  startGitHubSimulator,
  type GitHubSimulator,
} from '../../simulators/github/github-simulator.js';
import type { SimReviewer } from '../../simulators/github/review.js';
import { recordingLogger } from '../git/fixtures.js';
import { githubForgeFor } from './github-forge-for.js';

/** GITHUB_TOKEN: an installation token of the GitHub Actions app. */
const ACTIONS_TOKEN = 'ghs_actionsInstallationToken0123456789abc';
const ACTIONS_BOT: SimUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
/** A person's PAT that opened the pull request. */
const PAT = 'ghp_personalAccessToken0123456789abcdefgh';
const PAT_USER: SimUser = { login: 'release-robot', id: 3001, type: 'User' };
/** Another GitHub App's installation token. */
const APP_TOKEN = 'ghs_otherAppInstallationToken0123456789ab';
const APP_BOT: SimUser = { login: 'ttp-helper[bot]', id: 3002, type: 'Bot' };
const WRITER: SimReviewer = { login: 'wendy', id: 101, type: 'User', role: 'write' };

let sim: GitHubSimulator;
let logger: ReturnType<typeof recordingLogger>;

beforeEach(async () => {
  sim = await startGitHubSimulator({
    owner: 'octo-org',
    repo: 'widgets',
    token: ACTIONS_TOKEN,
    tokenUser: ACTIONS_BOT,
    moreTokens: [
      { token: PAT, user: PAT_USER },
      { token: APP_TOKEN, user: APP_BOT },
    ],
  });
  logger = recordingLogger();
});
afterEach(() => sim.close());

function forgeFor(token: string) {
  return githubForgeFor(sim, token, logger);
}

function addPull(user: SimUser): SimPullRequest {
  const pr: SimPullRequest = {
    number: sim.pulls.length + 1,
    id: 2_000_001 + sim.pulls.length,
    title: 'AB#1: fix',
    body: 'Resolves AB#1',
    state: 'open',
    draft: true,
    head: { ref: 'ticket-to-pr/1-fix', sha: 'c'.repeat(40) },
    base: { ref: 'main', sha: 'a'.repeat(40) },
    user,
    createdAt: '2026-11-01T09:00:00Z',
    updatedAt: '2026-11-01T09:00:00Z',
    closedAt: null,
  };
  sim.pulls.push(pr);
  return pr;
}

const selfOf = async (token: string) => {
  const forge = await forgeFor(token);
  const threads = await forge.listReviewThreads((await forge.getPullRequest(1))!);
  return Object.fromEntries(
    threads.flatMap((t) => t.comments).map((c) => [c.author.name, c.author.isSelf]),
  );
};

describe('ticket-to-pr is its own identity as well as the pull request author', () => {
  it('opened with a PAT, revised with GITHUB_TOKEN: the Actions bot’s replies are its own (GraphQL viewer)', async () => {
    addPull(PAT_USER);
    sim.review.addIssueComment({ pull: 1, user: WRITER, body: '/ticket-to-pr revise please' });
    sim.review.addIssueComment({ pull: 1, user: ACTIONS_BOT, body: 'reply <!-- x -->' });
    sim.review.addIssueComment({ pull: 1, user: PAT_USER, body: 'opened it' });
    expect(await selfOf(ACTIONS_TOKEN)).toEqual({
      wendy: false,
      'github-actions[bot]': true,
      'release-robot': true,
    });
    // GET /user refuses an installation token; GraphQL's viewer names its bot.
    const asked = sim.requests.map((r) => `${r.operation} ${r.status}`);
    expect(asked).toEqual(expect.arrayContaining(['users/get-authenticated 403', 'graphql 200']));
  });

  it('opened by one app, revised with a PAT: the PAT’s user (GET /user) is its own too', async () => {
    addPull(APP_BOT);
    sim.review.addIssueComment({ pull: 1, user: PAT_USER, body: 'reply' });
    sim.review.addIssueComment({ pull: 1, user: APP_BOT, body: 'first reply' });
    expect(await selfOf(PAT)).toEqual({ 'release-robot': true, 'ttp-helper[bot]': true });
    expect(sim.requests.filter((r) => r.operation === 'graphql')).toEqual([]);
  });

  it('a reviewer named like the bot without [bot] is not the bot', async () => {
    addPull(PAT_USER);
    const lookalike: SimReviewer = {
      login: 'github-actions',
      id: 666,
      type: 'User',
      role: 'write',
    };
    sim.review.addIssueComment({ pull: 1, user: lookalike, body: '/ticket-to-pr revise x' });
    expect(await selfOf(ACTIONS_TOKEN)).toEqual({ 'github-actions': false });
  });

  it('when GitHub will not say who the token is, only the author is its own, and it warns', async () => {
    addPull(PAT_USER);
    sim.review.addIssueComment({ pull: 1, user: ACTIONS_BOT, body: 'reply' });
    sim.rateLimit({ kind: 'secondary', operation: 'graphql', status: 403, times: 10 });
    const forge = await forgeFor(ACTIONS_TOKEN);
    const threads = await forge.listReviewThreads((await forge.getPullRequest(1))!);
    expect(threads[0]!.comments[0]!.author.isSelf).toBe(false);
    expect(logger.lines.join('\n')).toMatch(/did not say which account the token acts as/);
  }, 20_000);
});

describe('custom repository roles', () => {
  it('decides on the base permission: a custom role built on write steers, one built on triage does not', async () => {
    addPull(ACTIONS_BOT);
    const builtOnWrite: SimReviewer = {
      login: 'cora',
      id: 201,
      type: 'User',
      role: { name: 'security-engineer', base: 'write' },
    };
    const builtOnTriage: SimReviewer = {
      login: 'tom',
      id: 202,
      type: 'User',
      role: { name: 'issue-herder', base: 'triage' },
    };
    sim.review.addIssueComment({ pull: 1, user: builtOnWrite, body: '/ticket-to-pr revise a' });
    sim.review.addIssueComment({ pull: 1, user: builtOnTriage, body: '/ticket-to-pr revise b' });
    const forge = await forgeFor(ACTIONS_TOKEN);
    const threads = await forge.listReviewThreads((await forge.getPullRequest(1))!);
    expect(
      threads.map((t) => [
        t.comments[0]!.author.name,
        t.comments[0]!.author.maySteer,
        t.comments[0]!.author.why,
      ]),
    ).toEqual([
      ['cora', true, 'permission write, role security-engineer'],
      ['tom', false, 'permission read, role issue-herder'],
    ]);
  });
});

describe('edited comments', () => {
  it('carry the time of their last edit; unedited ones carry none', async () => {
    addPull(ACTIONS_BOT);
    const edited = sim.review.addIssueComment({
      pull: 1,
      user: WRITER,
      body: 'first words',
      createdAt: '2026-11-01T10:00:00Z',
    });
    sim.review.addIssueComment({
      pull: 1,
      user: WRITER,
      body: 'left alone',
      createdAt: '2026-11-01T10:01:00Z',
    });
    sim.review.editComment(edited.id, 'second words', '2026-11-01T11:00:00Z');
    const forge = await forgeFor(ACTIONS_TOKEN);
    const threads = await forge.listReviewThreads((await forge.getPullRequest(1))!);
    expect(threads.map((t) => [t.comments[0]!.body, t.comments[0]!.editedAt])).toEqual([
      ['second words', '2026-11-01T11:00:00Z'],
      ['left alone', undefined],
    ]);
  });
});
