import { describe, expect, it } from '@jest/globals';
import { liftedScore } from '../../../src/localize/graph.js';
import { rankFiles } from '../../../src/localize/rank.js';
import { extractSignals } from '../../../src/localize/ticket-signals.js';

const filler = (n: number, word: string): string =>
  Array.from({ length: n }, (_, i) => `const ${word}${i} = ${i};`).join('\n');

/** A small monorepo: runtime-dom imports its helpers from the shared package by name. */
const monorepo: { path: string; text: string }[] = [
  { path: 'package.json', text: JSON.stringify({ name: 'mono', private: true }) },
  {
    path: 'packages/shared/package.json',
    text: JSON.stringify({ name: '@mono/shared', main: 'dist/shared.cjs.js' }),
  },
  {
    path: 'packages/shared/src/index.ts',
    text: "export * from './general'\nexport * from './domAttrConfig'\n",
  },
  {
    path: 'packages/shared/src/general.ts',
    text: `export const isOn = (key: string) => key.startsWith('on')\n${filler(20, 'g')}`,
  },
  {
    path: 'packages/shared/src/domAttrConfig.ts',
    text: `export const isSpecialBooleanAttr = makeMap('itemscope,allowfullscreen')\n${filler(20, 'd')}`,
  },
  {
    path: 'packages/runtime-dom/package.json',
    text: JSON.stringify({ name: '@mono/runtime-dom', module: 'dist/runtime-dom.esm.js' }),
  },
  {
    path: 'packages/runtime-dom/index.js',
    text: "module.exports = require('./dist/runtime-dom.cjs.js')",
  },
  {
    path: 'packages/runtime-dom/src/modules/attrs.ts',
    text: [
      "import { isSpecialBooleanAttr } from '@mono/shared'",
      'export function patchAttr(el: Element, key: string, value: unknown) {',
      '  if (isSpecialBooleanAttr(key) && !value) el.removeAttribute(key)',
      '}',
    ].join('\n'),
  },
  {
    path: 'packages/runtime-dom/src/patchProp.ts',
    text: `import { patchAttr } from './modules/attrs'\nexport const patchProp = (el, key, v) => patchAttr(el, key, v)\n${filler(10, 'p')}`,
  },
  {
    path: 'packages/runtime-dom/src/compat.ts',
    text: `import * as attrs from './modules/attrs'\nexport const compat = attrs\n${filler(10, 'c')}`,
  },
  {
    path: 'packages/runtime-dom/src/render.ts',
    text: `export function render(vnode: unknown) { return vnode }\n${filler(10, 'r')}`,
  },
  {
    path: 'packages/runtime-dom/__tests__/mount.spec.ts',
    text: "import { render } from '../src/render'\nit('mounts a teleported fragment twice', () => render(1))",
  },
  { path: 'packages/other/src/unrelated.ts', text: filler(30, 'u') },
  { path: 'packages/mono/package.json', text: JSON.stringify({ name: 'mono' }) },
  {
    path: 'packages/mono/src/attribute.ts',
    text: `export const attribute = 'kept'\n${filler(10, 'm')}`,
  },
];

const texts = new Map(monorepo.map((file) => [file.path, file.text]));
const rank = (title: string, body: string) =>
  rankFiles(
    monorepo.map((file) => ({ path: file.path, utf8: Buffer.from(file.text) })),
    extractSignals(title, body),
    (path) => texts.get(path),
  );

