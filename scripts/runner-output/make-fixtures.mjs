/**
 * Records what real test runners print, for the output reader's tests (`npm run fixtures:runners`).
 *
 * For each runner it builds a tiny sample project under the temp dir, installs the runner from npm
 * at a pinned version, runs it the way the verifier does (stdout and stderr into one stream as they
 * arrive, `CI=true`, no TTY, so no colour) and writes what it printed to
 * `test/fixtures/runner-output/<runner>-<version>-<variant>.txt`. Timings and temp paths are kept as
 * printed: the fixtures are real output, not edited.
 *
 * A variant given as `{ argv, report }` also keeps the structured report the runner wrote (JUnit XML)
 * as `<runner>-<version>-<variant>.xml`, for the test-results reader's tests.
 *
 * node:test runs on this machine's Node and on Node 24 (`NODE24`, default
 * /tmp/node24/node_modules/.bin/node; install it with `cd /tmp/node24 && npm i --no-save node@24`).
 */
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../../test/fixtures/runner-output');
const work = path.join(tmpdir(), 'ticket-to-pr-runner-output');
const node24 = process.env.NODE24 ?? '/tmp/node24/node_modules/.bin/node';
const only = process.argv.slice(2);

// The sample, once per test API: two files, nested describes, one passing and one failing test per
// file, a console.log inside a test, a strict equal of two objects, a skipped test.
const EXPECT_FILES = {
  'test/cart.test.js': `describe('cart', () => {
  describe('total', () => {
    test('adds line prices', () => {
      console.log('lines: 2');
      expect(10 + 20).toBe(30);
    });
    test('applies the discount', () => {
      expect({ total: 90, items: ['a', 'b'] }).toStrictEqual({ total: 81, items: ['a', 'b'] });
    });
    test.skip('rounds half up', () => {});
  });
});
`,
  'test/tax.test.js': `describe('tax', () => {
  test('is zero on an empty cart', () => {
    expect(0 * 0.2).toBe(0);
  });
  describe('rates', () => {
    test('uses the reduced rate for books', () => {
      expect(0.2).toBe(0.05);
    });
  });
});
`,
};
// A third file whose tests all pass: a non-verbose Jest run names it only on its PASS line.
const PASSING_JS = `describe('money', () => {
  test('formats cents', () => {
    expect((1234 / 100).toFixed(2)).toBe('12.34');
  });
});
`;
const BROKEN_JS = `describe('broken', () => {
  test('never loads', () => {
    expect(1).toBe(1);
  ;
});
`;

const ASSERT_FILES = (head) => ({
  'test/cart.test.js': `${head}
describe('cart', () => {
  describe('total', () => {
    it('adds line prices', () => {
      console.log('lines: 2');
      assert.strictEqual(10 + 20, 30);
    });
    it('applies the discount', () => {
      assert.deepStrictEqual({ total: 90, items: ['a', 'b'] }, { total: 81, items: ['a', 'b'] });
    });
    it.skip('rounds half up', () => {});
  });
});
`,
  'test/tax.test.js': `${head}
describe('tax', () => {
  it('is zero on an empty cart', () => {
    assert.strictEqual(0 * 0.2, 0);
  });
  describe('rates', () => {
    it('uses the reduced rate for books', () => {
      assert.strictEqual(0.2, 0.05);
    });
  });
});
`,
});
const BROKEN_ASSERT = (head) => `${head}
describe('broken', () => {
  it('never loads', () => {
    assert.strictEqual(1, 1);
  ;
});
`;
const MOCHA_FILES = ASSERT_FILES(`const assert = require('node:assert');`);
const NODE_TEST_HEAD = `const assert = require('node:assert');
const { describe, it } = require('node:test');`;
const NODE_TEST_FILES = ASSERT_FILES(NODE_TEST_HEAD);

