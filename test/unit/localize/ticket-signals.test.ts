import { describe, expect, it } from '@jest/globals';
import { extractSignals } from '../../../src/localize/ticket-signals.js';
import { identifierParts, pathPartsAmong } from '../../../src/localize/tokenize.js';
import { lcg } from '../../fixtures/random.js';

describe('extractSignals', () => {
  it('reads stack frames in order, without node internals, keeping line numbers', () => {
    const body = [
      'Error: Cannot create a string longer than 0x1fffffe8 characters',
      '    at Buffer.toString (node:buffer:798:17)',
      '    at Object.isThing (file:///app/node_modules/pkg/lib/utils.js:195:42)',
      '    at transform (/app/node_modules/pkg/lib/core/transform.js:22:15)',
    ].join('\n');
    const signals = extractSignals('Upload fails', body);
    expect(signals.paths).toEqual([
      { path: 'app/node_modules/pkg/lib/utils.js', line: 195, frame: 1 },
      { path: 'app/node_modules/pkg/lib/core/transform.js', line: 22, frame: 2 },
    ]);
    expect(signals.phrases).toContain('Cannot create a string longer than 0x1fffffe8 characters');
  });

  it('takes the repository path out of a blob link and its #L line', () => {
    const signals = extractSignals(
      'Wrong check',
      'See https://github.com/owner/repo/blob/d69522753bff/src/generators/theme.ts#L61 please',
    );
    expect(signals.paths).toEqual([{ path: 'src/generators/theme.ts', line: 61 }]);
  });

  it('keeps module specifiers and file names, not domains or versions', () => {
    const signals = extractSignals(
      'Plugin breaks',
      "import x from 'lib/plugin/duration'\nsee example.com and v1.2.3, error in reponse.js:915",
    );
    expect(signals.paths.map((p) => p.path)).toEqual(['lib/plugin/duration', 'reponse.js']);
    expect(signals.paths[1]?.line).toBe(915);
  });

  it('treats bare names in code spans as names to match exactly', () => {
    const signals = extractSignals(
      'Locales throw',
      'These throw: `ar-ly` and `mr`, while `42` is a number',
    );
    expect(signals.paths).toEqual([
      { path: 'ar-ly', bare: true },
      { path: 'mr', bare: true },
    ]);
  });

  it('collects code-like identifiers and weights the title three times', () => {
    const signals = extractSignals(
      'utcOffset ignored by format()',
      'Calling `dayjs().utcOffset(-12)` then d.format() gives the wrong hour. The date is fine.',
    );
    expect(signals.identifiers.get('utcOffset')).toBe(4);
    expect(signals.identifiers.get('format')).toBe(4);
    expect(signals.identifiers.has('date')).toBe(false);
    expect(signals.terms.get('offset')).toBeGreaterThanOrEqual(3);
    expect(signals.terms.has('the')).toBe(false);
  });
});

describe('pathPartsAmong', () => {
  /** The plain definition: segments split at / and ., each split like an identifier, - included. */
  const reference = (path: string, wanted: ReadonlyMap<string, unknown>) =>
    new Set(
      path
        .split(/[/.]/)
        .flatMap((segment) => identifierParts(segment.replaceAll('-', '_')))
        .filter((part) => wanted.has(part)),
    );

  it('finds ticket words among camelCase, acronym, kebab and snake parts of the segments', () => {
    const wanted = new Map([
      ['source', 1],
      ['map', 1],
      ['http', 1],
      ['header', 1],
      ['duration', 1],
      ['index', 1],
    ]);
    expect(
      pathPartsAmong('lib/SourceMapDevToolPlugin/parseHTTPHeader-duration_index.js', wanted),
    ).toEqual(new Set(['source', 'map', 'http', 'header', 'duration', 'index']));
    expect(pathPartsAmong('test/configCases/sourcemap/x.js', wanted)).toEqual(new Set());
  });

  it('agrees with the plain definition on 3000 random paths', () => {
    const alphabet = 'aAbB01/._-$ @é';
    const wanted = new Map(
      ['ab', 'ba', 'aa', 'bb', 'a1', 'ab01', '@a', 'é', 'aé', 'bab'].map((t) => [t, 1]),
    );
    const next = lcg(11);
    for (let round = 0; round < 3000; round++) {
      let path = '';
      const size = Math.floor(next() * 24);
      for (let i = 0; i < size; i++) path += alphabet[Math.floor(next() * alphabet.length)];
      expect({ path, parts: pathPartsAmong(path, wanted) }).toEqual({
        path,
        parts: reference(path, wanted),
      });
    }
  });
});

describe('extractSignals: terms, frames and printed messages', () => {
  it('drops two-letter fragments from the query and keeps NaN whole', () => {
    const signals = extractSignals('NaN in PRs', 'Attributes given NaN are kept in hu locale.');
    expect(signals.terms.has('hu')).toBe(true);
    expect(signals.terms.has('nan')).toBe(true);
    expect(signals.terms.has('na')).toBe(false);
    expect(signals.terms.has('rs')).toBe(false);
    expect(signals.terms.has('attributes')).toBe(true);
  });

  it('takes function names from stack frames as identifiers', () => {
    const body = [
      'TypeError: x is undefined',
      '    at Object.patchAttr (http://localhost/node_modules/.vite/deps/vue.js:123:9)',
      '    at new Renderer (src/render.js:4:1)',
      '    at async loadConfig (/app/src/config.ts:10:2)',
      '    at <anonymous> (/app/x.js:1:1)',
    ].join('\n');
    const signals = extractSignals('Crash', body);
    expect([...signals.identifiers.keys()]).toEqual(
      expect.arrayContaining(['patchAttr', 'Renderer', 'loadConfig']),
    );
  });

  it('searches the literal stretches of a printed warning, not only the whole line', () => {
    const signals = extractSignals(
      'Warning',
      '[Vue warn]: Failed to resolve component: "my-widget" when rendering 3 times',
    );
    expect(signals.phrases).toEqual(
      expect.arrayContaining(['Failed to resolve component', 'when rendering']),
    );
    expect(signals.phrases[0]).toBe(
      'Failed to resolve component: "my-widget" when rendering 3 times',
    );
  });

  it('never takes a language keyword or built-in type for an identifier the ticket names', () => {
    const signals = extractSignals(
      'defineModel default is wrong',
      'With `import`, `default` and `type: String as PropType<string>` the `defineModel()` call fails.',
    );
    expect(signals.identifiers.has('defineModel')).toBe(true);
    expect(signals.identifiers.has('PropType')).toBe(true);
    for (const keyword of ['import', 'default', 'type', 'string', 'String'])
      expect(signals.identifiers.has(keyword)).toBe(false);
  });

  it('searches a code span that is a literal, not a name', () => {
    const signals = extractSignals(
      'Proxy fails',
      'The `vite:html-inline-proxy` plugin expects `?html-proxy` but `resolveId` and `a-b` differ.',
    );
    expect(signals.phrases).toEqual(
      expect.arrayContaining(['vite:html-inline-proxy', '?html-proxy']),
    );
    expect(signals.phrases).not.toContain('resolveId');
  });
});
