import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { localizeCommand } from '../../../src/cli/commands/localize.js';
import type { CliIo } from '../../../src/cli/command.js';
import { runCli } from '../../../src/cli/main.js';
import { localize } from '../../../src/localize/localize.js';
import { ModelUnavailableError } from '../../../src/shared/errors.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { FakeGateway } from '../../unit/triage/fake-gateway.js';
import { startOllamaSimulator } from '../../simulators/ollama/index.js';

let repo: string;
let ticketFile: string;

const bigBody = Array.from({ length: 300 }, (_, i) => `  const step${i} = input + ${i}`).join('\n');

const FILES: Record<string, string> = {
  'src/format.js': `export function formatYear(date) {\n  return String(date.year)\n}\n\nexport function padStart(text, size) {\n  return text.padStart(size, '0')\n}\n`,
  'src/parse.js': `import { formatYear } from './format.js'\nexport function parseDate(text) {\n  return { year: Number(text.slice(0, 4)) }\n}\n`,
  'src/big.js': `export function compute(input) {\n${bigBody}\n  return input\n}\nexport function formatYearLong(date) {\n  return 'year ' + date.year\n}\n`,
  'test/format.test.js': `import { formatYear } from '../src/format.js'\nit('formatYear pads the year', () => expect(formatYear({ year: 10 })).toBe('0010'))\n`,
  'dist/bundle.min.js': 'function formatYear(a){return String(a.year)}'.repeat(50),
  'package-lock.json': '{"formatYear": "formatYear"}',
  'README.md': 'formatYear formats the year.',
};

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'ttp-localize-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  writeFileSync(join(repo, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]));
  writeFileSync(join(repo, 'untracked.js'), 'export function formatYear() {}');
  execFileSync('git', ['init', '-q'], { cwd: repo });
  execFileSync('git', ['add', '--', ...Object.keys(FILES), 'logo.png'], { cwd: repo });
  ticketFile = join(repo, '..', `${repo.split('/').pop()}-ticket.json`);
  writeFileSync(
    ticketFile,
    JSON.stringify({
      title: 'formatYear drops leading zeros',
      body: "`formatYear({ year: 10 })` returns '10' instead of '0010'.",
    }),
  );
});

afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
  rmSync(ticketFile, { force: true });
});

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd: repo };
}

