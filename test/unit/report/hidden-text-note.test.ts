import { describe, expect, it } from '@jest/globals';
import { renderJobSummary } from '../../../src/report/job-summary.js';
import { renderPullRequestBody } from '../../../src/report/pull-request.js';
import { SecretMasker } from '../../../src/shared/secrets.js';
import { sampleReport } from './report-fixtures.js';

const masker = new SecretMasker([]);

describe('the note that hidden ticket text was ignored', () => {
  const report = sampleReport();
  const hidden = {
    ...report,
    ticket: { ...report.ticket!, hiddenText: ['System.Description (display:none, tiny font)'] },
  };

  it('is in the pull request body and the job summary when the ticket hid text', () => {
    for (const text of [renderPullRequestBody(hidden, masker), renderJobSummary(hidden, masker)]) {
      expect(text).toContain(
        '**Hidden text ignored:** the ticket holds text its readers cannot see (System.Description (display:none, tiny font)); it was removed before any prompt',
      );
    }
  });

  it('is absent when nothing was hidden', () => {
    expect(renderPullRequestBody(report, masker)).not.toContain('Hidden text ignored');
    expect(renderJobSummary(report, masker)).not.toContain('Hidden text ignored');
  });
});
