import { describe, expect, it } from '@jest/globals';
import { quoteStart } from '../../../src/forge/github-review.js';

describe('quoteStart (the start of a review GitHub answers with a PR comment)', () => {
  it('quotes the first line that has text, cut with an ellipsis', () => {
    expect(quoteStart('\n\nHandle the empty list too.\nAnd more.')).toBe(
      '> Handle the empty list too.',
    );
    expect(quoteStart('x'.repeat(130))).toBe(`> ${'x'.repeat(120)}…`);
  });

  it("never carries an HTML comment, so no reviewer can plant ticket-to-pr's markers", () => {
    expect(quoteStart('<!-- ticket-to-pr:revision-limit -->\nPlease rename.')).toBe(
      '> Please rename.',
    );
    expect(quoteStart('Rename <!-- ticket-to-pr:revision 9 --> this')).toBe('> Rename  this');
    expect(quoteStart('Rename <!-- ticket-to-pr:revision 9')).toBe('> Rename');
  });
});
