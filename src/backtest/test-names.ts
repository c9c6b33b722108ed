import type { ReportedFile, ReportedTest, TestReport } from '../verify/test-report.js';
import { SCRIPT_FILE } from './changed-paths.js';

/**
 * Matching a dataset's test names to the tests a runner reported, pure. Datasets name a test in
 * several forms: a test file (`test/a.test.js`: every test in it), Multi-SWE-bench's `file:title`
 * (`tests/card.test.js:renders the title`), a full title (Mocha's `suite sub title`, Jest's
 * `Suite › title`, Vitest's `Suite > title`), a bare leaf title, or a pytest node id
 * (`tests/test_a.py::TestA::test_b`).
 */
export interface TestMatch {
  readonly tests: readonly ReportedTest[];
  readonly files: readonly ReportedFile[];
}

/** A path as a dataset or a runner prints it: forward slashes, no leading `./`. */
function normPath(path: string): string {
  return path.trim().replace(/\\/g, '/').replace(/^\.\//, '');
}

/** Same file when equal, or one is the other below a folder (a runner prints paths from its own root). */
export function sameFile(a: string, b: string): boolean {
  const [x, y] = [normPath(a), normPath(b)];
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}

/** A title with its separators (` › `, ` > `) and runs of spaces made single spaces. */
function normTitle(text: string): string {
  return text
    .replace(/\s+›\s+|\s+>\s+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function looksLikeFile(entry: string): boolean {
  return !/\s/.test(entry.trim()) && SCRIPT_FILE.test(entry.trim());
}

/** `file:title` (Multi-SWE-bench) split in two, when the part before the first `:` is a script file. */
function fileAndTitle(entry: string): { file: string; title: string } | undefined {
  const at = entry.indexOf(':');
  if (at <= 0 || entry.startsWith('::', at)) return undefined;
  const file = entry.slice(0, at);
  return looksLikeFile(file) ? { file, title: entry.slice(at + 1) } : undefined;
}

function titleMatches(listed: string, test: ReportedTest): boolean {
  const want = normTitle(listed);
  return (
    want !== '' &&
    (want === normTitle(test.title) ||
      want === normTitle([...test.suites, test.title].join(' ')) ||
      want === normTitle(test.name))
  );
}

/** The reported tests and files a dataset's name refers to (both empty when it names none of them). */
export function matchTestName(entry: string, report: TestReport): TestMatch {
  const name = entry.trim();
  if (name.includes('::')) {
    const tests = report.tests.filter((t) => t.name === name);
    if (tests.length > 0) return { tests, files: [] };
    const [file, ...rest] = name.split('::');
    const title = rest.at(-1) ?? '';
    return {
      tests: report.tests.filter((t) => t.file && sameFile(t.file, file!) && t.title === title),
      files: [],
    };
  }
  if (looksLikeFile(name)) {
    return {
      tests: report.tests.filter((t) => t.file !== undefined && sameFile(t.file, name)),
      files: report.files.filter((f) => sameFile(f.file, name)),
    };
  }
  const split = fileAndTitle(name);
  if (split) {
    const inFile = report.tests.filter((t) => t.file !== undefined && sameFile(t.file, split.file));
    const tests = inFile.filter((t) => titleMatches(split.title, t));
    // A runner that lists no test of a file that passed (Jest without --verbose) still says every
    // test in it passed: the file speaks for the title.
    const files =
      tests.length === 0 && inFile.length === 0
        ? report.files.filter((f) => sameFile(f.file, split.file) && f.outcome === 'passed')
        : [];
    return { tests, files };
  }
  return { tests: report.tests.filter((t) => titleMatches(name, t)), files: [] };
}

/** What a match says: every matched test and file passed, one of them failed, or nothing matched. */
export function matchOutcome(match: TestMatch): 'passed' | 'failed' | 'absent' {
  const outcomes = [...match.tests.map((t) => t.outcome), ...match.files.map((f) => f.outcome)];
  if (outcomes.includes('failed')) return 'failed';
  if (outcomes.includes('passed')) return 'passed';
  return 'absent'; // nothing, or only skipped tests: not shown to pass
}
