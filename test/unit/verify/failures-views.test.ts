import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { failingTests, passingTests } from '../../../src/verify/failures.js';

/** What a real runner printed (see test/fixtures/runner-output/README.md). */
function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/runner-output/${name}.txt`, import.meta.url), 'utf8');
}

describe('failingTests and passingTests are views of the report', () => {
  it('names are the runner display names; a file that failed to load is named by its path', () => {
    expect(failingTests(fixture('jest-30.5.2-load-error'))).toEqual([
      'cart › total › applies the discount',
      'tax › rates › uses the reduced rate for books',
      'test/broken.test.js',
    ]);
  });

  it('a passing file with no test named is named by its path', () => {
    expect(passingTests(fixture('jest-29.7.0-passing-file'))).toEqual(['test/money.test.js']);
  });

  it('Mocha full titles, node:test leaf titles', () => {
    expect(failingTests(fixture('mocha-11.8.0-default'))).toEqual([
      'cart total applies the discount',
      'tax rates uses the reduced rate for books',
    ]);
    expect(passingTests(fixture('node-test-24.21.0-default'))).toEqual([
      'adds line prices',
      'is zero on an empty cart',
    ]);
  });
});
