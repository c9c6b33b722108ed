import { describe, expect, it } from '@jest/globals';
import { applyEdits } from '../../../src/edits/apply-edits.js';
import type { WorkingFile } from '../../../src/edits/apply-edits.js';
import { parseAnswer } from '../../../src/edits/parse-answer.js';
import { decodeText, encodeText } from '../../../src/edits/text-format.js';
import type { BlockResult, Edit } from '../../../src/edits/types.js';

function files(entries: Record<string, string>): Map<string, WorkingFile> {
  const map = new Map<string, WorkingFile>();
  for (const [path, raw] of Object.entries(entries)) {
    const { text, style } = decodeText(raw);
    map.set(path, { path, text, style, binary: false });
  }
  return map;
}

function sr(path: string, search: string, replace: string): Edit {
  const lines = (s: string) => (s === '' ? [] : s.split('\n'));
  return {
    kind: 'search-replace',
    index: 1,
    path,
    rawPath: path,
    search: lines(search),
    replace: lines(replace),
    position: { line: 1 },
  };
}

const policy = { protectedPaths: ['.github/**'], allowNewFiles: true };

function run(source: Record<string, string>, edits: readonly Edit[]) {
  const result = applyEdits(edits, files(source), policy);
  const text = (path: string) => {
    const f = result.files.get(path);
    return f?.text ? encodeText(f.text, f.style) : undefined;
  };
  return { ...result, first: result.results[0] as BlockResult, text };
}

// What the model reads: the message and, after it, the advice.
const messageOf = (r: BlockResult) =>
  r.status === 'refused' ? `${r.message} ${r.advice ?? ''}` : '';

/** A block as a model writes it: the path, a fence, the markers. */
const answer = (file: string, search: string, replace: string) =>
  `${file}\n\`\`\`js\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n\`\`\`\n`;

const OPTIONS_JS =
  'export const options = {\n  name: "merge",\n  deep: true,\n  strict: false,\n};\n';

describe('"already applied" is claimed only when the block identifies where it went', () => {
  it('a SEARCH line that is not in the file is a miss, though its REPLACE line occurs once', () => {
    const r = run({ 'config.js': OPTIONS_JS }, [
      sr('config.js', 'deep: false, // this line does not exist', '  deep: true,'),
    ]);
    expect(r.first).toMatchObject({ status: 'refused', reason: 'no-match' });
    expect(messageOf(r.first)).toContain("The SEARCH text is not in 'config.js'");
    expect(r.changed).toEqual([]);
  });

  it('a REPLACE text that occurs in several places is a miss, not "already applied"', () => {
    const twice = OPTIONS_JS + 'export const other = {\n  deep: true,\n};\n';
    const r = run({ 'config.js': twice }, [sr('config.js', '  deep: maybe,', '  deep: true,')]);
    expect(r.first).toMatchObject({ status: 'refused', reason: 'no-match' });
  });

  it('a REPLACE of braces and blank lines identifies nothing: a miss', () => {
    const r = run({ 'config.js': OPTIONS_JS }, [sr('config.js', '  gone: 1,\n};', '\n};')]);
    expect(r.first).toMatchObject({ status: 'refused', reason: 'no-match' });
  });

  it('the miss says the REPLACE text is in the file without claiming the block applied', () => {
    const r = run({ 'config.js': OPTIONS_JS }, [
      sr('config.js', 'deep: false, // this line does not exist', '  deep: true,'),
    ]);
    expect(messageOf(r.first)).toMatch(/REPLACE text already occurs in 'config.js' \(line 3\)/);
  });

  it('a block of several telling lines, sent again after it applied, is already applied', () => {
    const block = sr(
      'config.js',
      '  strict: false,',
      '  strict: false,\n  depth: 3,\n  keys: "all",',
    );
    const once = run({ 'config.js': OPTIONS_JS }, [block]);
    expect(once.first).toMatchObject({ status: 'applied' });
    // The SEARCH text is gone from the file now; the REPLACE text is there, once.
    const resent = sr(
      'config.js',
      '  strict: true,',
      '  strict: false,\n  depth: 3,\n  keys: "all",',
    );
    const again = run({ 'config.js': once.text('config.js') as string }, [resent]);
    expect(again.first).toMatchObject({ status: 'already-applied', line: 4 });
    expect(again.changed).toEqual([]);
  });

  it('a block sent again after it applied, with context it shares with the file, is already applied', () => {
    const once = run({ 'config.js': OPTIONS_JS }, [
      sr('config.js', '  name: "merge",\n  deep: true,', '  name: "merge",\n  deep: false,'),
    ]);
    const after = once.text('config.js') as string;
    const again = run({ 'config.js': after }, [
      sr('config.js', '  name: "merge",\n  deep: true,', '  name: "merge",\n  deep: false,'),
    ]);
    expect(again.first).toMatchObject({ status: 'already-applied', line: 2 });
    expect(again.changed).toEqual([]);
  });

  it('a `...` block that changes nothing is "already applied" only when its parts are in the file', () => {
    // The two sides differ only in how they write the elision, so every part is left as it is.
    const absent = run({ 'config.js': OPTIONS_JS }, [
      sr('config.js', 'export const gone = {\n...\n};', 'export const gone = {\n// ...\n};'),
    ]);
    expect(absent.first).toMatchObject({ status: 'refused', reason: 'no-match' });
    const present = run({ 'config.js': OPTIONS_JS }, [
      sr('config.js', '  name: "merge",\n...\n};', '  name: "merge",\n// ...\n};'),
    ]);
    expect(present.first).toMatchObject({ status: 'already-applied' });
  });

  it('a found SEARCH whose added lines are only braces is applied as written, not called applied', () => {
    const source = 'function f() {\n  last();\n}\n';
    const r = run({ 'f.js': source }, [sr('f.js', '  last();', '  last();\n}')]);
    expect(r.first).toMatchObject({ status: 'applied', method: 'exact' });
    expect(r.text('f.js')).toBe('function f() {\n  last();\n}\n}\n');
  });
});

