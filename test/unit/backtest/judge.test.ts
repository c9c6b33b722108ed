import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
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
        command: 'npm test',
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
const green = (output: string) => ({ exitCode: 0, passed: true, output });
/** What a real runner printed for the sample project (see test/fixtures/runner-output/README.md). */
const printed = (name: string) =>
  fs.readFileSync(new URL(`../../fixtures/runner-output/${name}.txt`, import.meta.url), 'utf8');
const judge = (
  baseline: VerificationRun,
  judged: VerificationRun,
  failToPass: string[] = [],
  heldOutFiles: string[] = [],
) => judgeInstance({ baseline, judged, failToPass, heldOutFiles });

describe('judgeInstance: the held-out tests pass only when the output shows it', () => {
  const jestVerbose = printed('jest-29.7.0-verbose');
  const jestDefault = printed('jest-29.7.0-default');
  const mocha = printed('mocha-11.8.0-default');

  it('matches Multi-SWE-bench `file:title` names to Jest verbose output', () => {
    const j = judge(run(red(jestVerbose)), run(red(jestVerbose)), [
      'test/cart.test.js:adds line prices',
      'test/tax.test.js:is zero on an empty cart',
    ]);
    expect(j.status).toBe('pass');
    expect(j.detail).toMatch(/^the 2 fail_to_pass test\(s\) pass and nothing else fails; 2 test/);
  });

  it('never forgives a fail-to-pass test, even one that failed at the base', () => {
    const j = judge(run(red(jestVerbose)), run(red(jestVerbose)), [
      'test/cart.test.js:applies the discount',
    ]);
    expect(j).toEqual({
      status: 'fail',
      detail: 'held-out tests fail: "test/cart.test.js:applies the discount"',
    });
  });

  it('never forgives a failing test in a held-out file', () => {
    const j = judge(
      run(red(jestVerbose)),
      run(red(jestVerbose)),
      ['test/tax.test.js:is zero on an empty cart'],
      ['test/cart.test.js'],
    );
    expect(j.status).toBe('fail');
    expect(j.detail).toContain('cart › total › applies the discount');
  });

  it('reads Jest without --verbose: a failing test by its ● heading, a passing file by its PASS line', () => {
    const withPassingFile = printed('jest-29.7.0-passing-file');
    expect(
      judge(run(red(jestDefault)), run(red(withPassingFile)), ['test/money.test.js']).status,
    ).toBe('pass');
    // A title in a file Jest printed only as PASS: every test of that file passed.
    expect(
      judge(run(red(jestDefault)), run(red(withPassingFile)), ['test/money.test.js:any title'])
        .status,
    ).toBe('pass');
    expect(
      judge(run(red(jestDefault)), run(red(withPassingFile)), [
        'cart › total › applies the discount',
      ]).status,
    ).toBe('fail');
  });

  it("never takes Jest's Console block for a test", () => {
    const j = judge(run(red(jestDefault)), run(red(jestDefault)), ['Console']);
    expect(j.status).toBe('not-judged');
    expect(j.detail).toContain('no passing test for 1 of 1 fail_to_pass entries ("Console")');
    expect(judge(run(green('')), run(red(jestDefault))).detail).not.toContain('Console');
  });

  it('matches Mocha full titles (suites joined by spaces) and leaf titles', () => {
    expect(judge(run(red(mocha)), run(red(mocha)), ['cart total adds line prices']).status).toBe(
      'pass',
    );
    expect(judge(run(red(mocha)), run(red(mocha)), ['is zero on an empty cart']).status).toBe(
      'pass',
    );
    expect(
      judge(run(red(mocha)), run(red(mocha)), ['tax rates uses the reduced rate for books']),
    ).toMatchObject({
      status: 'fail',
    });
  });

  it("never takes node:test's `failing tests:` heading for a test (Node 24)", () => {
    const spec = printed('node-test-24.21.0-default');
    const j = judge(run(green('ok 1 - a\n')), run(red(spec)));
    expect(j.status).toBe('fail');
    expect(j.detail).not.toContain('failing tests');
  });

  it('does not judge when a fail-to-pass name matches nothing the runner printed', () => {
    const j = judge(run(red(jestVerbose)), run(red(jestVerbose)), [
      'test/cart.test.js:no such test',
    ]);
    expect(j.status).toBe('not-judged');
    expect(j.detail).toContain('"test/cart.test.js:no such test"');
    expect(j.detail).toContain('it names tests like "cart › total › adds line prices"');
  });

  it('does not judge a test command that passes without naming a test (`true`)', () => {
    expect(judge(run(green('')), run(green('')), ['test/a.test.js'])).toMatchObject({
      status: 'not-judged',
      detail: expect.stringContaining('names no test at the base (exit 0)'),
    });
    expect(
      judge(run(red('sh: 1: jest: not found')), run(red('sh: 1: jest: not found'))).detail,
    ).toContain('names no test at the base (exit 1: sh: 1: jest: not found)');
  });

  it('without fail_to_pass: each held-out file must be shown passing, or the tests it adds', () => {
    const base = run(green('ok 1 - a\n'));
    const now = run(green('ok 1 - a\nok 2 - added\n'));
    expect(judge(base, now, [], ['test/added.test.js']).detail).toBe(
      'the 1 test(s) the held-out tests add pass and nothing else fails',
    );
    expect(judge(base, base, [], ['test/changed.test.js']).status).toBe('not-judged');
    const jestPass = printed('jest-29.7.0-passing-file');
    expect(
      judge(run(red(jestDefault)), run(red(jestPass)), [], ['test/money.test.js']).status,
    ).toBe('pass');
  });

  it('fails a change that breaks what passed at the base, and a new failure', () => {
    const base = run(green('ok 1 - a\nok 2 - b\n'));
    expect(judge(base, run(red('ok 1 - a\nnot ok 2 - b\n')), ['a'])).toMatchObject({
      status: 'fail',
      detail: 'held-out tests fail: "b"',
    });
    expect(judge(base, run(red('Segmentation fault\n')), ['a'])).toMatchObject({
      status: 'not-judged',
    });
    expect(judge(base, run(red('ok 1 - a\nok 2 - b\n')), ['a'])).toMatchObject({
      status: 'fail',
      detail: 'the test command passed at the base and fails now (exit 1)',
    });
  });

  it('does not judge when the runner counts more failures than its output names', () => {
    const cut = `ok 1 - a\n… [900 characters cut; first and last 100 kept] …\n# pass 1\n# fail 2\n`;
    const j = judge(run(red('ok 1 - a\nnot ok 2 - z\n')), run(red(cut)), ['a']);
    expect(j.status).toBe('not-judged');
    expect(j.detail).toContain('counts 2 failed test(s) but its output names 0');
    expect(j.detail).toContain('the output was cut in the middle');
  });

  it('does not judge a command that timed out or never started', () => {
    expect(judge(run({ exitCode: null, passed: false }), run({})).status).toBe('not-judged');
    expect(judge(run({}), run({ timedOut: true, passed: false })).detail).toContain(
      'did not run to completion with the held-out tests (timed out',
    );
  });
});

