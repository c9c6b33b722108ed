// The review loop on Azure Repos through `node dist/index.js`, against the Azure DevOps and Ollama
// simulators and a real bare remote. One world, one pull request, runs in order: a scheduled run
// revises first and takes the next ticket on the next run; a human's commit is built on; a failing
// revision leaves the branch alone; max-revisions ends it with one comment.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SimIdentity, SimThread } from '../simulators/azure-devops/index.js';
import {
  BREAK_IT,
  fileAt,
  headOf,
  parentOf,
  pushOnTop,
  scriptedReviewEditor,
} from './sample/review-script.js';
import { SAMPLE_TICKET, scriptedTriageModel } from './sample/scripted-model.js';
import { expectNoModelInstructions } from './model-instructions.js';
import { startWorld, type RunResult, type World } from './world.js';

const BRANCH = 'ticket-to-pr/1-discount-of-10-on-a-200-00-cart-gives';
const REVIEWER: SimIdentity = {
  id: '3f1c2a9e-0000-4000-8000-000000000001',
  displayName: 'Rita Reviewer',
  uniqueName: 'rita@contoso.com',
};
const INPUTS = { 'edit-format': 'diff' };

let w: World;
let prId: number;
let thread: SimThread;

const run = (inputs: Record<string, string> = {}): Promise<RunResult> =>
  w.run({ azurePipelines: true, inputs: { ...INPUTS, ...inputs } });
const byPr = (inputs: Record<string, string> = {}) =>
  run({ 'pull-request': String(prId), ...inputs });
const ownComments = () =>
  w.ado.threads.all
    .filter((t) => t.pullRequestId === prId)
    .flatMap((t) => t.comments)
    .filter((c) => c.author.id !== REVIEWER.id)
    .map((c) => c.content);
const threadReplies = () =>
  thread.comments.slice(1).map((c) => `${c.author.displayName}: ${c.content}`);
const reviewerSays = (content: string) =>
  w.ado.threads.reply(thread.id, { author: REVIEWER, content });

beforeAll(async () => {
  w = await startWorld({
    tickets: [SAMPLE_TICKET],
    triageAnswer: scriptedTriageModel(),
    editAnswer: scriptedReviewEditor(),
  });
  const first = await run();
  expect(first.outputs.outcome).toBe('pr-opened');
  prId = [...w.ado.state.pullRequests.values()][0]!.pullRequestId;
}, 60_000);
afterAll(() => w.close());

describe('the review loop on Azure Repos', () => {
  it('a scheduled run revises the pull request with a new thread before taking a new ticket', async () => {
    w.ado.addWorkItem({ ...SAMPLE_TICKET, title: 'Cart total ignores the discount for one item' });
    thread = w.ado.threads.add({
      pullRequestId: prId,
      status: 'active',
      filePath: '/src/discount.js',
      line: 6,
      comments: [{ author: REVIEWER, content: 'Say why this rounds.' }],
    });
    const before = headOf(w.repo.remoteDir, BRANCH);
    const r = await run();
    expect(r.outputs.outcome).toBe('pr-revised');
    expect(r.code).toBe(0);
    const after = headOf(w.repo.remoteDir, BRANCH);
    expect(parentOf(w.repo.remoteDir, after)).toBe(before);
    expect(fileAt(w.repo.remoteDir, after, 'src/discount.js')).toContain('review note 1');
    expect(threadReplies()).toEqual([
      expect.stringMatching(new RegExp(`pushed ${after.slice(0, 12)}[^]*ticket-to-pr:revision 1`)),
    ]);
    expect(thread.status).toBe('active'); // never resolved by ticket-to-pr
    expect(w.ado.state.pullRequests.get(prId)!.description).toContain('_Revision 1');
    expect(w.ado.state.workItems.get(1)!.comments.at(-1)!.text).toContain('revised pull request');
    // The new ticket was not taken in the same job.
    expect(w.ado.tagsOf(2)).not.toContain('autofix:working');
    expect(w.ado.state.pullRequests.size).toBe(1);
  }, 60_000);

  it("takes the ticket on the next run: the bot's own reply is no new feedback", async () => {
    const head = headOf(w.repo.remoteDir, BRANCH);
    const r = await run();
    expect(r.outputs.outcome).toBe('pr-opened');
    expect(w.ado.tagsOf(2)).toContain('autofix:pr-opened');
    expect(headOf(w.repo.remoteDir, BRANCH)).toBe(head);
    expect(threadReplies()).toHaveLength(1);
  }, 60_000);

  it("builds on a human's commit and keeps it", async () => {
    const human = pushOnTop(w.repo.remoteUrl, w.dir, BRANCH);
    const botReplies = () => thread.comments.filter((c) => c.author.id !== REVIEWER.id);
    const repliesBefore = botReplies().length;
    reviewerSays('I added notes; now say it is rounded to the cent.');
    reviewerSays('<!-- nothing a reader sees -->');
    reviewerSays('Keep the comment to one line.');
    const r = await byPr();
    expect(r.outputs.outcome).toBe('pr-revised');
    // One reply for the thread, answering both readable comments.
    expect(botReplies().slice(repliesBefore)).toHaveLength(1);
    expect(threadReplies().at(-1)).toMatch(/ticket-to-pr:revision 2 answered \S+ \S+ -->$/);
    const after = headOf(w.repo.remoteDir, BRANCH);
    expect(parentOf(w.repo.remoteDir, after)).toBe(human);
    expect(fileAt(w.repo.remoteDir, after, 'NOTES.md')).toBe('Reviewer notes, pushed by hand.');
    expect(threadReplies().at(-1)).toContain('ticket-to-pr:revision 2');
  }, 60_000);

  it('a revision that fails verification: needs-human, the failing test named, the branch unchanged', async () => {
    const head = headOf(w.repo.remoteDir, BRANCH);
    reviewerSays(`Please ${BREAK_IT}.`);
    const r = await byPr({ 'max-repair-attempts': '0' });
    expect(r.outputs.outcome).toBe('needs-human');
    expect(r.code).toBe(0);
    expect(headOf(w.repo.remoteDir, BRANCH)).toBe(head);
    expect(threadReplies().at(-1)).toMatch(
      /10% off 200\.00 is 180\.00[^]*The branch is unchanged[^]*revision 3/,
    );
    expectNoModelInstructions(w, r);
  }, 60_000);

  it('max-revisions: one comment asks a human to take over, and nothing more happens', async () => {
    const head = headOf(w.repo.remoteDir, BRANCH);
    reviewerSays('One more thing, please.');
    const r = await byPr();
    expect(r.outputs.outcome).toBe('needs-human');
    expect(r.outputs.reason).toMatch(/max-revisions/);
    const limit = () => ownComments().filter((c) => c.includes('ticket-to-pr:revision-limit'));
    expect(limit()).toHaveLength(1);
    reviewerSays('Hello?');
    const again = await byPr();
    expect(again.outputs.outcome).toBe('no-ticket');
    expect(limit()).toHaveLength(1);
    expect(headOf(w.repo.remoteDir, BRANCH)).toBe(head);
  }, 60_000);
});
