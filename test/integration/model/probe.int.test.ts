import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeCommand } from '../../../src/cli/commands/probe.js';
import { runCli } from '../../../src/cli/main.js';
import { readCapacityFile } from '../../../src/model/capacity-file.js';
import { createOllamaGateway } from '../../../src/model/ollama-gateway.js';
import { GiB, startOllamaSimulator, type OllamaSimulator } from '../../simulators/ollama/index.js';
import { EDIT, makeConfig, recordingLogger, tempDir, TRIAGE } from './helpers.js';

let sim: OllamaSimulator;
beforeAll(async () => {
  sim = await startOllamaSimulator({ timeScale: 2000, vramBytes: 24 * GiB });
});
afterAll(async () => sim.close());

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void err.push(t),
      env: {},
      cwd,
    },
  };
}

describe('probe', () => {
  it('prints the table and the recommendation, and writes a capacity file the gateway accepts', async () => {
    const dir = tempDir();
    const { out, io: cliIo } = io(dir);
    const code = await probeCommand.run(
      [
        '--ollama-host',
        sim.url,
        '--contexts',
        '4096,8192,16384,32768',
        '--json',
        'capacity.json',
        '--lock-file',
        join(dir, 'lock'),
      ],
      cliIo,
    );
    expect(code).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/model\s+num_ctx\s+size GiB\s+VRAM GiB\s+on GPU\s+load s\s+tokens\/s/);
    expect(text).toMatch(
      new RegExp(`${EDIT.replace('.', '\\.')}\\s+32768\\s+[\\d.]+\\s+24\\.0\\s+partly`),
    );
    expect(text).toContain(`${EDIT}: largest context fully on the GPU: 16384`);
    expect(text).toContain(`${TRIAGE}: largest context fully on the GPU: 32768`);

    const capacity = await readCapacityFile(join(dir, 'capacity.json'));
    expect(capacity.gpuMemoryBytes).toBe(24 * GiB);
    expect(capacity.models.map((m) => [m.name, m.recommendedContext])).toEqual([
      [TRIAGE, 32768],
      [EDIT, 16384],
    ]);
    expect(capacity.models[1]!.measurements.map((m) => m.fullyOnGpu)).toEqual([
      true,
      true,
      true,
      false,
    ]);
    // Each measurement was a load of the model alone at that num_ctx.
    expect(
      sim.loads.filter((l) => l.outcome === 'loaded').map((l) => `${l.model}@${l.numCtx}`),
    ).toEqual([
      ...[4096, 8192, 16384, 32768].map((n) => `${TRIAGE}@${n}`),
      ...[4096, 8192, 16384, 32768].map((n) => `${EDIT}@${n}`),
    ]);

    const config = makeConfig(sim.url, {
      triageContext: 'auto',
      editContext: 'auto',
      capacityFile: join(dir, 'capacity.json'),
    });
    const gateway = createOllamaGateway({
      config,
      logger: recordingLogger(),
      deadline: Date.now() + 60_000,
    });
    const report = await gateway.preflight();
    await gateway.close();
    expect(report.models.map((m) => m.numCtx)).toEqual([32768, 16384]);
    expect(report.swapModels).toBe(true);
  });

  it('lists every flag and the exit codes in --help', async () => {
    const { out, io: cliIo } = io(tempDir());
    expect(await runCli(['probe', '--help'], cliIo)).toBe(0);
    for (const flag of [
      '--ollama-host',
      '--triage-model',
      '--edit-model',
      '--contexts',
      '--gpu-memory',
      '--json',
      '--lock-file',
      '--lock-wait',
      'Exit codes',
    ]) {
      expect(out.join('')).toContain(flag);
    }
  });

  it('rejects bad flags with exit code 2', async () => {
    const { err, io: cliIo } = io(tempDir());
    expect(await runCli(['probe', '--contexts', 'big'], cliIo)).toBe(2);
    expect(err.join('')).toMatch(
      /^probe: --contexts 'big' .*\nRun 'ticket-to-pr probe --help' for usage\.\n$/,
    );
  });

  it('a capacity file that is not there is named as an input, with how to write one', async () => {
    const dir = tempDir();
    const missing = join(dir, 'capacity.json');
    await expect(readCapacityFile(missing)).rejects.toThrow(
      `Input 'capacity-file' names '${missing}', which does not exist. Write one with 'ticket-to-pr probe --json FILE', or leave the input empty.`,
    );
    await expect(readCapacityFile(dir)).rejects.toThrow(
      `Input 'capacity-file' names '${dir}', which is a directory, not a file.`,
    );
  });

  it('readCapacityFile names the file and the problem', async () => {
    const file = join(tempDir(), 'bad.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify({ version: 1, models: [] }));
    await expect(readCapacityFile(file)).rejects.toThrow(
      new RegExp(`capacity file ${file.replace(/[.\\/]/g, '\\$&')} .*measuredAt`),
    );
    expect(readFileSync(file, 'utf8')).toContain('version');
  });
});
