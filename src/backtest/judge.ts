import { testReportOf } from '../verify/failures.js';
import type { ReportedTest, TestReport } from '../verify/test-report.js';
import type { CheckResult, VerificationRun } from '../verify/verifier.js';
import { matchOutcome, matchTestName, sameFile } from './test-names.js';

/** What the held-out tests say about a change: they pass, they fail, or the run cannot tell. */
export interface HeldOutVerdict {
  readonly status: 'pass' | 'fail' | 'not-judged';
  /** One sentence: why. */
  readonly detail: string;
}

const ADVICE =
  "use a test command whose output names each test (e.g. `jest --verbose`, Mocha's spec reporter, `node --test --test-reporter=tap`), or one that writes JUnit XML, named by `test-results`";

/**
 * The judging rule, pure. `baseline` ran on the base commit (without the held-out tests), `judged`
 * on the change with the held-out tests added. The held-out tests pass when every fail-to-pass
 * test is found passing (or, without a list, every held-out test file is shown to pass), no test
 * in a held-out file fails, and nothing fails that did not already fail at the base. A fail-to-pass
 * test is never forgiven. When the output cannot show this, the instance is not judged.
 */
export function judgeInstance(input: {
  readonly baseline: VerificationRun;
  readonly judged: VerificationRun;
  readonly failToPass: readonly string[];
  /** Test files the test patch adds or changes. */
  readonly heldOutFiles: readonly string[];
}): HeldOutVerdict {
  const baseCheck = testCheck(input.baseline);
  const nowCheck = testCheck(input.judged);
  const unfinished = (check: CheckResult | undefined, when: string) =>
    notJudged(`the test command did not run to completion ${when} (${explain(check)})`);
  if (!finished(baseCheck)) return unfinished(baseCheck, 'at the base');
  if (!finished(nowCheck)) return unfinished(nowCheck, 'with the held-out tests');
  const base = testReportOf(baseCheck);
  const now = testReportOf(nowCheck);
  if (!showsTests(base))
    return notJudged(
      `the test command names no test at the base (exit ${baseCheck.exitCode}${firstLine(baseCheck.output)}): did the setup install what the tests need? Else ${ADVICE}`,
    );
  if (!showsTests(now))
    return notJudged(
      `the test command names no test with the held-out tests (exit ${nowCheck.exitCode}${firstLine(nowCheck.output)}); ${ADVICE}`,
    );

  // Evidence of failure is enough to judge, whatever else is missing.
  const failures = unforgivenFailures(base, now, input.failToPass, input.heldOutFiles);
  if (failures.length > 0)
    return { status: 'fail', detail: `held-out tests fail: ${list(failures)}` };
  const nowFailing = now.tests.filter((t) => t.outcome === 'failed');
  // A file that failed with no failing test of its own named (it failed to load).
  const nowFailingFiles = now.files.filter(
    (f) => f.outcome === 'failed' && !nowFailing.some((t) => t.file && sameFile(t.file, f.file)),
  );
  if (!nowCheck.passed && baseCheck.passed)
    return {
      status: 'fail',
      detail: `the test command passed at the base and fails now (exit ${nowCheck.exitCode})`,
    };
  if (now.summary.failed !== undefined && now.summary.failed > nowFailing.length)
    return notJudged(
      withCut(
        `the runner counts ${now.summary.failed} failed test(s) but its output names ${nowFailing.length}`,
        now,
      ),
    );
  if (!nowCheck.passed && nowFailing.length === 0 && nowFailingFiles.length === 0)
    return notJudged(
      `the test command fails at the base and with the held-out tests (exit ${nowCheck.exitCode}) and names no failing test, so what fails cannot be told apart`,
    );

  // Evidence of passing must be complete.
  const shown = heldOutShown(base, now, input.failToPass, input.heldOutFiles);
  if (!shown.ok) return notJudged(withCut(shown.why, now));
  const forgiven = nowFailing.length + nowFailingFiles.length;
  return {
    status: 'pass',
    detail:
      shown.how +
      (forgiven > 0
        ? `; ${forgiven} test(s) or file(s) that already failed at the base still fail`
        : ''),
  };
}

