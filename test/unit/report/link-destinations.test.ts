/**
 * Every URL the Markdown renderers write must survive a real Markdown renderer unchanged: a link's
 * href (and a URL quoted in running text) is the URL itself, not one with `\_` escapes in it.
 */
import { describe, expect, it } from '@jest/globals';
import MarkdownIt from 'markdown-it';
import { renderJobSummary } from '../../../src/report/job-summary.js';
import { link, linkDestination } from '../../../src/report/markdown.js';
import { renderPullRequestBody } from '../../../src/report/pull-request.js';
import { SecretMasker } from '../../../src/shared/secrets.js';
import { sampleReport } from './report-fixtures.js';

/** GFM-like: bare URLs become links too, as on GitHub and Azure DevOps. */
const markdown = new MarkdownIt({ linkify: true });

/** Every href in the rendered document, in order. */
function hrefs(source: string): string[] {
  const out: string[] = [];
  for (const token of markdown.parse(source, {})) {
    for (const child of token.children ?? []) {
      if (child.type === 'link_open') out.push(child.attrGet('href') ?? '');
    }
  }
  return out;
}

const AZURE = 'https://dev.azure.com/contoso/My%20Project';
const PR_URL = `${AZURE}/_git/shop_web/pullrequest/7`;
const TICKET_URL = `${AZURE}/_workitems/edit/42`;
const DUPLICATE_URL = `${AZURE}/_workitems/edit/41`;
const RUN_URL = `${AZURE}/_build/results?buildId=9&view=logs`;

const azureReport = sampleReport({
  reason: `Opened draft pull request ${PR_URL} with a verified change.`,
  ticket: {
    id: 42,
    title: 'Fix add_numbers, see https://example.com/a_b',
    type: 'Bug',
    webUrl: TICKET_URL,
  },
  pullRequest: {
    url: PR_URL,
    id: 7,
    branch: 'ticket-to-pr/42-fix-add',
    kind: 'azure-repos',
    created: true,
    isDraft: true,
  },
  runUrl: RUN_URL,
  triage: {
    actionable: false,
    kind: 'bug',
    size: 'small',
    clarity: 'clear',
    reason: 'same as the other one',
    duplicateOf: { id: 41, webUrl: DUPLICATE_URL },
  },
});
const masker = new SecretMasker([]);

describe('URLs in rendered Markdown', () => {
  it('the job summary links the Azure Repos pull request, ticket and run at their own URLs', () => {
    const found = hrefs(renderJobSummary(azureReport, masker));
    expect(found).toEqual(expect.arrayContaining([PR_URL, TICKET_URL, RUN_URL, DUPLICATE_URL]));
    // The reason quotes the PR URL; it links there too, whole.
    expect(found.filter((h) => h === PR_URL)).toHaveLength(2);
    expect(found.filter((h) => h.includes('%5C') || h.includes('\\'))).toEqual([]);
    expect(found.filter((h) => !/^https:\/\//.test(h))).toEqual([]);
  });

  it('the pull request body links the ticket and the run at their own URLs', () => {
    const found = hrefs(renderPullRequestBody(azureReport, masker));
    expect(found).toEqual(expect.arrayContaining([TICKET_URL, RUN_URL]));
    expect(found.filter((h) => h.includes('%5C') || h.includes('\\'))).toEqual([]);
  });

  it('a URL in a link text stays text, so the link around it still works', () => {
    const found = hrefs(renderJobSummary(azureReport, masker));
    expect(found).not.toContain('https://example.com/a_b');
    expect(found).toContain(TICKET_URL);
  });

  it('a destination with spaces, parentheses or backslashes still ends up at the same address', () => {
    for (const url of [
      'https://example.com/wiki/Foo_(bar)',
      'https://example.com/a b/c',
      'https://example.com/x\\_y',
    ]) {
      const [href] = hrefs(link('x', url));
      expect(decodeURI(href!)).toBe(url);
    }
    expect(linkDestination('javascript:alert(1)')).toBeUndefined();
    expect(link('text', 'javascript:alert(1)')).toBe('text');
  });
});
