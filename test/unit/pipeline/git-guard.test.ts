// After every run of the repository's commands (baseline, reproduction, each round; a revision
// too), git's own files are checked: a change found ends the job needs-human, with the ticket
// settled and nothing pushed.
import { describe, expect, it } from '@jest/globals';
import { runOneJob } from '../../../src/pipeline/dispatch.js';
import { runJob, type JobContext } from '../../../src/pipeline/run-job.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { STATUS_TAGS } from '../../../src/shared/outcome.js';
import { Transcript } from '../../../src/shared/transcript.js';
import { testConfig } from '../../fakes/config.js';
import { fakeWorld } from '../../fakes/ports.js';
import {
  FakeReviewForge,
  lineThread,
  revisablePr,
  reviewComment,
  WRITER,
} from '../../fakes/review-forge.js';

function context(inputs: Record<string, string> = {}): JobContext {
  return {
    config: testConfig(inputs),
    logger: silentLogger,
    transcript: new Transcript(),
    render: {
      pullRequestTitle: (r) => `AB#${r.ticket?.id}`,
      pullRequestBody: (r) => `body for ${r.ticket?.id}`,
      ticketComment: (r) => `<p>${r.outcome}: ${r.reason}</p>`,
    },
  };
}

const PLANTED = ['.git/config (changed)', '.git/hooks/pre-push (added)'];

describe("git's own files checked after each verification run", () => {
  it('checks after the baseline and each round; nothing found, the job goes on', async () => {
    const world = fakeWorld();
    const report = await runJob(context(), world.ports);
    expect(report.outcome).toBe('pr-opened');
    expect(world.verifier.runs).toEqual(['baseline', 'round 1']);
    expect(world.workspace.gitFilesChecks).toBe(2);
  });

  it('changed by the baseline: needs-human naming them, ticket settled, no edit, no push', async () => {
    const world = fakeWorld();
    world.workspace.gitFilesChanges = [PLANTED];
    const report = await runJob(context(), world.ports);
    expect(report.outcome).toBe('needs-human');
    expect(report.reason).toContain(
      "changed git's own files (found after the verification run 'baseline'): .git/config (changed), .git/hooks/pre-push (added)",
    );
    expect(report.reason).toContain('restored them');
    expect(report.reason).toContain('nothing was pushed');
    expect(world.verifier.runs).toEqual(['baseline']);
    expect(world.workspace.pushes).toEqual([]);
    expect(world.tracker.settled).toHaveLength(1);
    expect(world.tracker.settled[0]!.settlement.statusTag).toBe(STATUS_TAGS.needsHuman);
    expect(world.tracker.stillWorking()).toEqual([]);
  });

  it('changed by a round: the same, before anything is published', async () => {
    const world = fakeWorld();
    world.workspace.gitFilesChanges = [[], PLANTED];
    const report = await runJob(context(), world.ports);
    expect(report.outcome).toBe('needs-human');
    expect(report.reason).toContain("found after the verification run 'round 1'");
    expect(world.workspace.pushes).toEqual([]);
    expect(world.forge.created).toEqual([]);
    expect(world.tracker.settled[0]!.settlement.statusTag).toBe(STATUS_TAGS.needsHuman);
  });

  it('a run that fails and changed them: the change is what the job reports', async () => {
    const world = fakeWorld({ faults: { baseline: new Error('command timed out') } });
    world.workspace.gitFilesChanges = [PLANTED];
    const report = await runJob(context(), world.ports);
    expect(report.outcome).toBe('needs-human');
    expect(report.reason).toContain('.git/hooks/pre-push (added)');
    expect(world.workspace.gitFilesChecks).toBe(1);
  });

  it('changed by a reproduction run: the same', async () => {
    const world = fakeWorld();
    world.workspace.gitFilesChanges = [[], PLANTED];
    const ports = {
      ...world.ports,
      stages: {
        ...world.ports.stages,
        reproduce: async ({ verifier }: { verifier: { run(label: string): Promise<unknown> } }) => {
          await verifier.run('reproduction (test/repro.test.ts)');
          return { status: 'not-reproduced' as const, attempts: 1, note: 'no' };
        },
      },
    };
    const report = await runJob(context({ reproduce: 'auto' }), ports);
    expect(report.outcome).toBe('needs-human');
    expect(report.reason).toContain(
      "found after the verification run 'reproduction (test/repro.test.ts)'",
    );
    expect(world.verifier.runs).toEqual(['baseline', 'reproduction (test/repro.test.ts)']);
    expect(world.workspace.pushes).toEqual([]);
  });

  it('changed during a revision: needs-human, nothing committed on the pull request', async () => {
    const reviewForge = new FakeReviewForge(
      'azure-repos',
      [revisablePr()],
      new Map([[7, [lineThread([reviewComment(WRITER, 'Rename this.', 5)])]]]),
    );
    const world = fakeWorld({ reviewForge });
    world.workspace.gitFilesChanges = [[], PLANTED];
    const report = await runOneJob(context({ 'pull-request': '7' }), world.ports);
    expect(report.outcome).toBe('needs-human');
    expect(report.reason).toContain("found after the verification run 'round 1'");
    expect(world.workspace.revisions).toEqual([]);
  });
});
