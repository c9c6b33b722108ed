import { describe, expect, it } from '@jest/globals';
import { fileKind, testsModuleAt } from '../../../src/localize/file-kinds.js';

describe('fileKind', () => {
  it('counts type tests and their folders as tests', () => {
    expect(fileKind('packages-private/dts-test/defineComponent.test-d.tsx')).toBe('test');
    expect(fileKind('packages/x/types-test/api.ts')).toBe('test');
    expect(fileKind('packages/x/src/defineComponent.ts')).toBe('source');
  });
});

describe('testsModuleAt', () => {
  it('takes a marked test or a test whose path mirrors the source, not a helper or a fixture', () => {
    expect(
      testsModuleAt('packages/dom/__tests__/vModel.spec.ts', 'packages/dom/src/vModel.ts'),
    ).toBe(true);
    expect(testsModuleAt('tests/lib/cli.js', 'lib/cli.js')).toBe(true);
    expect(testsModuleAt('tests/lib/rules/no-eval.js', 'lib/rules/no-eval.js')).toBe(true);
    expect(testsModuleAt('tests/lib/cli.js', 'bin/cli.js')).toBe(false);
    expect(testsModuleAt('src/node/ssr/__tests__/utils.ts', 'src/node/utils.ts')).toBe(false);
    expect(testsModuleAt('src/__tests__/fixtures/runner/plugin.ts', 'src/node/plugin.ts')).toBe(
      false,
    );
    expect(testsModuleAt('src/__tests__/fixtures/plugin.spec.ts', 'src/plugin.ts')).toBe(false);
  });
});