describe('rankFiles: the code graph', () => {
  it('follows a named import from a workspace package through its index to the defining file', () => {
    const ranked = rank(
      'patchAttr keeps the attribute',
      'Calling `patchAttr(el, key, NaN)` keeps it.',
    );
    const paths = ranked.map((file) => file.path);
    expect(paths[0]).toBe('packages/runtime-dom/src/modules/attrs.ts');
    const definer = ranked.find((file) => file.path === 'packages/shared/src/domAttrConfig.ts');
    expect(definer?.reasons).toContain(
      'imported by packages/runtime-dom/src/modules/attrs.ts (`isSpecialBooleanAttr` from @mono/shared)',
    );
    // The index and the package's other modules get nothing from that import.
    for (const other of ['packages/shared/src/index.ts', 'packages/shared/src/general.ts']) {
      expect(paths.indexOf(other)).toBeGreaterThan(paths.indexOf(definer!.path));
      expect(ranked.find((file) => file.path === other)?.reasons ?? []).toEqual([]);
    }
  });

  it('lifts the files that import the strongest hit', () => {
    const ranked = rank(
      'patchAttr keeps the attribute',
      'Calling `patchAttr(el, key, NaN)` keeps it.',
    );
    const caller = ranked.find((file) => file.path === 'packages/runtime-dom/src/patchProp.ts');
    expect(caller?.reasons).toContain('imports packages/runtime-dom/src/modules/attrs.ts');
    // A namespace import names nothing; the path alone ties it to the hit.
    const namespace = ranked.find((file) => file.path === 'packages/runtime-dom/src/compat.ts');
    expect(namespace?.reasons).toContain('imports packages/runtime-dom/src/modules/attrs.ts');
  });

  it('hands a matching test evidence to the source it imports, whatever its name', () => {
    const ranked = rank('Teleported fragment mounts twice', 'A teleported fragment mounts twice.');
    const source = ranked.find((file) => file.path === 'packages/runtime-dom/src/render.ts');
    expect(source?.reasons).toContain(
      'exercised by packages/runtime-dom/__tests__/mount.spec.ts, which matches the ticket',
    );
    expect(ranked[0]?.path).toBe('packages/runtime-dom/src/render.ts');
  });

  it('lifts files in a workspace package the ticket names, but not for a plain product name', () => {
    const attrs = (ranked: ReturnType<typeof rank>) =>
      ranked.find((file) => file.path === 'packages/runtime-dom/src/modules/attrs.ts');
    // The same words either way; only the hyphen makes runtime-dom a name.
    const plain = attrs(rank('Attribute kept', 'In runtime dom the attribute is kept.'));
    const named = attrs(rank('Attribute kept', 'In runtime-dom the attribute is kept.'));
    expect(named?.reasons).toContain('in @mono/runtime-dom, which the ticket names');
    expect(named!.score).toBeCloseTo(plain!.score * 1.3, 2);
    expect(plain?.reasons.some((r) => r.includes('which the ticket names'))).toBe(false);
    // The package's name names the package, not its root index file.
    const entry = rank('Attribute kept', 'In runtime-dom the attribute is kept.').find(
      (file) => file.path === 'packages/runtime-dom/index.js',
    );
    expect(entry?.reasons ?? []).not.toContain('named in the ticket: `runtime-dom`');
    const scoped = attrs(rank('Attribute kept', 'With @mono/runtime-dom the attribute is kept.'));
    expect(scoped?.reasons).toContain('in @mono/runtime-dom, which the ticket names');
    // `mono` is a package too (packages/mono), but a one-word name is the product, not a pointer.
    const product = rank('Attribute kept', 'Mono keeps the attribute.');
    const core = product.find((file) => file.path === 'packages/mono/src/attribute.ts');
    expect(core?.reasons.some((r) => r.includes('which the ticket names'))).toBe(false);
  });
});

describe('liftedScore', () => {
  it('lifts a neighbour towards the hit it borrows from, never past it', () => {
    expect(liftedScore(1, { amount: 0.5, reason: '', ceiling: 4 })).toBe(1.5);
    expect(liftedScore(3.8, { amount: 0.6, reason: '', ceiling: 4 })).toBeCloseTo(3.96);
    expect(liftedScore(4.2, { amount: 0.6, reason: '', ceiling: 4 })).toBeCloseTo(4.8);
    expect(liftedScore(3.8, { amount: 0.6, reason: '' })).toBeCloseTo(4.4);
  });
});
