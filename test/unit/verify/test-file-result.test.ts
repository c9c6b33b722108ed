import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { testFileResult } from '../../../src/verify/test-file-result.js';

// node --test (Node 20, TAP reporter when piped): an assertion failure in one file, a load error in another.
const NODE_TAP = `TAP version 13
# Subtest: 10% off 200.00 is 180.00
not ok 1 - 10% off 200.00 is 180.00
  ---
  duration_ms: 5.2
  location: '/w/repo/test/discount.test.js:5:1'
  failureType: 'testCodeFailure'
  error: |-
    Expected values to be strictly equal:

    19990 !== 18000

  code: 'ERR_ASSERTION'
  name: 'AssertionError'
  ...
# Subtest: 0% off changes nothing
ok 2 - 0% off changes nothing
  ---
  duration_ms: 0.4
  ...
# file:///w/repo/test/new-repro.test.js:3
# import { applyDiscounts } from '../src/discount.js';
#          ^^^^^^^^^^^^^^
# SyntaxError: The requested module '../src/discount.js' does not provide an export named 'applyDiscounts'
#     at ModuleJob._instantiate (node:internal/modules/esm/module_job:213:21)
# Node.js v20.20.2
# Subtest: /w/repo/test/new-repro.test.js
not ok 3 - /w/repo/test/new-repro.test.js
  ---
  duration_ms: 201.1
  location: '/w/repo/test/new-repro.test.js:1:1'
  failureType: 'testCodeFailure'
  exitCode: 1
  error: 'test failed'
  code: 'ERR_TEST_FAILURE'
  ...
# Subtest: ticket 1: charges 180.00
not ok 4 - ticket 1: charges 180.00
  ---
  duration_ms: 1.1
  location: '/w/repo/test/other-repro.test.js:5:1'
  failureType: 'testCodeFailure'
  error: |-
    Expected values to be strictly equal:

    19990 !== 18000

  code: 'ERR_ASSERTION'
  name: 'AssertionError'
  ...
# Subtest: ticket 1: throws
not ok 5 - ticket 1: throws
  ---
  duration_ms: 1.1
  location: '/w/repo/test/throws.test.js:5:1'
  failureType: 'testCodeFailure'
  error: 'percent must be between 0 and 100'
  code: 'ERR_OUT_OF_RANGE'
  name: 'RangeError'
  ...
1..5
# tests 5
# pass 1
# fail 4
`;

const JEST = `PASS test/tax.test.js
FAIL test/discount.repro.test.js
  ● discount › 10% off 200.00 is 180.00

    expect(received).toBe(expected) // Object.is equality

    Expected: 18000
    Received: 19990

      4 | test('10% off 200.00 is 180.00', () => {
    > 5 |   expect(applyDiscount(20000, 10)).toBe(18000);

FAIL test/broken.test.js
  ● Test suite failed to run

    Cannot find module '../src/discounts' from 'test/broken.test.js'

Tests:       1 failed, 3 passed, 4 total
`;

const PYTEST = `============================= test session starts ==============================
collected 3 items / 1 error

==================================== ERRORS ====================================
_________________ ERROR collecting tests/test_broken.py _________________
ImportError while importing test module '/w/repo/tests/test_broken.py'.
E   ImportError: cannot import name 'apply_discounts' from 'shop.discount'
=================================== FAILURES ===================================
_____________________________ test_ten_percent _____________________________

    def test_ten_percent():
>       assert apply_discount(20000, 10) == 18000
E       assert 19990 == 18000

tests/test_repro.py:5: AssertionError
=========================== short test summary info ============================
FAILED tests/test_repro.py::test_ten_percent - assert 19990 == 18000
`;

describe('testFileResult: what a run says about one test file', () => {
  it('node:test: an assertion failure is an assertion', () => {
    const r = testFileResult(NODE_TAP, 'test/other-repro.test.js');
    expect(r).toMatchObject({ status: 'failed', kind: 'assertion' });
    expect(r.status === 'failed' && r.tests).toEqual(['ticket 1: charges 180.00']);
    expect(r.status === 'failed' && r.line).toBe(
      'Expected values to be strictly equal: 19990 !== 18000',
    );
  });

  it('node:test: a missing export is a load error, even next to an assertion failure of another file', () => {
    const r = testFileResult(NODE_TAP, 'test/new-repro.test.js');
    expect(r).toMatchObject({ status: 'failed', kind: 'load-error' });
    expect(r.status === 'failed' && r.line).toContain(
      "does not provide an export named 'applyDiscounts'",
    );
  });

  it('an uncaught exception without an assertion is not shown as an assertion failure', () => {
    expect(testFileResult(NODE_TAP, 'test/throws.test.js')).toMatchObject({
      status: 'failed',
      kind: 'not-shown',
    });
  });

  it('node:test: a passing test is found by the names known for the file', () => {
    expect(testFileResult(NODE_TAP, 'test/zero.test.js', ['0% off changes nothing'])).toMatchObject(
      {
        status: 'passed',
      },
    );
  });

  it('a file the output never mentions is absent', () => {
    expect(testFileResult(NODE_TAP, 'test/elsewhere.test.js')).toEqual({ status: 'absent' });
  });

  it('Jest: expect(received) is an assertion; "Test suite failed to run" is a load error', () => {
    expect(testFileResult(JEST, 'test/discount.repro.test.js')).toMatchObject({
      status: 'failed',
      kind: 'assertion',
    });
    expect(testFileResult(JEST, 'test/broken.test.js')).toMatchObject({
      status: 'failed',
      kind: 'load-error',
    });
    expect(testFileResult(JEST, 'test/tax.test.js')).toMatchObject({ status: 'passed' });
  });

  it('pytest: a rewritten assert is an assertion; an import error while collecting is a load error', () => {
    expect(testFileResult(PYTEST, 'tests/test_repro.py')).toMatchObject({
      status: 'failed',
      kind: 'assertion',
    });
    expect(testFileResult(PYTEST, 'tests/test_broken.py')).toMatchObject({
      status: 'failed',
      kind: 'load-error',
    });
  });

  it('Mocha: a failing test of the file, found by its stack line in the failure list', () => {
    const output = readFileSync(
      new URL('../../fixtures/runner-output/mocha-10.8.2-default.txt', import.meta.url),
      'utf8',
    );
    const r = testFileResult(output, 'test/cart.test.js');
    expect(r).toMatchObject({ status: 'failed', kind: 'assertion' });
    expect(r.status === 'failed' && r.tests).toEqual(['cart total applies the discount']);
  });
});
