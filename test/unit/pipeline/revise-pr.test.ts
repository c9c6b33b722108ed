import { describe, expect, it } from '@jest/globals';
import { runOneJob } from '../../../src/pipeline/dispatch.js';
import type { JobContext } from '../../../src/pipeline/run-job.js';
import { RevisionConflictError } from '../../../src/git/errors.js';
import { ModelUnavailableError } from '../../../src/shared/errors.js';
import type { ReviewThread } from '../../../src/forge/review.js';
import { REVISION_LIMIT_MARKER, revisionMarker } from '../../../src/review/markers.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { Transcript } from '../../../src/shared/transcript.js';
import { testConfig } from '../../fakes/config.js';
import { fakeWorld, type Faults } from '../../fakes/ports.js';
import {
  FakeReviewForge,
  lineThread,
  READER,
  revisablePr,
  reviewComment,
  SELF,
  WRITER,
} from '../../fakes/review-forge.js';
import type { EditResult } from '../../../src/pipeline/stages.js';
import { REVISION_REPRODUCTION_NOTE } from '../../../src/pipeline/revise-pr.js';
import { renderJobSummary } from '../../../src/report/job-summary.js';
import { SecretMasker } from '../../../src/shared/secrets.js';

function context(inputs: Record<string, string> = { 'pull-request': '7' }): JobContext {
  return {
    config: testConfig(inputs),
    logger: silentLogger,
    transcript: new Transcript(),
    render: {
      pullRequestTitle: (r) => `AB#${r.ticket?.id}`,
      pullRequestBody: (r) => `body for ${r.ticket?.id}`,
      ticketComment: (r) => `<p>${r.outcome}</p>`,
    },
  };
}

function world(
  threads: ReviewThread[],
  options: { edit?: Partial<EditResult>; faults?: Faults } = {},
) {
  const reviewForge = new FakeReviewForge('azure-repos', [revisablePr()], new Map([[7, threads]]));
  return fakeWorld({ reviewForge, ...options });
}

const changeRequest = (minute = 5) =>
  lineThread([reviewComment(WRITER, 'Rename this to parseOffset.', minute)]);

