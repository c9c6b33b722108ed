import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outlineByIndentation, outlineFile, renderOutline } from '../../../src/localize/outline.js';
import { locateWasm } from '../../../src/localize/wasm.js';

describe('outlineFile', () => {
  it('lists functions, classes, methods and function-valued assignments of JavaScript with tree-sitter', async () => {
    const text = [
      "import x from './x'",
      'export default (option, Klass) => {',
      '  const proto = Klass.prototype',
      '  proto.utcOffset = function (input) {',
      '    return input',
      '  }',
      '}',
      'class Parser {',
      '  parse(text) {',
      '    return text',
      '  }',
      '}',
      'const helper = (a) => a',
    ].join('\n');
    const outline = await outlineFile('src/plugin.js', text);
    expect(outline.parser).toBe('tree-sitter');
    expect(outline.symbols.map((s) => [s.kind, s.name, s.startLine, s.endLine])).toEqual([
      ['function', 'utcOffset', 4, 6],
      ['class', 'Parser', 8, 12],
      ['method', 'parse', 9, 11],
      ['function', 'helper', 13, 13],
    ]);
    expect(renderOutline(outline)).toContain(
      '4-6 function utcOffset: proto.utcOffset = function (input) {',
    );
  });

  it('parses TypeScript and TSX with their own grammars', async () => {
    const ts = await outlineFile(
      'a.ts',
      'interface Options { a: string }\nexport function run<T>(x: T): T { return x }\n',
    );
    expect(ts.symbols.map((s) => s.name)).toEqual(['Options', 'run']);
    const tsx = await outlineFile('a.tsx', 'export function View() { return <div>hi</div> }\n');
    expect(tsx.parser).toBe('tree-sitter');
    expect(tsx.symbols.map((s) => s.name)).toEqual(['View']);
  });

  it('falls back to indentation for languages without a grammar', async () => {
    const outline = await outlineFile(
      'tool.py',
      'class A:\n    def f(self):\n        return 1\n\ndef g():\n    pass\nx = 1\n',
    );
    expect(outline.parser).toBe('indentation');
    expect(outline.symbols.map((s) => [s.name, s.startLine, s.endLine])).toEqual([
      ['A', 1, 3],
      ['f', 2, 3],
      ['g', 5, 6],
    ]);
    expect(outlineByIndentation('func main() {\n  run()\n}\n')[0]).toMatchObject({
      name: 'main',
      endLine: 3,
    });
  });
});

describe('locateWasm', () => {
  it('prefers <dir>/wasm/<file> (the bundle layout) over node_modules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ttp-wasm-'));
    mkdirSync(join(dir, 'wasm'));
    writeFileSync(join(dir, 'wasm', 'tree-sitter-javascript.wasm'), '');
    expect(locateWasm('tree-sitter-javascript.wasm', dir)).toBe(
      join(dir, 'wasm', 'tree-sitter-javascript.wasm'),
    );
  });

  it('walks up to node_modules/<package>/<file> when running from source', () => {
    const found = locateWasm('tree-sitter-tsx.wasm', join(process.cwd(), 'src', 'localize'));
    expect(found).toBe(
      join(process.cwd(), 'node_modules', 'tree-sitter-typescript', 'tree-sitter-tsx.wasm'),
    );
    expect(existsSync(found ?? '')).toBe(true);
    expect(locateWasm('unknown.wasm', tmpdir())).toBeUndefined();
  });
});
