import { describe, expect, it } from '@jest/globals';
import { applyEdits } from '../../../src/edits/apply-edits.js';
import { renderReflection } from '../../../src/edits/feedback.js';
import type { WorkingFile } from '../../../src/edits/apply-edits.js';
import { decodeText, encodeText } from '../../../src/edits/text-format.js';
import type { Edit } from '../../../src/edits/types.js';

function files(entries: Record<string, string>): Map<string, WorkingFile> {
  const map = new Map<string, WorkingFile>();
  for (const [path, raw] of Object.entries(entries)) {
    const { text, style } = decodeText(raw);
    map.set(path, { path, text, style, binary: false });
  }
  return map;
}

function sr(path: string, search: string, replace: string, index = 1): Edit {
  const lines = (s: string) => (s === '' ? [] : s.split('\n'));
  return {
    kind: 'search-replace',
    index,
    path,
    rawPath: path,
    search: lines(search),
    replace: lines(replace),
    position: { line: 1 },
  };
}

const policy = { protectedPaths: ['.github/**', '**/*.lock'], allowNewFiles: true };

function run(source: Record<string, string>, edits: Edit[], p = policy) {
  const result = applyEdits(edits, files(source), p);
  const text = (path: string) => {
    const f = result.files.get(path);
    return f?.text ? encodeText(f.text, f.style) : undefined;
  };
  return { ...result, text };
}

const ts = 'function add(a, b) {\n  return a - b;\n}\n\nfunction sub(a, b) {\n  return a - b;\n}\n';

describe('applyEdits', () => {
  it('applies an exact match', () => {
    const r = run({ 'm.ts': ts }, [
      sr('m.ts', 'function add(a, b) {\n  return a - b;', 'function add(a, b) {\n  return a + b;'),
    ]);
    expect(r.results[0]).toMatchObject({ status: 'applied', method: 'exact', line: 1 });
    expect(r.text('m.ts')).toBe(ts.replace('a - b', 'a + b'));
  });

  it('refuses an ambiguous SEARCH and names the lines', () => {
    const r = run({ 'm.ts': ts }, [sr('m.ts', '  return a - b;', '  return a + b;')]);
    expect(r.results[0]).toMatchObject({ status: 'refused', reason: 'ambiguous' });
    expect(r.results[0]?.status === 'refused' && r.results[0].message).toContain('lines 2, 6');
    expect(r.changed).toEqual([]);
  });

  it('accepts a block shifted by a uniform indentation and re-indents the new lines', () => {
    const r = run({ 'm.ts': ts }, [
      sr(
        'm.ts',
        '    function sub(a, b) {\n      return a - b;',
        '    function sub(a, b) {\n      // swapped\n      return b - a;',
      ),
    ]);
    expect(r.results[0]).toMatchObject({ status: 'applied', method: 'indentation', line: 5 });
    expect(r.text('m.ts')).toBe(
      'function add(a, b) {\n  return a - b;\n}\n\nfunction sub(a, b) {\n  // swapped\n  return b - a;\n}\n',
    );
  });

  it('refuses a block whose relative indentation differs (not a uniform shift)', () => {
    const r = run({ 'm.ts': ts }, [
      sr('m.ts', 'function sub(a, b) {\nreturn a - b;', 'function sub(a, b) {\nreturn b - a;'),
    ]);
    expect(r.results[0]).toMatchObject({ status: 'refused', reason: 'no-match' });
  });

  it('keeps tabs when the model wrote spaces in a tab-indented file', () => {
    const tabbed = 'class A {\n\tmethod() {\n\t\treturn 1;\n\t}\n}\n';
    const r = run({ 'a.ts': tabbed }, [
      sr('a.ts', '    method() {\n        return 1;', '    method() {\n        return 2;'),
    ]);
    expect(r.results[0]).toMatchObject({ status: 'applied', method: 'indentation', line: 2 });
    expect(r.text('a.ts')).toBe('class A {\n\tmethod() {\n\t\treturn 2;\n\t}\n}\n');
  });

  it('labels a match by what differed: trailing whitespace alone, or the indentation width', () => {
    const greet = "function greet(name) {\n  if (name) {\n    return 'Hi ' + name;\n  }\n}\n";
    const spaces = run({ 'g.js': greet }, [
      sr('g.js', "    return 'Hi ' + name;   ", "    return 'Hello ' + name;"),
    ]);
    expect(spaces.results[0]).toMatchObject({ method: 'trailing-whitespace', line: 3 });
    // Written at 4 spaces a level for a 2-space file: found once converted, so an indentation match.
    const wider = run({ 'g.js': greet }, [
      sr(
        'g.js',
        "    if (name) {\n        return 'Hi ' + name;",
        "    if (name) {\n        return 'Hello ' + name;",
      ),
    ]);
    expect(wider.results[0]).toMatchObject({ method: 'indentation', line: 2 });
    expect(wider.text('g.js')).toBe(greet.replace("'Hi '", "'Hello '"));
  });

  it('tolerates a blank line the model left out and keeps it', () => {
    const r = run({ 'm.ts': ts }, [
      sr(
        'm.ts',
        '}\nfunction sub(a, b) {\n  return a - b;',
        '}\nfunction sub(a, b) {\n  return b - a;',
      ),
    ]);
    expect(r.results[0]).toMatchObject({ status: 'applied', method: 'blank-lines' });
    expect(r.text('m.ts')).toBe(ts.replace(/(sub[^]*)return a - b/, '$1return b - a'));
  });

  it('applies `...` elisions when each changed part is unique', () => {
    const r = run({ 'm.ts': ts }, [
      sr(
        'm.ts',
        'function add(a, b) {\n...\nfunction sub(a, b) {',
        'function add(x, y) {\n...\nfunction sub(x, y) {',
      ),
    ]);
    expect(r.results[0]).toMatchObject({ status: 'applied', method: 'elision' });
    expect(r.text('m.ts')).toBe(
      ts.replace('add(a, b)', 'add(x, y)').replace('sub(a, b)', 'sub(x, y)'),
    );
  });

  it('says "did you mean" with the closest lines when nothing matches', () => {
    const r = run({ 'm.ts': ts }, [sr('m.ts', 'function add(a, c) {\n  return a - c;', 'x')]);
    const result = r.results[0];
    expect(result).toMatchObject({ status: 'refused', reason: 'no-match' });
    expect(result?.status === 'refused' && result.advice).toContain('Did you mean');
    expect(result?.status === 'refused' && result.advice).toContain('function add(a, b) {');
  });

  it('treats a block repeated after it applied as already applied (no double insert)', () => {
    const edit = sr('m.ts', 'function add(a, b) {', '// adds\nfunction add(a, b) {');
    const once = run({ 'm.ts': ts }, [edit]).text('m.ts') as string;
    const r = run({ 'm.ts': once }, [{ ...edit, index: 2 }]);
    expect(r.results[0]).toMatchObject({ status: 'already-applied' });
    expect(r.changed).toEqual([]);
  });

  it('preserves CRLF, a UTF-8 BOM and a missing final newline', () => {
    const raw = '\uFEFFline one\r\nline two\r\nline three';
    const r = run({ 'w.txt': raw }, [sr('w.txt', 'line two', 'line 2')]);
    expect(r.text('w.txt')).toBe('\uFEFFline one\r\nline 2\r\nline three');
  });

  it('refuses protected paths, climbing paths and binary files', () => {
    const source = files({ 'm.ts': ts });
    source.set('logo.png', {
      path: 'logo.png',
      style: { bom: false, eol: '\n', finalNewline: false, indent: 'unknown' },
      binary: true,
      text: { lines: [], finalNewline: false },
    });
    const r = applyEdits(
      [
        sr('.github/workflows/x.yml', '', 'on: push', 1),
        sr('../outside.txt', '', 'x', 2),
        sr('logo.png', '', 'x', 3),
        sr('yarn.lock', '', 'x', 4),
      ],
      source,
      policy,
    );
    expect(r.results.map((x) => x.status === 'refused' && x.reason)).toEqual([
      'protected-path',
      'unsafe-path',
      'binary-file',
      'protected-path',
    ]);
    expect(r.changed).toEqual([]);
    // The message says what happened (people read it in the log and `apply`); what to do instead
    // is for the model only, and reaches it through the reflection.
    const refused = r.results[0]!;
    expect(refused).toMatchObject({
      message:
        "Refused: '.github/workflows/x.yml' is a protected path (.github/**); it may not be changed.",
      advice: 'Solve the task without touching it.',
    });
    expect(renderReflection(r.results, [])).toContain(
      'it may not be changed. Solve the task without touching it.',
    );
  });

  it('creates new files only when allowed', () => {
    const edit = sr('src/new.ts', '', 'export const x = 1;');
    expect(run({}, [edit]).text('src/new.ts')).toBe('export const x = 1;\n');
    expect(run({}, [edit], { ...policy, allowNewFiles: false }).results[0]).toMatchObject({
      reason: 'new-file-not-allowed',
    });
  });

  it('refuses a lazy whole-file rewrite that elides code', () => {
    const edit: Edit = {
      kind: 'whole-file',
      index: 1,
      path: 'm.ts',
      rawPath: 'm.ts',
      lines: ['function add(a, b) {', '  return a + b;', '}', '// ... rest of the file unchanged'],
      position: { line: 1 },
    };
    expect(run({ 'm.ts': ts }, [edit]).results[0]).toMatchObject({
      status: 'refused',
      reason: 'lazy-rewrite',
    });
  });

  it('finds the file when the name is wrong but the SEARCH text is unique in one file', () => {
    const r = run({ 'm.ts': ts, 'n.ts': 'other\n' }, [
      sr('lib/mth.ts', 'function add(a, b) {', 'function add(x, y) {'),
    ]);
    expect(r.results[0]).toMatchObject({ status: 'applied', path: 'm.ts' });
  });
});

