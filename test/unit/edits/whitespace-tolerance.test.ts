// A match that tolerated whitespace leaves every line it does not change byte for byte, or refuses.
// Each case is a wrong application the edit bench found on held-out seeds, cut down to a few lines.
import { describe, expect, it } from '@jest/globals';
import { applyEdits } from '../../../src/edits/apply-edits.js';
import type { WorkingFile } from '../../../src/edits/apply-edits.js';
import { decodeText, encodeText } from '../../../src/edits/text-format.js';
import type { BlockResult, Edit } from '../../../src/edits/types.js';

const policy = { protectedPaths: [], allowNewFiles: true };

function sr(path: string, search: readonly string[], replace: readonly string[]): Edit {
  return {
    kind: 'search-replace',
    index: 1,
    path,
    rawPath: path,
    search,
    replace,
    position: { line: 1 },
  };
}

function run(raw: string, search: readonly string[], replace: readonly string[]) {
  const { text, style } = decodeText(raw);
  const files = new Map<string, WorkingFile>([
    ['f.js', { path: 'f.js', text, style, binary: false }],
  ]);
  const result = applyEdits([sr('f.js', search, replace)], files, policy);
  const after = result.files.get('f.js');
  return {
    first: result.results[0] as BlockResult,
    text: after?.text ? encodeText(after.text, after.style) : undefined,
  };
}

const said = (r: BlockResult) => (r.status === 'refused' ? `${r.message} ${r.advice ?? ''}` : '');

describe('whitespace never tells two places apart', () => {
  it('an exact match is refused when a blank line with spaces on it is all that makes it unique', () => {
    // The model stripped the `  ` line of the second place; the first place matches it exactly.
    const raw = 'one();\n}\n\ntwo();\n}\n  \nthree();\n';
    const r = run(raw, ['}', ''], ['}', '', 'added();']);
    expect(r.first).toMatchObject({ status: 'refused', reason: 'ambiguous' });
    expect(said(r.first)).toContain('matches line 2');
    expect(said(r.first)).toContain('also line 5');
    expect(r.text).toBe(raw);
  });

  it('an exact match is refused when the same text is elsewhere at another indentation', () => {
    // A `}` written without its indentation matches the class's closing brace exactly.
    const raw = 'class A {\n  m() {\n  }\n}\n';
    const r = run(raw, ['}'], ['}', 'after();']);
    expect(r.first).toMatchObject({ status: 'refused', reason: 'ambiguous' });
    expect(r.text).toBe(raw);
  });

  it('an indentation-tolerant match is refused when another place matches once blank lines are skipped', () => {
    // The model left out the blank line of the place at the end; the indented place matches too.
    const raw = 'function a() {\n  go();\n  stop();\n}\ngo();\n\nstop();\n';
    const r = run(raw, ['go();', 'stop();'], ['go();', 'stop(1);']);
    expect(r.first).toMatchObject({ status: 'refused', reason: 'ambiguous' });
    expect(said(r.first)).toContain('lines 2, 5');
    expect(r.text).toBe(raw);
  });

  it('a match with trailing spaces ignored is refused when another place matches once all whitespace is', () => {
    // Trailing spaces set the first place apart from nothing: the second differs only in blank lines.
    const raw = '  go();  \n  stop();\n}\ngo();\n\nstop();\n';
    const r = run(raw, ['  go();', '  stop();'], ['  go();', '  stop(1);']);
    expect(r.first).toMatchObject({ status: 'refused', reason: 'ambiguous' });
    expect(said(r.first)).toContain('lines 1, 4');
    expect(r.text).toBe(raw);
  });

  it('a single place is still found when the model left out a blank line', () => {
    const raw = 'function a() {\n  go();\n  wait();\n}\ngo();\n\nstop();\n';
    const r = run(raw, ['go();', 'stop();'], ['go();', 'stop(1);']);
    expect(r.first).toMatchObject({ status: 'applied', method: 'blank-lines' });
    expect(r.text).toBe(raw.replace('stop();', 'stop(1);'));
  });
});

describe('a tolerant match changes whitespace alone nowhere', () => {
  it('refuses to drop a whitespace-only line the model wrote as empty', () => {
    // The model collapsed the two blank lines the deletion brings together into one.
    const raw = '/**\n */\n\t\nconstants = c;\n\t\nmodule.exports = p;\n';
    const r = run(raw, [' */', '', 'constants = c;', ''], [' */', '']);
    expect(r.first).toMatchObject({ status: 'refused', reason: 'ambiguous' });
    expect(said(r.first)).toContain('remove the blank line 5');
    expect(said(r.first)).toContain('Copy the SEARCH lines exactly');
    expect(r.text).toBe(raw);
  });

  it('deletes the line and keeps both blank lines when SEARCH and REPLACE agree on them', () => {
    const raw = '/**\n */\n\t\nconstants = c;\n\t\nmodule.exports = p;\n';
    const r = run(raw, [' */', '', 'constants = c;', ''], [' */', '', '']);
    expect(r.first).toMatchObject({ status: 'applied', method: 'trailing-whitespace' });
    expect(r.text).toBe('/**\n */\n\t\n\t\nmodule.exports = p;\n');
  });

  it('an exact match removes a blank line as written', () => {
    const raw = '/**\n */\n\nconstants = c;\n\nmodule.exports = p;\n';
    const r = run(raw, [' */', '', 'constants = c;', ''], [' */', '']);
    expect(r.first).toMatchObject({ status: 'applied', method: 'exact' });
    expect(r.text).toBe('/**\n */\n\nmodule.exports = p;\n');
  });

  it('refuses a REPLACE indented unlike its SEARCH, which would re-indent lines it keeps', () => {
    // Each snippet written from column 0: the kept lines would lose a level of indentation.
    const raw =
      'class S {\n    get(key) {\n        const idx = asIndex(key);\n        if (typeof idx !== "number")\n            return undefined;\n    }\n}\n';
    const r = run(
      raw,
      ['get(key) {', '    const idx = asIndex(key);', '    if (typeof idx !== "number")'],
      ['const idx = asIndex(key);', 'if (typeof idx !== "number")'],
    );
    expect(r.first).toMatchObject({ status: 'refused', reason: 'ambiguous' });
    expect(said(r.first)).toContain('change the indentation of line 3');
    expect(r.text).toBe(raw);
  });

  it('applies a shifted block whose REPLACE keeps the indentation of its SEARCH', () => {
    const raw =
      'class S {\n    get(key) {\n        const idx = asIndex(key);\n        if (typeof idx !== "number")\n            return undefined;\n    }\n}\n';
    const r = run(
      raw,
      ['get(key) {', '    const idx = asIndex(key);', '    if (typeof idx !== "number")'],
      ['get(key) {', '    const idx = asIndex(key, 1);', '    if (typeof idx !== "number")'],
    );
    expect(r.first).toMatchObject({ status: 'applied', method: 'indentation' });
    expect(r.text).toBe(raw.replace('asIndex(key)', 'asIndex(key, 1)'));
  });
});

