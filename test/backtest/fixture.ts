// A small repository with history whose closed tickets have known fixes: each fix is a real commit
// (source change + new tests), and its parent is the instance's base. What the backtest tests replay.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface FixtureTicket {
  readonly id: number;
  readonly title: string;
  readonly body: string;
  /** Files of the real fix (source and tests). */
  readonly fix: Record<string, string>;
  readonly testFile: string;
  /** The held-out test's title: node:test names tests, not files (SWE-bench's form). */
  readonly testTitle: string;
}

/** The repository before any ticket's fix. */
export const BASE_FILES: Record<string, string> = {
  'package.json':
    JSON.stringify(
      { name: 'shop', private: true, type: 'module', scripts: { test: 'node --test' } },
      null,
      2,
    ) + '\n',
  'src/discount.js': [
    '/** Applies a percentage discount to a total in cents. */',
    'export function applyDiscount(totalCents, percent) {',
    '  return totalCents - percent;',
    '}',
    '',
  ].join('\n'),
  'src/tax.js': [
    '/** Adds tax at `rate` (0.2 = 20%) to an amount in cents, rounded to the cent. */',
    'export function addTax(amountCents, rate) {',
    '  return Math.floor(amountCents * (1 + rate));',
    '}',
    '',
  ].join('\n'),
  'src/greet.js': ['export function greet(name) {', '  return `Hello, ${name}`;', '}', ''].join(
    '\n',
  ),
  'test/greet.test.js': [
    "import { test } from 'node:test';",
    "import assert from 'node:assert/strict';",
    "import { greet } from '../src/greet.js';",
    '',
    "test('greets by name', () => assert.equal(greet('Ada'), 'Hello, Ada'));",
    '',
  ].join('\n'),
};

export const FIXTURE_TICKETS: readonly FixtureTicket[] = [
  {
    id: 101,
    title: 'Discount takes cents off instead of a percentage',
    body: '10% off a 200.00 cart gives 199.90 instead of 180.00. See applyDiscount in src/discount.js.',
    testFile: 'test/discount.test.js',
    testTitle: '10% off 200.00 is 180.00',
    fix: {
      'src/discount.js': [
        '/** Applies a percentage discount to a total in cents. */',
        'export function applyDiscount(totalCents, percent) {',
        '  return Math.round((totalCents * (100 - percent)) / 100);',
        '}',
        '',
      ].join('\n'),
      'test/discount.test.js': [
        "import { test } from 'node:test';",
        "import assert from 'node:assert/strict';",
        "import { applyDiscount } from '../src/discount.js';",
        '',
        "test('10% off 200.00 is 180.00', () => assert.equal(applyDiscount(20000, 10), 18000));",
        '',
      ].join('\n'),
    },
  },
  {
    id: 102,
    title: 'Tax is rounded down',
    body: 'addTax(1004, 0.2) returns 1204 but should round to the nearest cent: 1205.',
    testFile: 'test/tax.test.js',
    testTitle: '20% tax on 10.04 is 12.05',
    fix: {
      'src/tax.js': [
        '/** Adds tax at `rate` (0.2 = 20%) to an amount in cents, rounded to the cent. */',
        'export function addTax(amountCents, rate) {',
        '  return Math.round(amountCents * (1 + rate));',
        '}',
        '',
      ].join('\n'),
      'test/tax.test.js': [
        "import { test } from 'node:test';",
        "import assert from 'node:assert/strict';",
        "import { addTax } from '../src/tax.js';",
        '',
        "test('20% tax on 10.04 is 12.05', () => assert.equal(addTax(1004, 0.2), 1205));",
        '',
      ].join('\n'),
    },
  },
];

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Dev',
      GIT_AUTHOR_EMAIL: 'dev@example.com',
      GIT_COMMITTER_NAME: 'Dev',
      GIT_COMMITTER_EMAIL: 'dev@example.com',
    },
  });
}

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

export interface FixtureRepo {
  readonly dir: string;
  /** Per ticket: the base commit and the fix commit (the base's child on main). */
  readonly commits: readonly {
    readonly ticket: FixtureTicket;
    readonly base: string;
    readonly fix: string;
  }[];
}

/** The repository at `dir`: a base commit, then each ticket's fix as its own commit on main. */
export function createFixtureRepo(dir: string): FixtureRepo {
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, BASE_FILES);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'Shop helpers');
  const commits = FIXTURE_TICKETS.map((ticket) => {
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    write(dir, ticket.fix);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', `Fix #${ticket.id}: ${ticket.title}`);
    return { ticket, base, fix: git(dir, 'rev-parse', 'HEAD').trim() };
  });
  return { dir, commits };
}

/** The fixture's tickets as JSONL rows (fix and test patches from the real commits), plus one row of another repository. */
export function fixtureDataset(repo: FixtureRepo, repoName = 'contoso/shop'): string {
  const rows = repo.commits.map(({ ticket, base, fix }) => ({
    instance_id: `contoso__shop-${ticket.id}`,
    repo: repoName,
    base_commit: base,
    ticket_title: ticket.title,
    ticket_body: ticket.body,
    fix_patch: git(repo.dir, 'diff', base, fix, '--', 'src'),
    test_patch: git(repo.dir, 'diff', base, fix, '--', 'test'),
    fail_to_pass: [ticket.testTitle],
  }));
  rows.push({ ...rows[0]!, instance_id: 'other__repo-1', repo: 'other/repo' });
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
