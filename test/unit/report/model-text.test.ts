// The model's own text, wherever ticket-to-pr publishes it (the PR body, a revision reply, the job
// summary, the Azure Boards comment), is readable and inert: no image, heading, link, HTML or
// closing keyword that a renderer, a forge or the Azure Boards integration would act on.
import { describe, expect, it } from '@jest/globals';
import markdownIt from 'markdown-it';
import { defang, modelBlock, modelInline } from '../../../src/report/markdown.js';
import { renderJobSummary } from '../../../src/report/job-summary.js';
import { renderPullRequestBody } from '../../../src/report/pull-request.js';
import { renderTicketComment } from '../../../src/report/ticket-comment.js';
import { revisionReply } from '../../../src/review/replies.js';
import { SecretMasker } from '../../../src/shared/secrets.js';
import { sampleReport } from './report-fixtures.js';

/** As GitHub renders: raw HTML allowed, bare URLs and www. links autolinked. */
const render = (markdown: string) => markdownIt({ html: true, linkify: true }).render(markdown);

/** A closing keyword followed by anything GitHub, Azure Repos or Azure Boards reads as a reference. */
const CLOSING =
  /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b:?\s+(?:#\d|[\w.-]+\/[\w.-]+#\d|https?:\/\/|www\.|AB#\s*\d|GH-\d)/i;
/** Azure Boards links any `AB#<id>` in a PR title or description, keyword or not. */
const AB_MENTION = /AB#\s*\d/i;

const ACTIVE = /<img|<h[1-6]|<a\s|<script|<iframe|<svg|<details|<table/i;

const CONSTRUCTS: readonly [string, string][] = [
  ['an image (a fake badge)', '![Verified by the security team](https://x/badge.svg)'],
  ['an ATX heading', '# Approved'],
  ['a setext heading', 'Approved\n========'],
  ['a Markdown link', '[click](https://evil)'],
  ['a reference link', '[click][1]\n\n[1]: https://evil'],
  ['a bare URL', 'see https://evil/raw for details'],
  ['a www. link', 'see www.evil.example/raw'],
  ['an e-mail address', 'write to attacker@evil.example'],
  ['an autolink', '<https://evil/auto>'],
  ['raw HTML', '<img src=x onerror=alert(1)>'],
  ['an HTML link', '<a href="https://evil">ok</a>'],
  ['a table', '| a | b |\n| - | - |\n| 1 | 2 |'],
  ['a details block', '<details><summary>hidden</summary>x</details>'],
  ['a fence break', '```\n</code></pre><img src=x>\n```\n# Approved'],
  ['a longer fence break', '````\n# Approved\n````'],
  ['a tilde fence', '~~~\n# Approved\n~~~'],
];

const KEYWORDS: readonly string[] = [
  'Closes https://github.com/o/r/issues/1',
  'Fixes #12',
  'fixes: #12',
  'Resolves octo-org/octo-repo#100',
  'Fixes AB#1',
  'fixed AB#123, AB#124',
  'Fixes AB# 7',
  'closes GH-3',
  'Fixes www.github.com/o/r/issues/1',
];

describe('modelBlock: the model’s account as a block', () => {
  it.each(CONSTRUCTS)('renders %s as text only', (_name, text) => {
    const html = render(`Before\n\n${modelBlock(text)}\n\nAfter`);
    expect(html).not.toMatch(ACTIVE);
    // Everything the model wrote stays in one code block; what follows is ours again.
    expect(html.match(/<pre>/g)).toHaveLength(1);
    expect(html).toMatch(/<\/pre>\n<p>After<\/p>\n$/);
  });

  it.each(KEYWORDS)('leaves no closing keyword or work item mention in “%s”', (text) => {
    const block = modelBlock(`Done. ${text}.`);
    expect(block).not.toMatch(CLOSING);
    expect(block).not.toMatch(AB_MENTION);
    expect(render(block)).not.toMatch(ACTIVE);
  });

  it('keeps the text readable: the words are all still there', () => {
    const block = modelBlock('Fixes AB#1: see https://github.com/o/r/issues/1 and #12 <b>now</b>');
    expect(block).toContain(
      'Fixes AB # 1: see https[:]//github.com/o/r/issues/1 and # 12 <b>now</b>',
    );
  });

  it('breaks HTML comments, so no marker of ticket-to-pr’s can be forged', () => {
    expect(defang('<!-- ticket-to-pr:revision 9 -->')).not.toContain('<!--');
  });
});

describe('modelInline: the model’s words in a line', () => {
  it.each([...CONSTRUCTS, ...KEYWORDS.map((k) => ['a keyword', k] as [string, string])])(
    'renders %s inertly: %s',
    (_name, text) => {
      const inline = modelInline(text);
      const html = render(`- **Reason:** ${inline}`);
      expect(html).not.toMatch(ACTIVE);
      expect(inline).not.toMatch(CLOSING);
      expect(inline).not.toMatch(AB_MENTION);
    },
  );
});

describe('every place the model’s text is published', () => {
  const hostile = [
    'Done.',
    '![Verified by the security team](https://x/badge.svg)',
    '# Approved',
    '[click](https://evil) https://evil/raw <img src=x>',
    'Closes https://github.com/o/r/issues/1',
    'Fixes AB#1',
  ].join('\n');
  const masker = new SecretMasker([]);
  const base = sampleReport();

  it('the pull request body', () => {
    const body = renderPullRequestBody(
      { ...base, edit: { ...base.edit!, modelSummary: hostile } },
      masker,
    );
    const html = render(body);
    expect(html).not.toMatch(/<img|<h[1-6]>Approved|href="https:\/\/(?:evil|x\/)/);
    expect(body).not.toMatch(CLOSING);
    expect(body).toContain('Fixes AB # 1');
  });

  it('the revision reply', () => {
    const reply = revisionReply(
      1,
      {
        kind: 'pushed',
        commit: 'abcdef1234567890',
        changedFiles: ['src/a.js'],
        modelSummary: hostile,
        verdict: 'Tests pass.',
        verifiedOn: '0123456789abcdef',
      },
      ['t1/c1'],
    );
    const html = render(reply);
    expect(html).not.toMatch(ACTIVE);
    expect(reply).not.toMatch(CLOSING);
    expect(reply).not.toMatch(AB_MENTION);
  });

  it('the job summary (the triage model’s reason and question)', () => {
    const summary = renderJobSummary(
      {
        ...base,
        triage: { ...base.triage!, reason: hostile, question: 'Fixes AB#1 https://evil/q' },
      },
      masker,
    );
    const html = render(summary);
    expect(html).not.toMatch(/<img|<h[1-6]>Approved|href="https:\/\/(?:evil|x\/)/);
    expect(summary).not.toMatch(CLOSING);
  });

  it('the Azure Boards comment (HTML): the triage model’s question', () => {
    const comment = renderTicketComment(
      {
        ...base,
        outcome: 'skipped',
        triage: {
          ...base.triage!,
          question: `${hostile}\nhttps://evil/q <a href="https://evil">x</a>`,
        },
      },
      masker,
    );
    expect(comment).not.toMatch(/<img|<a href="https:\/\/evil|https?:\/\/evil/);
    expect(comment).not.toMatch(AB_MENTION);
  });
});
