import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parseTestResults, TestResultsFormatError } from '../../../src/verify/junit-report.js';
import type { ReportedTest } from '../../../src/verify/test-report.js';

/** A results file a real runner wrote (see test/fixtures/runner-output/README.md). */
function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/runner-output/${name}.xml`, import.meta.url), 'utf8');
}

/** The sample ran in $TMPDIR/ticket-to-pr-runner-output/<runner>-<version>/: that is its root. */
const toRepoPath = (file: string) =>
  /ticket-to-pr-runner-output\/[^/]+\/(.+)$/.exec(file)?.[1] ??
  (file.startsWith('/') ? undefined : file);

function read(name: string): ReportedTest[] {
  return parseTestResults(fixture(name), toRepoPath);
}

const outcomes = (tests: readonly ReportedTest[]) => tests.map((t) => [t.name, t.outcome, t.file]);

describe('parseTestResults on what the runners wrote', () => {
  it.each(['node-test-20.20.2', 'node-test-24.21.0'])(
    'node:test %s junit reporter: names, suites, outcomes, the whole assertion message',
    (id) => {
      const tests = read(`${id}-junit`);
      const node24 = id.startsWith('node-test-24');
      const cart = node24 ? 'test/cart.test.js' : undefined;
      const tax = node24 ? 'test/tax.test.js' : undefined;
      expect(outcomes(tests)).toEqual([
        [
          node24
            ? 'test/broken.test.js'
            : '/tmp/ticket-to-pr-runner-output/node-test-20.20.2/test/broken.test.js',
          'failed',
          'test/broken.test.js',
        ],
        ['adds line prices', 'passed', cart],
        ['applies the discount', 'failed', cart],
        ['rounds half up', 'skipped', cart],
        ['is zero on an empty cart', 'passed', tax],
        ['uses the reduced rate for books', 'failed', tax],
      ]);
      expect(tests[2]?.suites).toEqual(['cart', 'total']);
      // Node 20 drops the line breaks from the message attribute; the element's text keeps them.
      expect(tests[5]?.message).toBe(
        'Error [ERR_TEST_FAILURE]: Expected values to be strictly equal:\n\n0.2 !== 0.05',
      );
      expect(tests[2]?.message).toContain('+   total: 90\n-   total: 81');
    },
  );

  it('Vitest 4.1.12 junit reporter: the file from the classname, the file that failed to load', () => {
    const tests = read('vitest-4.1.12-junit');
    expect(outcomes(tests)).toEqual([
      ['test/broken.test.js', 'failed', 'test/broken.test.js'],
      ['cart > total > adds line prices', 'passed', 'test/cart.test.js'],
      ['cart > total > applies the discount', 'failed', 'test/cart.test.js'],
      ['cart > total > rounds half up', 'skipped', 'test/cart.test.js'],
      ['tax > is zero on an empty cart', 'passed', 'test/tax.test.js'],
      ['tax > rates > uses the reduced rate for books', 'failed', 'test/tax.test.js'],
    ]);
    expect(tests[5]?.message).toBe(
      'AssertionError: expected 0.2 to be 0.05 // Object.is equality\n\n- Expected\n+ Received\n\n- 0.05\n+ 0.2',
    );
  });

  it('jest-junit 17.0.0: failures written as bare text', () => {
    const tests = read('jest-junit-17.0.0-junit');
    expect(outcomes(tests)).toEqual([
      ['cart total adds line prices', 'passed', undefined],
      ['cart total applies the discount', 'failed', undefined],
      ['cart total rounds half up', 'skipped', undefined],
      ['tax is zero on an empty cart', 'passed', undefined],
      ['tax rates uses the reduced rate for books', 'failed', undefined],
    ]);
    expect(tests[4]?.message).toBe(
      'Error: expect(received).toBe(expected) // Object.is equality\n\nExpected: 0.05\nReceived: 0.2',
    );
  });

  it('mocha-junit-reporter 2.2.1: the file from the suite, "Root Suite" is no suite', () => {
    const tests = read('mocha-junit-reporter-2.2.1-junit');
    expect(outcomes(tests)).toEqual([
      ['cart total adds line prices', 'passed', 'test/cart.test.js'],
      ['cart total applies the discount', 'failed', 'test/cart.test.js'],
      ['tax is zero on an empty cart', 'passed', 'test/tax.test.js'],
      ['tax rates uses the reduced rate for books', 'failed', 'test/tax.test.js'],
    ]);
    expect(tests[3]?.message).toBe(
      'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n0.2 !== 0.05',
    );
  });

  it('pytest --junitxml: the "pytest" suite is no suite; the assertion kept', () => {
    const tests = read('pytest-9.0.3-junit');
    expect(tests.map((t) => [t.name, t.outcome])).toEqual([
      ['test_adds_line_prices', 'passed'],
      ['test_applies_the_discount', 'failed'],
      ['test_rounds_half_up', 'skipped'],
      ['test_is_zero_on_an_empty_cart', 'passed'],
      ['test_uses_the_reduced_rate_for_books', 'failed'],
    ]);
    expect(tests.every((t) => t.suites.length === 0)).toBe(true);
    expect(tests[4]?.message).toContain('E       assert 0.2 == 0.05');
  });
});

describe('parseTestResults on what an attacker writes', () => {
  it('refuses a DOCTYPE, so entities never expand (billion laughs)', () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<testsuite><testcase name="&lol2;"/></testsuite>`;
    expect(() => parseTestResults(bomb)).toThrow(TestResultsFormatError);
    expect(() => parseTestResults(bomb)).toThrow(/DOCTYPE/);
  });

  it('keeps an undeclared entity as written and decodes only the five XML names and character references', () => {
    const tests = parseTestResults(
      '<testsuite><testcase name="a &amp;lt; b &#169; &ext; &#x41;"/></testsuite>',
    );
    expect(tests[0]?.name).toBe('a &lt; b © &ext; A');
  });

  it('cuts long names, drops control characters, keeps Markdown as text', () => {
    const long = 'x'.repeat(2000);
    const tests = parseTestResults(
      `<testsuite><testcase name="${long}"/><testcase name="**bold** &lt;img src=x&gt;&#7;"/></testsuite>`,
    );
    expect(tests[0]?.name.length).toBe(500);
    expect(tests[1]?.name).toBe('**bold** <img src=x>');
  });

  it('refuses nesting deeper than the parser allows, as a format error', () => {
    const deep = '<testsuite name="a">'.repeat(5000) + '</testsuite>'.repeat(5000);
    expect(() => parseTestResults(deep)).toThrow(TestResultsFormatError);
  });

  it('says what it refuses: not XML, not a test report', () => {
    expect(() => parseTestResults('<testsuite><testcase')).toThrow(/not well-formed XML/);
    expect(() => parseTestResults('<html><body/></html>')).toThrow(/neither JUnit XML/);
  });

  it('a file outside the repository is not named', () => {
    const tests = parseTestResults(
      '<testsuite><testcase name="t" file="/etc/passwd"/></testsuite>',
      () => undefined,
    );
    expect(tests[0]?.file).toBeUndefined();
  });
});

