/**
 * What a test run's output says about one test file, pure: did it fail, and did it fail on an
 * assertion (the behaviour was checked and found wrong) or on an error before any assertion (a
 * syntax, import or reference error: nothing about the behaviour was shown). Anything else is
 * "not shown". Formats: node:test (TAP), Jest, Vitest, Mocha, pytest.
 */
import { failingTests, passingTests, stripAnsi } from './failures.js';
import type { CheckResult } from './verifier.js';

export type FailureKind = 'assertion' | 'load-error' | 'not-shown';

export type TestFileResult =
  | { readonly status: 'absent' }
  | { readonly status: 'passed'; readonly tests: readonly string[] }
  | {
      readonly status: 'failed';
      readonly kind: FailureKind;
      /** The line that shows the kind (the error or assertion line), when there is one. */
      readonly line: string;
      /** Failing test names in the file's part of the output. */
      readonly tests: readonly string[];
      /** The file's part of the output, at most 60 lines. */
      readonly excerpt: string;
    };

// Errors that happen before (or instead of) an assertion: the test never checked the behaviour.
const LOAD_ERRORS: readonly RegExp[] = [
  /\bSyntaxError\b/,
  /Cannot find module/,
  /ERR_MODULE_NOT_FOUND/,
  /does not provide an export named/,
  /Cannot use import statement outside a module/,
  /\bReferenceError\b/,
  /is not a function\b/,
  /is not a constructor\b/,
  /is not defined\b/,
  /Test suite failed to run/, // Jest
  /\b(?:ModuleNotFoundError|ImportError|NameError|AttributeError)\b/, // Python
  /ERROR collecting/, // pytest
];

const ASSERTIONS: readonly RegExp[] = [
  /\bAssertionError\b/, // node:assert, chai, Vitest, pytest
  /\bERR_ASSERTION\b/, // node:assert code
  /expect\(received\)/, // Jest
  /^\s*E\s+assert\b/m, // pytest's rewritten assert
  /^\s*Expected[^\n]*\n\s*Received/m, // Jest, Vitest
  // node:assert's own messages, as node:test's junit reporter writes them (without the error's name).
  /\bExpected values to be (?:strictly |loosely )?(?:deep-)?equal\b/,
];

// Where the output moves on to another test or file.
const TAP_RESULT = /^\s*(?:not )?ok \d+\b/;
const TAP_YAML_START = /^\s*---\s*$/;
const TAP_YAML_END = /^\s*\.\.\.\s*$/;
const SECTION_START: readonly RegExp[] = [
  /^\s*(?:PASS|FAIL)\s+\S/, // Jest file header
  /^ ?[✓❯×]\s+\S+\.(?:test|spec)\.\w+/, // Vitest file header
  /^_{3,} .+ _{3,}$/, // pytest failure section
  /^={3,} .+ ={3,}$/, // pytest summary sections
  /^\s{0,4}\d+\) \S/, // Mocha failure list
  /^test at \S+:\d+:\d+$/, // node:test's failing-tests list (Node 22 and later)
];

/** Splits an output into the parts that each report one test (TAP) or one file or failure (others). */
export function splitSections(output: string): string[][] {
  const lines = stripAnsi(output)
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
  const sections: string[][] = [];
  let current: string[] = [];
  let inYaml = false;
  const close = () => {
    if (current.length > 0) sections.push(current);
    current = [];
  };
  lines.forEach((line, i) => {
    if (!inYaml && SECTION_START.some((p) => p.test(line))) close();
    current.push(line);
    if (TAP_RESULT.test(line)) {
      if (TAP_YAML_START.test(lines[i + 1] ?? '')) inYaml = true;
      else close();
    } else if (inYaml && TAP_YAML_END.test(line)) {
      inYaml = false;
      close();
    }
  });
  close();
  return sections;
}

/**
 * The result of `file` in a check: from its results files when they name each test's file (node:test
 * on Node 24, Vitest, Mocha's junit reporter), else from its console output (testFileResult).
 */
export function testFileResultOf(
  check: Pick<CheckResult, 'output' | 'testResults'>,
  file: string,
  knownTests: readonly string[] = [],
): TestFileResult {
  const report = check.testResults;
  if (!report?.tests.some((t) => t.file !== undefined))
    return testFileResult(check.output, file, knownTests);
  const known = new Set(knownTests);
  const mine = report.tests.filter((t) => t.file === file || known.has(t.name));
  if (mine.length === 0) return { status: 'absent' };
  const failing = mine.filter((t) => t.outcome === 'failed');
  if (failing.length === 0)
    return {
      status: 'passed',
      tests: mine.filter((t) => t.outcome === 'passed').map((t) => t.name),
    };
  const messages = failing.map((t) => t.message ?? '').filter((m) => m !== '');
  const text = messages.join('\n');
  const loadLine = firstLineMatching(text, LOAD_ERRORS);
  const assertion = messages.find((m) => ASSERTIONS.some((p) => p.test(m)));
  const kind: FailureKind = loadLine
    ? 'load-error'
    : assertion !== undefined
      ? 'assertion'
      : 'not-shown';
  return {
    status: 'failed',
    kind,
    // The assertion's message whole (actual and expected), on one line.
    line: oneLine(loadLine ?? assertion ?? messages[0] ?? ''),
    tests: failing.map((t) => t.name),
    excerpt: failing
      .map((t) => `${t.name}\n${t.message ?? ''}`)
      .join('\n\n')
      .split('\n')
      .slice(0, 60)
      .join('\n'),
  };
}

