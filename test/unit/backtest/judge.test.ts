import { describe, expect, it } from '@jest/globals';
import { judgeInstance, lostAt, recallAt } from '../../../src/backtest/judge.js';
import { harnessMismatch } from '../../../src/backtest/result.js';
import type { CheckResult, VerificationRun } from '../../../src/verify/verifier.js';

function run(test: Partial<CheckResult>, extra: CheckResult[] = []): VerificationRun {
  return {
    label: 'x',
    checks: [
      ...extra,
      {
        name: 'test',
        command: 'node --test',
        exitCode: 0,
        timedOut: false,
        durationMs: 1,
        passed: true,
        output: 'ok 1 - a\nok 2 - b\n',
        ...test,
      },
    ],
  };
}
const red = (output: string) => ({ exitCode: 1, passed: false, output });

describe('judgeInstance: resolved when the held-out tests pass and nothing that passed at the base fails', () => {
  it('resolves a change whose tests all pass', () => {
    const j = judgeInstance({ baseline: run({}), judged: run({}), failToPass: [] });
    expect(j).toMatchObject({ resolved: true, testsRan: true });
  });

  it('does not resolve when a held-out test fails', () => {
    const j = judgeInstance({
      baseline: run({}),
      judged: run(red('ok 1 - a\nnot ok 2 - held out\n')),
      failToPass: [],
    });
    expect(j.resolved).toBe(false);
    expect(j.detail).toContain('held out');
  });

  it('forgives a test that already failed at the base, unless it is a fail-to-pass test', () => {
    const baseline = run(red('ok 1 - a\nnot ok 2 - flaky clock\n'));
    const judged = run(red('ok 1 - a\nok 3 - held out\nnot ok 2 - flaky clock\n'));
    expect(judgeInstance({ baseline, judged, failToPass: [] }).resolved).toBe(true);
    expect(judgeInstance({ baseline, judged, failToPass: ['flaky clock'] }).resolved).toBe(false);
  });

  it('does not forgive a held-out test failing next to a base failure that named no test', () => {
    const baseline = run(red('ok 1 - a\nTypeError: setup crashed\n'));
    const judged = run(red('ok 1 - a\nnot ok 2 - held out\n'));
    expect(judgeInstance({ baseline, judged, failToPass: [] })).toMatchObject({
      resolved: false,
      detail: 'held-out tests still fail: held out',
    });
  });

  it('does not resolve when a test that passed at the base fails now', () => {
    const baseline = run(red('ok 1 - a\nnot ok 2 - old\n'));
    const judged = run(red('not ok 1 - a\nnot ok 2 - old\n'));
    expect(judgeInstance({ baseline, judged, failToPass: [] }).resolved).toBe(false);
  });

  it('does not resolve a failing check whose output names no test', () => {
    const j = judgeInstance({
      baseline: run(red('not ok 1 - x\n')),
      judged: run(red('Segmentation fault')),
      failToPass: [],
    });
    expect(j.resolved).toBe(false);
  });

  it('says the tests did not run when the command timed out or never started, or names no test', () => {
    expect(
      judgeInstance({
        baseline: run({ exitCode: null, passed: false }),
        judged: run({}),
        failToPass: [],
      }),
    ).toMatchObject({ resolved: false, testsRan: false });
    expect(
      judgeInstance({
        baseline: run({}),
        judged: run({ timedOut: true, passed: false }),
        failToPass: [],
      }),
    ).toMatchObject({ resolved: false, testsRan: false });
    expect(
      judgeInstance({ baseline: run(red('sh: jest: not found')), judged: run({}), failToPass: [] }),
    ).toMatchObject({ resolved: false, testsRan: false });
  });
});

describe('harness check', () => {
  it('flags an oracle that does not resolve runnable tests, and an empty answer that resolves', () => {
    expect(harnessMismatch('oracle', { resolved: false, testsRan: true, detail: 'd' })).toMatch(
      /real fix/,
    );
    expect(harnessMismatch('oracle', { resolved: false, testsRan: false, detail: 'd' })).toBeNull();
    expect(harnessMismatch('empty', { resolved: true, testsRan: true, detail: 'd' })).toMatch(
      /empty change/,
    );
    expect(harnessMismatch('empty', { resolved: false, testsRan: true, detail: 'd' })).toBeNull();
    expect(harnessMismatch('oracle', { resolved: true, testsRan: true, detail: 'd' })).toBeNull();
  });
});

describe('recallAt and lostAt', () => {
  it('counts the share of gold files in the top k', () => {
    expect(recallAt(['a', 'b', 'c'], ['b', 'z'], 1)).toBe(0);
    expect(recallAt(['a', 'b', 'c'], ['b', 'z'], 5)).toBe(0.5);
    expect(recallAt(['a'], [], 5)).toBe(0);
  });

  it('places an unresolved ticket at the first stage that lost it', () => {
    const base = {
      resolved: false,
      operatorOutcome: false,
      triageProceeded: true,
      goldReachedEditor: true,
      applied: true,
    };
    expect(lostAt({ ...base, resolved: true })).toBeUndefined();
    expect(lostAt({ ...base, triageProceeded: false })).toBe('triage');
    expect(lostAt({ ...base, goldReachedEditor: false, applied: false })).toBe('localization');
    expect(lostAt({ ...base, applied: false })).toBe('edit');
    expect(lostAt(base)).toBe('verify');
    expect(lostAt({ ...base, operatorOutcome: true })).toBe('error');
  });
});
