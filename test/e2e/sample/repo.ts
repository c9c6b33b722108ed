// A small JavaScript project with a real bug and a failing test, in a temp dir, pushed to a bare
// `file://` remote: what the scenario tests and `npm run demo` hand to ticket-to-pr.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const SAMPLE_FILES: Record<string, string> = {
  'package.json':
    JSON.stringify(
      {
        name: 'invoice-tools',
        version: '1.0.0',
        private: true,
        type: 'module',
        scripts: { test: 'node --test' },
      },
      null,
      2,
    ) + '\n',
  'README.md': '# invoice-tools\n\nSmall helpers for invoices: cart totals, discounts and tax.\n',
  'src/discount.js': [
    '/** Applies a percentage discount to a total in cents. */',
    'export function applyDiscount(totalCents, percent) {',
    '  if (percent < 0 || percent > 100) {',
    "    throw new RangeError('percent must be between 0 and 100');",
    '  }',
    '  return totalCents - percent;',
    '}',
    '',
  ].join('\n'),
  'src/cart.js': [
    "import { applyDiscount } from './discount.js';",
    "import { addTax } from './tax.js';",
    '',
    '/** Total of a cart in cents, after the discount and before tax. */',
    'export function cartTotal(items, discountPercent = 0) {',
    '  const subtotal = items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0);',
    '  return applyDiscount(subtotal, discountPercent);',
    '}',
    '',
    'export function cartTotalWithTax(items, discountPercent, taxRate) {',
    '  return addTax(cartTotal(items, discountPercent), taxRate);',
    '}',
    '',
  ].join('\n'),
  'src/tax.js': [
    '/** Adds tax at `rate` (0.2 = 20%) to an amount in cents, rounded to the cent. */',
    'export function addTax(amountCents, rate) {',
    '  return Math.round(amountCents * (1 + rate));',
    '}',
    '',
  ].join('\n'),
  'test/discount.test.js': [
    "import { test } from 'node:test';",
    "import assert from 'node:assert/strict';",
    "import { applyDiscount } from '../src/discount.js';",
    '',
    "test('10% off 200.00 is 180.00', () => {",
    '  assert.equal(applyDiscount(20000, 10), 18000);',
    '});',
    '',
    "test('0% off changes nothing', () => {",
    '  assert.equal(applyDiscount(20000, 0), 20000);',
    '});',
    '',
  ].join('\n'),
  'test/tax.test.js': [
    "import { test } from 'node:test';",
    "import assert from 'node:assert/strict';",
    "import { addTax } from '../src/tax.js';",
    '',
    "test('20% tax on 100.00 is 120.00', () => {",
    '  assert.equal(addTax(10000, 0.2), 12000);',
    '});',
    '',
  ].join('\n'),
};

/** The edit that fixes the sample's bug, as SEARCH/REPLACE text an editor model would write. */
export const SAMPLE_FIX = {
  path: 'src/discount.js',
  search: '  return totalCents - percent;',
  replace: '  return Math.round(totalCents * (1 - percent / 100));',
};

/** One SEARCH/REPLACE block as the edit model writes it. */
export function searchReplaceBlock(file: string, search: string, replace: string): string {
  return [file, '```', '<<<<<<< SEARCH', search, '=======', replace, '>>>>>>> REPLACE', '```'].join(
    '\n',
  );
}

/** The sample's right fix as one block. */
export const SAMPLE_FIX_BLOCK = searchReplaceBlock(
  SAMPLE_FIX.path,
  SAMPLE_FIX.search,
  SAMPLE_FIX.replace,
);

export interface SampleRepo {
  /** The checkout ticket-to-pr works in. */
  readonly workDir: string;
  /** The bare remote it pushes to. */
  readonly remoteDir: string;
  readonly remoteUrl: string;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  }).trim();
}

/** Creates the sample project under `root`: a bare remote with `main`, and a clone of it. */
export function createSampleRepo(
  root: string,
  /** More files in the first commit (e.g. a test helper an attack test needs). */
  extraFiles: Record<string, string> = {},
): SampleRepo {
  const remoteDir = path.join(root, 'remote.git');
  const workDir = path.join(root, 'work');
  fs.mkdirSync(root, { recursive: true });
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remoteDir);
  const seed = path.join(root, 'seed');
  fs.mkdirSync(seed);
  git(seed, 'init', '--quiet', '--initial-branch=main');
  for (const [file, content] of Object.entries({ ...SAMPLE_FILES, ...extraFiles })) {
    fs.mkdirSync(path.dirname(path.join(seed, file)), { recursive: true });
    fs.writeFileSync(path.join(seed, file), content);
  }
  git(seed, 'add', '-A');
  git(
    seed,
    '-c',
    'user.name=Dana Developer',
    '-c',
    'user.email=dana@example.com',
    'commit',
    '--quiet',
    '-m',
    'Initial invoice tools',
  );
  const remoteUrl = pathToFileURL(remoteDir).href;
  git(seed, 'remote', 'add', 'origin', remoteUrl);
  git(seed, 'push', '--quiet', 'origin', 'main');
  git(root, 'clone', '--quiet', remoteUrl, workDir);
  fs.rmSync(seed, { recursive: true, force: true });
  return { workDir, remoteDir, remoteUrl };
}

/** Branch names on the bare remote. */
export function remoteBranches(remoteDir: string): string[] {
  const out = git(remoteDir, 'for-each-ref', '--format=%(refname:short)', 'refs/heads');
  return out === '' ? [] : out.split('\n');
}

/** A commit by a human on `branch` of the remote (for the "human commit on our branch" case). */
export function pushHumanCommit(remoteUrl: string, root: string, branch: string): void {
  const dir = path.join(root, `human-${Date.now()}`);
  git(root, 'clone', '--quiet', remoteUrl, dir);
  git(dir, 'checkout', '--quiet', '-B', branch);
  fs.writeFileSync(path.join(dir, 'NOTES.md'), 'Working on this by hand.\n');
  git(dir, 'add', '-A');
  git(
    dir,
    '-c',
    'user.name=Dana Developer',
    '-c',
    'user.email=dana@example.com',
    'commit',
    '--quiet',
    '-m',
    'WIP by hand',
  );
  git(dir, 'push', '--quiet', 'origin', branch);
}

/** A generated JavaScript file of about `bytes` bytes: lines a SEARCH block can miss. */
export function largeGeneratedFile(bytes: number): string {
  const lines: string[] = ['// Generated price table. Do not edit.'];
  let size = lines[0]!.length + 1;
  for (let i = 0; size < bytes; i++) {
    const line = `export const price${i} = lookupPrice('sku-${i}', { region: 'eu', factor: ${i % 97} });`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}