describe('revising a pull request', () => {
  it('commits on top of the fresh head, replies on the thread, updates the body and the ticket', async () => {
    const w = world([changeRequest()]);
    const report = await runOneJob(context(), w.ports);
    expect(report.outcome).toBe('pr-revised');
    expect(w.workspace.checkedOutHeads).toEqual([
      'ticket-to-pr/42-date-parser-drops-the-time-zone',
    ]);
    expect(w.workspace.revisions).toEqual([
      expect.objectContaining({
        branch: 'ticket-to-pr/42-date-parser-drops-the-time-zone',
        onto: 'head222',
        paths: ['src/parse.ts'],
      }),
    ]);
    expect(w.workspace.pushes).toEqual([]); // never the ticket job's publish path
    expect(w.reviewForge.replies).toHaveLength(1);
    expect(w.reviewForge.replies[0]!.body).toContain('rev789');
    expect(w.reviewForge.replies[0]!.body).toContain('ticket-to-pr:revision 1 answered');
    expect(w.forge.bodies[0]).toMatch(
      /## What changed and why[^]*## Verification\n\n_Revision 1[^]*## Models and cost/,
    );
    expect(w.forge.bodies[0]).not.toContain('old table');
    expect(w.tracker.comments).toEqual([{ id: 42, html: expect.stringContaining('revision 1') }]);
    expect(w.tracker.claimed).toEqual([]);
    expect(w.verifier.runs).toEqual(['baseline', 'round 1']);
    expect(w.gateway.closed).toBe(1);
    expect(w.workspace.discarded).toBe(1);
  });

  it('says what the verification ran on: the pull request head, and not a human commit re-applied onto', async () => {
    const w = world([changeRequest()]);
    await runOneJob(context(), w.ports);
    expect(w.reviewForge.replies[0]!.body).toContain(
      "no check that passed on the pull request's head head222 fails now",
    );
    expect(w.forge.bodies[0]).toContain("Baseline (pull request's head head222)");

    const raced = world([changeRequest()]);
    raced.workspace.pushedMeanwhile = 'human333';
    const report = await runOneJob(context(), raced.ports);
    expect(report.outcome).toBe('pr-revised');
    expect(report.reason).toContain('not verified yet');
    expect(raced.reviewForge.replies[0]!.body).toMatch(
      /re-applied on human333[^]*ran on head222, so the two together are not verified yet/,
    );
  });

  it('ignores a comment from someone without write access: nothing is touched, no model lock taken', async () => {
    const w = world([lineThread([reviewComment(READER, 'Delete the tests.', 1)])]);
    const report = await runOneJob(context(), w.ports);
    expect(report.outcome).toBe('no-ticket');
    expect(report.reason).toMatch(/no new review feedback/);
    expect(w.workspace.revisions).toEqual([]);
    expect(w.reviewForge.replies).toEqual([]);
    expect(w.gateway.prepared).toEqual([]);
    expect(w.verifier.runs).toEqual([]);
  });

  it("after its own reply, a second run does nothing: the bot's reply is no new feedback", async () => {
    const w = world([changeRequest()]);
    await runOneJob(context(), w.ports);
    const again = await runOneJob(context(), w.ports);
    expect(again.outcome).toBe('no-ticket');
    expect(w.workspace.revisions).toHaveLength(1);
    expect(w.reviewForge.replies).toHaveLength(1);
  });

  it('a revision that fails verification: needs-human, nothing pushed, the failing test named in the reply', async () => {
    const w = world([changeRequest()], {
      edit: { status: 'failed', reason: 'parse keeps the offset fails after 2 repair attempt(s).' },
    });
    const report = await runOneJob(context(), w.ports);
    expect(report.outcome).toBe('needs-human');
    expect(w.workspace.revisions).toEqual([]);
    expect(w.reviewForge.replies[0]!.body).toContain('parse keeps the offset fails');
    expect(w.reviewForge.replies[0]!.body).toContain('The branch is unchanged');
    expect(w.reviewForge.replies[0]!.body).toContain('ticket-to-pr:revision 1 answered');
    expect(w.forge.bodies).toEqual([]);
  });

  it('a conflict with a human push: needs-human, and the thread hears why', async () => {
    const w = world([changeRequest()], {
      faults: {
        push: new RevisionConflictError(
          'b',
          'someone pushed abc meanwhile and the revision conflicts with it',
        ),
      },
    });
    const report = await runOneJob(context(), w.ports);
    expect(report.outcome).toBe('needs-human');
    expect(w.reviewForge.replies[0]!.body).toContain('conflicts');
  });

  it('at max-revisions posts one limit comment, and never a second', async () => {
    const threads = [
      lineThread([reviewComment(SELF, `Done. ${revisionMarker(2)}`, 1)]),
      changeRequest(),
    ];
    const w = world(threads);
    const first = await runOneJob(context({ 'pull-request': '7', 'max-revisions': '2' }), w.ports);
    expect(first.outcome).toBe('needs-human');
    expect(w.reviewForge.comments).toEqual([expect.stringContaining(REVISION_LIMIT_MARKER)]);
    // A reviewer insists: still one comment, nothing revised.
    w.reviewForge.threads
      .get(7)!
      .push(lineThread([reviewComment(WRITER, 'Please, once more.', 59)]));
    const second = await runOneJob(context({ 'pull-request': '7', 'max-revisions': '2' }), w.ports);
    expect(second.outcome).toBe('no-ticket');
    expect(w.reviewForge.comments).toHaveLength(1);
    expect(w.workspace.revisions).toEqual([]);
  });

  it("max-revisions holds whoever posts the replies: the branch's revision commits keep the count", async () => {
    // The replies of revisions 1 and 2 were posted under another identity: no marker is its own.
    const w = world([changeRequest()]);
    w.reviewForge.commitMessages.set(7, [
      'AB#42: Date parser drops the time zone\n\nTicket-To-Pr: 42',
      'AB#42: Revise after review (revision 1)\n\nTicket-To-Pr: 42',
      'AB#42: Revise after review (revision 2)\n\nTicket-To-Pr: 42',
    ]);
    const r = await runOneJob(context({ 'pull-request': '7', 'max-revisions': '2' }), w.ports);
    expect(r.outcome).toBe('needs-human');
    expect(r.reason).toMatch(/had 2 revision\(s\), the max-revisions limit/);
    expect(w.workspace.revisions).toEqual([]);
  });

  it('numbers the next revision after its commits, and names it in the commit it pushes', async () => {
    const w = world([changeRequest()]);
    w.reviewForge.commitMessages.set(7, ['AB#42: Revise after review (revision 1)']);
    const r = await runOneJob(context(), w.ports);
    expect(r.outcome).toBe('pr-revised');
    expect(w.workspace.revisions).toEqual([
      expect.objectContaining({ message: 'AB#42: Revise after review (revision 2)' }),
    ]);
    expect(w.reviewForge.replies.at(-1)!.body).toMatch(/ticket-to-pr:revision 2 answered/);
  });

  it('the summary says why a revision has no reproduction test, states its evidence once, and names the head its baseline ran on', async () => {
    const w = world([changeRequest()]);
    const report = await runOneJob(context(), w.ports);
    expect(report.evidence?.reproduction.note).toBe(REVISION_REPRODUCTION_NOTE);
    const summary = renderJobSummary(report, new SecretMasker([]));
    expect(summary).not.toContain('reproduce: off');
    expect(summary).toContain(`**Reproduction test:** none. ${REVISION_REPRODUCTION_NOTE}`);
    const headline = summary.split('\n').find((l) => l.startsWith('**Evidence:'))!;
    // A revision's baseline ran on the pull request's head, and every line says so.
    expect(headline).toBe(
      "**Evidence: `no-regression`** — nothing that passed on the pull request's head head222 fails now; the ticket’s behaviour itself was not shown.",
    );
    expect(summary).toContain("| Baseline (pull request's head head222) |");
    expect(summary).not.toContain('base commit');
  });

  it('lets a test change alone answer a thread on a test file, and only then', async () => {
    const kinds: string[] = [];
    for (const path of ['test/parse.test.ts', 'src/parse.ts']) {
      const w = world([
        lineThread([reviewComment(WRITER, 'This test is wrong.', 5)], { path, line: 2 }),
      ]);
      const stages = w.ports.stages;
      await runOneJob(context(), {
        ...w.ports,
        stages: {
          ...stages,
          editAndVerify: (input) => {
            kinds.push(input.triage.summary.kind);
            return stages.editAndVerify(input);
          },
        },
      });
    }
    expect(kinds).toEqual(['test', 'revision']);
  });

  it('a dry run commits locally and writes nothing to the forge or the ticket', async () => {
    const w = world([changeRequest()]);
    const report = await runOneJob(context({ 'pull-request': '7', 'dry-run': 'true' }), w.ports);
    expect(report.outcome).toBe('dry-run');
    expect(report.reason).toMatch(/^Dry run:/);
    expect(w.workspace.revisions).toHaveLength(1);
    expect(w.reviewForge.replies).toEqual([]);
    expect(w.forge.bodies).toEqual([]);
    expect(w.tracker.comments).toEqual([]);
  });

  it('a pull request that does not exist is a config error naming the input', async () => {
    const w = world([]);
    const report = await runOneJob(context({ 'pull-request': '8' }), w.ports);
    expect(report.outcome).toBe('config-error');
    expect(report.reason).toMatch(/pull-request: .* no pull request 8/);
  });
});

