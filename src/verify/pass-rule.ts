import { failingTestsOf, passingTestsOf } from './failures.js';
import type { CheckName, CheckResult, VerificationRun } from './verifier.js';

export interface Regression {
  readonly check: CheckName;
  /** Tests that fail now, by name, when the output names them. */
  readonly tests: readonly string[];
  readonly detail: string;
}

export interface Verdict {
  /** Nothing that passed at baseline fails now. */
  readonly passed: boolean;
  /** Every check passes now. */
  readonly green: boolean;
  /** Some check failed at baseline: what still fails is not the change's doing. */
  readonly baselineRed: boolean;
  readonly regressions: readonly Regression[];
  /** Checks that failed at baseline and still fail, with no new failing test. */
  readonly preexisting: readonly CheckName[];
}

/**
 * The pass rule, pure: a change passes when no check that passed on the base commit fails now, and,
 * for a check that failed on both, no test fails now that did not fail (or that passed) at baseline.
 */
export function judge(baseline: VerificationRun, current: VerificationRun): Verdict {
  const regressions: Regression[] = [];
  const preexisting: CheckName[] = [];
  const before = new Map(baseline.checks.map((c) => [c.name, c]));
  for (const check of current.checks) {
    if (check.passed) continue;
    const base = before.get(check.name);
    const nowFailing = failingTestsOf(check);
    if (!base || base.passed) {
      regressions.push({ check: check.name, tests: nowFailing, detail: describe(check) });
      continue;
    }
    const baseFailing = new Set(failingTestsOf(base));
    const basePassing = new Set(passingTestsOf(base));
    const newFailures = nowFailing.filter(
      (t) => basePassing.has(t) || (baseFailing.size > 0 && !baseFailing.has(t)),
    );
    if (newFailures.length > 0) {
      regressions.push({ check: check.name, tests: newFailures, detail: describe(check) });
    } else {
      preexisting.push(check.name);
    }
  }
  const baselineRed = baseline.checks.some((c) => !c.passed);
  return {
    passed: regressions.length === 0,
    green: current.checks.every((c) => c.passed),
    baselineRed,
    regressions,
    preexisting,
  };
}

export function describe(check: CheckResult): string {
  if (check.timedOut) return `\`${check.command}\` timed out after ${check.durationMs} ms`;
  if (check.exitCode === null) return `\`${check.command}\` did not run to completion`;
  return `\`${check.command}\` exited with code ${check.exitCode}`;
}
