import { describe, expect, it } from '@jest/globals';
import { rankFiles } from '../../../src/localize/rank.js';
import { extractSignals } from '../../../src/localize/ticket-signals.js';

const filler = (n: number, word: string): string =>
  Array.from({ length: n }, (_, i) => `const ${word}${i} = ${i};`).join('\n');

const repo: { path: string; text: string }[] = [
  {
    path: 'lib/core/headers.js',
    text: `export function normalizeHeader(name) { return name.trim() }\n${filler(30, 'h')}`,
  },
  {
    path: 'lib/utils.js',
    text: `function isFormData(thing) { return thing.toString() === 'x' }\n${filler(40, 'u')}`,
  },
  {
    path: 'lib/adapters/http.js',
    text: `import { isFormData } from '../utils.js'\nexport function send(data) { return isFormData(data) }`,
  },
  {
    path: 'lib/plugin/duration/index.js',
    text: 'export default (o, c) => { c.prototype.toISOString = function () { return "P" } }',
  },
  {
    path: 'test/plugin/duration.test.js',
    text: 'it("toISOString of minutes gives PT1M", () => { duration(1, "minutes").toISOString() })',
  },
  { path: 'docs/upload.md', text: 'Uploading large files: upload upload upload large files fails' },
  {
    path: 'lib/upload.js',
    text: `export function upload(files) { return files.length }\n${filler(5, 'p')}`,
  },
];

const texts = new Map(repo.map((file) => [file.path, file.text]));
const rank = (title: string, body: string) =>
  rankFiles(
    repo.map((file) => ({ path: file.path, utf8: Buffer.from(file.text) })),
    extractSignals(title, body),
    (path) => texts.get(path),
  );

/** Ranks a few files given as text. */
const rankSmall = (
  files: readonly { path: string; text: string }[],
  title: string,
  body: string,
) => {
  const byPath = new Map(files.map((file) => [file.path, file.text]));
  return rankFiles(
    files.map((file) => ({ path: file.path, utf8: Buffer.from(file.text) })),
    extractSignals(title, body),
    (path) => byPath.get(path),
  );
};

