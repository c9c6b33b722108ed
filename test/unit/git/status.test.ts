import { describe, expect, it } from '@jest/globals';
import { parseStatus, restorePlan } from '../../../src/git/status.js';

describe('parseStatus', () => {
  it('reads codes and paths, skips the branch header, and steps over a rename source', () => {
    const output = [
      '## HEAD (no branch)',
      ' M src/calc.js',
      ' D README.md',
      '?? out/deep/log file.txt',
      'R  new name.js',
      'old name.js',
      'A  staged.js',
      '',
    ].join('\0');
    expect(parseStatus(output)).toEqual([
      { index: ' ', worktree: 'M', path: 'src/calc.js' },
      { index: ' ', worktree: 'D', path: 'README.md' },
      { index: '?', worktree: '?', path: 'out/deep/log file.txt' },
      { index: 'R', worktree: ' ', path: 'new name.js' },
      { index: 'A', worktree: ' ', path: 'staged.js' },
    ]);
    expect(parseStatus('## main...origin/main\0')).toEqual([]);
  });
});

describe('restorePlan', () => {
  const entry = (code: string, path: string) => ({ index: code[0]!, worktree: code[1]!, path });

  it('puts edited and deleted files back and deletes new ones when only the working tree changed', () => {
    expect(
      restorePlan([entry(' M', 'a.js'), entry(' D', 'b.js'), entry('??', 'dist/out.txt')]),
    ).toEqual({ kind: 'paths', tracked: ['a.js', 'b.js'], untracked: ['dist/out.txt'] });
    expect(restorePlan([])).toEqual({ kind: 'clean' });
  });

  it('resets the whole checkout for staged changes, renames, nested repositories or a long list', () => {
    expect(restorePlan([entry('M ', 'a.js')]).kind).toBe('reset');
    expect(restorePlan([entry('R ', 'b.js')]).kind).toBe('reset');
    expect(restorePlan([entry('??', 'vendor/lib/')]).kind).toBe('reset');
    const many = Array.from({ length: 201 }, (_, i) => entry('??', `f${i}.txt`));
    expect(restorePlan(many).kind).toBe('reset');
  });
});
