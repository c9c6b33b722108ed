import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_TEST_PATHS } from '../../../src/config/inputs.js';
import { meetsMinimum } from '../../../src/verify/evidence-level.js';
import {
  failedOnBase,
  judgeEvidence,
  reviewChange,
  testPathMatcher,
  type IntegrityRules,
} from '../../../src/verify/evidence.js';
import type { VerificationRun } from '../../../src/verify/verifier.js';

const isTest = testPathMatcher(DEFAULT_TEST_PATHS);

function run(label: string, passed: boolean, output: string): VerificationRun {
  return {
    label,
    checks: [
      {
        name: 'test',
        command: 'node --test',
        exitCode: passed ? 0 : 1,
        timedOut: false,
        durationMs: 10,
        passed,
        output,
      },
    ],
  };
}

const FAILING_BASE = run(
  'baseline',
  false,
  "not ok 1 - 10% off 200.00 is 180.00\n  ---\n  location: '/w/test/discount.test.js:5:1'\n  name: 'AssertionError'\n  ...\nok 2 - adds tax\n",
);
const GREEN_BASE = run('baseline', true, 'ok 1 - 10% off 200.00 is 180.00\nok 2 - adds tax\n');

describe('test paths', () => {
  it('the defaults tell tests from source', () => {
    for (const file of [
      'src/cart.test.ts',
      'lib/a.spec.js',
      'test/helpers.js',
      'tests/test_x.py',
      '__tests__/a.js',
    ])
      expect(isTest(file)).toBe(true);
    for (const file of ['src/discount.js', 'README.md', 'src/testing.js'])
      expect(isTest(file)).toBe(false);
  });
});

describe('reviewChange: test integrity', () => {
  const rules = (overrides: Partial<IntegrityRules> = {}): IntegrityRules => ({
    isTest,
    testTask: false,
    failedAtBase: () => false,
    ...overrides,
  });

  it('undoes an edit to a test that failed on the base commit, and says why', () => {
    const refusal = reviewChange(
      [
        { path: 'test/discount.test.js', created: false },
        { path: 'src/discount.js', created: false },
      ],
      rules({ failedAtBase: (p) => p === 'test/discount.test.js' }),
    );
    expect(refusal?.undo).toEqual(['test/discount.test.js']);
    expect(refusal?.reason).toContain('Changing a failing test does not fix');
  });

  it('undoes a change that touches only tests when the ticket is not a test task', () => {
    const refusal = reviewChange([{ path: 'test/tax.test.js', created: false }], rules());
    expect(refusal?.undo).toEqual(['test/tax.test.js']);
    expect(refusal?.reason).toContain('touches only tests');
  });

  it('lets a test task change only tests, and a source change bring a new test', () => {
    expect(
      reviewChange([{ path: 'test/tax.test.js', created: false }], rules({ testTask: true })),
    ).toBeUndefined();
    expect(
      reviewChange(
        [
          { path: 'test/new.test.js', created: true },
          { path: 'src/discount.js', created: false },
        ],
        rules(),
      ),
    ).toBeUndefined();
  });
});

describe('failedOnBase', () => {
  it('names the test file the baseline output points at, or whose text holds a failing test name', () => {
    const failed = failedOnBase(FAILING_BASE);
    expect(failed('test/discount.test.js', undefined)).toBe(true);
    expect(failed('test/other.test.js', "test('10% off 200.00 is 180.00', () => {})")).toBe(true);
    expect(failed('test/tax.test.js', "test('adds tax', () => {})")).toBe(false);
  });

  it('Mocha: a file the output does not name but that holds the leaf title of a failing test', () => {
    const output = readFileSync(
      new URL('../../fixtures/runner-output/mocha-11.8.0-default.txt', import.meta.url),
      'utf8',
    );
    const failed = failedOnBase(run('baseline', false, output));
    expect(failed('test/discount.test.js', "it('applies the discount', () => {})")).toBe(true);
    expect(failed('test/money.test.js', "it('formats cents', () => {})")).toBe(false);
  });

  it('finds nothing when the baseline passed, and suspects every test when it failed without names', () => {
    expect(failedOnBase(GREEN_BASE)('test/discount.test.js', 'x')).toBe(false);
    expect(failedOnBase(run('baseline', false, 'Segmentation fault'))('test/a.test.js', 'x')).toBe(
      true,
    );
  });
});