describe('applyEdits: regressions named after model quirks', () => {
  it('refuses to guess where new lines go when the SEARCH left out the blank line they land next to', () => {
    const src = 'a();\n\nb();\n';
    const r = run({ 'x.js': src }, [sr('x.js', 'a();\nb();', 'a();\nnew();\nb();')]);
    expect(r.results[0]).toMatchObject({ status: 'refused', reason: 'ambiguous' });
    expect(r.results[0]?.status === 'refused' && r.results[0].message).toContain('blank lines');
  });

  it('does not insert twice when a re-sent block would match elsewhere under blank-line tolerance', () => {
    const src = '}\nx += 1;\ny();\n\nfunction f() {\n}\n\n// note\nx += 1;\ny();\n';
    const edit = sr('x.js', '}\n\nx += 1;\ny();', '}\n\n// note\nx += 1;\ny();');
    const r = run({ 'x.js': src }, [edit]);
    expect(r.results[0]).toMatchObject({ status: 'already-applied' });
    expect(r.changed).toEqual([]);
  });

  it('converts spaces to tabs at 2-space width when the snippet misleads width detection', () => {
    const src = 'function f(v) {\n\treturn v\n\t\t.split(",")\n\t\t.join(" ");\n};\n';
    const r = run({ 'x.js': src }, [
      sr('x.js', '    .split(",")\n    .join(" ");\n};', '    .split(",")\n    .join("-");\n};'),
    ]);
    expect(r.text('x.js')).toBe(src.replace('.join(" ")', '.join("-")'));
  });
});
