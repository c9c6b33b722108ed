/**
 * The review side of the GitHub forge, through the real @octokit/rest client against the GitHub
 * simulator: reading a pull request, its threads and who may steer, and replying.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { ReviewThread, RevisablePullRequest } from '../../../src/forge/review.js';
import { readFeedback } from '../../../src/review/feedback.js';
import type { SimPullRequest, SimUser } from '../../simulators/github/fixtures.js';
import {
  startGitHubSimulator,
  type GitHubSimulator,
} from '../../simulators/github/github-simulator.js';
import type { SimReviewer } from '../../simulators/github/review.js';
import { recordingLogger } from '../git/fixtures.js';
import { githubForgeFor } from './github-forge-for.js';

const TOKEN = 'ghs_FAKEreviewToken0123456789abcdefghijkl';
const BOT: SimUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
const WRITER: SimReviewer = { login: 'wendy', id: 101, type: 'User', role: 'write' };
const MAINTAINER: SimReviewer = { login: 'max', id: 102, type: 'User', role: 'maintain' };
const TRIAGER: SimReviewer = { login: 'tia', id: 103, type: 'User', role: 'triage' };
const READER: SimReviewer = { login: 'rea', id: 104, type: 'User', role: 'read' };
const STRANGER: SimReviewer = { login: 'stranger', id: 105, type: 'User' };
const BOT_REVIEWER: SimReviewer = { ...BOT };

let sim: GitHubSimulator;
let logger: ReturnType<typeof recordingLogger>;

beforeEach(async () => {
  sim = await startGitHubSimulator({ owner: 'octo-org', repo: 'widgets', token: TOKEN });
  logger = recordingLogger();
});
afterEach(() => sim.close());

async function forgeFor(token = TOKEN) {
  return githubForgeFor(sim, token, logger);
}

let clock = Date.parse('2026-11-01T10:00:00Z');
const at = () => new Date((clock += 60_000)).toISOString().replace(/\.\d{3}Z$/, 'Z');

function addPull(overrides: Partial<SimPullRequest> = {}): SimPullRequest {
  const number = sim.pulls.length + 1;
  const created = overrides.createdAt ?? at();
  const pr: SimPullRequest = {
    number,
    id: 2_000_000 + number,
    title: `AB#${number}: fix`,
    body: 'Resolves AB#1',
    state: 'open',
    draft: true,
    head: { ref: `ticket-to-pr/${number}-fix`, sha: `${number}`.padStart(40, 'c') },
    base: { ref: 'main', sha: 'a'.repeat(40) },
    user: BOT,
    createdAt: created,
    updatedAt: created,
    closedAt: null,
    ...overrides,
  };
  sim.pulls.push(pr);
  return pr;
}

const fork = {
  id: 777,
  owner: { login: 'outsider', id: 999, type: 'User' as const },
  name: 'widgets',
  defaultBranch: 'main',
  private: false,
  createdAt: '2025-01-01T00:00:00Z',
};

const summary = (threads: readonly ReviewThread[]) =>
  threads.map((t) => ({
    kind: t.kind,
    path: t.path,
    line: t.line,
    reviewState: t.reviewState,
    comments: t.comments.map(
      (c) =>
        `${c.author.name}:${c.author.isSelf ? 'self' : c.author.maySteer ? 'steer' : 'no'}:${c.body}`,
    ),
  }));

describe('GitHub review forge through @octokit/rest against the simulator', () => {
  it('reads our pull request: head commit, author, not from a fork, open', async () => {
    const seeded = addPull();
    const forge = await forgeFor();
    const pr = await forge.getPullRequest(seeded.number);
    expect(pr).toMatchObject({
      id: 1,
      sourceBranch: 'ticket-to-pr/1-fix',
      targetBranch: 'main',
      headCommit: seeded.head.sha,
      state: 'open',
      fromFork: false,
      isDraft: true,
      body: 'Resolves AB#1',
      author: { name: 'github-actions[bot]', id: 'github-actions[bot]' },
      createdAt: seeded.createdAt,
    });
    expect(await forge.getPullRequest(99)).toBeUndefined();
  });

  it('flags a pull request from a fork, and tells merged from closed', async () => {
    addPull({ headRepository: fork });
    addPull({ state: 'closed', closedAt: at(), mergedAt: at() });
    addPull({ state: 'closed', closedAt: at() });
    const forge = await forgeFor();
    expect(await forge.getPullRequest(1)).toMatchObject({ fromFork: true, state: 'open' });
    expect(await forge.getPullRequest(2)).toMatchObject({ fromFork: false, state: 'merged' });
    expect(await forge.getPullRequest(3)).toMatchObject({ state: 'closed' });
  });

  it('lists only its own open pull requests from this repository, oldest first, across pages', async () => {
    for (let i = 0; i < 103; i += 1) addPull();
    addPull({ head: { ref: 'feature/human', sha: 'd'.repeat(40) } });
    addPull({ headRepository: fork });
    addPull({ state: 'closed', closedAt: at() });
    const forge = await forgeFor();
    const own = await forge.listOwnOpenPullRequests();
    expect(own.map((p) => p.id)).toEqual(Array.from({ length: 103 }, (_, i) => i + 1));
    const lists = sim.requests.filter((r) => r.operation === 'pulls/list');
    expect(lists.length).toBeGreaterThanOrEqual(2);
  });

  it('groups review comments into line threads, keeps reviews and PR comments, and says who may steer', async () => {
    const pr = addPull();
    const root = sim.review.addReviewComment({
      pull: pr.number,
      user: WRITER,
      body: 'Rename this to total.',
      path: 'src/calc.js',
      line: 3,
      createdAt: at(),
    });
    sim.review.addReviewComment({
      pull: pr.number,
      user: BOT_REVIEWER,
      body: 'Renamed.',
      inReplyTo: root.id,
      createdAt: at(),
    });
    sim.review.addReviewComment({
      pull: pr.number,
      user: READER,
      body: 'Also rename x.',
      inReplyTo: root.id,
      createdAt: at(),
    });
    sim.review.addReviewComment({
      pull: pr.number,
      user: TRIAGER,
      body: 'Outdated note.',
      path: 'src/old.js',
      line: null,
      originalLine: 7,
      createdAt: at(),
    });
    sim.review.addReview({
      pull: pr.number,
      user: MAINTAINER,
      state: 'CHANGES_REQUESTED',
      body: 'Handle the empty list too.',
      submittedAt: at(),
    });
    sim.review.addReview({
      pull: pr.number,
      user: WRITER,
      state: 'COMMENTED',
      body: '',
      submittedAt: at(),
    });
    sim.review.addReview({ pull: pr.number, user: WRITER, state: 'PENDING', body: 'draft' });
    sim.review.addIssueComment({
      pull: pr.number,
      user: STRANGER,
      body: '/ticket-to-pr revise please',
      createdAt: at(),
    });
    sim.review.addIssueComment({
      pull: pr.number,
      user: BOT_REVIEWER,
      body: 'Revision 1 pushed.',
      createdAt: at(),
    });

    const forge = await forgeFor();
    const read = (await forge.getPullRequest(pr.number))!;
    const threads = await forge.listReviewThreads(read);
    expect(summary(threads)).toEqual([
      {
        kind: 'line',
        path: 'src/calc.js',
        line: 3,
        reviewState: undefined,
        comments: [
          'wendy:steer:Rename this to total.',
          'github-actions[bot]:self:Renamed.',
          'rea:no:Also rename x.',
        ],
      },
      {
        kind: 'line',
        path: 'src/old.js',
        line: 7,
        reviewState: undefined,
        comments: ['tia:no:Outdated note.'],
      },
      {
        kind: 'review',
        path: undefined,
        line: undefined,
        reviewState: 'CHANGES_REQUESTED',
        comments: ['max:steer:Handle the empty list too.'],
      },
      {
        kind: 'conversation',
        path: undefined,
        line: undefined,
        reviewState: undefined,
        comments: ['stranger:no:/ticket-to-pr revise please'],
      },
      {
        kind: 'conversation',
        path: undefined,
        line: undefined,
        reviewState: undefined,
        comments: ['github-actions[bot]:self:Revision 1 pushed.'],
      },
    ]);
    const why = Object.fromEntries(
      threads.flatMap((t) => t.comments).map((c) => [c.author.name, c.author.why]),
    );
    expect(why).toMatchObject({
      wendy: 'permission write',
      max: 'permission write, role maintain',
      tia: 'permission read, role triage',
      rea: 'permission read',
      stranger: 'permission read',
    });
    // One permission call per person per job, never one for the bot itself.
    const asked = sim.requests
      .filter((r) => r.operation === 'repos/get-collaborator-permission-level')
      .map((r) => r.path.split('/')[5]);
    expect(asked.sort()).toEqual(['max', 'rea', 'stranger', 'tia', 'wendy']);
    await forge.listReviewThreads(read);
    expect(
      sim.requests.filter((r) => r.operation === 'repos/get-collaborator-permission-level'),
    ).toHaveLength(5);
  });

  it('gives a line comment the state of the review it was submitted with', async () => {
    const pr = addPull();
    const review = sim.review.addReview({
      pull: pr.number,
      user: WRITER,
      state: 'CHANGES_REQUESTED',
      body: '',
    });
    sim.review.addReviewComment({
      pull: pr.number,
      user: WRITER,
      body: 'Handle the empty list.',
      path: 'src/calc.js',
      line: 4,
      reviewId: review.id,
    });
    sim.review.addReviewComment({ pull: pr.number, user: WRITER, body: 'Nit.', line: 9 });
    const forge = await forgeFor();
    const threads = await forge.listReviewThreads((await forge.getPullRequest(1))!);
    expect(
      threads
        .filter((t) => t.kind === 'line')
        .map((t) => [t.comments[0]!.body, t.comments[0]!.reviewState]),
    ).toEqual([
      ['Handle the empty list.', 'CHANGES_REQUESTED'],
      ['Nit.', undefined],
    ]);
  });

  it('a review without a body is no thread: its line comment is the one to answer', async () => {
    const pr = addPull();
    for (const state of ['CHANGES_REQUESTED', 'COMMENTED', 'APPROVED'] as const) {
      const review = sim.review.addReview({ pull: pr.number, user: WRITER, state, body: '' });
      sim.review.addReviewComment({
        pull: pr.number,
        user: WRITER,
        body: `On the line (${state}).`,
        path: 'src/calc.js',
        line: 4,
        reviewId: review.id,
      });
    }
    sim.review.addReview({
      pull: pr.number,
      user: WRITER,
      state: 'CHANGES_REQUESTED',
      body: 'Rename it.',
    });
    const forge = await forgeFor();
    const open = (await forge.getPullRequest(pr.number))!;
    const threads = await forge.listReviewThreads(open);
    expect(summary(threads).map((t) => [t.kind, t.comments])).toEqual([
      ['line', ['wendy:steer:On the line (CHANGES_REQUESTED).']],
      ['line', ['wendy:steer:On the line (COMMENTED).']],
      ['line', ['wendy:steer:On the line (APPROVED).']],
      ['review', ['wendy:steer:Rename it.']],
    ]);
    const { feedback } = readFeedback(threads, 'github');
    expect(feedback.map((f) => f.comments.map((c) => c.text))).toEqual([
      ['On the line (CHANGES_REQUESTED).'],
      ['Rename it.'],
    ]);
  });

  it('reads every page of review comments and PR comments', async () => {
    const pr = addPull();
    for (let i = 0; i < 130; i += 1)
      sim.review.addReviewComment({ pull: pr.number, user: WRITER, body: `c${i}`, line: i + 1 });
    for (let i = 0; i < 105; i += 1)
      sim.review.addIssueComment({ pull: pr.number, user: WRITER, body: `i${i}` });
    const forge = await forgeFor();
    const threads = await forge.listReviewThreads((await forge.getPullRequest(1))!);
    expect(threads.filter((t) => t.kind === 'line')).toHaveLength(130);
    expect(threads.filter((t) => t.kind === 'conversation')).toHaveLength(105);
  });

  it('falls back to the author association, and says so, when the permission API is forbidden', async () => {
    const pr = addPull();
    sim.review.permissionApiForbidden = true;
    sim.review.addIssueComment({
      pull: pr.number,
      user: { ...STRANGER, association: 'MEMBER' },
      body: 'member',
    });
    sim.review.addIssueComment({
      pull: pr.number,
      user: { login: 'drive-by', id: 7, type: 'User', association: 'CONTRIBUTOR' },
      body: 'contributor',
    });
    const forge = await forgeFor();
    const threads = await forge.listReviewThreads((await forge.getPullRequest(1))!);
    expect(threads.map((t) => [t.comments[0]!.author.maySteer, t.comments[0]!.author.why])).toEqual(
      [
        [true, 'author association MEMBER (permission API forbidden)'],
        [false, 'author association CONTRIBUTOR (permission API forbidden)'],
      ],
    );
    expect(logger.lines.join('\n')).toMatch(/may not read stranger's permission.*falling back/);
  });

  it('replies in a line thread, and answers a review with a PR comment that quotes it; never resolves', async () => {
    const pr = addPull();
    const root = sim.review.addReviewComment({
      pull: pr.number,
      user: WRITER,
      body: 'Rename this.',
      path: 'src/calc.js',
      line: 2,
    });
    sim.review.addReviewComment({
      pull: pr.number,
      user: MAINTAINER,
      body: 'Agreed.',
      inReplyTo: root.id,
    });
    sim.review.addReview({
      pull: pr.number,
      user: MAINTAINER,
      state: 'CHANGES_REQUESTED',
      body: 'Handle the empty list too.\nAnd more.',
    });
    const forge = await forgeFor();
    const read = (await forge.getPullRequest(1))!;
    const threads = await forge.listReviewThreads(read);
    await forge.replyToThread(read, threads.find((t) => t.kind === 'line')!, 'Renamed in abc123.');
    await forge.replyToThread(
      read,
      threads.find((t) => t.kind === 'review')!,
      'Handled in abc123.',
    );
    await forge.commentOnPullRequest(read, 'A human should take over.');

    const reply = sim.requests.find(
      (r) => r.operation === 'pulls/create-reply-for-review-comment',
    )!;
    expect(reply.status).toBe(201);
    expect(reply.path).toBe(`/repos/octo-org/widgets/pulls/1/comments/${root.id}/replies`);
    const comments = sim.review.issueComments.map((c) => c.body);
    expect(comments).toEqual([
      '> Handle the empty list too.\n\n@max Handled in abc123.',
      'A human should take over.',
    ]);
    const after = await forge.listReviewThreads(read);
    const line = after.find((t) => t.kind === 'line')!;
    expect(
      line.comments.map((c) => `${c.author.isSelf ? 'self' : c.author.name}:${c.body}`),
    ).toEqual(['wendy:Rename this.', 'max:Agreed.', 'self:Renamed in abc123.']);
    // Nothing but reads and the three writes above: no resolve, no review, no state change.
    // GraphQL's viewer query is a POST that only reads (who the token is).
    const writes = sim.requests
      .filter((r) => r.method !== 'GET' && r.operation !== 'graphql')
      .map((r) => r.operation);
    expect(writes).toEqual([
      'pulls/create-reply-for-review-comment',
      'issues/create-comment',
      'issues/create-comment',
    ]);
  });

  it('answers a line thread whose first comment was deleted with a quoting PR comment', async () => {
    const pr = addPull();
    sim.review.addReviewComment({ pull: pr.number, user: WRITER, body: 'Rename this.', line: 2 });
    const forge = await forgeFor();
    const read = (await forge.getPullRequest(1))!;
    const [line] = await forge.listReviewThreads(read);
    sim.review.reviewComments.length = 0; // deleted on GitHub meanwhile
    await forge.replyToThread(read, line!, 'Renamed.');
    expect(sim.review.issueComments.map((c) => c.body)).toEqual([
      '> Rename this.\n\n@wendy Renamed.',
    ]);
    expect(logger.lines.join('\n')).toMatch(
      /is gone \(404\); replying with a pull request comment/,
    );
  });

  it('explains a token that may not reply, or is wrong, naming github-token', async () => {
    const pr = addPull();
    sim.review.addIssueComment({ pull: pr.number, user: WRITER, body: 'please' });
    const forge = await forgeFor();
    const read = (await forge.getPullRequest(1))!;
    sim.settings.pullRequestsWrite = false;
    const denied = await forge.commentOnPullRequest(read, 'x').catch((e: unknown) => e);
    expect(denied).toMatchObject({ outcome: 'config-error' });
    expect((denied as Error).message).toMatch(
      /github-token may not commenting on pull request #1|pull-requests: write/,
    );
    const wrong = await (await forgeFor('ghs_wrongToken000000000000000000000000000'))
      .listReviewThreads(read as RevisablePullRequest)
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ outcome: 'config-error' });
    expect((wrong as Error).message).toMatch(/github-token: GitHub rejected the token \(401/);
    expect(logger.lines.join('\n')).not.toContain(TOKEN);
  });
});