describe("a path with '..' is refused, never redirected", () => {
  const A_JS = 'export const a = 1;\n';

  it('the parser keeps a name with .. as written, though a known file has the same name', () => {
    for (const name of ['../src/a.js', '../a.js', 'src/../src/a.js', '..\\src\\a.js']) {
      const parsed = parseAnswer(answer(name, 'export const a = 1;', 'export const a = 2;'), {
        knownPaths: ['src/a.js'],
        allowWhole: true,
      });
      expect(parsed.edits[0]?.path).toBe(name.replaceAll('\\', '/'));
    }
  });

  it('the applier refuses it even when another file holds the SEARCH text, and says why', () => {
    for (const name of ['../a.js', 'src/../a.js', '../../etc/a.js']) {
      const r = run({ 'a.js': A_JS }, [sr(name, 'export const a = 1;', 'export const a = 2;')]);
      expect(r.first).toMatchObject({ status: 'refused', reason: 'unsafe-path', path: name });
      expect(messageOf(r.first)).toMatch(/confused about where it is, or steered/);
      expect(r.changed).toEqual([]);
    }
  });

  it('parsed and applied together, `../src/a.js` changes nothing', () => {
    const parsed = parseAnswer(
      answer('../src/a.js', 'export const a = 1;', 'export const a = 2;'),
      {
        knownPaths: ['src/a.js'],
        allowWhole: true,
      },
    );
    const r = run({ 'src/a.js': A_JS }, parsed.edits);
    expect(r.first).toMatchObject({ status: 'refused', reason: 'unsafe-path' });
    expect(r.text('src/a.js')).toBe(A_JS);
  });

  it('a whole-file rewrite of `../a.js` is refused too', () => {
    const parsed = parseAnswer('../a.js\n```js\nexport const a = 2;\n```\n', {
      knownPaths: ['a.js'],
      allowWhole: true,
    });
    const r = run({ 'a.js': A_JS }, parsed.edits);
    expect(r.first).toMatchObject({ status: 'refused', reason: 'unsafe-path' });
    expect(r.text('a.js')).toBe(A_JS);
  });
});

