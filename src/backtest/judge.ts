import { failingTests, passingTests } from '../verify/failures.js';
import { judge } from '../verify/pass-rule.js';
import type { CheckResult, VerificationRun } from '../verify/verifier.js';

/** What the held-out tests say about a change: they pass, they fail, or the run cannot tell. */
export interface HeldOutVerdict {
  readonly status: 'pass' | 'fail' | 'not-judged';
  /** One sentence: why. */
  readonly detail: string;
}

/**
 * The judging rule, pure. `baseline` ran on the base commit (without the held-out tests),
 * `judged` on the change with the held-out tests added. Resolved when the held-out tests pass and
 * nothing that passed at the base fails (the verify stage's pass rule). A check still failing is
 * forgiven only when every test it names already failed at the base and none is a fail-to-pass test.
 */
export function judgeInstance(input: {
  readonly baseline: VerificationRun;
  readonly judged: VerificationRun;
  readonly failToPass: readonly string[];
}): HeldOutVerdict {
  const { baseline, judged } = input;
  const baseTest = testCheck(baseline);
  const judgedTest = testCheck(judged);
  if (!ran(baseTest))
    return notRun(`the test command did not run at the base (${explain(baseTest)})`);
  if (!ran(judgedTest))
    return notRun(`the test command did not run with the held-out tests (${explain(judgedTest)})`);

  const verdict = judge(baseline, judged);
  if (!verdict.passed) {
    const named = verdict.regressions.flatMap((r) => (r.tests.length > 0 ? r.tests : [r.check]));
    return {
      status: 'fail',
      detail: `fails what passed at the base or the held-out tests: ${named.slice(0, 5).join(', ')}`,
    };
  }
  if (judged.checks.every((c) => c.passed)) {
    return {
      status: 'pass',
      detail: 'the held-out tests pass and nothing regressed',
    };
  }
  const failing = judged.checks.filter((c) => !c.passed).flatMap((c) => failingTests(c.output));
  if (failing.length === 0) {
    return {
      status: 'not-judged',
      detail:
        'a check still fails and its output names no test, so the held-out tests are not shown to pass',
    };
  }
  const baseFailing = new Set(baseline.checks.flatMap((c) => failingTests(c.output)));
  const stillFailing = failing.filter(
    (t) => !baseFailing.has(t) || input.failToPass.some((f) => sameTest(f, t)),
  );
  if (stillFailing.length > 0) {
    return {
      status: 'fail',
      detail: `held-out tests still fail: ${stillFailing.slice(0, 5).join(', ')}`,
    };
  }
  return {
    status: 'pass',
    detail: `the held-out tests pass; ${failing.length} test(s) that already failed at the base still fail`,
  };
}

function testCheck(run: VerificationRun): CheckResult | undefined {
  return run.checks.find((c) => c.name === 'test');
}

/** Ran to completion and shows tests: it passed, or its output names a passing or failing test. */
function ran(check: CheckResult | undefined): boolean {
  if (!check || check.exitCode === null || check.timedOut) return false;
  return (
    check.passed || failingTests(check.output).length > 0 || passingTests(check.output).length > 0
  );
}

function explain(check: CheckResult | undefined): string {
  if (!check) return 'no test check';
  if (check.timedOut) return 'timed out';
  if (check.exitCode === null) return check.output.slice(0, 120) || 'not run';
  return `exit ${check.exitCode}, no test named in its output`;
}

function notRun(detail: string): HeldOutVerdict {
  return { status: 'not-judged', detail };
}

/** A dataset's test name matches an output's when either contains the other (files vs titles). */
function sameTest(listed: string, reported: string): boolean {
  return listed.length > 0 && (reported.includes(listed) || listed.includes(reported));
}

/** Share of `gold` found among the first `k` of `ranked` (0 when there is no gold file). */
export function recallAt(ranked: readonly string[], gold: readonly string[], k: number): number {
  if (gold.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return gold.filter((g) => top.has(g)).length / gold.length;
}

/** The stage of the pipeline where a ticket that was not resolved was lost. */
export type LostAt = 'triage' | 'localization' | 'edit' | 'verify' | 'error';

/**
 * Where an unresolved ticket was lost, pure: skipped by triage; else the editor never saw a gold
 * file; else no change applied; else the change did not pass (its own verification or the held-out
 * tests). A job that ended on an operator outcome is an 'error'.
 */
export function lostAt(facts: {
  readonly resolved: boolean;
  readonly operatorOutcome: boolean;
  readonly triageProceeded: boolean | undefined;
  readonly goldReachedEditor: boolean | undefined;
  readonly applied: boolean;
}): LostAt | undefined {
  if (facts.resolved) return undefined;
  if (facts.triageProceeded === false) return 'triage';
  if (facts.operatorOutcome) return 'error';
  if (facts.triageProceeded === undefined) return 'error';
  if (facts.goldReachedEditor === false) return 'localization';
  if (!facts.applied) return 'edit';
  return 'verify';
}
