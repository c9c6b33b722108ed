import { describe, expect, it } from '@jest/globals';
import { matchOutcome, matchTestName, sameFile } from '../../../src/backtest/test-names.js';
import type { ReportedTest, TestReport } from '../../../src/verify/test-report.js';

const t = (
  name: string,
  over: Partial<ReportedTest> & Pick<ReportedTest, 'title'>,
): ReportedTest => ({ suites: [], outcome: 'passed', name, ...over });

const report: TestReport = {
  tests: [
    t('Card › renders the title', {
      file: 'tests/card.test.js',
      suites: ['Card'],
      title: 'renders the title',
    }),
    t('Card › hides the rank', {
      file: 'tests/card.test.js',
      suites: ['Card'],
      title: 'hides the rank',
      outcome: 'failed',
    }),
    t('app .render() caching should cache', {
      suites: ['app', '.render()', 'caching'],
      title: 'should cache',
    }),
    t('tests/test_cart.py::TestCart::test_total', {
      file: 'tests/test_cart.py',
      suites: ['TestCart'],
      title: 'test_total',
    }),
    t('utils > parses', { suites: ['utils'], title: 'parses', outcome: 'skipped' }),
  ],
  files: [
    { file: 'tests/card.test.js', outcome: 'failed' },
    { file: 'packages/core/test/money.test.js', outcome: 'passed' },
  ],
  summary: {},
  cut: false,
};
const outcome = (entry: string) => matchOutcome(matchTestName(entry, report));

describe('matchTestName: the forms datasets use', () => {
  it('file:title (Multi-SWE-bench) finds the test in that file by its leaf or full title', () => {
    expect(outcome('tests/card.test.js:renders the title')).toBe('passed');
    expect(outcome('tests/card.test.js:Card › renders the title')).toBe('passed');
    expect(outcome('tests/card.test.js:hides the rank')).toBe('failed');
    expect(outcome('tests/other.test.js:renders the title')).toBe('absent');
  });

  it('a file alone is every test of it, or the runner’s line for it, found from a folder above', () => {
    expect(outcome('tests/card.test.js')).toBe('failed');
    expect(outcome('test/money.test.js')).toBe('passed');
    expect(outcome('money.test.js')).toBe('passed');
    expect(outcome('test/absent.test.js')).toBe('absent');
    // A title in a file printed only as passing: the file speaks for it.
    expect(outcome('test/money.test.js:adds cents')).toBe('passed');
  });

  it('full titles with any separator, leaf titles, and pytest node ids', () => {
    expect(outcome('app .render() caching should cache')).toBe('passed');
    expect(outcome('Card › hides the rank')).toBe('failed');
    expect(outcome('Card > renders the title')).toBe('passed');
    expect(outcome('should cache')).toBe('passed');
    expect(outcome('tests/test_cart.py::TestCart::test_total')).toBe('passed');
    expect(outcome('cart.py::TestCart::test_total')).toBe('absent');
  });

  it('a skipped test is not shown to pass', () => {
    expect(outcome('utils parses')).toBe('absent');
    expect(outcome('')).toBe('absent');
  });

  it('compares paths from different roots', () => {
    expect(sameFile('./test/a.test.js', 'test/a.test.js')).toBe(true);
    expect(sameFile('/abs/repo/test/a.test.js', 'test/a.test.js')).toBe(true);
    expect(sameFile('test\\a.test.js', 'test/a.test.js')).toBe(true);
    expect(sameFile('best/a.test.js', 'test/a.test.js')).toBe(false);
  });
});
