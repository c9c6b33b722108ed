// Runs the committed bundles as a runner and a user would: `node dist/index.js`, `node dist/cli.js`.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { fileURLToPath } from 'node:url';

const root = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const entry = path.join(root, 'dist', 'index.js');
const cli = path.join(root, 'dist', 'cli.js');

function runNode(file: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [file, ...args], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    cwd: os.tmpdir(),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dirs: string[] = [];
afterAll(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-entry-'));
  dirs.push(dir);
  return dir;
}

describe('dist/index.js', () => {
  it('with no inputs fails once, naming every missing required input', () => {
    const out = tempDir();
    const r = runNode(entry, [], { INPUT_OUTPUT_DIR: out });
    expect(r.code).toBe(2);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      'Missing required inputs: azure-devops-org-url, azure-devops-project, azure-devops-token',
    );
  });

  it('with TF_BUILD=True speaks Azure logging commands', () => {
    const out = tempDir();
    const r = runNode(entry, [], { TF_BUILD: 'True', INPUT_OUTPUT_DIR: out });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(
      /^##vso\[task\.logissue type=error;\]ticket-to-pr: config-error\. Missing required inputs: azure-devops-org-url/m,
    );
    expect(r.stdout).toMatch(/^##vso\[task\.complete result=Failed;\]/m);
    expect(r.stdout).not.toMatch(/^::/m);
  });

  it('writes outputs to GITHUB_OUTPUT in GitHub Actions', () => {
    const dir = tempDir();
    const outputFile = path.join(dir, 'output');
    fs.writeFileSync(outputFile, '');
    const r = runNode(entry, [], {
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: outputFile,
      INPUT_OUTPUT_DIR: dir,
      'INPUT_PR-TARGET': 'gitlab',
    });
    expect(r.code).toBe(2);
    const written = fs.readFileSync(outputFile, 'utf8');
    expect(written).toMatch(/^outcome<<ghadelimiter_[\w-]+\nconfig-error\n/m);
    expect(written).toContain("Input 'pr-target' has an invalid value 'gitlab'");
    expect(written).toMatch(/^summary-file<<ghadelimiter_[\w-]+\n.+summary-.+\.md\n/m);
  });

  it('sets Azure output variables with isOutput=true', () => {
    const dir = tempDir();
    const r = runNode(entry, [], { TF_BUILD: 'True', INPUT_OUTPUT_DIR: dir });
    expect(r.stdout).toContain(
      '##vso[task.setvariable variable=outcome;isOutput=true;]config-error',
    );
    expect(r.stdout).toMatch(
      /##vso\[task\.setvariable variable=summary_file;isOutput=true;\]\/.+\.md/,
    );
    expect(r.stdout).toMatch(/##vso\[task\.uploadsummary\]\/.+\.md/);
  });

  it('never prints a secret given as an input', () => {
    const dir = tempDir();
    const token = 'ado-pat-never-shown-1234567890';
    const r = runNode(entry, [], {
      TF_BUILD: 'True',
      INPUT_OUTPUT_DIR: dir,
      'INPUT_AZURE-DEVOPS-TOKEN': token,
      'INPUT_AZURE-DEVOPS-ORG-URL': 'not a url',
    });
    expect(r.stdout).toContain(`##vso[task.setsecret]${token}`); // the masking command itself
    expect(r.stdout.replace(`##vso[task.setsecret]${token}`, '')).not.toContain(token);
    expect(r.stderr).not.toContain(token);
  });
});

describe('dist/cli.js', () => {
  it('prints help and version', () => {
    const help = runNode(cli, ['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: ticket-to-pr <command>/);
    const version = runNode(cli, ['version'], {});
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it('run --help lists every input as a flag', () => {
    const r = runNode(cli, ['run', '--help'], {});
    expect(r.code).toBe(0);
    const action = parse(fs.readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    const inputs = Object.keys(action.inputs);
    expect(inputs.length).toBeGreaterThan(30);
    for (const name of inputs) expect(r.stdout).toContain(`--${name}`);
  });

  it('rejects an unknown flag with exit code 2', () => {
    const r = runNode(cli, ['run', '--no-such-flag', 'x'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown flag --no-such-flag');
  });
});