describe('a block sent again is not applied to a look-alike', () => {
  it('refuses a SEARCH found only at another indentation while its REPLACE is already in the file', () => {
    const raw =
      'if (a) {\n    onErrorRenamed(range, msg);\n}\nif (b) {\n  onError(range, msg);\n}\n';
    const r = run(raw, ['    onError(range, msg);'], ['    onErrorRenamed(range, msg);']);
    expect(r.first).toMatchObject({ status: 'refused', reason: 'ambiguous' });
    expect(said(r.first)).toContain('already at line 2');
    expect(said(r.first)).toContain('leave the block out');
    expect(r.text).toBe(raw);
  });
});

describe('punctuation names no place once whitespace is set aside', () => {
  it('refuses a lone `}` found only at another indentation (the one meant is gone already)', () => {
    const raw = 'function toJS(value) {\n    return value;\n}\n\nexports.toJS = toJS;\n';
    const r = run(raw, ['    }'], []);
    expect(r.first).toMatchObject({ status: 'refused', reason: 'ambiguous' });
    expect(said(r.first)).toContain('nothing but punctuation');
    expect(r.text).toBe(raw);
  });

  it('still applies a lone `}` copied exactly', () => {
    const raw = 'function toJS(value) {\n    return value;\n}\n\nexports.toJS = toJS;\n';
    const r = run(raw, ['}'], ['}', '', 'export default toJS;']);
    expect(r.first).toMatchObject({ status: 'applied', method: 'exact' });
  });
});

describe('the refusal names the real reason wherever the block was found', () => {
  const RAW = '/**\n */\n\t\nconstants = c;\n\t\nmodule.exports = p;\n';

  it('a block under a mangled file name, found in one file, is refused there for its whitespace', () => {
    const { text, style } = decodeText(RAW);
    const files = new Map<string, WorkingFile>([
      ['lib/f.js', { path: 'lib/f.js', text, style, binary: false }],
    ]);
    const edit = sr('f.js', [' */', '', 'constants = c;', ''], [' */', '']);
    const r = applyEdits([edit], files, policy).results[0] as BlockResult;
    expect(r).toMatchObject({ status: 'refused', reason: 'ambiguous', path: 'lib/f.js' });
    expect(said(r)).toContain('remove the blank line 5');
  });

  it('a `...` part that would drop a blank line is refused for that, not as missing', () => {
    const r = run(
      RAW,
      [' */', '', 'constants = c;', '', '...', 'module.exports = p;'],
      [' */', '', '...', 'module.exports = p;'],
    );
    expect(r.first).toMatchObject({ status: 'refused', reason: 'ambiguous' });
    expect(said(r.first)).toContain('remove the blank line 5');
    expect(r.text).toBe(RAW);
  });
});

describe('a whole-file rewrite keeps the blank lines it does not change', () => {
  const rewrite = (raw: string, lines: readonly string[]) => {
    const { text, style } = decodeText(raw);
    const files = new Map<string, WorkingFile>([
      ['f.js', { path: 'f.js', text, style, binary: false }],
    ]);
    const edit: Edit = {
      kind: 'whole-file',
      index: 1,
      path: 'f.js',
      rawPath: 'f.js',
      lines,
      position: { line: 1 },
    };
    const result = applyEdits([edit], files, policy);
    const after = result.files.get('f.js');
    return after?.text ? encodeText(after.text, after.style) : undefined;
  };

  it('deleting the last line keeps the blank line that stood before it', () => {
    // The file's own blank line before the deleted line now ends the file, beside its trailing one.
    expect(rewrite('a();\n\nexports.a = a;\n\n', ['a();', '', ''])).toBe('a();\n\n\n');
  });

  it("a rewrite that keeps the last line keeps the file's trailing blank lines, whatever the model sent", () => {
    expect(rewrite('a();\nb();\n\n', ['a(1);', 'b();', '', '', ''])).toBe('a(1);\nb();\n\n');
    expect(rewrite('a();\nb();\n\n', ['a(1);', 'b();'])).toBe('a(1);\nb();\n\n');
  });
});
