// npm run bench:localize-speed -- --repo DIR [--runs N] [--node PATH] [--json]
// Cold timing of the deterministic ranking as users run it: `dist/cli.js localize` in a fresh Node
// process per run (no model flags), on a local git clone kept outside the project. Prints the
// repository's tracked file count, the wall time of each run, the median and the slowest.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    repo: { type: 'string' },
    runs: { type: 'string', default: '5' },
    node: { type: 'string', default: process.execPath },
    json: { type: 'boolean', default: false },
    title: { type: 'string', default: 'Parser crashes on a private method with a decorator' },
    body: {
      type: 'string',
      default:
        'TypeError: Cannot read properties of undefined (reading "start")\n' +
        '    at Parser.parseClassMember (src/parser/statement.ts:1500:5)\n' +
        'With `@scope/plugin-decorators` the `parseClassMember` call throws for private methods.',
    },
  },
});
const usage =
  'Usage: npm run bench:localize-speed -- --repo DIR [--runs N] [--node PATH] [--json]\n' +
  'DIR is a local git clone (any size) outside this project; dist/cli.js must be built.';
const cli = path.join(root, 'dist', 'cli.js');
const runs = Number(values.runs);
if (!values.repo || !fs.existsSync(path.join(values.repo, '.git')) || !fs.existsSync(cli)) {
  console.error(usage);
  process.exit(2);
}
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`Invalid --runs '${values.runs}': expected a positive whole number.\n${usage}`);
  process.exit(2);
}

const files = execFileSync('git', ['-C', values.repo, 'ls-files'], {
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
})
  .split('\n')
  .filter(Boolean).length;
const ticketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-speed-'));
const ticketFile = path.join(ticketDir, 'ticket.json');
fs.writeFileSync(ticketFile, JSON.stringify({ title: values.title, body: values.body }));

const seconds: number[] = [];
try {
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const result = spawnSync(
      values.node,
      [cli, 'localize', '--repo', values.repo, '--ticket-file', ticketFile, '--json'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    seconds.push((performance.now() - started) / 1000);
    if (result.status !== 0) {
      console.error(`localize exited ${result.status}: ${result.stderr}`);
      process.exit(1);
    }
  }
} finally {
  fs.rmSync(ticketDir, { recursive: true, force: true });
}

const sorted = [...seconds].sort((a, b) => a - b);
const summary = {
  repo: values.repo,
  trackedFiles: files,
  node: execFileSync(values.node, ['--version'], { encoding: 'utf8' }).trim(),
  cpus: os.cpus().length,
  runs: seconds.map((s) => Number(s.toFixed(3))),
  medianSeconds: Number((sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(3)),
  slowestSeconds: Number((sorted.at(-1) ?? 0).toFixed(3)),
};
if (values.json) console.log(JSON.stringify(summary, null, 2));
else
  console.log(
    `${summary.repo}: ${files} tracked files, Node ${summary.node}, ${summary.cpus} CPUs\n` +
      `  runs ${summary.runs.map((s) => `${s.toFixed(2)} s`).join(', ')}\n` +
      `  median ${summary.medianSeconds.toFixed(2)} s, slowest ${summary.slowestSeconds.toFixed(2)} s`,
  );