/**
 * The result of `file` (a repository-relative path) in a test run's output. Parts that mention the
 * path, or report one of `knownTests` (names already tied to the file), belong to it.
 */
export function testFileResult(
  output: string,
  file: string,
  knownTests: readonly string[] = [],
): TestFileResult {
  const paths = [file, file.replace(/\//g, '\\')];
  const known = new Set(knownTests);
  let mine = splitSections(output).filter((section) => {
    if (section.some((line) => paths.some((p) => line.includes(p)))) return true;
    const text = section.join('\n');
    return [...failingTests(text), ...passingTests(text)].some((t) => known.has(t));
  });
  if (mine.length === 0) return { status: 'absent' };
  // node:test's failing-tests list names the file of each failure ("test at file:line:col"): those
  // parts are the file's own, where the tree above may mention it only in another test's stack.
  const listed = mine.filter((section) =>
    paths.some((p) => section[0]?.startsWith(`test at ${p}:`)),
  );
  if (listed.length > 0) mine = listed;
  const text = mine.map((s) => s.join('\n')).join('\n');
  const failing = failingTests(text);
  const loadLine = firstLineMatching(text, LOAD_ERRORS);
  const failed =
    failing.length > 0 || loadLine !== undefined || mine.some((s) => /^\s*FAIL\s/.test(s[0] ?? ''));
  if (!failed) return { status: 'passed', tests: passingTests(text) };
  const assertionLine = firstLineMatching(text, ASSERTIONS);
  const kind: FailureKind = loadLine
    ? 'load-error'
    : assertionLine !== undefined
      ? 'assertion'
      : 'not-shown';
  return {
    status: 'failed',
    kind,
    line: oneLine(
      (loadLine ?? tapErrorMessage(text) ?? wholeMessage(text, ASSERTIONS) ?? '').replace(
        /^#\s*/,
        '',
      ),
    ),
    tests: failing,
    excerpt: text.split('\n').slice(0, 60).join('\n'),
  };
}

/** node:test's YAML `error: |-` message ("Expected values to be strictly equal: 19990 !== 18000"). */
function tapErrorMessage(text: string): string | undefined {
  const m = /^([ \t]*)error: \|-\n((?:(?:\1[ \t]+.*)?(?:\n|$)){1,5})/m.exec(text);
  if (!m?.[2]) return undefined;
  const lines = m[2]
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.length > 0 ? lines.slice(0, 3).join(' ') : undefined;
}

/**
 * The message that starts at the first line matching a pattern, with the lines after it up to the
 * stack trace: Node 22+ prints an assertion over several lines ("Expected values to be strictly
 * equal:", "", "0.2 !== 0.05"), and the values are what a reader needs.
 */
function wholeMessage(text: string, patterns: readonly RegExp[]): string | undefined {
  const first = firstLineMatching(text, patterns);
  if (first === undefined) return undefined;
  const lines = text.split('\n');
  const at = lines.indexOf(first);
  const kept = [first];
  for (let i = at + 1; i < lines.length && kept.length < MESSAGE_LINES; i++) {
    const line = lines[i] ?? '';
    // A stack frame, a code frame (`> 7 | expect(…)`), Vitest's `❯ file:line`, the next TAP result.
    if (/^\s*at\s|^\s*>?\s*\d+\s*\||^\s*❯\s|^\s*(?:not )?ok \d+\b/.test(line)) break;
    kept.push(line);
  }
  return kept.join('\n');
}

/** Lines of a message kept for the one-line form. */
const MESSAGE_LINES = 16;

/** A message on one line: its non-blank lines joined by a space, cut at 600 characters. */
function oneLine(message: string): string {
  const text = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, MESSAGE_LINES)
    .join(' ');
  return text.length > 600 ? `${text.slice(0, 599)}…` : text;
}

function firstLineMatching(text: string, patterns: readonly RegExp[]): string | undefined {
  for (const pattern of patterns) {
    const m = pattern.exec(text);
    if (!m) continue;
    const start = text.lastIndexOf('\n', m.index) + 1;
    const end = text.indexOf('\n', m.index + m[0].length);
    return text.slice(start, end === -1 ? undefined : end);
  }
  return undefined;
}
