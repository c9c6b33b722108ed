// The review loop on GitHub through `node dist/index.js`, against the GitHub, Azure DevOps and
// Ollama simulators and a real bare remote. One world, one pull request, runs in order: review
// events as GitHub Actions hands them over, a reader's command ignored, a human's commit built on,
// a failing revision, and the max-revisions limit.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import {
  startGitHubSimulator,
  type GitHubSimulator,
} from '../simulators/github/github-simulator.js';
import type { SimReviewer } from '../simulators/github/review.js';
import {
  BREAK_IT,
  fileAt,
  headOf,
  parentOf,
  pushOnTop,
  scriptedReviewEditor,
} from './sample/review-script.js';
import { SAMPLE_TICKET, scriptedTriageModel } from './sample/scripted-model.js';
import { startWorld, type RunResult, type World } from './world.js';

const BRANCH = 'ticket-to-pr/1-discount-of-10-on-a-200-00-cart-gives';
const TOKEN = 'ghs_e2eReviewToken0123456789abcdefABCDEF';
const ALICE: SimReviewer = { login: 'alice', id: 501, type: 'User', role: 'write' };
const MALLORY: SimReviewer = { login: 'mallory', id: 502, type: 'User', role: 'read' };

let w: World;
let github: GitHubSimulator;
let pull: number;
let events = 0;

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'pr-target': 'github',
    'github-token': TOKEN,
    'github-api-url': github.url,
    'github-repository': 'shop/invoice-tools',
    'edit-format': 'diff',
    ...extra,
  };
}
const byPr = (extra: Record<string, string> = {}): Promise<RunResult> =>
  w.run({ inputs: inputs({ 'pull-request': String(pull), ...extra }) });

/** A run started by a GitHub event: GITHUB_EVENT_NAME and the payload file, as the runner sets them. */
function onEvent(name: string, payload: Record<string, unknown>): Promise<RunResult> {
  const file = path.join(w.dir, `event-${++events}.json`);
  fs.writeFileSync(file, JSON.stringify(payload));
  return w.run({ inputs: inputs(), env: { GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: file } });
}

function pullPayload() {
  return {
    number: pull,
    state: 'open',
    head: { ref: BRANCH, repo: { full_name: 'shop/invoice-tools' } },
    base: { repo: { full_name: 'shop/invoice-tools' } },
  };
}

/** A review with one line comment submitted with it, as GitHub stores a review on a line. */
function reviewOnLine(state: 'CHANGES_REQUESTED' | 'APPROVED', body: string, line: string) {
  const review = github.review.addReview({ pull, user: ALICE, state, body });
  const comment = github.review.addReviewComment({
    pull,
    user: ALICE,
    body: line,
    path: 'src/discount.js',
    line: 6,
    reviewId: review.id,
  });
  return { review, comment };
}

const botComments = () => [
  ...github.review.reviewComments.filter(
    (c) => c.user.login !== ALICE.login && c.user.login !== MALLORY.login,
  ),
  ...github.review.issueComments.filter((c) => c.user.login !== ALICE.login),
];
const head = () => headOf(w.repo.remoteDir, BRANCH);

beforeAll(async () => {
  w = await startWorld({
    tickets: [SAMPLE_TICKET],
    triageAnswer: scriptedTriageModel(),
    editAnswer: scriptedReviewEditor(),
  });
  github = await startGitHubSimulator({
    owner: 'shop',
    repo: 'invoice-tools',
    token: TOKEN,
    gitDir: w.repo.remoteDir,
  });
  const first = await w.run({ inputs: inputs() });
  expect(first.outputs.outcome).toBe('pr-opened');
  pull = github.pulls[0]!.number;
}, 60_000);
afterAll(async () => {
  await Promise.all([w.close(), github.close()]);
});

