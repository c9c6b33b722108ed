import { describe, expect, it } from '@jest/globals';
import { cleanFileName, parseAnswer } from '../../../src/edits/parse-answer.js';

const known = ['src/math.ts', 'src/util/strings.ts', 'README.md'];

describe('parseAnswer', () => {
  it('reads a fenced SEARCH/REPLACE block with the path on the line before the fence', () => {
    const answer = [
      'I fix the sign.',
      '',
      'src/math.ts',
      '```ts',
      '<<<<<<< SEARCH',
      'return a - b;',
      '=======',
      'return a + b;',
      '>>>>>>> REPLACE',
      '```',
    ].join('\n');
    const parsed = parseAnswer(answer, { knownPaths: known, allowWhole: false });
    expect(parsed.issues).toEqual([]);
    expect(parsed.edits).toEqual([
      expect.objectContaining({
        kind: 'search-replace',
        index: 1,
        path: 'src/math.ts',
        search: ['return a - b;'],
        replace: ['return a + b;'],
      }),
    ]);
    expect(parsed.prose).toBe('I fix the sign.');
  });

  it.each([
    ['**src/math.ts**'],
    ['`src/math.ts`'],
    ['### src/math.ts'],
    ['src/math.ts:'],
    ['File: src/math.ts'],
    ['./src/math.ts'],
  ])('strips the decoration in %s', (line) => {
    expect(cleanFileName(line)).toBe('src/math.ts');
  });

  it('finds the path in the fence info string (name inside the fence)', () => {
    const answer = '```ts src/math.ts\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n```';
    expect(parseAnswer(answer, { knownPaths: known, allowWhole: false }).edits[0]?.path).toBe(
      'src/math.ts',
    );
  });

  it('maps a mangled name (basename only) to the one known file it names', () => {
    const answer = 'strings.ts\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE';
    const edit = parseAnswer(answer, { knownPaths: known, allowWhole: false }).edits[0];
    expect(edit?.path).toBe('src/util/strings.ts');
    expect(edit?.rawPath).toBe('strings.ts');
  });

  it('reuses the previous file when a later block names none, and tolerates missing fences', () => {
    const answer = [
      'src/math.ts',
      '<<<<<<< SEARCH',
      'a',
      '=======',
      'b',
      '>>>>>>> REPLACE',
      '',
      '<<<<<<< SEARCH',
      'c',
      '=======',
      'd',
      '>>>>>>> REPLACE',
    ].join('\n');
    const parsed = parseAnswer(answer, { knownPaths: known, allowWhole: false });
    expect(parsed.edits.map((e) => [e.index, e.path])).toEqual([
      [1, 'src/math.ts'],
      [2, 'src/math.ts'],
    ]);
  });

  it('tolerates marker lengths off by one (qwen writes 6 or 8 characters)', () => {
    const answer = 'src/math.ts\n<<<<<< SEARCH\na\n========\nb\n>>>>>>>> REPLACE';
    expect(parseAnswer(answer, { knownPaths: known, allowWhole: false }).edits).toHaveLength(1);
  });

  it('reports a block without its divider with the answer line', () => {
    const answer = 'src/math.ts\n<<<<<<< SEARCH\na\n>>>>>>> REPLACE\n';
    const parsed = parseAnswer(answer, { knownPaths: known, allowWhole: false });
    expect(parsed.edits).toEqual([]);
    expect(parsed.issues).toEqual([
      expect.objectContaining({
        index: 1,
        position: { line: 4 },
        message: expect.stringContaining('expected `=======`'),
      }),
    ]);
  });

  // The answer's own line numbers: a block cut off at the end points at the answer's last line,
  // not past it (one for the loop's end, one for the final newline).
  it.each([
    [
      'REPLACE marker',
      ['src/math.ts', '```', '<<<<<<< SEARCH', 'a - b', '=======', 'a + b', '```'],
      7,
    ],
    ['divider', ['src/math.ts', '<<<<<<< SEARCH', 'a - b'], 3],
  ])('a block cut off before its %s is reported at the last line', (_what, lines, line) => {
    for (const answer of [lines.join('\n'), `${lines.join('\n')}\n`, `${lines.join('\n')}\n\n\n`]) {
      const parsed = parseAnswer(answer, { knownPaths: known, allowWhole: false });
      expect(parsed.issues).toHaveLength(1);
      expect(parsed.issues[0]?.position).toEqual({ line });
      expect(parsed.issues[0]?.message).toContain('before the end of the answer');
    }
  });

  it('asks for a file name when there is none and several files are known', () => {
    const parsed = parseAnswer('<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE', {
      knownPaths: known,
      allowWhole: false,
    });
    expect(parsed.issues[0]?.message).toContain('names no file');
  });

  it('reads whole-file rewrites only when allowed', () => {
    const answer = 'Rewritten.\n\nsrc/math.ts\n```ts\nexport const x = 1;\n```\n';
    expect(parseAnswer(answer, { knownPaths: known, allowWhole: false }).edits).toEqual([]);
    const parsed = parseAnswer(answer, { knownPaths: known, allowWhole: true });
    expect(parsed.edits).toEqual([
      expect.objectContaining({
        kind: 'whole-file',
        path: 'src/math.ts',
        lines: ['export const x = 1;'],
      }),
    ]);
    expect(parsed.prose).toBe('Rewritten.');
  });

  it('does not take a plain code sample without a file name for a rewrite', () => {
    const answer = 'For example:\n```ts\nconst x = 1;\n```\n';
    expect(parseAnswer(answer, { knownPaths: known, allowWhole: true }).edits).toEqual([]);
  });
});