describe('judgeEvidence', () => {
  const reproOutput = (ok: boolean) =>
    `${ok ? 'ok' : 'not ok'} 3 - ticket 1: charges 180.00\n  ---\n  location: '/w/test/repro.test.js:5:1'\n  ...\n`;

  it('reproduced: the unchanged reproduction test passes now', () => {
    const judged = judgeEvidence({
      baseline: GREEN_BASE,
      final: run('round 1', true, `ok 1 - a\n${reproOutput(true)}`),
      reproduction: {
        path: 'test/repro.test.js',
        tests: ['ticket 1: charges 180.00'],
        unchanged: true,
      },
      changedExistingTests: [],
    });
    expect(judged.level).toBe('reproduced');
  });

  it('not reproduced when the reproduction test was changed, or still fails', () => {
    const base = {
      baseline: GREEN_BASE,
      changedExistingTests: [],
      reproduction: {
        path: 'test/repro.test.js',
        tests: ['ticket 1: charges 180.00'],
        unchanged: false,
      },
    };
    expect(judgeEvidence({ ...base, final: run('r', true, reproOutput(true)) }).level).toBe(
      'no-regression',
    );
    expect(
      judgeEvidence({
        ...base,
        reproduction: { ...base.reproduction, unchanged: true },
        final: run('r', false, reproOutput(false)),
      }).level,
    ).toBe('no-regression');
  });

  it('failing-test-fixed: a baseline failure passes now and no existing test changed', () => {
    const final = run('round 1', true, 'ok 1 - 10% off 200.00 is 180.00\nok 2 - adds tax\n');
    expect(
      judgeEvidence({ baseline: FAILING_BASE, final, changedExistingTests: [] }),
    ).toMatchObject({
      level: 'failing-test-fixed',
      shown: expect.stringContaining('10% off 200.00 is 180.00'),
    });
    expect(
      judgeEvidence({
        baseline: FAILING_BASE,
        final,
        changedExistingTests: ['test/discount.test.js'],
      }).level,
    ).toBe('no-regression');
  });

  it('no-regression: a green baseline and no reproduction', () => {
    expect(
      judgeEvidence({
        baseline: GREEN_BASE,
        final: run('round 1', true, 'ok 1 - a\n'),
        changedExistingTests: [],
      }).level,
    ).toBe('no-regression');
  });

  it('names what the baseline ran on: the base commit by default, a revision its pull request head', () => {
    const final = run('round 1', true, 'ok 1 - 10% off 200.00 is 180.00\nok 2 - adds tax\n');
    const fixed = { baseline: FAILING_BASE, final, changedExistingTests: [] };
    expect(judgeEvidence(fixed).shown).toMatch(/^A test that failed on the base commit passes now/);
    const onHead = "the pull request's head 0123456789ab";
    expect(judgeEvidence({ ...fixed, baselineOn: onHead }).shown).toMatch(
      /^A test that failed on the pull request's head 0123456789ab passes now/,
    );
    const kept = { baseline: GREEN_BASE, final, changedExistingTests: [], baselineOn: onHead };
    expect(judgeEvidence(kept).shown).toBe(
      "Nothing that passed on the pull request's head 0123456789ab fails now; no test showed the ticket’s behaviour.",
    );
  });

  it('meetsMinimum orders the levels, strongest first', () => {
    expect(meetsMinimum('reproduced', 'failing-test-fixed')).toBe(true);
    expect(meetsMinimum('no-regression', 'no-regression')).toBe(true);
    expect(meetsMinimum('no-regression', 'reproduced')).toBe(false);
    expect(meetsMinimum('failing-test-fixed', 'reproduced')).toBe(false);
  });
});