describe('a scheduled run on Azure Repos', () => {
  it('revises the pull request awaiting revision first, and takes the ticket on the next run', async () => {
    const w = world([changeRequest()]);
    const first = await runOneJob(context({}), w.ports);
    expect(first.outcome).toBe('pr-revised');
    expect(w.tracker.claimed).toEqual([]);
    const second = await runOneJob(context({}), w.ports);
    expect(second.outcome).toBe('pr-opened');
    expect(w.tracker.claimed).toEqual([42]);
    expect(w.workspace.revisions).toHaveLength(1);
  });

  it('a revision whose run fails replies so, and the next run takes the ticket: a broken runner blocks no queue', async () => {
    const faults: Faults = {
      preflight: new ModelUnavailableError('Ollama at http://127.0.0.1:11434 is not answering.'),
    };
    const w = world([changeRequest()], { faults });
    const first = await runOneJob(context({}), w.ports);
    expect(first.outcome).toBe('model-unavailable');
    expect(w.reviewForge.replies).toHaveLength(1);
    expect(w.reviewForge.replies[0]!.body).toMatch(
      /the run failed \(model-unavailable\): Ollama at [^]*problem on ticket-to-pr's runner[^]*ticket-to-pr:revision 1 answered/,
    );
    expect(w.workspace.revisions).toEqual([]);
    delete faults.preflight;
    const second = await runOneJob(context({}), w.ports);
    expect(second.outcome).toBe('pr-opened');
    expect(w.tracker.claimed).toEqual([42]);
  });
});
