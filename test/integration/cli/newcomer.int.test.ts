/**
 * What a new user meets first at the terminal: bad inputs and small slips each get a clear error
 * and the right exit code, in-process through the same dispatcher as `ticket-to-pr`.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../../src/cli/command.js';
import { runCli } from '../../../src/cli/main.js';
import { closedPort } from '../../fixtures/closed-port.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'ttp-newcomer-'));
  dirs.push(dir);
  return dir;
};

async function cli(
  argv: string[],
  extra: Partial<CliIo> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
    cwd: tempDir(),
    ...extra,
  });
  return { code, stdout, stderr };
}

const REQUIRED = [
  '--azure-devops-org-url',
  'https://dev.azure.com/contoso',
  '--azure-devops-project',
  'Fabrikam',
  '--azure-devops-token',
  'pat',
];

describe('ticket-to-pr run', () => {
  it('a repository-path that does not exist is a config-error naming the input (exit 2)', async () => {
    const missing = join(tempDir(), 'no-such-checkout');
    const r = await cli([
      'run',
      ...REQUIRED,
      '--repository-path',
      missing,
      '--output-dir',
      tempDir(),
      '--dry-run',
      'true',
    ]);
    expect(r.code).toBe(2);
    const out = r.stdout + r.stderr;
    expect(out).toContain('config-error');
    expect(out).toContain(`Input 'repository-path' names '${missing}', which does not exist`);
    expect(out).not.toContain('Unexpected error');
  });

  it('a repository-path that is a file says so', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const r = await cli(['run', ...REQUIRED, '--repository-path', file, '--output-dir', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain(`'${file}', which is not a directory`);
  });

  it('a configuration that fails still writes its summary in output-dir, not the temp dir', async () => {
    const out = tempDir();
    const r = await cli(['run', ...REQUIRED, '--max-revisions', 'many', '--output-dir', out]);
    expect(r.code).toBe(2);
    const summary = /^summary-file: (.+)$/m.exec(r.stdout)?.[1] ?? '';
    expect(summary.startsWith(`${out}/summary-`)).toBe(true);
    expect(readFileSync(summary, 'utf8')).toContain('max-revisions');
  });

  it('an output-dir that is a file is named in the warning, and no summary-file is claimed', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const r = await cli(['run', ...REQUIRED, '--max-revisions', 'many', '--output-dir', file]);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain(
      `Could not write the summary or transcript in '${file}' (output-dir): EEXIST`,
    );
    expect(r.stdout).not.toMatch(/^summary-file:/m);
  });

  it('embedding-model is no input any more: the flag is refused by name', async () => {
    const r = await cli(['run', ...REQUIRED, '--embedding-model', 'nomic-embed-text']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown flag --embedding-model');
  });
});

describe('help', () => {
  it('no command prints the usage to stderr and exits 2; help and --help exit 0', async () => {
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('Usage: ticket-to-pr <command>');
    for (const argv of [['help'], ['--help'], ['help', 'apply']]) {
      const r = await cli(argv);
      expect(`${argv.join(' ')}: ${r.code}`).toBe(`${argv.join(' ')}: 0`);
      expect(r.stdout).toContain('Usage: ticket-to-pr');
    }
  });

  it('help for an unknown topic exits 2 naming it and the topics there are', async () => {
    const r = await cli(['help', 'bogus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("No help topic 'bogus'");
    expect(r.stderr).toContain('run, probe, localize, apply');
  });
});

describe('probe --lock-wait', () => {
  it('takes durations as the lock-wait input does (20m, 90s, a bare number of seconds)', async () => {
    const host = `http://127.0.0.1:${await closedPort()}`;
    for (const wait of ['20m', '90s', '600']) {
      const r = await cli([
        'probe',
        '--ollama-host',
        host,
        '--lock-file',
        join(tempDir(), 'lock'),
        '--lock-wait',
        wait,
      ]);
      // Past flag parsing: the lock was taken, then the (absent) server failed the probe.
      expect(`${wait}: ${r.code}`).toBe(`${wait}: 1`);
      expect(r.stderr).toContain('probe failed');
    }
  });

  it('a bad duration is refused with the same hint as the input (exit 2)', async () => {
    const r = await cli(['probe', '--lock-wait', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--lock-wait 'soon'");
    expect(r.stderr).toContain("expected a duration such as '90s', '10m', '1h'");
  });
});

describe('apply', () => {
  const CALC = 'export function add(a, b) {\n  return a - b;\n}\n';
  const block = (file: string, search: string, replace: string) =>
    `${file}\n\`\`\`\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n\`\`\`\n`;
  const repoWith = (files: Record<string, string>): string => {
    const repo = tempDir();
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(repo, file, '..'), { recursive: true });
      writeFileSync(join(repo, file), text);
    }
    return repo;
  };

  it('--answer-file - reads the answer from standard input', async () => {
    const repo = repoWith({ 'calc.js': CALC });
    const r = await cli(['apply', '--repo', repo, '--answer-file', '-'], {
      readStdin: async () => block('calc.js', '  return a - b;', '  return a + b;'),
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(join(repo, 'calc.js'), 'utf8')).toContain('return a + b;');
  });

  it('--answer-file - without a readable standard input exits 2 and says so', async () => {
    const repo = repoWith({ 'calc.js': CALC });
    const r = await cli(['apply', '--repo', repo, '--answer-file', '-']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('standard input');
  });

  it('a refused answer prints "nothing written" and no diff', async () => {
    const repo = repoWith({ 'calc.js': CALC, 'docs/a.md': '# A\n' });
    const answerFile = join(tempDir(), 'answer.md');
    writeFileSync(
      answerFile,
      block('calc.js', '  return a - b;', '  return a + b;') +
        block('.github/workflows/x.yml', '', 'on: push'),
    );
    const text = await cli(['apply', '--repo', repo, '--answer-file', answerFile]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('refused: nothing written');
    expect(text.stdout).not.toMatch(/^(---|\+\+\+|@@) /m);
  });

  it('--protected-paths adds to the built-in protections: .github stays protected', async () => {
    const repo = repoWith({ 'docs/a.md': '# A\n' });
    const answerFile = join(tempDir(), 'answer.md');
    writeFileSync(answerFile, block('.github/workflows/x.yml', '', 'on: push'));
    const r = await cli([
      'apply',
      '--repo',
      repo,
      '--answer-file',
      answerFile,
      '--protected-paths',
      'docs/**',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('REFUSED (protected-path)');
    expect(r.stdout).toContain('(.github/**)');
  });
});

describe('one rule for bad paths: exit 2, naming the flag', () => {
  /** A git checkout with one commit, a ticket file, an answer file and a dataset beside it. */
  function world() {
    const dir = tempDir();
    const repo = join(dir, 'repo');
    mkdirSync(repo);
    writeFileSync(join(repo, 'calc.js'), 'export const add = (a, b) => a - b;\n');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'init');
    const ticket = join(dir, 'ticket.json');
    writeFileSync(ticket, JSON.stringify({ title: 'add subtracts', body: 'calc.js' }));
    const answer = join(dir, 'answer.md');
    writeFileSync(
      answer,
      'calc.js\n```\n<<<<<<< SEARCH\na - b\n=======\na + b\n>>>>>>> REPLACE\n```\n',
    );
    const dataset = join(dir, 'dataset.jsonl');
    writeFileSync(dataset, '');
    return { dir, repo, ticket, answer, dataset, missing: join(dir, 'no-such-thing') };
  }

  const cases: [string, (w: ReturnType<typeof world>) => string[], string][] = [
    [
      'localize --repo',
      (w) => ['localize', '--repo', w.missing, '--ticket-file', w.ticket],
      'repo',
    ],
    [
      'localize --ticket-file',
      (w) => ['localize', '--repo', w.repo, '--ticket-file', w.missing],
      'ticket-file',
    ],
    ['apply --repo', (w) => ['apply', '--repo', w.missing, '--answer-file', w.answer], 'repo'],
    [
      'apply --answer-file',
      (w) => ['apply', '--repo', w.repo, '--answer-file', w.missing],
      'answer-file',
    ],
    [
      'backtest --repo',
      (w) => ['backtest', '--repo', w.missing, '--dataset', w.dataset, '--test-command', 'true'],
      'repo',
    ],
    [
      'backtest --dataset',
      (w) => ['backtest', '--repo', w.repo, '--dataset', w.missing, '--test-command', 'true'],
      'dataset',
    ],
    [
      'backtest --capacity-file',
      (w) => [
        'backtest',
        '--repo',
        w.repo,
        '--dataset',
        w.dataset,
        '--test-command',
        'true',
        '--capacity-file',
        w.missing,
      ],
      'capacity-file',
    ],
  ];

  it.each(cases)('%s that does not exist', async (_label, argv, flag) => {
    const w = world();
    const r = await cli(argv(w), { cwd: w.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--${flag} '${w.missing}' does not exist.`);
    expect(r.stderr).not.toMatch(/ENOENT|spawn|Error:/);
  });

  type World = ReturnType<typeof world>;
  const wrongKind: [string, (w: World) => string[], string, keyof World][] = [
    [
      'localize --repo',
      (w) => ['localize', '--repo', w.ticket, '--ticket-file', w.ticket],
      `--repo '%s' is a file, not a directory.`,
      'ticket',
    ],
    [
      'localize --ticket-file',
      (w) => ['localize', '--repo', w.repo, '--ticket-file', w.dir],
      `--ticket-file '%s' is a directory, not a file.`,
      'dir',
    ],
    [
      'apply --repo',
      (w) => ['apply', '--repo', w.answer, '--answer-file', w.answer],
      `--repo '%s' is a file, not a directory.`,
      'answer',
    ],
    [
      'apply --answer-file',
      (w) => ['apply', '--repo', w.repo, '--answer-file', w.repo],
      `--answer-file '%s' is a directory, not a file.`,
      'repo',
    ],
    [
      'backtest --dataset',
      (w) => ['backtest', '--repo', w.repo, '--dataset', w.dir, '--test-command', 'true'],
      `--dataset '%s' is a directory, not a file.`,
      'dir',
    ],
    [
      'backtest --json',
      (w) => [
        'backtest',
        '--repo',
        w.repo,
        '--dataset',
        w.dataset,
        '--test-command',
        'true',
        '--json',
        w.dir,
      ],
      `--json '%s' is a directory; it names the file to write.`,
      'dir',
    ],
    [
      'probe --json',
      (w) => ['probe', '--json', w.dir],
      `--json '%s' is a directory; it names the file to write.`,
      'dir',
    ],
  ];
  it.each(wrongKind)('%s of the wrong kind', async (_label, argv, message, key) => {
    const w = world();
    const r = await cli(argv(w), { cwd: w.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message.replace('%s', w[key]));
  });

  it('a relative path is shown as given and as resolved', async () => {
    const w = world();
    const r = await cli(['apply', '--repo', 'nowhere', '--answer-file', w.answer], { cwd: w.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--repo 'nowhere' (${join(w.dir, 'nowhere')}) does not exist.`);
  });

  it('localize --repo on a directory that is no git checkout says so (exit 2)', async () => {
    const w = world();
    const r = await cli(['localize', '--repo', w.dir, '--ticket-file', w.ticket], { cwd: w.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--repo '${w.dir}' is not a git checkout.`);
  });

  it('a ticket file too large for memory is refused by size before it is read', async () => {
    const w = world();
    const huge = join(w.dir, 'huge.json');
    // Sparse: 600 MiB on paper, nothing on disk; past the longest string V8 can hold.
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 600 * 1024 * 1024);
    closeSync(fd);
    const r = await cli(['localize', '--repo', w.repo, '--ticket-file', huge], { cwd: w.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `--ticket-file '${huge}' is 600 MiB; a ticket file is at most 4 MiB.`,
    );
    expect(r.stderr).not.toContain('Invalid string length');
  });

  it('apply --answer-file - stops reading standard input past the limit and says so', async () => {
    const w = world();
    const r = await cli(['apply', '--repo', w.repo, '--answer-file', '-'], {
      cwd: w.dir,
      readStdin: async () => undefined,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--answer-file -: standard input holds more than 16 MiB');
  });
});

describe('apply with an answer that holds no edit block', () => {
  it('exits 1 and says there was nothing to apply', async () => {
    const repo = tempDir();
    writeFileSync(join(repo, 'calc.js'), 'export const add = (a, b) => a - b;\n');
    const answerFile = join(tempDir(), 'answer.md');
    writeFileSync(answerFile, 'I would change calc.js so that add adds.\n');
    const text = await cli(['apply', '--repo', repo, '--answer-file', answerFile]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('no edit block: the answer holds no SEARCH/REPLACE block');
    expect(text.stdout).toContain('refused: nothing written');
    const json = await cli(['apply', '--repo', repo, '--answer-file', answerFile, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, noEditBlock: true, written: false });
  });
});

describe('a model flag that is no URL', () => {
  it.each([
    ['localize', ['--repo', '.', '--ticket-file', 't.json', '--triage-model', 'm']],
    ['probe', []],
  ])('%s --ollama-host exits 2 with an Ollama example', async (command, rest) => {
    const r = await cli([command, ...rest, '--ollama-host', 'not a url']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "--ollama-host 'not a url': expected an absolute http(s) URL such as http://127.0.0.1:11434.",
    );
    expect(r.stderr).not.toContain('dev.azure.com');
  });
});
