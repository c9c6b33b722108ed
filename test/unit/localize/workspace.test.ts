import { describe, expect, it } from '@jest/globals';
import { createWorkspace } from '../../../src/localize/workspace.js';

const files = new Set([
  'package.json',
  'packages/shared/package.json',
  'packages/shared/src/index.ts',
  'packages/shared/src/domAttrConfig.ts',
  'packages/runtime-dom/package.json',
  'packages/runtime-dom/src/index.ts',
  'packages/runtime-dom/src/modules/attrs.ts',
  'packages/legacy/package.json',
  'packages/legacy/lib/index.js',
  'packages/legacy/lib/util.js',
]);
const manifests = new Map([
  ['package.json', JSON.stringify({ name: 'root', private: true })],
  [
    'packages/shared/package.json',
    JSON.stringify({ name: '@scope/shared', main: 'index.js', module: 'dist/shared.esm.js' }),
  ],
  [
    'packages/runtime-dom/package.json',
    JSON.stringify({ name: '@scope/runtime-dom', exports: { '.': { import: './dist/x.mjs' } } }),
  ],
  ['packages/legacy/package.json', JSON.stringify({ name: 'legacy', main: './lib/index.js' })],
  ['packages/broken/package.json', '{ not json'],
]);

describe('createWorkspace', () => {
  const workspace = createWorkspace(files, manifests);

  it('finds each named package and its source entry, built paths mapped back to src', () => {
    expect(workspace.packages.map((pkg) => [pkg.name, pkg.entries[0]])).toEqual([
      ['root', undefined],
      ['@scope/shared', 'packages/shared/src/index.ts'],
      ['@scope/runtime-dom', 'packages/runtime-dom/src/index.ts'],
      ['legacy', 'packages/legacy/lib/index.js'],
    ]);
  });

  it('resolves relative paths, package names and package subpaths', () => {
    const from = 'packages/runtime-dom/src/modules/attrs.ts';
    expect(workspace.resolve(from, '../index')).toBe('packages/runtime-dom/src/index.ts');
    expect(workspace.resolve(from, '@scope/shared')).toBe('packages/shared/src/index.ts');
    expect(workspace.resolve(from, '@scope/shared/src/domAttrConfig')).toBe(
      'packages/shared/src/domAttrConfig.ts',
    );
    expect(workspace.resolve(from, '@scope/shared/domAttrConfig')).toBe(
      'packages/shared/src/domAttrConfig.ts',
    );
    expect(workspace.resolve('packages/legacy/lib/index.js', './util.js')).toBe(
      'packages/legacy/lib/util.js',
    );
    expect(workspace.resolve(from, 'lodash')).toBeUndefined();
    expect(workspace.resolve(from, '../../../../outside')).toBeUndefined();
  });

  it('uses tsconfig paths before package names', () => {
    const mapped = createWorkspace(files, manifests, (specifier) =>
      specifier === '@alias/attrs' ? ['packages/runtime-dom/src/modules/attrs'] : [],
    );
    expect(mapped.resolve('packages/shared/src/index.ts', '@alias/attrs')).toBe(
      'packages/runtime-dom/src/modules/attrs.ts',
    );
  });

  it('tells the innermost package of a path', () => {
    expect(workspace.packageOf('packages/shared/src/index.ts')?.name).toBe('@scope/shared');
    expect(workspace.packageOf('scripts/build.js')?.name).toBe('root');
  });
});
