import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  readTestReport,
  type ReportedFile,
  type ReportedTest,
  type TestOutcome,
} from '../../../src/verify/test-report.js';

/** What a real runner printed (see test/fixtures/runner-output/README.md). */
function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/runner-output/${name}.txt`, import.meta.url), 'utf8');
}

const CART = 'test/cart.test.js';
const TAX = 'test/tax.test.js';
const MONEY = 'test/money.test.js';
const BROKEN = 'test/broken.test.js';

type Style = 'jest' | 'vitest' | 'mocha' | 'tap';
const SEPARATOR: Record<Style, string> = { jest: ' › ', vitest: ' > ', mocha: ' ', tap: '' };

function t(
  style: Style,
  outcome: TestOutcome,
  suites: string[],
  title: string,
  file?: string,
): ReportedTest {
  const sep = SEPARATOR[style];
  return {
    ...(file !== undefined ? { file } : {}),
    suites,
    title,
    outcome,
    name: sep === '' ? title : [...suites, title].join(sep),
  };
}

/** The sample's five tests, in the order the runners print them. */
function sample(style: Style, files: { cart?: string; tax?: string; failedOnly?: string[] } = {}) {
  const all = [
    t(style, 'passed', ['cart', 'total'], 'adds line prices', files.cart),
    t(
      style,
      'failed',
      ['cart', 'total'],
      'applies the discount',
      files.failedOnly?.[0] ?? files.cart,
    ),
    t(style, 'skipped', ['cart', 'total'], 'rounds half up', files.cart),
    t(style, 'passed', ['tax'], 'is zero on an empty cart', files.tax),
    t(
      style,
      'failed',
      ['tax', 'rates'],
      'uses the reduced rate for books',
      files.failedOnly?.[1] ?? files.tax,
    ),
  ];
  return all;
}
const failedOf = (tests: ReportedTest[]) => tests.filter((x) => x.outcome === 'failed');

const file = (f: string, outcome: 'passed' | 'failed'): ReportedFile => ({ file: f, outcome });
const BOTH_FAILED = [file(CART, 'failed'), file(TAX, 'failed')];
const SUMMARY = { passed: 2, failed: 2 };

describe.each(['24.9.0', '29.7.0', '30.5.2'])('Jest %s', (version) => {
  const read = (variant: string) => readTestReport(fixture(`jest-${version}-${variant}`));
  const jest = sample('jest', { cart: CART, tax: TAX });

  it('default: only the failing tests, by their ● headings; never "Console"; PASS/FAIL lines are files', () => {
    expect(read('default')).toEqual({
      tests: failedOf(jest),
      files: BOTH_FAILED,
      summary: SUMMARY,
      cut: false,
    });
  });

  it('a file whose tests all pass is named only on its PASS line', () => {
    expect(read('passing-file')).toEqual({
      tests: failedOf(jest),
      files: [...BOTH_FAILED, file(MONEY, 'passed')],
      summary: { passed: 3, failed: 2 },
      cut: false,
    });
  });

  it('verbose: the tree gives suites and outcomes; ✕ and ● of one test are one entry', () => {
    expect(read('verbose')).toEqual({
      tests: jest,
      files: BOTH_FAILED,
      summary: SUMMARY,
      cut: false,
    });
  });

  it('a single file is verbose by itself; its console block comes before the heading', () => {
    expect(read('single')).toEqual({
      tests: jest.slice(0, 3),
      files: [file(CART, 'failed')],
      summary: { passed: 1, failed: 1 },
      cut: false,
    });
  });

  it('"Test suite failed to run" marks its file failed and is not a test', () => {
    expect(read('load-error')).toEqual({
      tests: failedOf(jest),
      files: [...BOTH_FAILED, file(BROKEN, 'failed')],
      summary: SUMMARY,
      cut: false,
    });
  });
});

describe('Vitest 4.1.12', () => {
  const read = (variant: string) => readTestReport(fixture(`vitest-4.1.12-${variant}`));
  const vitest = sample('vitest', { cart: CART, tax: TAX });
  // The default tree prints titles without their suites; only a FAIL heading names them.
  const tree = vitest.map((x) =>
    x.outcome === 'failed' ? x : { ...x, suites: [], name: x.title },
  );

  it('default: file lines, the tree, FAIL headings merged into the tree entries', () => {
    expect(read('default')).toEqual({
      tests: tree,
      files: BOTH_FAILED,
      summary: SUMMARY,
      cut: false,
    });
  });

  it('a passing file is a file line', () => {
    expect(read('passing-file')).toEqual({
      tests: tree,
      files: [...BOTH_FAILED, file(MONEY, 'passed')],
      summary: { passed: 3, failed: 2 },
      cut: false,
    });
  });

  it('verbose: every test with its file and suites', () => {
    expect(read('verbose')).toEqual({ tests: vitest, files: [], summary: SUMMARY, cut: false });
  });

  it('a failed suite is a failed file', () => {
    expect(read('load-error')).toEqual({
      tests: tree,
      files: [...BOTH_FAILED, file(BROKEN, 'failed')],
      summary: SUMMARY,
      cut: false,
    });
  });
});

describe.each(['10.8.2', '11.8.0'])('Mocha %s', (version) => {
  const read = (variant: string) => readTestReport(fixture(`mocha-${version}-${variant}`));

  it('spec: suites from indentation, the numbered failure list over several lines is the same tests', () => {
    expect(read('default')).toEqual({
      tests: sample('mocha'),
      files: [],
      summary: SUMMARY,
      cut: false,
    });
  });

  it('a file that fails to load stops the run and is a failed file', () => {
    expect(read('load-error')).toEqual({
      tests: [],
      files: [file(`/tmp/ticket-to-pr-runner-output/mocha-${version}/${BROKEN}`, 'failed')],
      summary: {},
      cut: false,
    });
  });
});

describe.each([
  ['20.20.2', 'tap'],
  ['24.21.0', 'spec'],
])('node:test on Node %s (default reporter: %s)', (version, defaultReporter) => {
  const read = (variant: string) => readTestReport(fixture(`node-test-${version}-${variant}`));
  const root = `/tmp/ticket-to-pr-runner-output/node-test-${version}/`;
  // TAP names a failing test's file in its YAML location; spec in its "failing tests" list.
  const tap = sample('tap', { failedOnly: [root + CART, root + TAX] });
  const spec = sample('tap', { failedOnly: [CART, TAX] });
  const byDefault = defaultReporter === 'tap' ? tap : spec;

  it('TAP: leaf subtests are tests, their parents suites', () => {
    expect(read('tap')).toEqual({ tests: tap, files: [], summary: SUMMARY, cut: false });
  });

  it('spec: suite lines and their closing lines are not tests; "failing tests:" repeats, never adds', () => {
    expect(read('spec')).toEqual({ tests: spec, files: [], summary: SUMMARY, cut: false });
  });

  it(`default (${defaultReporter})`, () => {
    expect(read('default')).toEqual({ tests: byDefault, files: [], summary: SUMMARY, cut: false });
  });

  it('a file that fails to load is a failed file, not a test', () => {
    const broken = defaultReporter === 'tap' ? root + BROKEN : BROKEN;
    expect(read('load-error')).toEqual({
      tests: byDefault,
      files: [file(broken, 'failed')],
      summary: { passed: 2, failed: 3 },
      cut: false,
    });
  });
});

describe('line formats of other runners', () => {
  it('pytest: node ids, file and class', () => {
    const r = readTestReport(
      [
        'tests/test_cart.py::TestCart::test_total PASSED                   [ 50%]',
        'tests/test_cart.py::test_empty FAILED                             [100%]',
        '=========================== short test summary info ============================',
        'FAILED tests/test_cart.py::test_empty - assert 3 == 4',
        '========================= 1 failed, 1 passed in 0.12s =========================',
      ].join('\n'),
    );
    expect(r.tests).toEqual([
      {
        file: 'tests/test_cart.py',
        suites: ['TestCart'],
        title: 'test_total',
        outcome: 'passed',
        name: 'tests/test_cart.py::TestCart::test_total',
      },
      {
        file: 'tests/test_cart.py',
        suites: [],
        title: 'test_empty',
        outcome: 'failed',
        name: 'tests/test_cart.py::test_empty',
      },
    ]);
    expect(r.summary).toEqual({ passed: 1, failed: 1 });
  });

  it('go, cargo, dotnet and maven result lines', () => {
    const r = readTestReport(
      [
        '--- FAIL: TestTotal (0.00s)',
        '--- PASS: TestEmpty (0.00s)',
        'test cart::adds ... ok',
        'test cart::rounds ... FAILED',
        'test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out',
        '  Failed Shop.Tests.CartTests.Total [12 ms]',
        '  Passed Shop.Tests.CartTests.Empty [1 ms]',
        '[ERROR]   testTotal(com.shop.CartTest)  Time elapsed: 0.01 s  <<< FAILURE!',
      ].join('\n'),
    );
    expect(r.tests.map((x) => [x.name, x.outcome])).toEqual([
      ['TestTotal', 'failed'],
      ['TestEmpty', 'passed'],
      ['cart::adds', 'passed'],
      ['cart::rounds', 'failed'],
      ['Shop.Tests.CartTests.Total', 'failed'],
      ['Shop.Tests.CartTests.Empty', 'passed'],
      ['testTotal(com.shop.CartTest)', 'failed'],
    ]);
    expect(r.summary).toEqual({ passed: 1, failed: 1 });
  });

  it('sums the summaries of several runs and sees the cut marker', () => {
    const output = `${fixture('jest-30.5.2-default')}\n… [1200 characters cut; first and last 4000 kept] …\n${fixture('jest-29.7.0-passing-file')}`;
    const r = readTestReport(output);
    expect(r.summary).toEqual({ passed: 5, failed: 4 });
    expect(r.cut).toBe(true);
  });
});

/** The end of an output from the line that contains `from`, as a cut in the middle leaves it. */
function tail(text: string, from: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes(from));
  return ['… [5000 characters cut; first and last 8000 kept] …', ...lines.slice(at)].join('\n');
}

describe('what is left when the middle of an output is cut', () => {
  it("Mocha: the failure list alone gives each failing test's full title", () => {
    const r = readTestReport(tail(fixture('mocha-10.8.2-default'), 'passing ('));
    expect(r.tests).toEqual(failedOf(sample('mocha')));
    expect(r.cut).toBe(true);
  });

  it('Mocha: the failure list without the summary (a part testFileResult split off) still reads', () => {
    const text = fixture('mocha-11.8.0-default');
    const list = text.slice(text.indexOf('  1) cart\n'));
    expect(readTestReport(list).tests).toEqual(failedOf(sample('mocha')));
  });

  it("Vitest: a failed suite's heading alone makes its file failed", () => {
    const r = readTestReport(tail(fixture('vitest-4.1.12-load-error'), 'Failed Suites'));
    expect(r.files).toEqual([file(BROKEN, 'failed')]);
    expect(r.tests).toEqual(failedOf(sample('vitest', { cart: CART, tax: TAX })));
  });
});

describe('a test reported twice', () => {
  it('failed wins: a flaky test that passed in one run and failed in the next is failed', () => {
    const first = fixture('jest-30.5.2-verbose');
    const second = first.replace('✓ adds line prices', '✕ adds line prices');
    expect(second).not.toBe(first);
    const added = (text: string) =>
      readTestReport(text).tests.find((x) => x.title === 'adds line prices')?.outcome;
    expect(added(`${first}\n${second}`)).toBe('failed');
    expect(added(`${second}\n${first}`)).toBe('failed');
  });
});
