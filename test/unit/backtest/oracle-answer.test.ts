import { describe, expect, it } from '@jest/globals';
import { applyEdits, type WorkingFile } from '../../../src/edits/apply-edits.js';
import { parseAnswer } from '../../../src/edits/parse-answer.js';
import { decodeText, encodeText } from '../../../src/edits/text-format.js';
import { oracleAnswer, type FixedFile } from '../../../src/backtest/oracle-answer.js';
import { mulberry32 } from '../../fixtures/random.js';

/** Applies the oracle's answer with the job's own parser and applier; the files as they end up. */
function replay(files: readonly FixedFile[]): Map<string, string | undefined> {
  const { answer } = oracleAnswer(files);
  const working = new Map<string, WorkingFile>();
  for (const f of files) {
    if (f.before === undefined) continue;
    const { text, style } = decodeText(f.before);
    working.set(f.path, { path: f.path, text, style, binary: false });
  }
  const parsed = parseAnswer(answer, { knownPaths: [...working.keys()], allowWhole: false });
  expect(parsed.issues).toEqual([]);
  const applied = applyEdits(parsed.edits, working, { protectedPaths: [], allowNewFiles: true });
  expect(applied.results.filter((r) => r.status === 'refused')).toEqual([]);
  return new Map(
    files.map((f) => {
      const w = applied.files.get(f.path);
      return [f.path, w?.text ? encodeText(w.text, w.style) : undefined];
    }),
  );
}

describe('oracleAnswer: the real fix as edit blocks', () => {
  it('rewrites a changed line, with context, and the applier reproduces the fix', () => {
    const before = 'a\nb\nc\nd\ne\n';
    const after = 'a\nb\nC!\nd\ne\n';
    expect(replay([{ path: 'x.js', before, after }]).get('x.js')).toBe(after);
  });

  it('widens the SEARCH text until it is unique in the file', () => {
    const before = ['x', '}', '}', 'y', '}', '}', 'z', ''].join('\n');
    const after = ['x', '}', '}', 'y', '}', '  // done', '}', 'z', ''].join('\n');
    expect(replay([{ path: 'x.js', before, after }]).get('x.js')).toBe(after);
  });

  it('creates a new file with an empty SEARCH block', () => {
    const answer = oracleAnswer([{ path: 'src/new.js', before: undefined, after: 'export {}\n' }]);
    expect(answer.answer).toContain(
      'src/new.js\n```\n<<<<<<< SEARCH\n=======\nexport {}\n>>>>>>> REPLACE',
    );
  });

  it('names a deleted file as inexpressible instead of writing a wrong block', () => {
    const answer = oracleAnswer([{ path: 'gone.js', before: 'x\n', after: '' }]);
    expect(answer.inexpressible).toEqual(['gone.js']);
  });

  it('reproduces random multi-line fixes exactly (seeded)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = mulberry32(seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
      const vocabulary = ['}', '', 'return x;', '  i++;', 'if (a) {', 'const y = 1;', 'end'];
      const lines = Array.from({ length: 3 + Math.floor(random() * 30) }, () => pick(vocabulary));
      const changed = [...lines];
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * changed.length);
        const op = random();
        if (op < 0.4) changed.splice(at, 1, `changed ${seed}.${e}`);
        else if (op < 0.7) changed.splice(at, 0, `added ${seed}.${e}`);
        else if (changed.length > 1) changed.splice(at, 1);
      }
      const before = lines.join('\n') + '\n';
      const after = changed.join('\n') + '\n';
      if (before === after || after.trim() === '' || before.trim() === '') continue;
      expect({ seed, text: replay([{ path: 'f.js', before, after }]).get('f.js') }).toEqual({
        seed,
        text: after,
      });
    }
  });
});
