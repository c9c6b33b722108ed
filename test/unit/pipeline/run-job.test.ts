import { describe, expect, it } from '@jest/globals';
import { runJob, type JobContext } from '../../../src/pipeline/run-job.js';
import {
  ModelCapacityError,
  ModelUnavailableError,
  OutcomeError,
} from '../../../src/shared/errors.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { STATUS_TAGS } from '../../../src/shared/outcome.js';
import { Transcript } from '../../../src/shared/transcript.js';
import { testConfig } from '../../fakes/config.js';
import { fakeWorld, ticket, type FaultPoint } from '../../fakes/ports.js';

function context(inputs: Record<string, string> = {}): JobContext {
  return {
    config: testConfig(inputs),
    logger: silentLogger,
    transcript: new Transcript(),
    render: {
      pullRequestTitle: (r) => `AB#${r.ticket?.id}: ${r.ticket?.title}`,
      pullRequestBody: (r) => `body for ${r.ticket?.id}`,
      ticketComment: (r) => `<p>${r.outcome}: ${r.reason}</p>`,
    },
  };
}

describe('runJob', () => {
  it('opens a draft PR for a verified change and settles the ticket', async () => {
    const world = fakeWorld();
    const report = await runJob(context(), world.ports);
    expect(report.outcome).toBe('pr-opened');
    expect(report.pullRequest).toMatchObject({
      id: 7,
      created: true,
      isDraft: true,
      kind: 'azure-repos',
    });
    expect(report.branch).toBe('ticket-to-pr/42-date-parser-drops-the-time-zone');
    expect(world.workspace.pushes).toEqual([
      {
        branch: report.branch,
        message: 'AB#42: Date parser drops the time zone',
        author: expect.anything(),
        paths: ['src/parse.ts'],
      },
    ]);
    expect(world.tracker.settled).toHaveLength(1);
    expect(world.tracker.settled[0]!.settlement).toMatchObject({
      outcome: 'pr-opened',
      statusTag: STATUS_TAGS.prOpened,
      pullRequest: { kind: 'azure-repos', artifactId: 'vstfs:///Git/PullRequestId/p%2Fr%2F7' },
    });
    expect(world.verifier.runs).toEqual(['baseline', 'round 1']);
    expect(world.gateway.prepared).toEqual(['triage', 'edit']);
    expect(world.gateway.closed).toBe(1);
    expect(world.workspace.checkedOutBase).toBe(1);
    expect(report.stages.map((s) => s.name)).toEqual([
      'preflight',
      'claim',
      'triage',
      'localize',
      'verify',
      'edit',
      'publish',
      'report',
    ]);
  });

  it('updates the existing PR on a rerun instead of opening another', async () => {
    const branch = 'ticket-to-pr/42-date-parser-drops-the-time-zone';
    const world = fakeWorld({
      openPrs: [
        {
          id: 5,
          webUrl: 'https://x/pr/5',
          sourceBranch: branch,
          targetBranch: 'main',
          title: 'old',
          isDraft: true,
        },
      ],
      branch: { kind: 'ours', head: 'abc' },
    });
    const report = await runJob(context({ 'ticket-id': '42' }), world.ports);
    expect(report.outcome).toBe('pr-updated');
    expect(world.forge.created).toHaveLength(0);
    expect(world.forge.updated).toHaveLength(1);
    expect(report.pullRequest).toMatchObject({ id: 5, created: false });
  });

  it('passes over a ticket that already has an open PR when polling', async () => {
    const first = ticket({ id: 1, title: 'First' });
    const second = ticket({ id: 2, title: 'Second' });
    const world = fakeWorld({
      tickets: [first, second],
      openPrs: [
        {
          id: 9,
          webUrl: 'https://x/pr/9',
          sourceBranch: 'ticket-to-pr/1-first',
          targetBranch: 'main',
          title: 't',
          isDraft: true,
        },
      ],
    });
    const report = await runJob(context(), world.ports);
    expect(world.tracker.skippedReasons).toEqual([
      'it already has an open pull request: https://x/pr/9',
    ]);
    expect(report.ticket?.id).toBe(2);
  });

  it('ends no-ticket when nothing is eligible, touching nothing', async () => {
    const world = fakeWorld({ tickets: [] });
    const report = await runJob(context(), world.ports);
    expect(report.outcome).toBe('no-ticket');
    expect(world.tracker.settled).toHaveLength(0);
    expect(world.gateway.closed).toBe(1);
  });

  it('skips with the triage question on the ticket', async () => {
    const world = fakeWorld({
      triage: {
        proceed: false,
        summary: {
          actionable: false,
          kind: 'bug',
          size: 'small',
          clarity: 'unclear',
          reason: 'The expected format is not stated.',
          question: 'Which output format is expected?',
        },
      },
    });
    const report = await runJob(context(), world.ports);
    expect(report.outcome).toBe('skipped');
    expect(report.reason).toContain('Which output format is expected?');
    expect(world.tracker.settled[0]!.settlement.statusTag).toBe(STATUS_TAGS.skipped);
    expect(world.verifier.runs).toEqual([]);
  });

  it('ends needs-human when the change fails verification, and cleans the checkout', async () => {
    const world = fakeWorld({
      edit: {
        status: 'failed',
        reason: 'Still failing after 2 repairs: parse.test.ts › keeps offset',
      },
    });
    const report = await runJob(context(), world.ports);
    expect(report.outcome).toBe('needs-human');
    expect(report.reason).toContain('parse.test.ts');
    expect(world.workspace.pushes).toHaveLength(0);
    expect(world.workspace.discarded).toBe(1); // after the job: the checkout is back at the base commit
    expect(world.tracker.settled[0]!.settlement.statusTag).toBe(STATUS_TAGS.needsHuman);
    // The edit stage failed at its task: the stage table and the timeline say so, not `ok`.
    const edit = report.stages.find((s) => s.name === 'edit');
    expect(edit).toMatchObject({ status: 'failed', note: 'failed after 1 round(s)' });
  });

  it('leaves a branch with a human commit alone', async () => {
    const world = fakeWorld({ branch: { kind: 'foreign', reason: 'commit 1a2b3c by Dana' } });
    const report = await runJob(context(), world.ports);
    expect(report.outcome).toBe('needs-human');
    expect(report.reason).toMatch(
      /commits ticket-to-pr did not make \(commit 1a2b3c by Dana\); it was left alone/,
    );
    expect(world.workspace.pushes).toHaveLength(0);
    expect(world.forge.created).toHaveLength(0);
  });

  it('ends needs-human without editing when no test command can prove a change', async () => {
    const world = fakeWorld({ canVerify: false });
    const report = await runJob(context(), world.ports);
    expect(report.outcome).toBe('needs-human');
    expect(report.reason).toContain("No 'test-command'");
    expect(world.gateway.prepared).toEqual(['triage']);
  });

  it('refuses a checkout with uncommitted work before claiming, and resets nothing', async () => {
    const world = fakeWorld();
    world.workspace.dirty = ['src/parse.ts', 'notes.txt'];
    const report = await runJob(context(), world.ports);
    expect(report.outcome).toBe('config-error');
    expect(report.reason).toContain('uncommitted changes (src/parse.ts, notes.txt)');
    expect(world.tracker.claimed).toEqual([]);
    expect(world.workspace.discarded).toBe(0);
  });

  it('touches no ticket when preflight finds the plan does not fit', async () => {
    const world = fakeWorld({
      faults: {
        preflight: new ModelCapacityError(
          'qwen2.5-coder:32b at num_ctx 32768 needs 29 GiB; 24 GiB available',
        ),
      },
    });
    const report = await runJob(context(), world.ports);
    expect(report.outcome).toBe('model-capacity');
    expect(world.tracker.claimed).toEqual([]);
    expect(world.tracker.settled).toEqual([]);
    expect(world.gateway.closed).toBe(1);
  });

  it('in dry-run commits locally, writes nothing remote and ends dry-run, never pr-opened', async () => {
    const world = fakeWorld({ dryRun: true });
    const report = await runJob(context({ 'dry-run': 'true' }), world.ports);
    expect(report.outcome).toBe('dry-run');
    expect(report.reason).toMatch(
      /^Dry run: the change passed verification and was committed locally on ticket-to-pr\/\S+; a real run would push it and open a draft pull request \(or update the ticket's open one\)\. Nothing was pushed, and no pull request or ticket was changed\.$/,
    );
    expect(report.pullRequest).toBeUndefined();
    expect(world.forge.created).toHaveLength(0);
    expect(world.tracker.settled).toHaveLength(0);
    expect(world.tracker.released).toHaveLength(0);
  });

  // Fault injection at every stage after the claim: a live job never leaves a ticket autofix:working.
  const failures: [FaultPoint, Error, string][] = [
    ['triage', new Error('socket hang up'), 'error'],
    ['localize', new Error('EMFILE'), 'error'],
    ['baseline', new Error('spawn sh ENOENT'), 'error'],
    ['edit', new ModelCapacityError('CUDA error: out of memory'), 'model-capacity'],
    ['edit', new ModelUnavailableError('server busy past the deadline'), 'model-unavailable'],
    ['edit', new OutcomeError('needs-human', 'The job budget ran out.'), 'needs-human'],
    ['branchState', new Error('fatal: unable to access remote'), 'error'],
    ['push', new Error('! [remote rejected] protected branch'), 'error'],
    ['createPr', new Error('TF401179: An active pull request already exists.'), 'error'],
  ];
  it.each(
    failures.map(([point, error, outcome]) => [point, error.message, outcome, error] as const),
  )('a failure in %s (%s) ends %s and leaves no claim', async (point, _message, outcome, error) => {
    const world = fakeWorld({ faults: { [point]: error } });
    const report = await runJob(context(), world.ports);
    expect(report.outcome).toBe(outcome);
    expect(world.tracker.claimed).toEqual([42]);
    expect(world.tracker.stillWorking()).toEqual([]);
    expect(world.gateway.closed).toBe(1);
    if (outcome === 'needs-human') expect(world.tracker.settled).toHaveLength(1);
    else {
      // Operator outcomes: released for a later run, the failed attempt recorded with its reason.
      expect(world.tracker.released).toEqual([42]);
      expect(world.tracker.releaseFailures).toEqual([{ outcome, reason: report.reason }]);
    }
  });

  it('releases the claim when settling itself fails', async () => {
    const world = fakeWorld({ faults: { settle: new Error('503 Service Unavailable') } });
    await runJob(context(), world.ports);
    expect(world.tracker.released).toEqual([42]);
    expect(world.tracker.stillWorking()).toEqual([]);
  });

  it('ends needs-human when the job budget is spent between stages', async () => {
    let t = 0;
    const world = fakeWorld();
    const origTriage = world.ports.stages.triage;
    world.ports.stages.triage = async (input) => {
      t += 60 * 60_000; // triage "took" an hour
      return origTriage(input);
    };
    const report = await runJob(
      { ...context({ 'job-budget': '30m' }), now: () => new Date(1_700_000_000_000 + t) },
      world.ports,
    );
    expect(report.outcome).toBe('needs-human');
    expect(report.reason).toMatch(/job budget ran out before localize/);
    expect(world.tracker.stillWorking()).toEqual([]);
  });
});