describe('ticket-to-pr localize', () => {
  it('prints the deterministic ranking as JSON with repository-relative paths and reasons', async () => {
    const cli = io();
    const code = await localizeCommand.run(
      ['--repo', '.', '--ticket-file', ticketFile, '--json', '--top', '3'],
      cli,
    );
    expect(cli.err.join('')).toBe('');
    expect(code).toBe(0);
    const output = JSON.parse(cli.out.join('')) as {
      files: { path: string; score: number; reasons: string[] }[];
    };
    expect(output.files.map((f) => f.path)).toEqual([
      'src/format.js',
      'src/parse.js',
      'test/format.test.js',
    ]);
    expect(output.files[0]?.reasons).toContain('defines `formatYear` named in the ticket');
    expect(output.files[0]?.score).toBeGreaterThan(output.files[1]?.score ?? Infinity);
    const all = JSON.stringify(output);
    for (const excluded of [
      'dist/bundle.min.js',
      'package-lock.json',
      'logo.png',
      'untracked.js',
    ]) {
      expect(all).not.toContain(excluded);
    }
  });

  it('prints a readable ranking without --json', async () => {
    const cli = io();
    expect(await localizeCommand.run(['--repo', repo, '--ticket-file', ticketFile], cli)).toBe(0);
    expect(cli.out.join('')).toMatch(
      /^1\. src\/format\.js {2}\(score [\d.]+\)\n {5}symbols: formatYear\n {5}- defines/,
    );
    expect(cli.out.join('')).toMatch(/Editor context: \d+ block\(s\), \d+ of 12000 tokens\./);
  });

  it('answers --help with every flag and the exit codes', async () => {
    const cli = io();
    expect(await localizeCommand.run(['--help'], cli)).toBe(0);
    const help = cli.out.join('');
    for (const flag of [
      '--repo',
      '--ticket-file',
      '--top',
      '--budget',
      '--json',
      '--ollama-host',
      '--triage-model',
      '--verbose',
    ]) {
      expect(help).toContain(flag);
    }
    expect(help).toContain('Exit codes: 0');
  });

  it.each([
    [['--ticket-file', 'x.json'], 'Missing --repo DIR.'],
    [['--repo', '.', '--ticket-file', 'missing.json'], "--ticket-file 'missing.json' ("],
    [['--repo', '.', '--ticket-file', 'x', '--top', '0'], "Invalid --top '0'"],
    [
      ['--repo', '.', '--ticket-file', 'x', '--ollama-host', 'http://127.0.0.1:1'],
      '--ollama-host and --triage-model go together.',
    ],
    [['--repo', '.', '--bogus', '1'], 'Unknown flag --bogus'],
  ])('exits 2 on bad usage %j', async (argv, message) => {
    const cli = io();
    expect(await runCli(['localize', ...argv], cli)).toBe(2);
    expect(cli.err.join('')).toContain(message);
  });

  it('exits 2 naming --repo when the directory is not a git repository', async () => {
    const cli = { ...io(), cwd: tmpdir() };
    const outside = mkdtempSync(join(tmpdir(), 'ttp-not-git-'));
    try {
      expect(await runCli(['localize', '--repo', outside, '--ticket-file', ticketFile], cli)).toBe(
        2,
      );
      expect(cli.err.join('')).toContain(`--repo '${outside}' is not a git checkout.`);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('localize with the model step', () => {
  const files = Object.keys(FILES);
  const ticket = {
    title: 'Year is printed without zeros',
    body: 'formatYearLong and formatYear print year 10 as 10.',
  };

  it('puts the model picks first, focuses the packed window on the chosen function, and lists the cut', async () => {
    const gateway = new FakeGateway([
      JSON.stringify({
        files: [
          {
            path: 'src/big.js',
            symbols: ['formatYearLong', 'noSuchFunction'],
            reason: 'prints the long year',
          },
          { path: 'src/elsewhere.js', symbols: [], reason: 'not offered, must be dropped' },
        ],
      }),
    ]);
    const result = await localize({
      repoRoot: repo,
      files,
      ticket,
      gateway,
      editorBudgetTokens: 700,
      countTokens: (text) => gateway.countTokens(text),
      top: 3,
      logger: silentLogger,
    });
    expect(result.modelUsed).toBe(true);
    expect(result.files[0]).toMatchObject({
      path: 'src/big.js',
      symbols: ['formatYearLong'],
      pickedByModel: true,
    });
    expect(result.files[0]?.reasons[0]).toBe('picked by the triage model: prints the long year');
    expect(result.files.map((f) => f.path)).not.toContain('src/elsewhere.js');
    const window = result.context.blocks.find((b) => b.path === 'src/big.js');
    expect(window).toMatchObject({ whole: false, endLine: 307 });
    expect(window?.text).toContain('export function formatYearLong(date) {');
    expect(result.context.cut.find((c) => c.path === 'src/big.js')?.reason).toMatch(
      /^whole file \(307 lines\) did not fit; kept lines 294-307$/,
    );
    expect(gateway.countTokens(result.context.rendered)).toBeLessThanOrEqual(700);
    const prompt = gateway.requests[0]?.messages.map((m) => m.content).join('\n') ?? '';
    expect(prompt).toContain('<<<TICKET (untrusted text');
    expect(prompt).toMatch(/src\/big\.js \(307 lines\)\n {2}1-303 function compute/);
  });

  it('falls back to the deterministic ranking when the pick answer stays malformed, and says so', async () => {
    const gateway = new FakeGateway(['{"files": [', 'not json']);
    const result = await localize({
      repoRoot: repo,
      files,
      ticket,
      gateway,
      editorBudgetTokens: 5000,
      countTokens: (text) => gateway.countTokens(text),
      logger: silentLogger,
    });
    expect(result.modelUsed).toBe(false);
    expect(result.files[0]?.pickedByModel).toBe(false);
    expect(result.notes[0]).toMatch(
      /^The file-picking model step failed \(.*\); the deterministic ranking is used alone\.$/,
    );
  });

  it('lets an unavailable model server end the job', async () => {
    const down = new ModelUnavailableError(
      'Ollama at http://127.0.0.1:11434 refused the connection',
    );
    const gateway = new FakeGateway([down]);
    await expect(
      localize({
        repoRoot: repo,
        files,
        ticket,
        gateway,
        editorBudgetTokens: 5000,
        countTokens: (t) => t.length,
        logger: silentLogger,
      }),
    ).rejects.toBe(down);
  });
});

describe('localize whose model step fails', () => {
  it('packs the same code as without the model (the triage model does not count the editor tokens)', async () => {
    // Every pick answer is malformed: the step fails after its retries and the ranking is used alone.
    const sim = await startOllamaSimulator({
      timeScale: 1000,
      answers: { 'qwen2.5-coder:7b': 'not json at all, ' + 'sorry '.repeat(400) },
    });
    const packed = async (model: string[]) => {
      const cli = io();
      const code = await runCli(
        [
          'localize',
          '--repo',
          '.',
          '--ticket-file',
          ticketFile,
          '--json',
          '--budget',
          '700',
          ...model,
        ],
        cli,
      );
      expect(code).toBe(0);
      return JSON.parse(cli.out.join('')) as {
        modelUsed: boolean;
        notes: string[];
        context: { usedTokens: number; blocks: unknown[]; cut: unknown[] };
      };
    };
    try {
      const alone = await packed([]);
      const fallback = await packed([
        '--ollama-host',
        sim.url,
        '--triage-model',
        'qwen2.5-coder:7b',
      ]);
      expect(fallback.modelUsed).toBe(false);
      expect(fallback.notes[0]).toMatch(/^The file-picking model step failed/);
      expect(alone.context.cut.length).toBeGreaterThan(0); // the budget is tight enough to tell
      expect(fallback.context).toEqual(alone.context);
    } finally {
      await sim.close();
    }
  });
});
