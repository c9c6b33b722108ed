import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from '@jest/globals';
import { applyCommand } from '../../../src/cli/commands/apply.js';
import type { ApplyReport } from '../../../src/cli/commands/apply.js';
import { runCli } from '../../../src/cli/main.js';
import { CALC_JS, makeRepo, snapshot } from '../../fixtures/edits/repo.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-apply-'));
  dirs.push(dir);
  return dir;
}

async function apply(repo: string, answer: string, ...flags: string[]) {
  const answerFile = path.join(tempDir(), 'answer.md');
  fs.writeFileSync(answerFile, answer);
  let stdout = '';
  let stderr = '';
  const code = await applyCommand.run(['--repo', repo, '--answer-file', answerFile, ...flags], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
    cwd: repo,
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as ApplyReport };
}

const block = (file: string, search: string, replace: string) =>
  `${file}\n\`\`\`\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n\`\`\`\n`;

describe('ticket-to-pr apply', () => {
  it('--dry-run --json reports every block and the diff, and leaves the repository untouched', async () => {
    const repo = makeRepo({ 'calc.js': CALC_JS, 'README.md': '# Calc\n' });
    dirs.push(repo);
    const before = snapshot(repo);
    const answer =
      'Two changes.\n\n' +
      block(
        'calc.js',
        'function add(a, b) {\n  return a + b;\n}',
        'function add(a, b) {\n  return Number(a) + Number(b);\n}',
      ) +
      block('README.md', '# Calc', '# Calculator');
    const { code, json } = await apply(repo, answer, '--dry-run', '--json');
    expect(code).toBe(0);
    const report = json();
    expect(report).toMatchObject({
      ok: true,
      dryRun: true,
      written: false,
      changedFiles: ['README.md', 'calc.js'],
      linesAdded: 2,
      linesRemoved: 2,
    });
    expect(report.blocks).toEqual([
      { index: 1, path: 'calc.js', status: 'applied', method: 'exact', line: 1 },
      { index: 2, path: 'README.md', status: 'applied', method: 'exact', line: 1 },
    ]);
    expect(report.diff).toContain('-  return a + b;\n+  return Number(a) + Number(b);');
    expect(snapshot(repo)).toEqual(before);
  });

  it('writes the change when not a dry run, and its diff applies with git', async () => {
    const repo = makeRepo({ 'calc.js': CALC_JS });
    dirs.push(repo);
    const pristine = makeRepo({ 'calc.js': CALC_JS });
    dirs.push(pristine);
    const { code, json } = await apply(
      repo,
      block('calc.js', '  return a * b;', '  return a * b * 1;'),
      '--json',
    );
    expect(code).toBe(0);
    expect(json().written).toBe(true);
    expect(fs.readFileSync(path.join(repo, 'calc.js'), 'utf8')).toBe(
      CALC_JS.replace('a * b;', 'a * b * 1;'),
    );
    // The in-process diff is a real patch: git applies it to the original.
    const patch = path.join(tempDir(), 'change.patch');
    fs.writeFileSync(patch, json().diff);
    execFileSync('git', ['apply', patch], { cwd: pristine });
    expect(fs.readFileSync(path.join(pristine, 'calc.js'), 'utf8')).toBe(
      fs.readFileSync(path.join(repo, 'calc.js'), 'utf8'),
    );
  });

  it('refuses a workflow file, a path out of the repository and writes through symlinks; nothing is written', async () => {
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'target.txt'), 'outside\n');
    const repo = makeRepo({ 'calc.js': CALC_JS, '.github/workflows/ci.yml': 'on: push\n' });
    dirs.push(repo);
    fs.symlinkSync(outside, path.join(repo, 'linkdir'));
    fs.symlinkSync(path.join(outside, 'target.txt'), path.join(repo, 'linkfile.txt'));
    const before = snapshot(repo);
    const outsideBefore = snapshot(outside);
    const answer = [
      block('calc.js', '  return a * b;', '  return a * b * 1;'),
      block('.github/workflows/x.yml', '', 'on: push\njobs: {}'),
      block('../outside.txt', '', 'escaped'),
      block('linkdir/evil.txt', '', 'escaped'),
      block('linkfile.txt', 'outside', 'changed'),
      block('/etc/passwd-copy', '', 'x'),
    ].join('\n');
    const { code, json } = await apply(repo, answer, '--json');
    expect(code).toBe(1);
    const report = json();
    expect(report.ok).toBe(false);
    expect(report.written).toBe(false);
    expect(
      report.blocks.map((b) => [b.path, b.status === 'refused' ? b.reason : b.status]),
    ).toEqual([
      ['calc.js', 'applied'],
      ['.github/workflows/x.yml', 'protected-path'],
      ['../outside.txt', 'unsafe-path'],
      ['linkdir/evil.txt', 'unsafe-path'],
      ['linkfile.txt', 'unsafe-path'],
      ['/etc/passwd-copy', 'unsafe-path'],
    ]);
    expect(snapshot(repo)).toEqual(before);
    expect(snapshot(outside)).toEqual(outsideBefore);
    expect(fs.existsSync(path.join(path.dirname(repo), 'outside.txt'))).toBe(false);
  });

  it('reports refusals in text and exits 1 on an ambiguous block', async () => {
    const repo = makeRepo({ 'a.js': 'x();\nx();\n' });
    dirs.push(repo);
    const { code, stdout } = await apply(repo, block('a.js', 'x();', 'y();'));
    expect(code).toBe(1);
    expect(stdout).toContain('block 1: a.js: REFUSED (ambiguous)');
    expect(stdout).toContain('refused: nothing written');
  });

  it('--protected-paths adds to the built-in globs (comma- or newline-separated)', async () => {
    const repo = makeRepo({ 'calc.js': CALC_JS, 'docs/guide.md': '# Guide\n' });
    dirs.push(repo);
    const answer =
      block('calc.js', '  return a + b;', '  return b + a;') +
      block('docs/guide.md', '# Guide', '# User guide') +
      block('.github/workflows/ci.yml', '', 'on: push');
    const { code, json } = await apply(
      repo,
      answer,
      '--dry-run',
      '--json',
      '--protected-paths',
      ' docs/** ,\n*.js,',
    );
    expect(code).toBe(1);
    const { blocks } = json();
    expect(blocks.map((b) => [b.path, b.status])).toEqual([
      ['calc.js', 'refused'],
      ['docs/guide.md', 'refused'],
      ['.github/workflows/ci.yml', 'refused'],
    ]);
    expect(blocks[2]).toMatchObject({ reason: 'protected-path' });
    const docs = blocks[1];
    expect(docs).toMatchObject({ reason: 'protected-path' });
    expect(docs?.status === 'refused' && docs.message).toContain('(docs/**)');
  });

  it('prints help with flags and exit codes, and rejects unknown flags with exit 2', async () => {
    let out = '';
    const io = {
      stdout: (t: string) => (out += t),
      stderr: (t: string) => (out += t),
      env: {},
      cwd: '/',
    };
    expect(await applyCommand.run(['--help'], io)).toBe(0);
    expect(out).toContain('--dry-run');
    expect(out).toContain('Exit codes:');
    out = '';
    // Through the CLI's entry, which prints every command's usage errors one way.
    expect(await runCli(['apply', '--repo', '/', '--bogus'], io)).toBe(2);
    expect(out).toBe("apply: unknown flag '--bogus'\nRun 'ticket-to-pr apply --help' for usage.\n");
  });
});
