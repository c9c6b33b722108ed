/**
 * Honest evidence, pure: which changed files are tests, whether a change may count as a fix at all
 * (test integrity), and what a verified change was shown to do (its evidence level).
 */
import picomatch from 'picomatch';
import { BASE_COMMIT, type EvidenceLevel } from './evidence-level.js';
import { failingTestsOf, passingTestsOf, resultFilesOf, testReportOf } from './failures.js';
import { testFileResultOf } from './test-file-result.js';
import type { CheckResult, VerificationRun } from './verifier.js';

/** A predicate telling test files from source files by the `test-paths` globs. */
export function testPathMatcher(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  return picomatch([...globs], { dot: true });
}

export interface ChangedPath {
  readonly path: string;
  /** True when the file did not exist before the change. */
  readonly created: boolean;
  /** Its text before the change, when it existed. */
  readonly baseText?: string;
}

export interface IntegrityRules {
  readonly isTest: (path: string) => boolean;
  /** Triage called the ticket a test task: changing only tests is then the work itself. */
  readonly testTask: boolean;
  /** True for an existing test file that failed on the base commit (or cannot be told apart from one). */
  readonly failedAtBase: (path: string, baseText: string | undefined) => boolean;
}

/** Files to put back as they were, and why, in words the editor can act on. */
export interface ChangeRefusal {
  readonly undo: readonly string[];
  readonly reason: string;
}

/**
 * Test integrity: editing or deleting a test that failed on the base commit does not fix what it
 * checks, and a change to tests alone does not fix a source bug (unless the ticket is a test task).
 * Returns what to undo, or undefined when the change may count.
 */
export function reviewChange(
  change: readonly ChangedPath[],
  rules: IntegrityRules,
): ChangeRefusal | undefined {
  const editedFailing = change
    .filter((f) => !f.created && rules.isTest(f.path) && rules.failedAtBase(f.path, f.baseText))
    .map((f) => f.path);
  if (editedFailing.length > 0) {
    return {
      undo: editedFailing,
      reason: `You changed ${list(editedFailing)}, ${editedFailing.length === 1 ? 'a test' : 'tests'} that failed on the base commit. Changing a failing test does not fix the behaviour it checks, so that change was undone. Fix the source code so the test passes as it is.`,
    };
  }
  const rest = change.filter((f) => !editedFailing.includes(f.path));
  if (!rules.testTask && rest.length > 0 && rest.every((f) => rules.isTest(f.path))) {
    const undo = rest.map((f) => f.path);
    return {
      undo,
      reason: `Your change touches only tests (${list(undo)}), but the ticket asks for a change in the code's behaviour, so that change was undone. Change the source code; tests can only show the fix.`,
    };
  }
  return undefined;
}

/**
 * Whether an existing test file failed on the base commit: its path appears in a failing part of
 * the baseline output, or the leaf title of one of the baseline's failing tests appears in its text. When the
 * baseline failed but names nothing, every test file is suspect.
 */
export function failedOnBase(
  baseline: VerificationRun,
): (path: string, baseText: string | undefined) => boolean {
  const check = baseline.checks.find((c) => c.name === 'test');
  if (!check || check.passed) return () => false;
  const report = testReportOf(check);
  const names = [
    ...report.tests.filter((t) => t.outcome === 'failed').map((t) => t.title),
    ...report.files.filter((f) => f.outcome === 'failed').map((f) => f.file),
  ];
  return (path, baseText) => {
    if (names.length === 0) return true;
    const inOutput = testFileResultOf(check, path);
    if (inOutput.status === 'failed') return true;
    return baseText !== undefined && names.some((n) => n !== '' && baseText.includes(n));
  };
}

/** A reproduction test as the evidence judge needs it. */
export interface ReproductionFacts {
  readonly path: string;
  /** Names the test reported when it failed on the base commit. */
  readonly tests: readonly string[];
  /** False when the change edited the test after it was validated. */
  readonly unchanged: boolean;
}

export interface EvidenceJudgement {
  readonly level: EvidenceLevel;
  /** One sentence saying what was shown. */
  readonly shown: string;
}

/**
 * The strongest level a verified change earns. `changedExistingTests` are test files that existed
 * before the change and were edited or deleted by it.
 */
export function judgeEvidence(input: {
  readonly baseline: VerificationRun;
  readonly final: VerificationRun;
  readonly reproduction?: ReproductionFacts;
  readonly changedExistingTests: readonly string[];
  /** What the baseline ran on, as the sentence names it (a revision's: the pull request's head). */
  readonly baselineOn?: string;
}): EvidenceJudgement {
  const on = input.baselineOn ?? BASE_COMMIT;
  const after = input.final.checks.find((c) => c.name === 'test');
  const before = input.baseline.checks.find((c) => c.name === 'test');
  const repro = input.reproduction;
  if (repro && after) {
    const result = testFileResultOf(after, repro.path, repro.tests);
    const passes = result.status === 'passed' || (result.status === 'absent' && after.passed);
    if (repro.unchanged && passes) {
      return {
        level: 'reproduced',
        shown: `The reproduction test ${repro.path} failed on ${on} and passes with the change.`,
      };
    }
  }
  if (before && !before.passed && after && input.changedExistingTests.length === 0) {
    const failedBefore = failingTestsOf(before);
    const nowPassing = new Set(passingTestsOf(after));
    const nowFailing = new Set(failingTestsOf(after));
    const fixed = after.passed
      ? failedBefore
      : failedBefore.filter((t) => nowPassing.has(t) && !nowFailing.has(t));
    if (after.passed || fixed.length > 0) {
      return {
        level: 'failing-test-fixed',
        shown:
          fixed.length > 0
            ? `${fixed.length === 1 ? 'A test' : 'Tests'} that failed on ${on} ${fixed.length === 1 ? 'passes' : 'pass'} now, unchanged: ${fixed.slice(0, 5).join(', ')}. ${namesSource(before, after)}`
            : `The test command failed on ${on} and passes now, with no existing test changed.`,
      };
    }
  }
  return {
    level: 'no-regression',
    shown: `Nothing that passed on ${on} fails now; no test showed the ticket’s behaviour.`,
  };
}

/** Where the test names came from, said where people read them. */
function namesSource(...checks: readonly CheckResult[]): string {
  const files = resultFilesOf(...checks);
  return `Test names read from ${files.length > 0 ? files.join(', ') : 'the console output'}.`;
}

function list(paths: readonly string[]): string {
  return paths.map((p) => `'${p}'`).join(', ');
}
