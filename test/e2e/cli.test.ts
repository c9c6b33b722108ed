// The bundled terminal entry as a user runs it: `node dist/cli.js probe | apply | localize | help`,
// against the Ollama simulator, temp git repositories and the sample project. The probe's capacity
// file then goes through a whole job of `node dist/index.js`.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { GiB, modelRequests } from '../simulators/ollama/index.js';
import { listedFlags, removeTempDirs, runCli, snapshotTree, tempDir } from './cli/run-cli.js';
import { createSampleRepo } from './sample/repo.js';
import { SAMPLE_TICKET, scriptedEditModel, scriptedTriageModel } from './sample/scripted-model.js';
import { EDIT_MODEL, startWorld, TRIAGE_MODEL, type World } from './world.js';

afterAll(removeTempDirs);

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

describe('ticket-to-pr probe', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({
      tickets: [SAMPLE_TICKET],
      triageAnswer: scriptedTriageModel(),
      editAnswer: scriptedEditModel({ fixes: true }),
    });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('measures the server, writes a capacity file, and a job runs on that file', async () => {
    const capacityFile = path.join(world.dir, 'capacity.json');
    // The job's own lock file: the probe and the job share the host-wide lock.
    const lockFile = world.inputs()['lock-file']!;
    const probe = await runCli([
      'probe',
      '--ollama-host',
      world.ollama.url,
      '--contexts',
      '8192,32768',
      '--json',
      capacityFile,
      '--lock-file',
      lockFile,
    ]);
    expect(probe.stderr).not.toMatch(/error|failed/i);
    expect(probe.code).toBe(0);

    // The table: one row per model and context. The simulator has 24 GiB of VRAM: the 32b model
    // at 32768 spills to the CPU, everything else stays on the GPU.
    const rows = probe.stdout.split('\n');
    expect(rows[0]).toMatch(
      /^model\s+num_ctx\s+size GiB\s+VRAM GiB\s+on GPU\s+load s\s+tokens\/s$/,
    );
    const row = (model: string, ctx: number) =>
      rows.find((r) => r.startsWith(`${model} `) && r.split(/\s+/)[1] === String(ctx));
    expect(row(TRIAGE_MODEL, 8192)).toMatch(/\syes\s/);
    expect(row(TRIAGE_MODEL, 32768)).toMatch(/\syes\s/);
    expect(row(EDIT_MODEL, 8192)).toMatch(/\syes\s/);
    expect(row(EDIT_MODEL, 32768)).toMatch(/\spartly\s/);
    expect(probe.stdout).toContain(`${TRIAGE_MODEL}: largest context fully on the GPU: 32768`);
    expect(probe.stdout).toContain(`${EDIT_MODEL}: largest context fully on the GPU: 8192`);
    expect(probe.stdout).toContain('GPU memory the server can use: about 24.0 GiB');
    expect(probe.stdout).toContain(`Capacity file written to ${capacityFile}`);
    // It leaves the server empty and the lock free for the job.
    expect(world.ollama.loaded()).toEqual([]);
    expect(fs.existsSync(`${lockFile}.lock`)).toBe(false);

    const capacity = JSON.parse(fs.readFileSync(capacityFile, 'utf8')) as {
      version: number;
      ollamaHost: string;
      gpuMemoryBytes?: number;
      models: {
        name: string;
        recommendedContext: number | null;
        measurements: {
          numCtx: number;
          sizeBytes: number;
          vramBytes: number;
          fullyOnGpu: boolean;
        }[];
      }[];
    };
    expect(capacity).toMatchObject({ version: 1, ollamaHost: world.ollama.url });
    expect(capacity.gpuMemoryBytes).toBe(24 * GiB);
    expect(capacity.models.map((m) => [m.name, m.recommendedContext])).toEqual([
      [TRIAGE_MODEL, 32768],
      [EDIT_MODEL, 8192],
    ]);
    const spilled = capacity.models[1]!.measurements.find((m) => m.numCtx === 32768)!;
    expect(spilled.fullyOnGpu).toBe(false);
    expect(spilled.vramBytes).toBeLessThan(spilled.sizeBytes);

    // The job pins each model's num_ctx from the file (and its gpu-memory over the input's 48GiB).
    const before = world.ollama.requests.length;
    const job = await world.run({ inputs: { 'capacity-file': capacityFile } });
    expect(job.outputs.outcome).toBe('pr-opened');
    expect(job.code).toBe(0);
    expect(job.stdout).toContain(`${TRIAGE_MODEL}: num_ctx 32768 from the capacity file.`);
    expect(job.stdout).toContain(`${EDIT_MODEL}: num_ctx 8192 from the capacity file.`);
    // 7.2 + 21.3 GiB do not fit in 90% of 24 GiB together: the models are swapped.
    expect(job.stdout).toContain('the triage model is unloaded before editing');
    const calls = modelRequests(world.ollama.requests.slice(before)).filter(
      (q) => q.path === '/api/chat' && ((q.body?.messages as unknown[]) ?? []).length > 0,
    );
    const numCtxOf = (model: string) =>
      new Set(calls.filter((q) => q.model === model).map((q) => q.numCtx));
    expect(numCtxOf(TRIAGE_MODEL)).toEqual(new Set([32768]));
    expect(numCtxOf(EDIT_MODEL)).toEqual(new Set([8192]));
  });
});