describe('parseTestResults on TRX', () => {
  // Shaped after vstst.xsd (TestRun > Results > UnitTestResult, Output > ErrorInfo > Message);
  // dotnet is not installable here, so this one is not recorded from a run.
  it('reads testName, outcome and the error message', () => {
    const trx = `<?xml version="1.0" encoding="utf-8"?>
<TestRun id="1" name="run" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Results>
    <UnitTestResult testName="Cart.AddsLinePrices" outcome="Passed"/>
    <UnitTestResult testName="Tax.UsesTheReducedRate" outcome="Failed">
      <Output><ErrorInfo><Message>Assert.Equal() Failure
Expected: 0.05
Actual:   0.2</Message><StackTrace>at Tax.UsesTheReducedRate()</StackTrace></ErrorInfo></Output>
    </UnitTestResult>
    <UnitTestResult testName="Cart.RoundsHalfUp" outcome="NotExecuted"/>
  </Results>
</TestRun>`;
    const tests = parseTestResults(trx);
    expect(tests.map((t) => [t.name, t.outcome])).toEqual([
      ['Cart.AddsLinePrices', 'passed'],
      ['Tax.UsesTheReducedRate', 'failed'],
      ['Cart.RoundsHalfUp', 'skipped'],
    ]);
    expect(tests[1]?.message).toBe('Assert.Equal() Failure\nExpected: 0.05\nActual:   0.2');
  });
});