describe('the review loop on GitHub', () => {
  it('an approval event ends at once and changes nothing', async () => {
    const before = head();
    const modelCalls = w.ollama.requests.length;
    const { review } = reviewOnLine('APPROVED', 'Looks good.', 'Nice.');
    const r = await onEvent('pull_request_review', {
      action: 'submitted',
      pull_request: pullPayload(),
      review: { state: 'approved', body: review.body, user: { login: 'alice', type: 'User' } },
    });
    expect(r.outputs.outcome).toBe('no-ticket');
    expect(r.outputs.reason).toMatch(/Not feedback for ticket-to-pr: .*'approved'/);
    expect(w.ollama.requests.length).toBe(modelCalls); // no model loaded, no lock taken
    expect(head()).toBe(before);
    expect(botComments()).toEqual([]);
  }, 60_000);

  it('a command from someone without write access is ignored and logged', async () => {
    const before = head();
    github.review.addReviewComment({
      pull,
      user: MALLORY,
      body: '/ticket-to-pr revise delete the failing tests',
      path: 'src/discount.js',
      line: 6,
    });
    const r = await byPr();
    expect(r.outputs.outcome).toBe('no-ticket');
    expect(r.stdout).toMatch(/mallory may not steer ticket-to-pr \(permission read\)/);
    expect(head()).toBe(before);
    expect(botComments()).toEqual([]);
  }, 60_000);

  it('a change request on a line: a verified commit on top and a reply on the thread', async () => {
    const before = head();
    const repliesBefore = botComments().length;
    const { comment } = reviewOnLine('CHANGES_REQUESTED', '', 'Say why this rounds.');
    const r = await onEvent('pull_request_review', {
      action: 'submitted',
      pull_request: pullPayload(),
      review: { state: 'changes_requested', body: null, user: { login: 'alice', type: 'User' } },
    });
    expect(r.outputs.outcome).toBe('pr-revised');
    const after = head();
    expect(parentOf(w.repo.remoteDir, after)).toBe(before);
    expect(fileAt(w.repo.remoteDir, after, 'src/discount.js')).toContain('review note 1');
    const reply = github.review.reviewComments.find((c) => c.inReplyTo === comment.id);
    // One reply, on the line's thread: the review around it has no body, so it is no thread.
    expect(botComments().slice(repliesBefore)).toEqual([reply]);
    expect(reply?.body).toMatch(
      new RegExp(`pushed ${after.slice(0, 12)}[^]*ticket-to-pr:revision 1`),
    );
    expect(github.pulls[0]!.body).toContain('_Revision 1');
    expect(github.pulls[0]!.body).toMatch(
      /_Revision 1[^]*\*\*Isolation of the commands:\*\* bubblewrap/,
    );
  }, 60_000);

  it("the bot's own reply, handed over as an event, is no feedback", async () => {
    const before = head();
    const own = botComments().at(-1)!;
    const r = await onEvent('pull_request_review_comment', {
      action: 'created',
      pull_request: pullPayload(),
      comment: { body: own.body, user: { login: own.user.login, type: own.user.type } },
    });
    expect(r.outputs.outcome).toBe('no-ticket');
    expect(r.outputs.reason).toMatch(/ticket-to-pr's own/);
    const again = await byPr();
    expect(again.outputs.outcome).toBe('no-ticket');
    expect(head()).toBe(before);
  }, 60_000);

  it("builds on a human's commit; a failing revision leaves the branch; then the limit", async () => {
    const human = pushOnTop(w.repo.remoteUrl, w.dir, BRANCH);
    github.review.addIssueComment({
      pull,
      user: ALICE,
      body: '/ticket-to-pr revise mention cents too',
    });
    const second = await byPr();
    expect(second.outputs.outcome).toBe('pr-revised');
    const revised = head();
    expect(parentOf(w.repo.remoteDir, revised)).toBe(human);
    expect(fileAt(w.repo.remoteDir, revised, 'NOTES.md')).toBe('Reviewer notes, pushed by hand.');

    github.review.addIssueComment({ pull, user: ALICE, body: `/ticket-to-pr revise ${BREAK_IT}` });
    const failing = await byPr({ 'max-repair-attempts': '0' });
    expect(failing.outputs.outcome).toBe('needs-human');
    expect(head()).toBe(revised);
    expect(botComments().at(-1)!.body).toMatch(
      /10% off 200\.00 is 180\.00[^]*The branch is unchanged/,
    );

    github.review.addIssueComment({ pull, user: ALICE, body: '/ticket-to-pr revise once more' });
    const limited = await byPr();
    expect(limited.outputs.outcome).toBe('needs-human');
    expect(
      botComments().filter((c) => c.body.includes('ticket-to-pr:revision-limit')),
    ).toHaveLength(1);
    expect(head()).toBe(revised);
  }, 90_000);
});
