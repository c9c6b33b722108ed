import { describe, expect, it } from '@jest/globals';
import { branchNameFor, slugify, ticketIdFromBranch } from '../../../src/git/branch-name.js';

describe('branchNameFor', () => {
  it.each([
    [42, 'Fix the add function', 'ticket-to-pr/42-fix-the-add-function'],
    [7, 'Crash in Über-Parser: ÅÄÖ!', 'ticket-to-pr/7-crash-in-uber-parser-aao'],
    [9, '   ', 'ticket-to-pr/9'],
    [10, '日本語のみ', 'ticket-to-pr/10'],
    [11, '../../etc/passwd; rm -rf ~', 'ticket-to-pr/11-etc-passwd-rm-rf'],
  ])('ticket %i "%s" → %s', (id, title, expected) => {
    expect(branchNameFor(id, title)).toBe(expected);
  });

  it('keeps the slug at most 40 characters, cut at a word boundary, no trailing hyphen', () => {
    const slug = slugify(
      'Make the configuration loader tolerate missing optional sections and comments',
    );
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug).toBe('make-the-configuration-loader-tolerate');
    expect(slugify('a'.repeat(60))).toBe('a'.repeat(40));
  });

  it('reads the ticket id back from our branch names only', () => {
    expect(ticketIdFromBranch('ticket-to-pr/42-fix')).toBe(42);
    expect(ticketIdFromBranch('ticket-to-pr/42')).toBe(42);
    expect(ticketIdFromBranch('ticket-to-pr/42x')).toBeUndefined();
    expect(ticketIdFromBranch('feature/42-fix')).toBeUndefined();
  });
});