describe('ticket-to-pr apply', () => {
  const MATH = 'export function add(a, b) {\n  return a - b;\n}\n';
  const GREET = [
    'export function greet(name) {',
    '  if (name) {',
    "    return 'Hello, ' + name;",
    '  }',
    "  return 'Hello';",
    '}',
    '',
  ].join('\n');

  function repoWithCommit(): string {
    const dir = tempDir('ttp-cli-apply-');
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
    fs.mkdirSync(path.join(repo, '.github', 'workflows'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'src', 'math.js'), MATH);
    fs.writeFileSync(path.join(repo, 'src', 'greet.js'), GREET);
    fs.writeFileSync(path.join(repo, '.github', 'workflows', 'ci.yml'), 'on: push\n');
    git(repo, 'init', '--quiet', '--initial-branch=main');
    git(repo, 'add', '-A');
    git(
      repo,
      '-c',
      'user.name=T',
      '-c',
      'user.email=t@example.com',
      'commit',
      '--quiet',
      '-m',
      'init',
    );
    // An untracked file too: `git status --porcelain` has something to say.
    fs.writeFileSync(path.join(repo, 'notes.txt'), 'scratch\n');
    return repo;
  }

  const block = (file: string, search: string, replace: string): string =>
    [file, '```', '<<<<<<< SEARCH', search, '=======', replace, '>>>>>>> REPLACE', '```', ''].join(
      '\n',
    );

  // Block 1 matches exactly; block 2 was written with 4-space indentation for a 2-space file.
  const GOOD_BLOCKS = [
    block('src/math.js', '  return a - b;', '  return a + b;'),
    block('src/greet.js', "        return 'Hello, ' + name;", '        return `Hello, ${name}!`;'),
  ];
  const ANSWER_WITH_REFUSALS = [
    'Fixed the sign and the greeting.',
    '',
    ...GOOD_BLOCKS,
    block('.github/workflows/x.yml', '', 'on: pull_request'),
    block('../outside', '', 'escaped'),
  ].join('\n');

  interface Report {
    ok: boolean;
    dryRun: boolean;
    written: boolean;
    blocks: {
      index: number;
      path: string;
      status: string;
      method?: string;
      reason?: string;
      message?: string;
    }[];
    changedFiles: string[];
    linesAdded: number;
    linesRemoved: number;
    diff: string;
  }

  it('--dry-run --json reports every block and the diff, and leaves the repository byte-identical', async () => {
    const repo = repoWithCommit();
    const answer = path.join(path.dirname(repo), 'answer.md');
    fs.writeFileSync(answer, ANSWER_WITH_REFUSALS);
    const statusBefore = git(repo, 'status', '--porcelain');
    const before = snapshotTree(repo);
    const parentBefore = fs.readdirSync(path.dirname(repo)).sort();

    const r = await runCli([
      'apply',
      '--repo',
      repo,
      '--answer-file',
      answer,
      '--dry-run',
      '--json',
    ]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report).toMatchObject({ ok: false, dryRun: true, written: false });
    expect(report.blocks).toHaveLength(4);
    expect(report.blocks[0]).toMatchObject({
      index: 1,
      path: 'src/math.js',
      status: 'applied',
      method: 'exact',
      line: 2,
    });
    expect(report.blocks[1]).toMatchObject({
      index: 2,
      path: 'src/greet.js',
      status: 'applied',
      line: 3,
    });
    expect(report.blocks[1]!.method).toBe('indentation');
    expect(report.blocks[2]).toMatchObject({
      index: 3,
      path: '.github/workflows/x.yml',
      status: 'refused',
      reason: 'protected-path',
    });
    expect(report.blocks[2]!.message).toContain('.github/**');
    expect(report.blocks[3]).toMatchObject({ index: 4, status: 'refused', reason: 'unsafe-path' });
    expect(report.blocks[3]!.message).toContain('..');
    // The diff of the blocks that would apply, in the file's own indentation.
    expect(report.changedFiles).toEqual(['src/greet.js', 'src/math.js']);
    expect(report.diff).toContain('--- a/src/math.js\n+++ b/src/math.js\n');
    expect(report.diff).toContain('\n-  return a - b;\n+  return a + b;\n');
    expect(report.diff).toContain(
      "\n-    return 'Hello, ' + name;\n+    return `Hello, ${name}!`;\n",
    );
    expect([report.linesAdded, report.linesRemoved]).toEqual([2, 2]);

    expect(snapshotTree(repo)).toEqual(before);
    expect(git(repo, 'status', '--porcelain')).toBe(statusBefore);
    expect(fs.readdirSync(path.dirname(repo)).sort()).toEqual(parentBefore);

    // Without --dry-run it is all or nothing: a refused block means nothing is written.
    const real = await runCli(['apply', '--repo', repo, '--answer-file', answer]);
    expect(real.code).toBe(1);
    expect(real.stdout).toContain('block 3: .github/workflows/x.yml: REFUSED (protected-path)');
    expect(real.stdout).toContain('block 4: ../outside: REFUSED (unsafe-path)');
    expect(real.stdout).toContain('refused: nothing written');
    expect(snapshotTree(repo)).toEqual(before);
    expect(fs.readdirSync(path.dirname(repo)).sort()).toEqual(parentBefore);
  });

  it('writes the change without --dry-run, the same change git then sees', async () => {
    const repo = repoWithCommit();
    const answer = path.join(path.dirname(repo), 'answer.md');
    fs.writeFileSync(answer, ['Fixed.', '', ...GOOD_BLOCKS].join('\n'));

    const dry = await runCli([
      'apply',
      '--repo',
      repo,
      '--answer-file',
      answer,
      '--dry-run',
      '--json',
    ]);
    expect(dry.code).toBe(0);
    const planned = JSON.parse(dry.stdout) as Report;
    expect(planned).toMatchObject({ ok: true, dryRun: true, written: false });
    expect(git(repo, 'status', '--porcelain')).toBe('?? notes.txt\n');

    const r = await runCli(['apply', '--repo', repo, '--answer-file', answer]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('block 1: src/math.js: applied (exact, line 2)');
    expect(r.stdout).toContain('written: src/greet.js, src/math.js (+2 -2)');
    expect(fs.readFileSync(path.join(repo, 'src', 'math.js'), 'utf8')).toBe(
      'export function add(a, b) {\n  return a + b;\n}\n',
    );
    expect(fs.readFileSync(path.join(repo, 'src', 'greet.js'), 'utf8')).toBe(
      GREET.replace("    return 'Hello, ' + name;", '    return `Hello, ${name}!`;'),
    );
    expect(git(repo, 'status', '--porcelain')).toBe(
      ' M src/greet.js\n M src/math.js\n?? notes.txt\n',
    );
    // The dry run's diff is the change git sees now (hunk lines compared; git adds index lines).
    const changedLines = (diff: string) =>
      diff.split('\n').filter((l) => /^[-+ ]/.test(l) && !/^(---|\+\+\+) /.test(l));
    expect(changedLines(planned.diff)).toEqual(changedLines(git(repo, 'diff', '--no-color')));
  });
});

describe('ticket-to-pr localize', () => {
  let workDir: string;
  let ticketFile: string;
  beforeAll(() => {
    const dir = tempDir('ttp-cli-localize-');
    workDir = createSampleRepo(path.join(dir, 'sample')).workDir;
    ticketFile = path.join(dir, 'ticket.json');
    const text = (html: string) =>
      html
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    fs.writeFileSync(
      ticketFile,
      JSON.stringify({
        title: SAMPLE_TICKET.title,
        body: `${text(SAMPLE_TICKET.description)}\n\n${text(SAMPLE_TICKET.reproSteps)}`,
      }),
    );
  });

  it('ranks src/discount.js first for the sample ticket, with reasons and packed context', async () => {
    const r = await runCli(['localize', '--repo', workDir, '--ticket-file', ticketFile, '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as {
      files: { path: string; score: number; reasons: string[] }[];
      modelUsed: boolean;
      filesScanned: number;
      context: { blocks: { path: string }[]; usedTokens: number; budgetTokens: number };
    };
    expect(result.files[0]!.path).toBe('src/discount.js');
    expect(result.files[0]!.reasons.join('\n')).toContain('applyDiscount');
    const scores = result.files.map((f) => f.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(result.modelUsed).toBe(false);
    expect(result.filesScanned).toBe(git(workDir, 'ls-files').trim().split('\n').length);
    expect(result.context.blocks[0]!.path).toBe('src/discount.js');
    expect(result.context.usedTokens).toBeLessThanOrEqual(result.context.budgetTokens);
  });

  it('--help exits 0; a missing --repo exits 2 and says so', async () => {
    const [help, missing] = await Promise.all([
      runCli(['localize', '--help']),
      runCli(['localize', '--ticket-file', ticketFile]),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ticket-to-pr localize /);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('Missing --repo DIR.');
  });
});

describe('a path flag that names nothing', () => {
  it('exits 2 naming the flag in every command, never a raw ENOENT or a stack trace', async () => {
    const dir = tempDir();
    const missing = path.join(dir, 'no-such-dir');
    const file = path.join(dir, 'file.txt');
    fs.writeFileSync(file, 'x');
    const runs = await Promise.all([
      runCli(['localize', '--repo', missing, '--ticket-file', file]),
      runCli(['apply', '--repo', missing, '--answer-file', file]),
      runCli(['backtest', '--repo', missing, '--dataset', file, '--test-command', 'true']),
    ]);
    for (const [i, command] of ['localize', 'apply', 'backtest'].entries()) {
      const r = runs[i]!;
      expect(`${command}: ${r.code}`).toBe(`${command}: 2`);
      expect(r.stderr).toBe(
        `${command}: --repo '${missing}' does not exist.\nRun 'ticket-to-pr ${command} --help' for usage.\n`,
      );
    }
  });
});

describe('ticket-to-pr help', () => {
  const FLAGS: Record<string, string[]> = {
    probe: [
      '--ollama-host',
      '--triage-model',
      '--edit-model',
      '--contexts',
      '--gpu-memory',
      '--json',
      '--lock-file',
      '--lock-wait',
      '--help',
    ],
    apply: [
      '--repo',
      '--answer-file',
      '--dry-run',
      '--json',
      '--protected-paths',
      '--max-changed-files',
      '--max-changed-lines',
      '--no-new-files',
      '--help',
    ],
    localize: [
      '--repo',
      '--ticket-file',
      '--top',
      '--budget',
      '--json',
      '--ollama-host',
      '--triage-model',
      '--verbose',
      '--help',
    ],
  };

  it('help probe, probe --help, apply --help and localize --help exit 0 and list every flag', async () => {
    const [helpProbe, probe, apply, localize] = await Promise.all([
      runCli(['help', 'probe']),
      runCli(['probe', '--help']),
      runCli(['apply', '--help']),
      runCli(['localize', '--help']),
    ]);
    for (const r of [helpProbe, probe, apply, localize]) {
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
    }
    expect(helpProbe.stdout).toBe(probe.stdout);
    expect(listedFlags(probe.stdout).sort()).toEqual([...FLAGS.probe!].sort());
    expect(listedFlags(apply.stdout).sort()).toEqual([...FLAGS.apply!].sort());
    expect(listedFlags(localize.stdout).sort()).toEqual([...FLAGS.localize!].sort());
  });

  it('an unknown flag exits 2 naming it', async () => {
    const r = await runCli(['probe', '--ollama-hots', 'http://127.0.0.1:9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--ollama-hots');
  });
});
