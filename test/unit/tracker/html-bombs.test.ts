import { describe, expect, it } from '@jest/globals';
import { scanHtml } from '../../../src/tracker/html-scan.js';
import {
  MAX_HTML_DEPTH,
  readTicketHtml,
  readTicketMarkdown,
} from '../../../src/tracker/sanitize.js';
import {
  DEFAULT_TICKET_BUDGETS,
  MAX_RAW_HTML,
  toTicket,
} from '../../../src/tracker/ticket-reader.js';

/** Deepest nesting of a piece of HTML (void elements aside), and whether it is balanced. */
function depthOf(html: string): { deepest: number; balanced: boolean } {
  let depth = 0;
  let deepest = 0;
  let lowest = 0;
  for (const m of html.matchAll(/<(\/?)([a-z][^\s/>]*)[^>]*>/g)) {
    if (['br', 'img', 'hr', 'input', 'wbr'].includes(m[2]!)) continue;
    depth += m[1] ? -1 : 1;
    deepest = Math.max(deepest, depth);
    lowest = Math.min(lowest, depth);
  }
  return { deepest, balanced: depth === 0 && lowest === 0 };
}

const BOMBS: Record<string, string> = {
  '9,000 unclosed <div>s': '<div>x'.repeat(9000),
  '3,000 nested <div>s': `${'<div>'.repeat(3000)}deep${'</div>'.repeat(3000)}`,
  '9,000 unclosed <li>s': `<ul>${'<li>x'.repeat(9000)}`,
  'misnested <b><i>': '<b><i>x</b></i>'.repeat(9000),
  'stray closing tags': `${'<div>'.repeat(5000)}${'</span>'.repeat(5000)}`,
  'text between 9,000 <br>s': 'w w w w w<br>'.repeat(9000),
  'unterminated tags': '<a b="c" '.repeat(9000),
};

describe('hostile HTML costs bounded, linear work', () => {
  it.each(Object.entries(BOMBS))('%s: balanced, shallow, small pieces', (_name, html) => {
    const scan = scanHtml(html, { mode: 'html', maxDepth: MAX_HTML_DEPTH, pieceChars: 8000 });
    for (const piece of scan.pieces) {
      expect(depthOf(piece)).toEqual({ deepest: expect.any(Number), balanced: true });
      expect(depthOf(piece).deepest).toBeLessThanOrEqual(MAX_HTML_DEPTH);
      expect(piece.length).toBeLessThan(8000 + 2 * MAX_HTML_DEPTH * 10 + 200);
    }
    // The old path took 183 s on the first bomb; reading must not be anywhere near that.
    const started = Date.now();
    expect(() => readTicketHtml(html)).not.toThrow();
    expect(() => readTicketMarkdown(html)).not.toThrow();
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('says what was flattened, in the ticket text for the model', () => {
    const ticket = toTicket(
      {
        id: 1,
        rev: 1,
        fields: { 'System.Title': 't', 'System.Description': '<div>x'.repeat(9000) },
      },
      [],
      'https://x.test/1',
    );
    expect(ticket.truncations).toContainEqual(
      expect.stringMatching(
        /^System\.Description: 8960 HTML element\(s\) nested deeper than 40 levels were flattened/,
      ),
    );
  });

  it('cuts a field above the size cap and says so', () => {
    const ticket = toTicket(
      {
        id: 1,
        rev: 1,
        fields: { 'System.Title': 't', 'System.Description': 'a'.repeat(MAX_RAW_HTML + 5) },
      },
      [],
      'https://x.test/1',
      DEFAULT_TICKET_BUDGETS,
    );
    expect(ticket.truncations[0]).toBe(
      `System.Description cut at ${MAX_RAW_HTML} of ${MAX_RAW_HTML + 5} characters before reading`,
    );
  });

  it('grows linearly: eight times the input costs about eight times the work, not sixty-four', () => {
    const time = (n: number) => {
      const html = 'w w w w w<br>'.repeat(n) + '<div>x'.repeat(n);
      const started = process.hrtime.bigint();
      readTicketHtml(html);
      return Number(process.hrtime.bigint() - started);
    };
    time(500); // warm up
    const small = Math.min(time(2000), time(2000));
    const large = Math.min(time(16000), time(16000));
    // Linear is about 8, quadratic about 64: a loaded machine has room between the two.
    expect(large / small).toBeLessThan(24);
  });
});
