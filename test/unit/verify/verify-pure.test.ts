import { describe, expect, it } from '@jest/globals';
import { BoundedOutput } from '../../../src/verify/bounded-output.js';
import { failingTests, firstErrors, passingTests } from '../../../src/verify/failures.js';
import { judge } from '../../../src/verify/pass-rule.js';
import type { CheckResult, VerificationRun } from '../../../src/verify/verifier.js';

describe('BoundedOutput', () => {
  it('keeps head and tail and says what was cut', () => {
    const out = new BoundedOutput(20);
    for (let i = 0; i < 100; i++) out.append(String(i % 10));
    const text = out.toString();
    expect(text.startsWith('0123456789')).toBe(true);
    expect(text.endsWith('0123456789')).toBe(true);
    expect(text).toContain('[80 characters cut');
  });

  it('returns short output whole', () => {
    const out = new BoundedOutput(100);
    out.append('hello ');
    out.append('world');
    expect(out.toString()).toBe('hello world');
  });
});

describe('failure extraction', () => {
  const tap = [
    'TAP version 13',
    '# Subtest: adds numbers',
    'ok 1 - adds numbers',
    '# Subtest: subtracts numbers',
    'not ok 2 - subtracts numbers',
    '  ---',
    "  error: 'Expected values to be strictly equal:\\n\\n1 !== -1\\n'",
    '  ...',
  ].join('\n');

  it('reads node:test TAP output', () => {
    expect(failingTests(tap)).toEqual(['subtracts numbers']);
    expect(passingTests(tap)).toEqual(['adds numbers']);
  });

  it('reads Jest, pytest and go output', () => {
    expect(failingTests('  ✕ rounds half up (3 ms)\n  ✓ parses (1 ms)')).toEqual([
      'rounds half up',
    ]);
    expect(failingTests('FAILED tests/test_cart.py::test_total - assert 3 == 4')).toEqual([
      'tests/test_cart.py::test_total',
    ]);
    expect(failingTests('--- FAIL: TestTotal (0.00s)')).toEqual(['TestTotal']);
  });

  it('picks the first error lines with context, without colour codes', () => {
    const output =
      'building\nok\n\u001b[31msrc/a.ts(3,7): error TS2322: Type string is not assignable\u001b[0m\nmore\n';
    expect(firstErrors(output)).toContain('src/a.ts(3,7): error TS2322');
    expect(firstErrors(output)).not.toContain('\u001b');
  });
});

function check(name: CheckResult['name'], passed: boolean, output = ''): CheckResult {
  return {
    name,
    command: `npm run ${name}`,
    exitCode: passed ? 0 : 1,
    timedOut: false,
    durationMs: 5,
    passed,
    output,
  };
}
const run = (label: string, ...checks: CheckResult[]): VerificationRun => ({ label, checks });

describe('judge (pass rule)', () => {
  it('passes when everything that passed at baseline still passes', () => {
    const v = judge(
      run('baseline', check('build', true), check('test', true)),
      run('round 1', check('build', true), check('test', true)),
    );
    expect(v).toMatchObject({ passed: true, green: true, baselineRed: false });
  });

  it('fails on a check that passed at baseline and fails now, naming the tests', () => {
    const v = judge(
      run('baseline', check('test', true, 'ok 1 - adds')),
      run('round 1', check('test', false, 'not ok 1 - adds')),
    );
    expect(v.passed).toBe(false);
    expect(v.regressions).toEqual([expect.objectContaining({ check: 'test', tests: ['adds'] })]);
  });

  it('does not blame the change for a red baseline that fails the same way', () => {
    const v = judge(
      run('baseline', check('test', false, 'ok 1 - a\nnot ok 2 - b')),
      run('round 1', check('test', false, 'ok 1 - a\nnot ok 2 - b')),
    );
    expect(v).toMatchObject({
      passed: true,
      green: false,
      baselineRed: true,
      preexisting: ['test'],
    });
  });

  it('catches a new failing test inside a check that was already red', () => {
    const v = judge(
      run('baseline', check('test', false, 'ok 1 - a\nnot ok 2 - b')),
      run('round 1', check('test', false, 'not ok 1 - a\nnot ok 2 - b')),
    );
    expect(v.passed).toBe(false);
    expect(v.regressions[0]?.tests).toEqual(['a']);
  });
});
