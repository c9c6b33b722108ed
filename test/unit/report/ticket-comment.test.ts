import { describe, expect, it } from '@jest/globals';
import { renderTicketComment } from '../../../src/report/ticket-comment.js';
import { SecretMasker } from '../../../src/shared/secrets.js';
import { TOKEN, sampleReport } from './report-fixtures.js';

const masker = new SecretMasker([TOKEN]);

describe('renderTicketComment', () => {
  it('says the outcome, the reason and links the pull request and the run, all HTML-escaped', () => {
    const html = renderTicketComment(
      sampleReport({ reason: 'Opened <b>draft</b> & "verified"' }),
      masker,
    );
    expect(html).toContain('<p><b>ticket-to-pr opened a draft pull request</b>.</p>');
    expect(html).toContain('<p>Opened &lt;b&gt;draft&lt;/b&gt; &amp; &quot;verified&quot;</p>');
    expect(html).toContain(
      '<li>Pull request: <a href="https://github.com/octo-org/widgets/pull/7">#7</a> (draft)</li>',
    );
    expect(html).toContain('<li>Branch: <code>ticket-to-pr/42-fix-add</code></li>');
    expect(html).toContain('<li>Checks after the change: build passed, test passed</li>');
    expect(html).toContain(
      '<a href="https://github.com/octo-org/widgets/actions/runs/1">job log and transcript</a>',
    );
  });

  it('asks the triage question when the ticket was skipped', () => {
    const base = sampleReport();
    const html = renderTicketComment(
      {
        ...base,
        outcome: 'skipped',
        reason: 'The ticket does not say which page is slow.',
        pullRequest: undefined,
        branch: undefined,
        verification: undefined,
        triage: {
          ...base.triage!,
          actionable: false,
          clarity: 'unclear',
          question: 'Which page is slow, and <how> slow?',
        },
      },
      masker,
    );
    expect(html).toContain('<b>ticket-to-pr skipped this ticket</b>');
    expect(html).toContain('<blockquote>Which page is slow, and &lt;how&gt; slow?</blockquote>');
    expect(html).toContain('remove the <code>autofix:skipped</code> tag');
    expect(html).not.toContain('Pull request:');
  });

  it('links the twin of a near-duplicate, and never a javascript: URL', () => {
    const base = sampleReport();
    const html = renderTicketComment(
      {
        ...base,
        outcome: 'skipped',
        triage: {
          ...base.triage!,
          duplicateOf: {
            id: 7,
            webUrl: 'https://dev.azure.com/contoso/Fabrikam/_workitems/edit/7',
          },
        },
        pullRequest: { ...base.pullRequest!, url: 'javascript:alert(1)' },
      },
      masker,
    );
    expect(html).toContain(
      'near-duplicate of <a href="https://dev.azure.com/contoso/Fabrikam/_workitems/edit/7">#7</a>',
    );
    expect(html).not.toContain('href="javascript:');
  });
});
