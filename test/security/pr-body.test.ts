// The edit model's account of its change, written to steer reviewers and integrations: a fake
// "verified" badge, a heading, links, raw HTML and closing keywords for GitHub and Azure Boards.
// Through dist/index.js, the pull request's description shows every word and acts on none.
import { afterEach, describe, expect, it } from '@jest/globals';
import markdownIt from 'markdown-it';
import type { SimChatRequest } from '../simulators/ollama/index.js';
import { SAMPLE_FIX_BLOCK } from '../e2e/sample/repo.js';
import { SAMPLE_TICKET, scriptedTriageModel } from '../e2e/sample/scripted-model.js';
import { startWorld, type World } from '../e2e/world.js';

const ACCOUNT = [
  '![Verified by the security team](https://x/badge.svg)',
  '# Approved',
  'Fixed the discount. [click](https://evil) or see https://evil/raw <img src=x>',
  'Closes https://github.com/o/r/issues/1',
  'Fixes AB#1',
].join('\n\n');

/** A closing keyword followed by anything GitHub, Azure Repos or Azure Boards reads as a reference. */
const CLOSING =
  /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b:?\s+(?:#\d|[\w.-]+\/[\w.-]+#\d|https?:\/\/|www\.|AB#\s*\d|GH-\d)/i;

const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

function editModel(): (request: SimChatRequest) => string {
  return () => [ACCOUNT, '', SAMPLE_FIX_BLOCK].join('\n');
}

describe('the model’s account in the pull request, through dist/', () => {
  it('shows no image, heading, link, HTML or closing keyword from the model', async () => {
    const w = await startWorld({
      tickets: [SAMPLE_TICKET],
      triageAnswer: scriptedTriageModel(),
      editAnswer: editModel(),
    });
    worlds.push(w);
    const r = await w.run();
    expect(r.outputs.outcome).toBe('pr-opened');
    const [pr] = [...w.ado.state.pullRequests.values()];
    const description = pr!.description;
    // Every word is there for the reviewer to read.
    expect(description).toContain('Verified by the security team');
    expect(description).toContain('Approved');
    // None of it acts: rendered as a forge renders (HTML allowed, bare URLs linked).
    const html = markdownIt({ html: true, linkify: true }).render(description);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<h[1-6][^>]*>[^<]*(?:Approved|Verified)/i);
    const hrefs = [...html.matchAll(/<a\s[^>]*href="([^"]*)"/gi)].map((m) => m[1]);
    expect(hrefs.filter((h) => /evil|x\/badge|github\.com\/o\/r/.test(h ?? ''))).toEqual([]);
    // Nothing a forge or Azure Boards would act on in the raw text either.
    expect(description).not.toMatch(CLOSING);
    const start = description.indexOf('## What changed and why');
    const end = description.indexOf('## Files changed', start);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    expect(description.slice(start, end)).not.toMatch(/AB#\s*\d/i);
  }, 180_000);
});
