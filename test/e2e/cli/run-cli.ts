// Starts the bundled terminal entry (dist/cli.js) in a fresh process. Asynchronous on purpose: the
// simulators it talks to run in the test process, so a synchronous spawn would block them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const CLI_ENTRY = path.join(root, 'dist', 'cli.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node dist/cli.js ...args` in `cwd`, with only PATH and HOME from this process's environment. */
export function runCli(args: readonly string[], cwd: string = os.tmpdir()): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const createdDirs: string[] = [];

/** A new temp dir, removed by removeTempDirs() (call it in afterAll). */
export function tempDir(prefix = 'ttp-cli-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  createdDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of createdDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Every file under `dir` (`.git` included) with its bytes, for a before/after comparison. */
export function snapshotTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else files.set(child, fs.readFileSync(path.join(dir, child)).toString('base64'));
    }
  };
  walk('');
  return files;
}

/** The flags a command's help text lists: every `--name` at the start of an indented line. */
export function listedFlags(help: string): string[] {
  return [...help.matchAll(/^\s+(--[a-z][a-z-]*)/gm)].map((m) => m[1]!);
}