describe('rankFiles', () => {
  it('puts the innermost stack frame that is a repository file first, with the reason', () => {
    const ranked = rank(
      'Uploading large files fails',
      'TypeError: boom\n    at Object.isFormData (file:///app/node_modules/pkg/lib/utils.js:1:42)\n    at send (/app/node_modules/pkg/lib/adapters/http.js:2:10)',
    );
    expect(ranked[0]?.path).toBe('lib/utils.js');
    expect(ranked[0]?.reasons[0]).toBe('stack frame 1: app/node_modules/pkg/lib/utils.js:1');
    expect(ranked[0]?.lines).toEqual([1]);
    expect(ranked[1]?.path).toBe('lib/adapters/http.js');
  });

  it('prefers the file defining a named identifier over files that only use it', () => {
    const ranked = rank(
      'isFormData is wrong for big buffers',
      'The check `isFormData(data)` converts the buffer.',
    );
    expect(ranked[0]?.path).toBe('lib/utils.js');
    expect(ranked[0]?.defines).toEqual(['isFormData']);
    expect(ranked[0]?.reasons).toContain('defines `isFormData` named in the ticket');
  });

  it('hands a matching test file evidence to the source it tests, and ranks the test lower', () => {
    const ranked = rank(
      'Duration toISOString of minutes',
      'duration(1, "minutes").toISOString() should be PT1M',
    );
    const paths = ranked.map((file) => file.path);
    expect(paths[0]).toBe('lib/plugin/duration/index.js');
    expect(paths.indexOf('test/plugin/duration.test.js')).toBeGreaterThan(0);
    expect(
      ranked[0]?.reasons.some((r) => r.startsWith('its test test/plugin/duration.test.js')),
    ).toBe(true);
  });

  it('ranks documentation below the source that shares its words', () => {
    const ranked = rank('Uploading large files fails', 'upload of large files');
    const paths = ranked.map((file) => file.path);
    expect(paths.indexOf('lib/upload.js')).toBeLessThan(paths.indexOf('docs/upload.md'));
  });

  it('matches a module specifier to its index file and a one-letter typo to the file name', () => {
    expect(rank('Plugin problem', "import duration from 'pkg/plugin/duration'")[0]?.path).toBe(
      'lib/plugin/duration/index.js',
    );
    expect(rank('Crash', 'thrown at heders.js:1')[0]?.path).toBe('lib/core/headers.js');
  });

  it('finds a definition whose brace is on the next line, and not one that is only a use', () => {
    const files = [
      { path: 'src/list.ts', text: 'class List {\n  appendItem(x: number)\n  {\n  }\n}\n' },
      { path: 'src/use.js', text: 'const list = make();\n\nlist.appendItem(2);\nlog(list);\n' },
    ];
    const ranked = rankSmall(
      files,
      'appendItem drops the item',
      'Calling `appendItem(2)` does nothing.',
    );
    expect(ranked.find((file) => file.path === 'src/list.ts')?.defines).toEqual(['appendItem']);
    expect(ranked.find((file) => file.path === 'src/use.js')?.defines ?? []).toEqual([]);
  });

  it('returns nothing for a ticket that shares no words with the code, and nothing for no files', () => {
    expect(rank('Zebra', 'quokka wombat')).toEqual([]);
    expect(rankFiles([], extractSignals('x', 'y'), () => undefined)).toEqual([]);
  });

  it('gives a source its strongest test share once, and nothing for tests named after their folder', () => {
    const files = [
      { path: 'scripts/test.sh', text: 'run all the things' },
      { path: 'src/parse.ts', text: `export function parse() {}\n${filler(10, 'x')}` },
      { path: 'core/test/parse.spec.ts', text: 'decorators crash the parser on private methods' },
      { path: 'dom/test/parse.spec.ts', text: 'decorators crash the parser' },
      ...Array.from({ length: 6 }, (_, i) => ({
        path: `plugin-${i}/test/index.js`,
        text: 'decorators crash the parser on private methods',
      })),
    ];
    const ranked = rankSmall(files, 'Decorators crash the parser', 'On private methods.');
    expect(ranked.find((file) => file.path === 'scripts/test.sh')).toBeUndefined();
    const parse = ranked.find((file) => file.path === 'src/parse.ts');
    expect(parse?.reasons).toEqual([
      'its test core/test/parse.spec.ts matches the ticket (and 1 more of its tests)',
    ]);
    const strongestTest = ranked.find((file) => file.path === 'core/test/parse.spec.ts');
    // One test's share (0.6 of its evidence), not the sum of both.
    expect(parse!.score).toBeCloseTo((strongestTest!.score / 0.35) * 0.6, 2);
  });

  it('never matches a ticket word against the file extension', () => {
    const files = [
      { path: 'src/config.ts', text: 'export const a = 1' },
      { path: 'src/ts/loader.js', text: 'export const b = 2' },
    ];
    const ranked = rankSmall(files, 'Loading ts files', 'The ts loader fails.');
    expect(ranked.map((file) => file.path)).toEqual(['src/ts/loader.js']);
  });

  it('matches a hyphenated name in prose to the file of that name, hyphens and case aside', () => {
    const files = [
      { path: 'lib/rules/no-unused-vars.js', text: 'module.exports = { create() {} }' },
      { path: 'src/directives/vModel.ts', text: 'export const vModelText = {}' },
      { path: 'src/other.ts', text: 'export const x = 1' },
    ];
    const rankOne = (body: string) => rankSmall(files, 'Wrong report', body)[0];
    expect(rankOne('The rule no-unused-vars reports a used variable.')?.reasons).toContain(
      'named in the ticket: `no-unused-vars`',
    );
    expect(rankOne('An input with v-model loses its value.')?.reasons).toContain(
      'named in the ticket: `v-model`',
    );
  });

  it('hands a test its share for the same-named source in its own package only', () => {
    const files = [
      { path: 'packages/dom/src/vModel.ts', text: filler(10, 'a') },
      { path: 'packages/compiler/src/vModel.ts', text: filler(10, 'b') },
      { path: 'packages/dom/__tests__/vModel.spec.ts', text: 'hydration resets the input value' },
    ];
    const ranked = rankSmall(files, 'Input value reset', 'Hydration resets the input value.');
    expect(ranked.map((file) => file.path)).toEqual([
      'packages/dom/src/vModel.ts',
      'packages/dom/__tests__/vModel.spec.ts',
    ]);
  });

  it('does not take a folder left by index/main files for a named path', () => {
    const files = [
      { path: 'packages/dom/src/index.ts', text: filler(5, 'a') },
      { path: 'src/main.js', text: filler(5, 'b') },
    ];
    const ranked = rankSmall(files, 'Crash', 'See the sandbox file /src/main.js');
    expect(ranked.map((file) => file.path)).toEqual(['src/main.js']);
  });
});