// The same sample for pytest: classes for the nested describes.
const PYTEST_FILES = {
  'tests/test_cart.py': `import pytest


class TestCartTotal:
    def test_adds_line_prices(self):
        print("lines: 2")
        assert 10 + 20 == 30

    def test_applies_the_discount(self):
        assert {"total": 90, "items": ["a", "b"]} == {"total": 81, "items": ["a", "b"]}

    @pytest.mark.skip(reason="not yet")
    def test_rounds_half_up(self):
        pass
`,
  'tests/test_tax.py': `def test_is_zero_on_an_empty_cart():
    assert 0 * 0.2 == 0


class TestRates:
    def test_uses_the_reduced_rate_for_books(self):
        assert 0.2 == 0.05
`,
};

const TWO = ['test/cart.test.js', 'test/tax.test.js'];
const WITH_BROKEN = [...TWO, 'test/broken.test.js'];
const WITH_PASSING = [...TWO, 'test/money.test.js'];
const OPTIONAL = ['test/broken.test.js', 'test/money.test.js'];

/** Each runner: its package, version, sample files and the runs to record (variant → argv). */
const RUNNERS = [
  // 24: what older projects still pin (it prints `(3ms)`, 29 and later `(3 ms)`).
  ...['24.9.0', '29.7.0', '30.5.2'].map((version) => ({
    runner: 'jest',
    version,
    install: [`jest@${version}`],
    files: { ...EXPECT_FILES, 'test/broken.test.js': BROKEN_JS, 'test/money.test.js': PASSING_JS },
    bin: 'node_modules/jest/bin/jest.js',
    variants: {
      default: TWO,
      'passing-file': WITH_PASSING,
      verbose: ['--verbose', ...TWO],
      single: ['test/cart.test.js'],
      'load-error': WITH_BROKEN,
    },
  })),
  {
    runner: 'vitest',
    version: '4.1.12',
    install: ['vitest@4.1.12'],
    files: { ...EXPECT_FILES, 'test/broken.test.js': BROKEN_JS, 'test/money.test.js': PASSING_JS },
    bin: 'node_modules/vitest/vitest.mjs',
    variants: {
      default: ['run', '--globals', ...TWO],
      'passing-file': ['run', '--globals', ...WITH_PASSING],
      verbose: ['run', '--globals', '--reporter=verbose', ...TWO],
      'load-error': ['run', '--globals', ...WITH_BROKEN],
      // Vitest's own junit reporter.
      junit: {
        argv: ['run', '--globals', '--reporter=junit', '--outputFile=junit.xml', ...WITH_BROKEN],
        report: 'junit.xml',
      },
    },
  },
  {
    // jest-junit writes ./junit.xml by default; the console keeps Jest's default reporter.
    runner: 'jest-junit',
    version: '17.0.0',
    install: ['jest@29.7.0', 'jest-junit@17.0.0'],
    files: { ...EXPECT_FILES, 'test/broken.test.js': BROKEN_JS, 'test/money.test.js': PASSING_JS },
    bin: 'node_modules/jest/bin/jest.js',
    variants: {
      junit: {
        argv: [...WITH_BROKEN, '--reporters=default', '--reporters=jest-junit'],
        report: 'junit.xml',
      },
    },
  },
  {
    runner: 'mocha-junit-reporter',
    version: '2.2.1',
    install: ['mocha@11.8.0', 'mocha-junit-reporter@2.2.1'],
    files: MOCHA_FILES,
    bin: 'node_modules/mocha/bin/mocha.js',
    variants: {
      junit: {
        argv: [
          '--reporter',
          'mocha-junit-reporter',
          '--reporter-options',
          'mochaFile=junit.xml',
          ...TWO,
        ],
        report: 'junit.xml',
      },
    },
  },
  ...['10.8.2', '11.8.0'].map((version) => ({
    runner: 'mocha',
    version,
    install: [`mocha@${version}`],
    files: {
      ...MOCHA_FILES,
      'test/broken.test.js': BROKEN_ASSERT(`const assert = require('node:assert');`),
    },
    bin: 'node_modules/mocha/bin/mocha.js',
    variants: { default: TWO, 'load-error': WITH_BROKEN },
  })),
  ...[
    { node: process.execPath, version: process.versions.node },
    { node: node24, version: existsSync(node24) ? versionOf(node24) : '24' },
  ].map(({ node, version }) => ({
    runner: 'node-test',
    version,
    node,
    install: [],
    files: { ...NODE_TEST_FILES, 'test/broken.test.js': BROKEN_ASSERT(NODE_TEST_HEAD) },
    bin: null,
    variants: {
      default: ['--test', ...TWO],
      tap: ['--test', '--test-reporter=tap', ...TWO],
      spec: ['--test', '--test-reporter=spec', ...TWO],
      'load-error': ['--test', ...WITH_BROKEN],
      // The spec reporter on the console and the junit reporter into a file, as the README shows.
      junit: {
        argv: [
          '--test',
          '--test-reporter=spec',
          '--test-reporter-destination=stdout',
          '--test-reporter=junit',
          '--test-reporter-destination=junit.xml',
          ...WITH_BROKEN,
        ],
        report: 'junit.xml',
      },
    },
  })),
  // pytest is not an npm package: recorded when this machine has it (`python3 -m pytest`).
  ...(pytestVersion()
    ? [
        {
          runner: 'pytest',
          version: pytestVersion(),
          node: 'python3',
          install: [],
          files: PYTEST_FILES,
          bin: null,
          variants: {
            junit: {
              argv: ['-m', 'pytest', '-p', 'no:cacheprovider', '--junitxml=junit.xml', 'tests'],
              report: 'junit.xml',
            },
          },
        },
      ]
    : []),
];

