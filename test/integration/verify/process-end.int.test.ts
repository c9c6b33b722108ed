// A daemon left by the tests must not keep the process that ran them alive: after the command
// ends, its group is killed and our ends of its pipes are closed. Checked in a separate node
// process, since only a whole process shows whether it can exit.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const root = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-process-end-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `command` with runCommand in a fresh node process; resolves with that process's run time. */
function timeOfProcess(command: string): Promise<{ ms: number; stdout: string }> {
  const script = path.join(dir, 'run.mts');
  fs.writeFileSync(
    script,
    `import { unsandboxed } from ${JSON.stringify(path.join(root, 'src/sandbox/sandbox.ts'))};\n` +
      `import { runCommand } from ${JSON.stringify(path.join(root, 'src/verify/run-command.ts'))};\n` +
      `const r = await runCommand(${JSON.stringify(command)}, { cwd: ${JSON.stringify(dir)}, env: { PATH: process.env.PATH }, sandbox: unsandboxed('test'), timeoutMs: 30000, outputLimit: 1000 });\n` +
      `console.log('exit', r.exitCode);\n`,
  );
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), script],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.on('error', reject);
    child.on('exit', () => resolve({ ms: Date.now() - started, stdout }));
  });
}

describe('the end of a command', () => {
  it('a daemon that left the process group (setsid sleep 45 &) does not keep the runner of the command alive', async () => {
    const { ms, stdout } = await timeOfProcess('setsid sleep 45 & echo started');
    expect(stdout).toContain('exit 0');
    expect(ms).toBeLessThan(15_000);
  }, 60_000);
});
