import { describe, expect, it } from '@jest/globals';
import markdownIt from 'markdown-it';
import {
  BODY_LIMITS,
  renderPullRequestBody,
  renderPullRequestTitle,
} from '../../../src/report/pull-request.js';
import { SecretMasker } from '../../../src/shared/secrets.js';
import {
  TOKEN,
  fencedBlocks,
  sampleReport,
  sampleTranscript,
  tableShapes,
} from './report-fixtures.js';

const masker = new SecretMasker([TOKEN]);

describe('renderPullRequestBody', () => {
  const body = renderPullRequestBody(sampleReport(), masker, { transcript: sampleTranscript() });

  it('links the ticket and says what changed, labelled as the model’s words', () => {
    expect(body).toContain(
      '[AB#42: Fix add() | returns a - b &lt;script&gt;alert(1)&lt;/script&gt; \\*\\*\\*](https://dev.azure.com/contoso/Fabrikam/_workitems/edit/42)',
    );
    expect(body).toContain('## What changed and why');
    expect(body).toContain('_In the edit model’s own words (not verified; compare with the diff).');
    expect(body).toContain('```text\nChanged add() to return a + b.');
    expect(body).toContain('- `src/calc.js`');
    expect(body).toContain('1 file, +1 −1 lines, 2 edit rounds.');
  });

  it('makes the model’s text inert: no HTML, no mentions, no issue references', () => {
    // Rendered as GitHub would (raw HTML allowed, bare URLs linked): the model's text is only text.
    const html = markdownIt({ html: true, linkify: true }).render(body);
    expect(html).not.toMatch(/<img|<script/);
    // A mention is inert only inside a code block, where GitHub does not resolve it.
    expect(html.replace(/<pre>[^]*?<\/pre>/g, '')).not.toContain('@octocat');
    expect(body).toContain('Fixes # 12 and pings @octocat.');
    expect(body).not.toMatch(/#12/);
  });

  it('shows verification baseline against after, the verdict, triage, models and tokens', () => {
    expect(body).toContain('**Not verified after 1 repair round:**');
    expect(body).toContain(
      '| Check | Command | Baseline (base commit) | After the change (round 2) |',
    );
    expect(body).toMatch(
      /\| build \| `npm run build` \| ✅ passed \(4\.2 s\) \| ✅ passed \(4\.2 s\) \|/,
    );
    expect(body).toMatch(
      /\| test \| `npm test -- --ci` \| ❌ failed, exit 1 \(4\.2 s\) \| ✅ passed \(4\.2 s\) \|/,
    );
    expect(body).toContain('**Actionable:** yes');
    expect(body).toContain(
      '| edit | `qwen2.5-coder:32b` | edit round 1, edit round 2 | 2 | 18,900 | 1,100 | 1 min 52 s |',
    );
    expect(body).toContain('23,100 prompt tokens, 1,330 output tokens; job time 6 min 30 s.');
  });

  it('collapses a transcript excerpt and ends with a reviewer checklist', () => {
    expect(body).toMatch(/<details>\n<summary>Transcript excerpt[^\n]*<\/summary>\n\n````text\n/);
    expect(body.indexOf('</details>')).toBeGreaterThan(body.indexOf('<details>'));
    expect(body).toContain('- [ ] The change does what the ticket asks, and nothing else');
    expect(
      body.trim().endsWith('- [ ] No secrets, generated files or unrelated formatting in the diff'),
    ).toBe(true);
  });

  it('is valid Markdown: consistent tables, closed fences', () => {
    for (const shape of tableShapes(body)) expect(new Set(shape).size).toBe(1);
    expect(tableShapes(body).length).toBeGreaterThanOrEqual(2);
    expect(() => fencedBlocks(body)).not.toThrow();
  });

  it('says plainly when a regression remains', () => {
    const report = sampleReport();
    const failing = renderPullRequestBody(
      {
        ...report,
        verification: {
          ...report.verification!,
          baseline: {
            label: 'baseline',
            checks: report.verification!.rounds[0]!.checks.map((c) => ({ ...c, passed: true })),
          },
          rounds: [report.verification!.rounds[0]!],
        },
      },
      masker,
    );
    expect(failing).toContain(
      '**Not verified:** build, test passed on the base commit and fail now.',
    );
  });

  it('fits GitHub’s limit with a huge transcript, keeping verification and checklist', () => {
    const huge = sampleTranscript(40).map((e) => ({ ...e, text: 'x'.repeat(20000) }));
    const report = sampleReport({
      edit: { ...sampleReport().edit!, modelSummary: 'y\n'.repeat(40000) },
    });
    const text = renderPullRequestBody(report, masker, { transcript: huge });
    expect(text.length).toBeLessThanOrEqual(BODY_LIMITS.github);
    expect(text).toContain('## Verification');
    expect(text).toContain('## Reviewer checklist');
    expect(text).toMatch(/Shortened to fit the GitHub limit of 65536 characters/);
    expect(() => fencedBlocks(text)).not.toThrow();
  });

  it('fits Azure Repos’ 4000 characters, cut cleanly with a note', () => {
    const text = renderPullRequestBody(
      sampleReport({ pullRequest: { ...sampleReport().pullRequest!, kind: 'azure-repos' } }),
      masker,
      {
        transcript: sampleTranscript(12).map((e) => ({
          ...e,
          text: `${e.text} ${'z'.repeat(800)}`,
        })),
      },
    );
    expect(text).toContain('left out: Transcript excerpt');
    expect(text.length).toBeLessThanOrEqual(BODY_LIMITS['azure-repos']);
    expect(text).toContain('Shortened to fit the Azure Repos limit of 4000 characters');
    expect(text).toContain('## Verification');
    expect(() => fencedBlocks(text)).not.toThrow();
    expect((text.match(/<details>/g) ?? []).length).toBe((text.match(/<\/details>/g) ?? []).length);
    for (const shape of tableShapes(text)) expect(new Set(shape).size).toBe(1);
  });

  it('still closes blocks when even the required sections must be cut', () => {
    const text = renderPullRequestBody(sampleReport(), masker, {
      transcript: sampleTranscript(),
      limit: 900,
    });
    expect(text.length).toBeLessThanOrEqual(900);
    expect(() => fencedBlocks(text)).not.toThrow();
    expect(text).toMatch(/_Shortened to fit the GitHub limit of 900 characters; .*_$/);
  });
});

describe('renderPullRequestTitle', () => {
  it('is AB#<id>: <title>, one line, masked, bounded', () => {
    expect(renderPullRequestTitle(sampleReport(), masker)).toBe(
      'AB#42: Fix add() | returns a - b <script>alert(1)</script> ***',
    );
    const long = renderPullRequestTitle(
      sampleReport({ ticket: { ...sampleReport().ticket!, title: 'word\n'.repeat(100) } }),
      masker,
    );
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long).not.toContain('\n');
  });
});
