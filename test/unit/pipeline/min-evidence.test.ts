import { describe, expect, it } from '@jest/globals';
import { runJob, type JobContext } from '../../../src/pipeline/run-job.js';
import type { EvidenceSummary } from '../../../src/report/job-report.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { STATUS_TAGS } from '../../../src/shared/outcome.js';
import { Transcript } from '../../../src/shared/transcript.js';
import type { EvidenceLevel } from '../../../src/verify/evidence-level.js';
import { testConfig } from '../../fakes/config.js';
import { fakeWorld } from '../../fakes/ports.js';

function context(inputs: Record<string, string>): JobContext {
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

const evidence = (level: EvidenceLevel): EvidenceSummary => ({
  level,
  shown: `shown: ${level}`,
  reproduction: { status: 'not-reproduced', attempts: 2, note: 'No valid reproduction.' },
  changedTests: [],
});

describe('min-evidence', () => {
  it('below it: needs-human, the branch pushed for a human, no pull request', async () => {
    const world = fakeWorld({ edit: { evidence: evidence('no-regression') } });
    const report = await runJob(context({ 'min-evidence': 'reproduced' }), world.ports);
    expect(report.outcome).toBe('needs-human');
    expect(report.reason).toContain(
      "evidence is 'no-regression' and min-evidence asks for 'reproduced'",
    );
    expect(report.reason).toContain('is pushed for a human to continue');
    expect(world.workspace.pushes).toHaveLength(1);
    expect(report.branch).toBe(world.workspace.pushes[0]!.branch);
    expect(world.forge.created).toHaveLength(0);
    expect(report.evidence?.level).toBe('no-regression');
    expect(world.tracker.settled[0]!.settlement.statusTag).toBe(STATUS_TAGS.needsHuman);
  });

  it('at or above it: the pull request is opened and the reason names the evidence', async () => {
    const world = fakeWorld({ edit: { evidence: evidence('failing-test-fixed') } });
    const report = await runJob(context({ 'min-evidence': 'failing-test-fixed' }), world.ports);
    expect(report.outcome).toBe('pr-opened');
    expect(report.reason).toContain('(evidence: failing-test-fixed)');
    expect(world.forge.created).toHaveLength(1);
  });
});
