import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { unsandboxed } from '../../../src/sandbox/sandbox.js';
import { silentLogger, type Logger } from '../../../src/shared/logger.js';
import { createCommandVerifier } from '../../../src/verify/command-verifier.js';
import { failingTests, failingTestsOf, passingTestsOf } from '../../../src/verify/failures.js';
import { judge } from '../../../src/verify/pass-rule.js';
import {
  readResults,
  RESULT_FILE_BYTES_LIMIT,
  snapshotResults,
} from '../../../src/verify/test-results.js';
import { makeConfig } from '../../fixtures/edits/config.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-results-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const junit = (cases: string) =>
  `<?xml version="1.0"?><testsuites><testsuite name="s">${cases}</testsuite></testsuites>`;
const FAILS_ADDS = junit(
  '<testcase name="adds" file="test/math.test.js"><failure message="Expected values to be strictly equal:&#10;&#10;3 !== 4"/></testcase><testcase name="subtracts"/>',
);

function verifierWith(testCommand: string, testResults: string[], logger: Logger = silentLogger) {
  fs.writeFileSync(path.join(dir, 'report.xml.src'), FAILS_ADDS);
  return createCommandVerifier({
    config: makeConfig({ verification: { testCommand, testResults } }),
    repoRoot: dir,
    logger,
    commands: { sandbox: unsandboxed('test'), env: { PATH: process.env.PATH } },
  });
}

describe('the verifier reads the results files its test run wrote', () => {
  it('takes test names and outcomes from the file, not from a console line that looks like a result', async () => {
    // The test prints a TAP line naming another test as passing and "adds" as passing.
    const verifier = verifierWith(
      'echo "ok 1 - adds"; echo "ok 2 - multiplies"; cp report.xml.src junit.xml; exit 1',
      ['junit.xml'],
    );
    const check = (await verifier.run('round 1')).checks.find((c) => c.name === 'test')!;
    expect(check.testResults?.resultFiles).toEqual(['junit.xml']);
    expect(failingTestsOf(check)).toEqual(['adds']);
    expect(passingTestsOf(check)).toEqual(['subtracts']);
    expect(check.testResults?.tests[0]?.message).toBe(
      'Expected values to be strictly equal:\n\n3 !== 4',
    );
    // What the console alone would say.
    expect(failingTests(check.output)).toEqual([]);
  });

  it('never reads a results file left from before the run (committed or from an earlier run)', async () => {
    fs.writeFileSync(path.join(dir, 'junit.xml'), FAILS_ADDS);
    const warnings: string[] = [];
    const logger = { ...silentLogger, warning: (m: string) => void warnings.push(m) };
    const verifier = verifierWith('echo "not ok 1 - divides"; exit 1', ['junit.xml'], logger);
    const check = (await verifier.run('baseline')).checks.find((c) => c.name === 'test')!;
    expect(check.testResults).toBeUndefined();
    expect(failingTestsOf(check)).toEqual(['divides']);
    expect(warnings.join('\n')).toMatch(/not written by this run were not read/);
  });

  it('reads a file the run rewrote in place, even at once after the snapshot', async () => {
    fs.writeFileSync(path.join(dir, 'junit.xml'), junit('<testcase name="old"/>'));
    const verifier = verifierWith('cp report.xml.src junit.xml; exit 1', ['junit.xml']);
    const check = (await verifier.run('round 2')).checks.find((c) => c.name === 'test')!;
    expect(failingTestsOf(check)).toEqual(['adds']);
  });

  it('the pass rule judges by the files: a failing test the console calls passing is a regression', async () => {
    const base = verifierWith('echo "not ok 1 - adds"; exit 1', []);
    const baseline = await base.run('baseline');
    const now = verifierWith(
      'echo "ok 1 - adds"; echo "not ok 2 - adds"; cp report.xml.src junit.xml; exit 1',
      ['junit.xml'],
    );
    const current = await now.run('round 1');
    // The console names "adds" failing before and after: no new failure. The file agrees here…
    expect(judge(baseline, current).passed).toBe(true);
    // …and a baseline whose file says "subtracts" failed makes "adds" a new failure.
    fs.writeFileSync(
      path.join(dir, 'report.xml.src'),
      junit('<testcase name="subtracts"><failure/></testcase><testcase name="adds"/>'),
    );
    const base2 = createCommandVerifier({
      config: makeConfig({
        verification: {
          testCommand: 'echo "not ok 1 - adds"; cp report.xml.src junit.xml; exit 1',
          testResults: ['junit.xml'],
        },
      }),
      repoRoot: dir,
      logger: silentLogger,
      commands: { sandbox: unsandboxed('test'), env: { PATH: process.env.PATH } },
    });
    const baseline2 = await base2.run('baseline');
    expect(failingTestsOf(baseline2.checks[0]!)).toEqual(['subtracts']);
    fs.writeFileSync(path.join(dir, 'report.xml.src'), FAILS_ADDS);
    const verdict = judge(baseline2, await now.run('round 2'));
    expect(verdict.passed).toBe(false);
    expect(verdict.regressions[0]?.tests).toEqual(['adds']);
  });
});

