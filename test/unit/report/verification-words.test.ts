// The Verification section says "Verified" only when the change passed verification, and then the
// strongest claim its evidence earned; a change that did not pass says what is and is not shown.
import { describe, expect, it } from '@jest/globals';
import { renderJobSummary } from '../../../src/report/job-summary.js';
import type { EvidenceSummary, JobReport } from '../../../src/report/job-report.js';
import { renderPullRequestBody } from '../../../src/report/pull-request.js';
import { SecretMasker } from '../../../src/shared/secrets.js';
import { sampleReport } from './report-fixtures.js';

const masker = new SecretMasker([]);

const test = (passed: boolean) => ({
  name: 'test' as const,
  command: 'node --test',
  exitCode: passed ? 0 : 1,
  timedOut: false,
  durationMs: 300,
  passed,
  output: passed ? 'ok' : 'not ok 1 - 10% off 200.00 is 180.00',
});

/** Red before, red after every round: the needs-human job of issue #29. */
const stillRed: JobReport = sampleReport({
  outcome: 'needs-human',
  reason: 'Verification still fails after 2 repair attempt(s).',
  pullRequest: undefined,
  evidence: undefined,
  verification: {
    baseline: { label: 'baseline', checks: [test(false)] },
    rounds: ['round 1', 'round 2', 'round 3'].map((label) => ({ label, checks: [test(false)] })),
  },
});

const reproduced: EvidenceSummary = {
  level: 'reproduced',
  shown:
    'The reproduction test test/discount-ticket-1.test.js failed on the base commit and passes with the change.',
  reproduction: {
    status: 'reproduced',
    path: 'test/discount-ticket-1.test.js',
    attempts: 1,
    note: 'It failed on an assertion.',
  },
  changedTests: [],
};

const green: JobReport = sampleReport({
  evidence: reproduced,
  verification: {
    baseline: { label: 'baseline', checks: [test(false)] },
    rounds: [{ label: 'round 1', checks: [test(true)] }],
  },
});

describe('verification words', () => {
  it('never says Verified above a table of ❌ → ❌; it says what is and is not shown', () => {
    for (const text of [
      renderPullRequestBody(stillRed, masker),
      renderJobSummary(stillRed, masker),
    ]) {
      expect(text).not.toMatch(/\*\*Verified/);
      expect(text).toContain(
        '**Not verified after 2 repair rounds:** test failed on the base commit and still fails with the change, so it is not shown to work.',
      );
    }
  });

  it('states the strongest claim the evidence earned', () => {
    const body = renderPullRequestBody(green, masker);
    expect(body).toContain(
      '**Verified:** the reproduction test `test/discount-ticket-1.test.js` failed on the base commit on an assertion and passes with the change, and no check that passed on the base commit fails now.',
    );
    const fixed = renderPullRequestBody(
      { ...green, evidence: { ...reproduced, level: 'failing-test-fixed' } },
      masker,
    );
    expect(fixed).toContain(
      '**Verified:** a test that failed on the base commit passes now, with no existing test changed',
    );
  });

  it('does not call a change that broke a passing check verified', () => {
    const broke = sampleReport({
      evidence: undefined,
      verification: {
        baseline: { label: 'baseline', checks: [test(true)] },
        rounds: [{ label: 'round 1', checks: [test(false)] }],
      },
    });
    expect(renderPullRequestBody(broke, masker)).toContain(
      '**Not verified:** test passed on the base commit and fails now.',
    );
  });

  it('says what a reproduction showed once in the Evidence section, not three times', () => {
    for (const text of [renderPullRequestBody(green, masker), renderJobSummary(green, masker)]) {
      const evidence = text.slice(text.indexOf('**Evidence:'), text.indexOf('**Verified:'));
      expect(evidence.match(/passes with the change/g)).toHaveLength(1);
      expect(evidence).toContain('**Reproduction test:** `test/discount-ticket-1.test.js`');
    }
  });
});
