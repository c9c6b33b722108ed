import { describe, expect, it } from '@jest/globals';
import {
  judgeInstance,
  lostAt,
  recallAt,
  type HeldOutVerdict,
} from '../../../src/backtest/judge.js';
import { harnessMismatch, verdictOf, type InstanceVerdict } from '../../../src/backtest/result.js';
import type { Outcome } from '../../../src/shared/outcome.js';
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
    expect(j).toMatchObject({ status: 'pass' });
  });

  it('does not resolve when a held-out test fails', () => {
    const j = judgeInstance({
      baseline: run({}),
      judged: run(red('ok 1 - a\nnot ok 2 - held out\n')),
      failToPass: [],
    });
    expect(j.status).not.toBe('pass');
    expect(j.detail).toContain('held out');
  });

  it('forgives a test that already failed at the base, unless it is a fail-to-pass test', () => {
    const baseline = run(red('ok 1 - a\nnot ok 2 - flaky clock\n'));
    const judged = run(red('ok 1 - a\nok 3 - held out\nnot ok 2 - flaky clock\n'));
    expect(judgeInstance({ baseline, judged, failToPass: [] }).status).toBe('pass');
    expect(judgeInstance({ baseline, judged, failToPass: ['flaky clock'] }).status).not.toBe(
      'pass',
    );
  });

  it('does not forgive a held-out test failing next to a base failure that named no test', () => {
    const baseline = run(red('ok 1 - a\nTypeError: setup crashed\n'));
    const judged = run(red('ok 1 - a\nnot ok 2 - held out\n'));
    expect(judgeInstance({ baseline, judged, failToPass: [] })).toMatchObject({
      status: 'fail',
      detail: 'held-out tests still fail: held out',
    });
  });

  it('does not resolve when a test that passed at the base fails now', () => {
    const baseline = run(red('ok 1 - a\nnot ok 2 - old\n'));
    const judged = run(red('not ok 1 - a\nnot ok 2 - old\n'));
    expect(judgeInstance({ baseline, judged, failToPass: [] }).status).not.toBe('pass');
  });

  it('does not resolve a failing check whose output names no test', () => {
    const j = judgeInstance({
      baseline: run(red('not ok 1 - x\n')),
      judged: run(red('Segmentation fault')),
      failToPass: [],
    });
    expect(j.status).not.toBe('pass');
  });

  it('says the tests did not run when the command timed out or never started, or names no test', () => {
    expect(
      judgeInstance({
        baseline: run({ exitCode: null, passed: false }),
        judged: run({}),
        failToPass: [],
      }),
    ).toMatchObject({ status: 'not-judged' });
    expect(
      judgeInstance({
        baseline: run({}),
        judged: run({ timedOut: true, passed: false }),
        failToPass: [],
      }),
    ).toMatchObject({ status: 'not-judged' });
    expect(
      judgeInstance({ baseline: run(red('sh: jest: not found')), judged: run({}), failToPass: [] }),
    ).toMatchObject({ status: 'not-judged' });
  });
});

describe('verdictOf: what a reviewer would have got', () => {
  const pass = { status: 'pass', detail: 'd' } as const;
  const fail = { status: 'fail', detail: 'd' } as const;
  const unknown = { status: 'not-judged', detail: 'the test command did not run' } as const;
  const v = (outcome: Outcome, heldOut: HeldOutVerdict, applied = true) =>
    verdictOf({ outcome, reason: 'why', applied, heldOut }).verdict;

  it('resolves only a pull request the job would open whose held-out tests pass', () => {
    expect(v('pr-opened', pass)).toBe('resolved');
    expect(v('pr-updated', pass)).toBe('resolved');
    expect(v('pr-opened', fail)).toBe('pr-would-be-wrong');
    expect(v('needs-human', pass)).toBe('missed-fix');
    expect(v('needs-human', pass, false)).toBe('not-fixed');
    expect(v('needs-human', fail)).toBe('not-fixed');
    expect(v('skipped', fail, false)).toBe('not-fixed');
  });

  it('never judges an operator outcome, even when the held-out tests pass', () => {
    for (const outcome of ['model-unavailable', 'model-capacity', 'error', 'config-error'] as const)
      expect(verdictOf({ outcome, reason: 'no server', applied: false, heldOut: pass })).toEqual({
        verdict: 'not-judged',
        notJudgedReason: `the job ended ${outcome} (no server), which says nothing about the fix`,
      });
    expect(v('pr-opened', unknown)).toBe('not-judged');
  });
});

describe('harness check', () => {
  const pass = { status: 'pass', detail: 'd' } as const;
  const fail = { status: 'fail', detail: 'held-out tests still fail: t' } as const;
  it('flags an oracle the job would not publish or whose held-out tests fail', () => {
    const check = (verdict: InstanceVerdict, heldOut: HeldOutVerdict, outcome = 'pr-opened') =>
      harnessMismatch('oracle', { verdict, heldOut, outcome, reason: 'r' });
    expect(check('resolved', pass)).toBeNull();
    expect(check('not-judged', pass, 'model-unavailable')).toBeNull();
    expect(check('pr-would-be-wrong', fail)).toMatch(/real fix fails its own held-out tests/);
    expect(check('missed-fix', pass, 'needs-human')).toMatch(
      /would not publish the real fix \(it ended needs-human: r\)/,
    );
  });

  it('flags an empty change whose held-out tests pass', () => {
    const check = (heldOut: HeldOutVerdict) =>
      harnessMismatch('empty', {
        verdict: 'not-fixed',
        heldOut,
        outcome: 'needs-human',
        reason: 'r',
      });
    expect(check(pass)).toMatch(/pass without any change/);
    expect(check(fail)).toBeNull();
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
