import { describe, expect, it } from '@jest/globals';
import { revisionCommitMessage, revisionsInCommits } from '../../../src/pipeline/commit-message.js';

describe('revision commits', () => {
  it('name their revision in the subject, which the count reads back', () => {
    expect(revisionCommitMessage(42, 2)).toBe('AB#42: Revise after review (revision 2)');
    expect(
      revisionsInCommits([
        'AB#42: Fix the parser',
        `${revisionCommitMessage(42, 1)}\n\nTicket-To-Pr: 42\n`,
        'Notes by hand',
        `${revisionCommitMessage(42, 2)}\n\nTicket-To-Pr: 42\n`,
      ]),
    ).toBe(2);
  });

  it('reads only the subject: a body that quotes a subject, or a near miss, counts nothing', () => {
    expect(
      revisionsInCommits([
        'Merge branch\n\nAB#42: Revise after review (revision 7)',
        'AB#42: Revise after review (revision 3) and more',
        'AB#42: Revise after review (revision 99999999999999999999)',
      ]),
    ).toBe(0);
    expect(revisionsInCommits([])).toBe(0);
  });
});
