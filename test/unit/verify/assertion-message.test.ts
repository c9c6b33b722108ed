import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { failingTests, firstErrors } from '../../../src/verify/failures.js';
import { testFileResult } from '../../../src/verify/test-file-result.js';

/** What a real runner printed (see test/fixtures/runner-output/README.md). */
function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/runner-output/${name}.txt`, import.meta.url), 'utf8');
}

// Node 24 prints "Expected values to be strictly equal:", a blank line, then "0.2 !== 0.05".
describe.each([
  ['node-test-20.20.2-default'],
  ['node-test-24.21.0-default'],
  ['node-test-24.21.0-spec'],
  ['node-test-20.20.2-spec'],
])('an assertion read from the console of %s keeps its values', (name) => {
  const output = fixture(name);

  it('the reproduction line has the actual and expected values', () => {
    const result = testFileResult(output, 'test/tax.test.js');
    expect(result.status).toBe('failed');
    if (result.status !== 'failed') return;
    expect(result.kind).toBe('assertion');
    expect(result.line).toMatch(/Expected values to be strictly equal: 0\.2 !== 0\.05$/);
  });

  it('the first errors show the whole message, not the summary counts', () => {
    const errors = firstErrors(output);
    expect(errors).not.toMatch(/^ℹ (?:pass|fail) \d/m);
    expect(errors).toContain('+   total: 90');
    expect(errors).toContain('-   total: 81');
  });

  it('"failing tests:" is never a test name', () => {
    expect(failingTests(output)).toEqual([
      'applies the discount',
      'uses the reduced rate for books',
    ]);
  });
});

describe.each([['jest-29.7.0-default'], ['vitest-4.1.12-default'], ['mocha-11.8.0-default']])(
  'an assertion read from the console of %s',
  (name) => {
    it('keeps expected and received, without the code frame', () => {
      const result = testFileResult(fixture(name), 'test/tax.test.js');
      if (result.status !== 'failed') throw new Error(result.status);
      expect(result.line).toMatch(/0\.05/);
      expect(result.line).toMatch(/0\.2/);
      expect(result.line).not.toMatch(/\|/);
    });
  },
);