describe('verdictOf: what a reviewer would have got', () => {
  const pass = { status: 'pass', detail: 'd' } as const;
  const fail = { status: 'fail', detail: 'd' } as const;
  const unknown = { status: 'not-judged', detail: 'the test command did not run' } as const;
  const v = (outcome: Outcome, heldOut: HeldOutVerdict, applied = true) =>
    verdictOf({ outcome, reason: 'why', applied, heldOut }).verdict;

  it('resolves only a pull request the job would open whose held-out tests pass', () => {
    // A backtest's job runs in dry run: a verified change it would publish ends dry-run.
    expect(v('dry-run', pass)).toBe('resolved');
    expect(v('dry-run', fail)).toBe('pr-would-be-wrong');
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
    // Refused and failing its held-out tests: the failing tests are the news.
    expect(check('not-fixed', fail, 'needs-human')).toMatch(
      /real fix fails its own held-out tests/,
    );
  });

  it('in agent mode, an oracle agent that could not place the real fix says so before the tests', () => {
    const check = (verdict: InstanceVerdict, heldOut: HeldOutVerdict, misses: string[]) =>
      harnessMismatch('oracle', {
        verdict,
        heldOut,
        outcome: 'needs-human',
        reason: 'r',
        oracleMisses: misses,
      });
    // Part of the fix placed, the held-out tests fail: the miss is the cause, not the dataset.
    expect(check('not-fixed', fail, ['block 2 of 2: no file shows its SEARCH lines'])).toBe(
      'the scripted agent could not find where the real fix goes through the tools (block 2 of 2: no file shows its SEARCH lines); the job ended needs-human: r',
    );
    expect(check('not-fixed', fail, [])).toMatch(/real fix fails its own held-out tests/);
    // Resolved anyway (a miss of a block the tests do not need): no mismatch.
    expect(check('resolved', pass, ['block 2 of 2: x'])).toBeNull();
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

describe('judgeInstance reads results files when the run wrote them', () => {
  const xml = (name: string) =>
    fs.readFileSync(new URL(`../../fixtures/runner-output/${name}.xml`, import.meta.url), 'utf8');
  const root = (file: string) => /ticket-to-pr-runner-output\/[^/]+\/(.+)$/.exec(file)?.[1] ?? file;

  it('judges held-out files from the junit reporter where the console names no test', async () => {
    const { parseTestResults } = await import('../../../src/verify/junit-report.js');
    const tests = parseTestResults(xml('node-test-24.21.0-junit'), root);
    const testResults = {
      tests,
      files: [],
      summary: {},
      cut: false,
      resultFiles: ['junit.xml'],
    };
    // A dot reporter's console: no test names at all.
    const console = red('..X.X\n');
    expect(judge(run(console), run(console), [], ['test/tax.test.js']).status).toBe('not-judged');
    const j = judge(
      run({ ...console, testResults }),
      run({ ...console, testResults }),
      [],
      ['test/tax.test.js'],
    );
    expect(j).toEqual({
      status: 'fail',
      detail: 'held-out tests fail: "uses the reduced rate for books"',
    });
  });
});
