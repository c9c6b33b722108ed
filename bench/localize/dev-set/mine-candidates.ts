/**
 * Lists candidate commits for the localization development set, newest first, from one local git
 * directory. Reads git only; downloads nothing.
 *
 *   npx tsx bench/localize/dev-set/mine-candidates.ts --git-dir DIR [--ref REF] [--max N]
 *
 * Walks REF (default HEAD) along first parents, skipping merges. A candidate's message names an
 * issue it fixes ("fix #N", "fixes #N", "close #N", "closes #N", "resolve #N", or the issue's URL).
 * Prints one JSON line per such commit: fix_commit, base_commit (first parent), subject, issues,
 * gold_files (source files the commit modified or deleted, not tests/docs/examples), other_files,
 * and `skip` with a reason when the commit is ruled out (kind of commit, no gold file, > 4 gold
 * files). Whether the issue text exists is checked later, by hand.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const SOURCE = /\.(js|mjs|cjs|ts|mts|cts|jsx|tsx|vue|svelte)$/;
/** Path segments that mark tests, docs, examples and other non-source trees. */
const NON_SOURCE_DIR =
  /(^|\/)(tests?|__tests__|__mocks__|spec|specs|fixtures?|__fixtures__|__snapshots__|snapshots|docs?|\.changeset|playgrounds?|examples?|e2e|dts-test|test-dts|types-tests?|benchmarks?)\//;
const NON_SOURCE_FILE = /(\.|-|_)(test|spec|test-d|bench)\.[a-z]+$|(^|\/)CHANGELOG/i;
const ISSUE_REF =
  /\b(?:fix(?:e[sd])?|close[sd]?|resolve[sd]?)\b:?\s*((?:(?:https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/issues\/|#)\d+(?:\s*(?:,|and)\s*)?)+)/gi;
const SKIP_SUBJECT =
  /^(chore|docs?|build|ci|release|revert|test|style|deps|v?\d+\.\d+\.\d+)\b|^[\w-]+(\(deps\))?!?:\s*(revert|bump)\b|^[\w-]+\(deps\)|^(Merge|Revert|Bump) /i;

export function isGoldCandidate(path: string): boolean {
  return SOURCE.test(path) && !NON_SOURCE_DIR.test(path) && !NON_SOURCE_FILE.test(path);
}

export function issuesNamed(message: string): number[] {
  const found: number[] = [];
  for (const match of message.matchAll(ISSUE_REF)) {
    for (const number of (match[1] ?? '').matchAll(/(?:issues\/|#)(\d+)/g)) {
      const issue = Number(number[1]);
      if (!found.includes(issue)) found.push(issue);
    }
  }
  return found;
}

function git(gitDir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

function main(): void {
  const { values } = parseArgs({
    options: {
      'git-dir': { type: 'string' },
      ref: { type: 'string', default: 'HEAD' },
      max: { type: 'string', default: '3000' },
    },
  });
  const gitDir = values['git-dir'];
  if (!gitDir) {
    process.stderr.write('usage: mine-candidates.ts --git-dir DIR [--ref REF] [--max N]\n');
    process.exit(2);
  }
  const log = git(
    gitDir,
    'log',
    '--first-parent',
    '--no-merges',
    `--max-count=${values.max}`,
    '--format=%x00%H %P%n%B',
    values.ref,
  );
  for (const entry of log.split('\0').filter((text) => text.trim())) {
    const [header = '', ...rest] = entry.split('\n');
    const [commit = '', base = ''] = header.split(' ');
    const message = rest.join('\n').trim();
    const subject = message.split('\n')[0] ?? '';
    const issues = issuesNamed(message);
    if (issues.length === 0 || !base) continue;
    const changes = git(gitDir, 'diff-tree', '-r', '--no-renames', '--name-status', base, commit)
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [status = '', path = ''] = line.split('\t');
        return { status, path };
      });
    const gold = changes
      .filter((change) => change.status !== 'A' && isGoldCandidate(change.path))
      .map((change) => change.path);
    const other = changes.map((change) => change.path).filter((path) => !gold.includes(path));
    const skip = SKIP_SUBJECT.test(subject)
      ? 'kind of commit (chore/docs/release/revert/test)'
      : gold.length === 0
        ? 'no gold file'
        : gold.length > 4
          ? 'more than 4 gold files'
          : undefined;
    process.stdout.write(
      `${JSON.stringify({ fix_commit: commit, base_commit: base, subject, issues, gold_files: gold, other_files: other, ...(skip ? { skip } : {}) })}\n`,
    );
  }
}

main();