describe('readResults on files an attacker writes', () => {
  it('does not follow a symbolic link out of the work tree', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'secret.xml'), FAILS_ADDS);
      const before = await snapshotResults(dir, ['**/*.xml']);
      fs.symlinkSync(path.join(outside, 'secret.xml'), path.join(dir, 'junit.xml'));
      fs.symlinkSync(outside, path.join(dir, 'reports'));
      const read = await readResults(dir, ['**/*.xml'], before);
      expect(read.report).toBeUndefined();
      expect(read.notes.join('\n')).toMatch(/junit\.xml was not read: not a regular file/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('does not look through a linked directory named in the glob itself', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-outside-'));
    try {
      const before = await snapshotResults(dir, ['reports/*.xml', 'reports/junit.xml']);
      fs.writeFileSync(path.join(outside, 'junit.xml'), FAILS_ADDS);
      fs.symlinkSync(outside, path.join(dir, 'reports'));
      const read = await readResults(dir, ['reports/*.xml', 'reports/junit.xml'], before);
      expect(read.report).toBeUndefined();
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('finds a literal path, a directory glob and a tree glob, each once', async () => {
    const before = await snapshotResults(dir, ['junit.xml']);
    fs.mkdirSync(path.join(dir, 'target/surefire-reports'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'node_modules/x'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'junit.xml'), FAILS_ADDS);
    fs.writeFileSync(path.join(dir, 'target/surefire-reports/TEST-a.xml'), FAILS_ADDS);
    fs.writeFileSync(path.join(dir, 'node_modules/x/TEST-b.xml'), FAILS_ADDS);
    const globs = ['junit.xml', 'target/surefire-reports/TEST-*.xml', '**/TEST-*.xml'];
    const read = await readResults(dir, globs, before);
    expect(read.report?.resultFiles).toEqual(['junit.xml', 'target/surefire-reports/TEST-a.xml']);
  });

  it('does not read a file over the size limit, and says so', async () => {
    const before = await snapshotResults(dir, ['junit.xml']);
    fs.writeFileSync(path.join(dir, 'junit.xml'), ' '.repeat(RESULT_FILE_BYTES_LIMIT + 1));
    const read = await readResults(dir, ['junit.xml'], before);
    expect(read.report).toBeUndefined();
    expect(read.notes.join('\n')).toMatch(/junit\.xml was not read: \d+ bytes, over the limit/);
  });

  it('says why a file with a DOCTYPE was not read, and reads the others', async () => {
    const before = await snapshotResults(dir, ['*.xml']);
    fs.writeFileSync(
      path.join(dir, 'a.xml'),
      '<!DOCTYPE x [<!ENTITY a "aaaa">]><testsuite><testcase name="&a;"/></testsuite>',
    );
    fs.writeFileSync(path.join(dir, 'b.xml'), FAILS_ADDS);
    const read = await readResults(dir, ['*.xml'], before);
    expect(read.notes.join('\n')).toMatch(/a\.xml was not read: it has a DOCTYPE/);
    expect(read.report?.resultFiles).toEqual(['b.xml']);
    expect(read.report?.tests.map((t) => t.name)).toEqual(['adds', 'subtracts']);
  });
});
