/**
 * One reader of test-runner console output, pure: which tests ran, in which suites and files, and
 * how each ended. Formats: Jest (default and verbose), Vitest (default and verbose), Mocha spec,
 * node:test spec and TAP (Node 20 and 24), and the result lines of pytest, go test, cargo test,
 * dotnet test and Maven surefire. Headings, summaries, console blocks and repeat lists are never
 * tests. The fixtures under test/fixtures/runner-output show what each runner prints.
 */

export type TestOutcome = 'passed' | 'failed' | 'skipped';

export interface ReportedTest {
  /** As the runner printed it, when it names the file. */
  readonly file?: string;
  /** Enclosing describe/suite titles, outermost first. */
  readonly suites: readonly string[];
  /** The leaf title. */
  readonly title: string;
  readonly outcome: TestOutcome;
  /** The runner's own display name (Jest `A › b › t`, Vitest `A > t`, Mocha `A b t`, TAP leaf, pytest node id). */
  readonly name: string;
  /** A failure's message kept whole (the assertion with its actual and expected values), when the results file gives it. */
  readonly message?: string;
}

export interface ReportedFile {
  readonly file: string;
  readonly outcome: 'passed' | 'failed';
}

export interface TestReport {
  /** One entry per test; a test seen twice (Jest `✕ t` and `● A › t`) is merged, failed wins. */
  readonly tests: readonly ReportedTest[];
  /** Jest PASS/FAIL lines, Vitest file lines, a file that failed to load. */
  readonly files: readonly ReportedFile[];
  /** The runner's own summary counts, summed when several runs are printed. */
  readonly summary: { readonly passed?: number; readonly failed?: number };
  /** BoundedOutput's "characters cut" marker is present. */
  readonly cut: boolean;
  /**
   * The results files (the `test-results` input) the report was read from, repository-relative;
   * absent when the test names were read from the console output.
   */
  readonly resultFiles?: readonly string[];
}

// ANSI colour codes make patterns miss.
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

type Style = 'jest' | 'vitest' | 'mocha' | 'tap' | 'plain';

const SEPARATOR: Record<Style, string> = {
  jest: ' › ',
  vitest: ' > ',
  mocha: ' ',
  tap: '',
  plain: '',
};

interface Entry {
  file?: string;
  suites: string[];
  /** False when the line gave the depth but not the suite titles (Vitest's default tree). */
  suitesKnown: boolean;
  title: string;
  outcome: TestOutcome;
  style: Style;
  /** A name printed as is (pytest node id, go, cargo, dotnet, maven). */
  printed?: string;
}

const CUT = /… \[\d+ characters cut; first and last \d+ kept\] …/;
const DURATION = String.raw`(?:\s+\(\d+(?:\.\d+)?\s*m?s\))?`;
const SCRIPT_FILE = /\.(?:[cm]?[jt]sx?)$/;