function pytestVersion() {
  try {
    return execFileSync('python3', ['-m', 'pytest', '--version'], { encoding: 'utf8' })
      .trim()
      .replace(/^pytest /, '');
  } catch {
    return undefined;
  }
}

function versionOf(node) {
  return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
}

/** Runs like the verifier: both streams into one text as they arrive, no TTY, CI=true, no colour forced. */
function run(node, args, cwd) {
  const env = { ...process.env, CI: 'true' };
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'NODE_OPTIONS', 'JEST_WORKER_ID', 'VITEST']) {
    delete env[name];
  }
  return new Promise((resolve) => {
    const child = spawn(node, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (text += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (text += c));
    child.on('close', (code) => resolve({ text, code }));
  });
}

mkdirSync(out, { recursive: true });
for (const r of RUNNERS) {
  const id = `${r.runner}-${r.version}`;
  // `npm run fixtures:runners -- node-test vitest-4.1.12:junit`: runners by prefix, `:variant` for one.
  const wanted = only.filter((o) => id.startsWith(o.split(':')[0]));
  if (only.length > 0 && wanted.length === 0) continue;
  const dir = path.join(work, id);
  rmSync(dir, { recursive: true, force: true });
  for (const file of Object.keys(r.files))
    mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'sample', version: '1.0.0', private: true }, null, 2),
  );
  if (r.install.length > 0) {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', ...r.install], {
      cwd: dir,
      stdio: 'inherit',
    });
  }
  for (const [file, text] of Object.entries(r.files)) writeFileSync(path.join(dir, file), text);
  for (const [variant, spec] of Object.entries(r.variants)) {
    if (wanted.length > 0 && !wanted.some((o) => !o.includes(':') || o.endsWith(`:${variant}`)))
      continue;
    const { argv, report } = Array.isArray(spec) ? { argv: spec, report: undefined } : spec;
    if (report) rmSync(path.join(dir, report), { force: true });
    // The extra files exist only for the run that names them.
    for (const file of OPTIONAL) {
      if (argv.includes(file)) writeFileSync(path.join(dir, file), r.files[file]);
      else rmSync(path.join(dir, file), { force: true });
    }
    const node = r.node ?? process.execPath;
    const args = r.bin ? [path.join(dir, r.bin), ...argv] : argv;
    const { text, code } = await run(node, args, dir);
    const name = `${id}-${variant}.txt`;
    writeFileSync(path.join(out, name), text);
    console.log(`${name}: exit ${code}, ${text.split('\n').length} lines`);
    if (report) {
      const xml = `${id}-${variant}.xml`;
      copyFileSync(path.join(dir, report), path.join(out, xml));
      console.log(`${xml}: copied from ${report}`);
    }
  }
}