/** Failing tests and files the change cannot be forgiven: fail-to-pass, in a held-out file, or new. */
function unforgivenFailures(
  base: TestReport,
  now: TestReport,
  failToPass: readonly string[],
  heldOutFiles: readonly string[],
): string[] {
  const baseFailing = new Set(base.tests.filter((t) => t.outcome === 'failed').map(key));
  const baseFailingFiles = base.files.filter((f) => f.outcome === 'failed');
  const named = new Set<string>();
  // What a failing fail-to-pass entry already names is not named again (one test, one name).
  const covered = new Set<string>();
  for (const entry of failToPass) {
    const match = matchTestName(entry, now);
    if (matchOutcome(match) !== 'failed') continue;
    named.add(entry);
    for (const t of match.tests) covered.add(key(t));
    for (const f of match.files) covered.add(f.file);
  }
  const inHeldOut = (file: string | undefined) =>
    file !== undefined && heldOutFiles.some((h) => sameFile(h, file));
  for (const t of now.tests) {
    if (t.outcome !== 'failed' || covered.has(key(t))) continue;
    if (inHeldOut(t.file) || !baseFailing.has(key(t))) named.add(t.name);
  }
  for (const f of now.files) {
    if (f.outcome !== 'failed' || covered.has(f.file)) continue;
    if (inHeldOut(f.file) || !baseFailingFiles.some((b) => sameFile(b.file, f.file)))
      named.add(f.file);
  }
  return [...named];
}

/** How the held-out tests were shown to pass, or why they were not. */
function heldOutShown(
  base: TestReport,
  now: TestReport,
  failToPass: readonly string[],
  heldOutFiles: readonly string[],
): { ok: true; how: string } | { ok: false; why: string } {
  if (failToPass.length > 0) {
    const absent = failToPass.filter((e) => matchOutcome(matchTestName(e, now)) !== 'passed');
    if (absent.length > 0)
      return {
        ok: false,
        why: `the output names no passing test for ${absent.length} of ${failToPass.length} fail_to_pass entries (${list(absent)}); it names tests like ${list(now.tests.slice(0, 3).map((t) => t.name))}`,
      };
    return {
      ok: true,
      how: `the ${failToPass.length} fail_to_pass test(s) pass and nothing else fails`,
    };
  }
  const files = heldOutFiles.filter((f) => matchOutcome(matchTestName(f, now)) === 'passed');
  if (heldOutFiles.length > 0 && files.length === heldOutFiles.length)
    return {
      ok: true,
      how: `every held-out test file passes (${list(files)}) and nothing else fails`,
    };
  // A runner that names no files: the tests that were not there at the base are the held-out ones.
  const before = new Set(base.tests.map(key));
  const added = now.tests.filter((t) => !before.has(key(t)));
  if (!now.tests.some((t) => t.file !== undefined) && added.length > 0)
    return {
      ok: true,
      how: `the ${added.length} test(s) the held-out tests add pass and nothing else fails`,
    };
  return {
    ok: false,
    why: `the dataset lists no fail_to_pass tests and the output does not show each held-out test file (${list(heldOutFiles)}) passing; ${ADVICE}`,
  };
}

const key = (t: ReportedTest) => `${t.file ?? ''}\u0000${t.name}`;

function testCheck(run: VerificationRun): CheckResult | undefined {
  return run.checks.find((c) => c.name === 'test');
}

function finished(check: CheckResult | undefined): check is CheckResult {
  return check !== undefined && check.exitCode !== null && !check.timedOut;
}

function showsTests(report: TestReport): boolean {
  return report.tests.length > 0 || report.files.length > 0;
}

function explain(check: CheckResult | undefined): string {
  if (!check) return 'no test check';
  if (check.timedOut) return `timed out after ${Math.round(check.durationMs / 1000)} s`;
  return firstLine(check.output).slice(2) || 'not run';
}

/** `: ` and the output's first line that is not npm's `> script` echo, or '' for no output. */
function firstLine(output: string): string {
  const line = output
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('>'));
  return line ? `: ${line.slice(0, 160)}` : '';
}

function withCut(detail: string, report: TestReport): string {
  return report.cut
    ? `${detail}; the output was cut in the middle, so names may be missing`
    : detail;
}

function list(items: readonly string[]): string {
  const shown = items.slice(0, 5).map((i) => `"${i}"`);
  return items.length > 5 ? `${shown.join(', ')} and ${items.length - 5} more` : shown.join(', ');
}

function notJudged(detail: string): HeldOutVerdict {
  return { status: 'not-judged', detail };
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