// Summary lines: the runner's own counts.
const SUMMARIES: readonly { re: RegExp; read: (m: RegExpExecArray) => [number?, number?] }[] = [
  // Jest: "Tests:       2 failed, 1 skipped, 2 passed, 5 total"
  { re: /^Tests:\s+(.*\btotal)$/, read: (m) => [count(m[1], 'passed'), count(m[1], 'failed')] },
  // Vitest: "      Tests  2 failed | 2 passed | 1 skipped (5)"
  {
    re: /^\s*Tests\s{2,}(.*\(\d+\))$/,
    read: (m) => [count(m[1], 'passed'), count(m[1], 'failed')],
  },
  // Mocha
  { re: /^\s+(\d+) passing \(/, read: (m) => [Number(m[1]), undefined] },
  { re: /^\s+(\d+) failing$/, read: (m) => [undefined, Number(m[1])] },
  // node:test, TAP and spec
  { re: /^(?:#|ℹ) pass (\d+)$/, read: (m) => [Number(m[1]), undefined] },
  { re: /^(?:#|ℹ) fail (\d+)$/, read: (m) => [undefined, Number(m[1])] },
  // pytest: "==== 1 failed, 2 passed in 0.12s ===="
  {
    re: /^=+ (.*\b(?:passed|failed)\b.*) in [\d.]+s\b.*=+$/,
    read: (m) => [count(m[1], 'passed'), count(m[1], 'failed')],
  },
  // cargo: "test result: FAILED. 1 passed; 1 failed; 0 ignored; …"
  {
    re: /^test result: \w+\. (\d+) passed; (\d+) failed;/,
    read: (m) => [Number(m[1]), Number(m[2])],
  },
  // dotnet: "Failed!  - Failed:     1, Passed:     2, Skipped: …"
  {
    re: /^\s*(?:Passed|Failed)!\s+- Failed:\s+(\d+), Passed:\s+(\d+)/,
    read: (m) => [Number(m[2]), Number(m[1])],
  },
];

function count(text: string | undefined, word: string): number | undefined {
  const m = new RegExp(String.raw`(\d+) ${word}\b`).exec(text ?? '');
  return m ? Number(m[1]) : undefined;
}

// Jest `●` headings that are not tests.
const JEST_NOT_TESTS =
  /^(?:Console|Test suite failed to run|.*\bWarning:?|Cannot log after tests are done.*)$/;

// Plain result lines (no suite context in the output).
const PLAIN: readonly { re: RegExp; outcome: TestOutcome; pytest?: boolean }[] = [
  { re: /^FAILED\s+(\S+::\S+)/, outcome: 'failed', pytest: true },
  { re: /^ERROR\s+(\S+::\S+)/, outcome: 'failed', pytest: true },
  { re: /^(\S+::\S+) PASSED\b/, outcome: 'passed', pytest: true },
  { re: /^(\S+::\S+) FAILED\b/, outcome: 'failed', pytest: true },
  { re: /^(\S+::\S+) SKIPPED\b/, outcome: 'skipped', pytest: true },
  { re: /^\s*--- FAIL: (\S+)/, outcome: 'failed' }, // go test
  { re: /^\s*--- PASS: (\S+)/, outcome: 'passed' },
  { re: /^\s*--- SKIP: (\S+)/, outcome: 'skipped' },
  { re: /^test (\S+) \.\.\. FAILED$/, outcome: 'failed' }, // cargo
  { re: /^test (\S+) \.\.\. ok$/, outcome: 'passed' },
  { re: /^test (\S+) \.\.\. ignored\b/, outcome: 'skipped' },
  { re: /^\s*Failed (\S+) \[/, outcome: 'failed' }, // dotnet test
  { re: /^\s*Passed (\S+) \[/, outcome: 'passed' },
  { re: /^\s*Skipped (\S+) \[/, outcome: 'skipped' },
  { re: /^\[ERROR\]\s+(\S+\(\S+\))\s/, outcome: 'failed' }, // Maven surefire
];

interface Open {
  readonly indent: number;
  readonly title: string;
  hasChildren: boolean;
}

/** Reads what a test command printed. */
export function readTestReport(output: string): TestReport {
  const text = stripAnsi(output);
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const entries: Entry[] = [];
  const files = new Map<string, 'passed' | 'failed'>();
  let passed: number | undefined;
  let failed: number | undefined;
  const cut = CUT.test(text);

  const mocha = /^\s+\d+ passing \(\d/m.test(text);
  const spec = /^\s*(?:▶ |ℹ (?:tests|pass|fail) \d)/m.test(text);

  const setFile = (file: string, outcome: 'passed' | 'failed') => {
    if (files.get(file) !== 'failed') files.set(file, outcome);
  };
  const add = (e: Entry) => merge(entries, e);

  // Jest: the file of the last PASS/FAIL heading, its verbose tree until a blank line.
  let jestFile: string | undefined;
  let jestTree = false;
  let jestStack: Open[] = [];
  // Vitest default tree: tests under the last file line, without suite titles.
  let vitestFile: string | undefined;
  // Mocha: tree until the "passing" summary, then the numbered failure list.
  let mochaList = false;
  let mochaStack: Open[] = [];
  // node:test spec: open `▶` suites; the `✖ failing tests:` repeat list.
  let specStack: Open[] = [];
  let failingList = false;
  let failingListFile: string | undefined;
  // TAP: open `# Subtest:` entries.
  const tapStack: Open[] = [];

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const indent = /^\s*/.exec(line)![0].length;

    if (CUT.test(line)) continue;

    const summary = SUMMARIES.find((s) => s.re.test(line));
    if (summary) {
      const [p, f] = summary.read(summary.re.exec(line)!);
      if (p !== undefined) passed = (passed ?? 0) + p;
      if (f !== undefined) failed = (failed ?? 0) + f;
      if (mocha && /^\s+\d+ passing \(/.test(line)) mochaList = true;
      continue;
    }

    // node:test's list of failures after the summary: repeats, never new names.
    if (/^✖ failing tests:$/.test(line)) {
      failingList = true;
      continue;
    }
    if (failingList) {
      const at = /^test at (.+?):\d+:\d+$/.exec(line);
      if (at) {
        failingListFile = at[1];
        continue;
      }
      const repeat = new RegExp(String.raw`^✖ (.+?)${DURATION}$`).exec(line);
      if (repeat) {
        const file = failingListFile;
        const known = entries.find((e) => e.title === repeat[1] && e.outcome === 'failed');
        if (known && known.file === undefined && file !== undefined) known.file = file;
        continue;
      }
      if (line === '' || indent > 0) continue;
      failingList = false;
    }

    // TAP (node:test's default on Node 20 without a TTY, and --test-reporter=tap).
    const subtest = /^(\s*)# Subtest: (.*)$/.exec(line);
    if (subtest) {
      const at = subtest[1]!.length;
      while (tapStack.length > 0 && tapStack.at(-1)!.indent >= at) tapStack.pop();
      if (tapStack.length > 0) tapStack.at(-1)!.hasChildren = true;
      tapStack.push({ indent: at, title: unescapeTap(subtest[2]!), hasChildren: false });
      continue;
    }
    const tap = /^(\s*)(not )?ok \d+(?: -)?(?: (.*?))?(?:\s+#\s*(SKIP|TODO)\b.*)?$/i.exec(line);
    if (tap) {
      const at = tap[1]!.length;
      const title = unescapeTap(tap[3] ?? '');
      while (tapStack.length > 0 && tapStack.at(-1)!.indent > at) tapStack.pop();
      const own = tapStack.at(-1)?.indent === at ? tapStack.pop() : undefined;
      const { yaml, end } = tapYaml(lines, i);
      i = end;
      if (own?.hasChildren || /^\s*type: 'suite'$/m.test(yaml)) continue;
      const outcome: TestOutcome = tap[4] ? 'skipped' : tap[2] ? 'failed' : 'passed';
      if (tapStack.length === 0 && looksLikeFile(title)) {
        if (outcome === 'failed') setFile(title, 'failed');
        continue;
      }
      const location = /^\s*location: '(.+?):\d+:\d+'$/m.exec(yaml)?.[1];
      add({
        file: location,
        suites: tapStack.map((s) => s.title),
        suitesKnown: true,
        title,
        outcome,
        style: 'tap',
      });
      continue;
    }

    // Jest file heading.
    const jestHead = /^ ?(PASS|FAIL) {1,2}(\S+)(?: \([\d.]+ m?s\))?$/.exec(line);
    if (jestHead) {
      jestFile = jestHead[2]!;
      setFile(jestFile, jestHead[1] === 'PASS' ? 'passed' : 'failed');
      jestTree = true;
      jestStack = [];
      continue;
    }
    if (jestTree) {
      if (line.trim() === '') {
        jestTree = false;
        continue;
      }
      // Jest 29 prints `(3 ms)`, Jest 24 and older `(3ms)`.
      const t = new RegExp(
        String.raw`^(\s+)(✓|✕|○|✎|√|×)\s+(?:skipped |todo )?(.+?)${DURATION}$`,
      ).exec(line);
      if (t) {
        const at = t[1]!.length;
        add({
          file: jestFile,
          suites: jestStack.filter((s) => s.indent < at).map((s) => s.title),
          suitesKnown: true,
          title: t[3]!,
          outcome:
            t[2] === '✓' || t[2] === '√'
              ? 'passed'
              : t[2] === '✕' || t[2] === '×'
                ? 'failed'
                : 'skipped',
          style: 'jest',
        });
        continue;
      }
      if (indent > 0 && !line.trim().startsWith('●')) {
        jestStack = jestStack.filter((s) => s.indent < indent);
        jestStack.push({ indent, title: line.trim(), hasChildren: true });
        continue;
      }
      jestTree = false;
    }
    const bullet = /^ {2}● (.+)$/.exec(line);
    if (bullet && jestFile !== undefined) {
      const heading = bullet[1]!.trim();
      if (JEST_NOT_TESTS.test(heading)) continue;
      const parts = heading.split(' › ');
      add({
        file: jestFile,
        suites: parts.slice(0, -1),
        suitesKnown: true,
        title: parts.at(-1)!,
        outcome: 'failed',
        style: 'jest',
      });
      continue;
    }

    // Vitest.
    const vitestFileLine = /^ (✓|❯|×) (\S+) \((\d+) tests?(?: \|[^)]*)?\)(?: \d+m?s)?$/.exec(line);
    if (vitestFileLine) {
      vitestFile = vitestFileLine[2]!;
      setFile(vitestFile, vitestFileLine[1] === '✓' ? 'passed' : 'failed');
      continue;
    }
    const vitestFail = /^ FAIL {2}(\S+) (?:> (.+)|\[ .* \])$/.exec(line);
    if (vitestFail) {
      if (vitestFail[2] === undefined) {
        setFile(vitestFail[1]!, 'failed');
      } else {
        const parts = vitestFail[2].split(' > ');
        add({
          file: vitestFail[1],
          suites: parts.slice(0, -1),
          suitesKnown: true,
          title: parts.at(-1)!,
          outcome: 'failed',
          style: 'vitest',
        });
      }
      continue;
    }
    const vitestVerbose = /^ (✓|×|↓) (\S+) > (.+?)(?: \d+m?s)?$/.exec(line);
    if (vitestVerbose) {
      const parts = vitestVerbose[3]!.split(' > ');
      add({
        file: vitestVerbose[2],
        suites: parts.slice(0, -1),
        suitesKnown: true,
        title: parts.at(-1)!,
        outcome: vitestOutcome(vitestVerbose[1]!),
        style: 'vitest',
      });
      continue;
    }
    if (vitestFile !== undefined) {
      const t = /^ {3,}(✓|×|↓) (.+?)(?: \d+m?s)?$/.exec(line);
      if (t) {
        add({
          file: vitestFile,
          suites: [],
          suitesKnown: false,
          title: t[2]!,
          outcome: vitestOutcome(t[1]!),
          style: 'vitest',
        });
        continue;
      }
      if (!/^ {3,}/.test(line)) vitestFile = undefined;
    }

    // Mocha spec reporter.
    // Mocha stops the run on a file it cannot load.
    const mochaLoad = /^\s*Exception during run: (.+?)(?::\d+)*$/.exec(line);
    if (mochaLoad) {
      setFile(mochaLoad[1]!, 'failed');
      continue;
    }
    if (mocha && !mochaList) {
      const t = /^(\s+)(?:(✔|✓|√)|(\d+)\)|(-)) (.+?)(?: \(\d+ms\))?$/.exec(line);
      if (t) {
        const at = t[1]!.length;
        add({
          suites: mochaStack.filter((s) => s.indent < at).map((s) => s.title),
          suitesKnown: true,
          title: t[5]!,
          outcome: t[2] ? 'passed' : t[3] ? 'failed' : 'skipped',
          style: 'mocha',
        });
        continue;
      }
      if (indent >= 2 && line.trim() !== '') {
        mochaStack = mochaStack.filter((s) => s.indent < indent);
        mochaStack.push({ indent, title: line.trim(), hasChildren: true });
      }
      continue;
    }
    // Mocha's failure list, also when the output was cut before the summary (or split by file).
    const first = /^(\s{1,4})\d+\) (.+)$/.exec(line);
    if (first && (mochaList || !mocha)) {
      // "  1) suite\n       sub\n         title:" — one title part a line, the last ends in ':'.
      const parts = [first[2]!];
      let j = i;
      while (!parts.at(-1)!.endsWith(':') && j + 1 < lines.length) {
        const next = lines[j + 1] ?? '';
        if (next.trim() === '' || /^\s*\d+\) /.test(next)) break;
        parts.push(next.trim());
        j++;
      }
      if (parts.at(-1)!.endsWith(':')) {
        i = j;
        parts[parts.length - 1] = parts.at(-1)!.slice(0, -1);
        add({
          suites: parts.slice(0, -1),
          suitesKnown: true,
          title: parts.at(-1)!,
          outcome: 'failed',
          style: 'mocha',
        });
      } else if (!mocha) {
        add({
          suites: [],
          suitesKnown: false,
          title: first[2]!,
          outcome: 'failed',
          style: 'mocha',
        });
      }
      continue;
    }
    if (mocha) continue;

    // node:test spec reporter.
    if (spec) {
      const open = /^(\s*)▶ (.+?)(\s+\([\d.]+m?s\))?$/.exec(line);
      if (open) {
        const at = open[1]!.length;
        specStack = specStack.filter((s) => s.indent < at);
        if (!open[3]) specStack.push({ indent: at, title: open[2]!, hasChildren: true });
        continue;
      }
      const t = new RegExp(
        String.raw`^(\s*)(✔|✖|﹣|⚠|√|×) (.+?)${DURATION}(?:\s+#\s*(SKIP|TODO)\b.*)?$`,
      ).exec(line);
      if (t) {
        const at = t[1]!.length;
        const title = t[3]!;
        const top = specStack.at(-1);
        if (top && top.indent === at && top.title === title) {
          specStack.pop();
          continue;
        }
        specStack = specStack.filter((s) => s.indent < at);
        const outcome: TestOutcome =
          t[4] || t[2] === '﹣' || t[2] === '⚠'
            ? 'skipped'
            : t[2] === '✖' || t[2] === '×'
              ? 'failed'
              : 'passed';
        if (specStack.length === 0 && looksLikeFile(title)) {
          if (outcome === 'failed') setFile(title, 'failed');
          continue;
        }
        add({
          suites: specStack.map((s) => s.title),
          suitesKnown: true,
          title,
          outcome,
          style: 'tap',
        });
        continue;
      }
    }

    // Lines that name a test on their own.
    const plain = PLAIN.find((p) => p.re.test(line));
    if (plain) {
      const id = plain.re.exec(line)![1]!;
      const parts = plain.pytest ? id.split('::') : [id];
      add({
        file: plain.pytest ? parts[0] : undefined,
        suites: plain.pytest ? parts.slice(1, -1) : [],
        suitesKnown: true,
        title: parts.at(-1)!,
        outcome: plain.outcome,
        style: 'plain',
        printed: id,
      });
      continue;
    }
    const marked = new RegExp(String.raw`^\s*(✕|×|✗|✖|✓|✔|√)\s+(.+?)${DURATION}$`).exec(line);
    if (marked && !/:$/.test(marked[2]!)) {
      add({
        suites: [],
        suitesKnown: true,
        title: marked[2]!,
        outcome: '✓✔√'.includes(marked[1]!) ? 'passed' : 'failed',
        style: 'plain',
      });
    }
  }

  return {
    tests: entries.map(toTest),
    files: [...files].map(([file, outcome]) => ({ file, outcome })),
    summary: {
      ...(passed !== undefined ? { passed } : {}),
      ...(failed !== undefined ? { failed } : {}),
    },
    cut,
  };
}

function vitestOutcome(mark: string): TestOutcome {
  return mark === '✓' ? 'passed' : mark === '×' ? 'failed' : 'skipped';
}

/** A title that is a script's path: node:test names a file that failed to load after it. */
function looksLikeFile(title: string): boolean {
  return /[/\\]/.test(title) && SCRIPT_FILE.test(title) && !/\s/.test(title);
}

function unescapeTap(title: string): string {
  return title.replace(/\\#/g, '#').replace(/\\\\/g, '\\');
}

/** The YAML block after a TAP result line (`  ---` … `  ...`), and the index of its last line. */
function tapYaml(lines: readonly string[], at: number): { yaml: string; end: number } {
  if (!/^\s*---\s*$/.test(lines[at + 1] ?? '')) return { yaml: '', end: at };
  let j = at + 2;
  while (j < lines.length && !/^\s*\.\.\.\s*$/.test(lines[j] ?? '')) j++;
  return { yaml: lines.slice(at + 2, j).join('\n'), end: Math.min(j, lines.length - 1) };
}

const RANK: Record<TestOutcome, number> = { failed: 2, passed: 1, skipped: 0 };

/** Adds `e`, or merges it into the entry for the same test (failed wins; known suites and file win). */
function merge(entries: Entry[], e: Entry): void {
  const same = entries.find(
    (o) =>
      o.title === e.title &&
      o.style === e.style &&
      (o.file === undefined || e.file === undefined || o.file === e.file) &&
      (!o.suitesKnown || !e.suitesKnown
        ? true
        : o.suites.length === e.suites.length && o.suites.every((s, k) => s === e.suites[k])),
  );
  if (!same) {
    entries.push(e);
    return;
  }
  if (RANK[e.outcome] > RANK[same.outcome]) same.outcome = e.outcome;
  if (same.file === undefined) same.file = e.file;
  if (!same.suitesKnown && e.suitesKnown) {
    same.suites = e.suites;
    same.suitesKnown = true;
  }
}

function toTest(e: Entry): ReportedTest {
  const separator = SEPARATOR[e.style];
  const name = e.printed ?? (separator === '' ? e.title : [...e.suites, e.title].join(separator));
  return {
    ...(e.file !== undefined ? { file: e.file } : {}),
    suites: e.suites,
    title: e.title,
    outcome: e.outcome,
    name,
  };
}
