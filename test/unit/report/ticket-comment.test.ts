import { describe, expect, it } from '@jest/globals';
import { renderTicketComment } from '../../../src/report/ticket-comment.js';
import { SecretMasker } from '../../../src/shared/secrets.js';
import { TOKEN, sampleReport } from './report-fixtures.js';

const masker = new SecretMasker([TOKEN]);

describe('renderTicketComment', () => {
  it('is short structured HTML: the outcome, the reason never cut mid-word, what would help as a list', () => {
    const reason = `${'Verification still fails (test: exited 1); failing: 10% off 200.00 is 180.00. '.repeat(12)}Run \`npm test\` to see it.`;
    const html = renderTicketComment(
      sampleReport({ outcome: 'needs-human', reason, pullRequest: undefined }),
      masker,
    );
    expect(html.startsWith('<p><b>ticket-to-pr needs a human for this ticket</b>.</p>\n<p>')).toBe(
      true,
    );
    const said = /<p>([^<]*)<\/p>/.exec(html.split('\n')[1]!)![1]!;
    expect(said.length).toBeLessThanOrEqual(600);
    expect(said).toMatch(/[.;] …$/); // cut at a sentence or clause end, not inside a word
    expect(html).toMatch(/<p><b>What would help:<\/b><\/p><ul><li>A developer picks this up/);
    expect(html).not.toContain('`');
  });

  it('gives the facts first and what would help last, so the facts are not read as advice', () => {
    const html = renderTicketComment(
      sampleReport({ outcome: 'needs-human', reason: 'Tests still fail.', pullRequest: undefined }),
      masker,
    );
    expect(html.indexOf('Checks after the change:')).toBeGreaterThan(0);
    expect(html.indexOf('Checks after the change:')).toBeLessThan(
      html.indexOf('<b>What would help:</b>'),
    );
  });

  it('says what a reproduction showed once', () => {
    const base = sampleReport();
    const html = renderTicketComment(
      {
        ...base,
        evidence: {
          level: 'reproduced',
          shown:
            'The reproduction test test/t.test.js failed on the base commit and passes with the change.',
          reproduction: { status: 'reproduced', path: 'test/t.test.js', attempts: 1, note: '' },
          changedTests: [],
        },
      },
      masker,
    );
    expect(html.match(/passes with the change/g)).toHaveLength(1);
    expect(html).toContain('Reproduction test: <code>test/t.test.js</code>');
  });

  it('lists the remedies a reason names, with code as code', () => {
    const html = renderTicketComment(
      sampleReport({
        outcome: 'model-capacity',
        reason:
          'Ollama ran out of memory for m with num_ctx 8192 during triage: "oom". What would help: fewer models kept loaded at once on the server (OLLAMA_MAX_LOADED_MODELS=1); or measuring what this server holds with `ticket-to-pr probe --json FILE`.',
        pullRequest: undefined,
      }),
      masker,
    );
    expect(html).toContain(
      '<p>Ollama ran out of memory for m with num_ctx 8192 during triage: &quot;oom&quot;.</p>',
    );
    expect(html).toContain(
      '<ul><li>fewer models kept loaded at once on the server (OLLAMA_MAX_LOADED_MODELS=1)</li><li>measuring what this server holds with <code>ticket-to-pr probe --json FILE</code></li></ul>',
    );
  });

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

  it('a dry run that verified a change never claims a pull request was opened', () => {
    const { pullRequest: _none, ...noPr } = sampleReport();
    const html = renderTicketComment(
      { ...noPr, outcome: 'dry-run', dryRun: true, reason: 'Dry run: the change passed.' },
      new SecretMasker([TOKEN]),
    );
    expect(html).toContain(
      '<p><b>ticket-to-pr verified a change</b> (dry run: nothing was pushed).</p>',
    );
    expect(html).not.toMatch(/opened|pull request was/);
  });

  it('asks the triage question when the ticket was skipped', () => {
    const base = sampleReport();
    const html = renderTicketComment(
      {
        ...base,
        outcome: 'skipped',
        reason:
          'The ticket does not say which page is slow. Question for a human: Which page is slow, and <how> slow?',
        pullRequest: undefined,
        branch: undefined,
        verification: undefined,
        triage: {
          ...base.triage!,
          actionable: false,
          clarity: 'unclear',
          reason: 'The ticket does not say which page is slow.',
          question: 'Which page is slow, and <how> slow?',
        },
      },
      masker,
    );
    expect(html).toContain('<b>ticket-to-pr skipped this ticket</b>');
    expect(html).toContain('<p>The ticket does not say which page is slow.</p>');
    expect(html.match(/Which page is slow, and/g)).toHaveLength(1);
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
