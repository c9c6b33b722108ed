/**
 * Reading test and build output, pure: which tests failed (and passed), and the first error lines,
 * for the repair prompt and the pass rule. Formats: node:test / TAP, Jest, Vitest, Mocha, pytest,
 * go test, cargo test, dotnet test, Maven/Gradle, tsc. Test names come from `readTestReport`.
 */
import { readTestReport, stripAnsi, type TestReport } from './test-report.js';
import type { CheckResult } from './verifier.js';

const ERROR_LINE =
  /\berror\b|\bError:|\bERR!|\bFAIL\b|\bfailed\b|AssertionError|Traceback|panic:|Exception|expected .* (?:to|but)|\bTS\d{4}\b/i;

// A runner's count line ("ℹ fail 2", "# fail 2") is no error of its own.
const SUMMARY_LINE =
  /^(?:ℹ|#) (?:tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) [\d.]+$/;

export { stripAnsi };

/**
 * What a check says about its tests: the results files its run wrote (the `test-results` input)
 * when there were any, else what the console output shows. Every reader of test names goes through
 * here, so the files win wherever they exist.
 */
export function testReportOf(check: Pick<CheckResult, 'output' | 'testResults'>): TestReport {
  return check.testResults ?? readTestReport(check.output);
}

/**
 * The results files the checks' test names were read from, or none when any of them was read from
 * the console output: for saying where the names came from, beside them.
 */
export function resultFilesOf(...checks: readonly Pick<CheckResult, 'testResults'>[]): string[] {
  if (!checks.every((c) => c.testResults)) return [];
  return [...new Set(checks.flatMap((c) => c.testResults?.resultFiles ?? []))].slice(0, 3);
}

/** Names of the tests the check reports as failed (see testReportOf and failingTests). */
export function failingTestsOf(check: Pick<CheckResult, 'output' | 'testResults'>): string[] {
  return names(testReportOf(check), 'failed');
}

/** Names of the tests the check reports as passed (see testReportOf and passingTests). */
export function passingTestsOf(check: Pick<CheckResult, 'output' | 'testResults'>): string[] {
  return names(testReportOf(check), 'passed');
}

/**
 * Names of the tests the output reports as failed (the runner's display names), in order of first
 * appearance, then the files that failed with no failing test of theirs named (a file that failed
 * to load).
 */
export function failingTests(output: string): string[] {
  return names(readTestReport(output), 'failed');
}

/** Names of the tests the output reports as passed, then passing files whose tests are not named. */
export function passingTests(output: string): string[] {
  return names(readTestReport(output), 'passed');
}

function names(report: TestReport, outcome: 'passed' | 'failed'): string[] {
  const tests = report.tests.filter((t) => t.outcome === outcome);
  const files = report.files
    .filter((f) => f.outcome === outcome && !tests.some((t) => t.file === f.file))
    .map((f) => f.file);
  return [...new Set([...tests.map((t) => t.name), ...files])];
}

/**
 * The first error-looking lines of an output, each with a little context, up to `maxLines` lines.
 * This is what a developer reads first; the model gets the same.
 */
export function firstErrors(output: string, maxLines = 40): string {
  const lines = stripAnsi(output)
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
  const keep = new Set<number>();
  for (let i = 0; i < lines.length && keep.size < maxLines; i++) {
    const line = lines[i] ?? '';
    if (!ERROR_LINE.test(line) || SUMMARY_LINE.test(line)) continue;
    // The line before, and after it the rest of the message up to its stack trace (at least 4
    // lines): Node 22+ prints an assertion's actual and expected values lines below its first.
    let end = i + 4;
    while (end + 1 < lines.length && end < i + 16 && !/^\s*at\s/.test(lines[end + 1] ?? '')) end++;
    for (
      let j = Math.max(0, i - 1);
      j <= Math.min(lines.length - 1, end) && keep.size < maxLines;
      j++
    )
      keep.add(j);
    i = end;
  }
  const chosen = [...keep].sort((a, b) => a - b);
  const out: string[] = [];
  let previous = -2;
  for (const i of chosen) {
    if (i !== previous + 1 && out.length > 0) out.push('…');
    out.push(lines[i] ?? '');
    previous = i;
  }
  return out.join('\n');
}
