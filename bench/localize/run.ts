/**
 * Localization benchmark: file-level recall@1/3/5 of the deterministic ranking on real tickets with
 * known fixes, beside plain BM25 over whole files in the same run.
 *
 *   npm run bench:localize -- --dataset FILE --repos DIR [--split NAME] [--json] [--only ID] [--show N]
 *
 * DIR holds one git repository per dataset repository, named `<owner>+<name>` (a clone or a bare git
 * directory). Each instance's tree at `base_commit` is exported with `git archive` into a temp dir.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rankRepository } from '../../src/localize/rank-repository.js';
import { plainBm25 } from './plain-bm25.js';

interface Instance {
  readonly id: string;
  readonly repo: string;
  readonly base_commit: string;
  readonly ticket_title: string;
  readonly ticket_body: string;
  readonly gold_files: readonly string[];
  /** `tune` or `held-out` in the development set: ranking changes are judged on `tune` rows only. */
  readonly split?: string;
}

interface Hit {
  readonly id: string;
  readonly repo: string;
  readonly split?: string;
  readonly method: string;
  /** 1-based rank of the first gold file (Infinity when absent). */
  readonly firstGold: number;
  /** Rank by which every gold file was seen. */
  readonly allGold: number;
  readonly seconds: number;
}

const METHODS = ['deterministic', 'plain-bm25', 'plain-bm25-all'] as const;
const KS = [1, 3, 5] as const;

function main(): void {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      repos: { type: 'string' },
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      split: { type: 'string' },
      show: { type: 'string' },
    },
  });
  if (!values.dataset || !values.repos) {
    process.stderr.write(
      'usage: bench/localize/run.ts --dataset FILE --repos DIR [--split NAME] [--json] [--only ID] [--show N]\n',
    );
    process.exit(2);
  }
  const instances = readFileSync(values.dataset, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Instance)
    .filter((instance) => !values.only || instance.id === values.only)
    .filter((instance) => !values.split || instance.split === values.split);
  const show = values.show ? Number(values.show) : 0;

  const hits: Hit[] = [];
  for (const instance of instances) {
    const gitDir = findGitDir(values.repos, instance.repo);
    const tree = mkdtempSync(join(tmpdir(), 'ttp-bench-'));
    try {
      execFileSync('sh', [
        '-c',
        `git --git-dir="$0" archive "$1" | tar -x -C "$2"`,
        gitDir,
        instance.base_commit,
        tree,
      ]);
      const files = execFileSync(
        'git',
        ['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', instance.base_commit],
        {
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        },
      )
        .split('\n')
        .filter(Boolean);
      const ticket = { title: instance.ticket_title, body: instance.ticket_body };

      let started = performance.now();
      const ranking = rankRepository(tree, files, ticket);
      hits.push(
        score(
          instance,
          'deterministic',
          ranking.ranked.map((file) => file.path),
          started,
        ),
      );
      if (show > 0) {
        process.stderr.write(`\n${instance.id} gold=${instance.gold_files.join(',')}\n`);
        for (const file of ranking.ranked.slice(0, show)) {
          process.stderr.write(
            `  ${file.score.toFixed(3)} ${file.path}  | ${file.reasons.join(' | ')}\n`,
          );
        }
      }

      started = performance.now();
      const query = `${ticket.title}\n${ticket.body}`;
      hits.push(score(instance, 'plain-bm25', plainBm25(tree, files, query, 'source'), started));
      started = performance.now();
      hits.push(score(instance, 'plain-bm25-all', plainBm25(tree, files, query, 'all'), started));
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  }
  const summary = summarise(hits);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ summary, instances: hits }, null, 2)}\n`);
  } else {
    process.stdout.write(render(summary));
    const misses = hits.filter((hit) => hit.method === 'deterministic' && hit.firstGold > 5);
    if (misses.length > 0) {
      process.stdout.write(
        `\ndeterministic misses@5: ${misses.map((m) => `${m.id} (${m.firstGold})`).join(', ')}\n`,
      );
    }
  }
}

function findGitDir(reposDir: string, repo: string): string {
  const base = join(reposDir, repo.replace('/', '+'));
  for (const candidate of [join(base, '.git'), join(base, 'repo'), base]) {
    if (existsSync(join(candidate, 'HEAD'))) return candidate;
  }
  throw new Error(`No git repository for ${repo} under ${reposDir} (expected ${base})`);
}

function score(
  instance: Instance,
  method: string,
  ranked: readonly string[],
  started: number,
): Hit {
  const positions = instance.gold_files.map((gold) => {
    const index = ranked.indexOf(gold);
    return index === -1 ? Infinity : index + 1;
  });
  return {
    id: instance.id,
    repo: instance.repo,
    ...(instance.split ? { split: instance.split } : {}),
    method,
    firstGold: Math.min(...positions),
    allGold: Math.max(...positions),
    seconds: (performance.now() - started) / 1000,
  };
}

interface Row {
  readonly group: string;
  readonly method: string;
  readonly n: number;
  readonly any: Record<number, number>;
  readonly all: Record<number, number>;
  readonly secondsPerTicket: number;
}

function summarise(hits: readonly Hit[]): Row[] {
  // Per repository, then per split (when the dataset has splits), then overall.
  const splits = [...new Set(hits.flatMap((hit) => (hit.split ? [hit.split] : [])))];
  const groups = [
    ...new Set(hits.map((hit) => hit.repo)),
    ...(splits.length > 1 ? splits.map((split) => `split: ${split}`) : []),
    'overall',
  ];
  const inGroup = (hit: Hit, group: string): boolean =>
    group === 'overall' || hit.repo === group || `split: ${hit.split}` === group;
  const rows: Row[] = [];
  for (const group of groups) {
    for (const method of METHODS) {
      const selected = hits.filter((hit) => hit.method === method && inGroup(hit, group));
      if (selected.length === 0) continue;
      const recall = (k: number, pick: (hit: Hit) => number): number =>
        selected.filter((hit) => pick(hit) <= k).length / selected.length;
      rows.push({
        group,
        method,
        n: selected.length,
        any: Object.fromEntries(KS.map((k) => [k, recall(k, (hit) => hit.firstGold)])),
        all: Object.fromEntries(KS.map((k) => [k, recall(k, (hit) => hit.allGold)])),
        secondsPerTicket: selected.reduce((sum, hit) => sum + hit.seconds, 0) / selected.length,
      });
    }
  }
  return rows;
}

function render(rows: readonly Row[]): string {
  const header =
    'repository              method          n   any@1 any@3 any@5   all@1 all@3 all@5   s/ticket';
  const lines = rows.map((row) =>
    [
      row.group.padEnd(23),
      row.method.padEnd(14),
      String(row.n).padStart(3),
      '',
      KS.map((k) => (row.any[k] ?? 0).toFixed(2).padStart(5)).join(' '),
      '',
      KS.map((k) => (row.all[k] ?? 0).toFixed(2).padStart(5)).join(' '),
      '',
      row.secondsPerTicket.toFixed(3).padStart(8),
    ].join(' '),
  );
  return `${header}\n${lines.join('\n')}\n`;
}

main();