describe("tolerant matches change only the block's lines; the file's own bytes stay", () => {
  // CRLF, trailing spaces and tabs, runs of blank lines and a whitespace-only line, inside and
  // outside the lines the blocks below match.
  const FILE =
    'function a() {  \r\n  one();\r\n\r\n\r\n  two();   \r\n  \r\n  three();\r\n}\r\n\r\n\r\n' +
    'function b() {\t\r\n  four();\r\n}\r\n';

  const cases: [string, string, string, string, string][] = [
    // [what, SEARCH, REPLACE, line before, line after]
    [
      'exact SEARCH, REPLACE copies its context without trailing spaces',
      '  one();\n\n\n  two();   ',
      '  one();\n\n\n  two();\n  twoAndHalf();',
      '  two();   \r\n',
      '  two();   \r\n  twoAndHalf();\r\n',
    ],
    [
      'exact SEARCH, REPLACE writes a whitespace-only line as empty',
      '  two();   \n  \n  three();',
      '  two();   \n\n  three(3);',
      '  three();',
      '  three(3);',
    ],
    [
      'trailing whitespace left out',
      '  two();\n  \n  three();',
      '  two();\n\n  three(3);',
      '  three();',
      '  three(3);',
    ],
    [
      'blank lines left out',
      '  one();\n  two();\n  three();',
      '  one();\n  two();\n  three(3);',
      '  three();',
      '  three(3);',
    ],
    [
      'blank lines made up',
      '}\n\nfunction b() {\n\n  four();',
      '}\n\nfunction b() {\n\n  four(4);',
      '  four();',
      '  four(4);',
    ],
    [
      'indentation shifted',
      'function b() {\n    four();',
      'function b() {\n    four(4);',
      '  four();',
      '  four(4);',
    ],
    [
      'elision',
      'function a() {\n...\n  three();',
      'function a() {\n...\n  three(3);',
      '  three();',
      '  three(3);',
    ],
  ];

  it.each(cases)('%s', (_what, search, replace, before, after) => {
    const r = run({ 'f.js': FILE }, [sr('f.js', search, replace)]);
    expect(r.first).toMatchObject({ status: 'applied' });
    expect(r.text('f.js')).toBe(FILE.replace(before, after));
  });

  it("an exact match keeps the model's new lines as written, trailing spaces included", () => {
    const md = '# Notes\n\nFirst line.\n';
    // Two trailing spaces are a line break in Markdown: the new line means them.
    const r = run({ 'notes.md': md }, [
      sr('notes.md', 'First line.', 'First line.\nSecond line.  '),
    ]);
    expect(r.first).toMatchObject({ status: 'applied', method: 'exact' });
    expect(r.text('notes.md')).toBe('# Notes\n\nFirst line.\nSecond line.  \n');
  });

  it('keeps each line ending of a file that mixes CRLF and LF', () => {
    const crlfMostly = 'a();\r\nb();\nc();\r\nd();\r\ne();\r\n';
    const lfMostly = 'a();\nb();\r\nc();\nd();\ne();\n';
    for (const source of [crlfMostly, lfMostly]) {
      const r = run({ 'f.js': source }, [sr('f.js', 'd();\ne();', 'd();\ne(1);\nf();')]);
      const eol = source.endsWith('\r\n') ? '\r\n' : '\n';
      expect(r.text('f.js')).toBe(source.replace(`e();${eol}`, `e(1);${eol}f();${eol}`));
    }
  });

  it('a new line less indented than the SEARCH text keeps its place relative to it', () => {
    const source = 'function f() {\n  if (x) {\n    x();   \n  }\n}\n';
    const want = 'function f() {\n  if (x) {\n    x();   \n  }\n  y();\n  if (z) {\n  }\n}\n';
    // Found by ignoring trailing whitespace, then by a uniform shift of two spaces.
    for (const [search, replace] of [
      ['    x();', '    x();\n  }\n  y();\n  if (z) {'],
      ['        x();', '        x();\n      }\n      y();\n      if (z) {'],
    ] as const) {
      const r = run({ 'f.js': source }, [sr('f.js', search, replace)]);
      expect(r.first).toMatchObject({ status: 'applied' });
      expect(r.text('f.js')).toBe(want);
    }
  });
});
