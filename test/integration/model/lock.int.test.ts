import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { acquireHostLock } from '../../../src/model/host-lock.js';
import { createOllamaGateway } from '../../../src/model/ollama-gateway.js';
import { ModelUnavailableError } from '../../../src/shared/errors.js';
import { silentLogger } from '../../../src/shared/logger.js';
import {
  modelRequests,
  overlappingRequests,
  startOllamaSimulator,
  type OllamaSimulator,
} from '../../simulators/ollama/index.js';
import { makeConfig, recordingLogger, tempDir } from './helpers.js';
import { fileURLToPath } from 'node:url';

let sim: OllamaSimulator;
beforeAll(async () => {
  // Real time: the two processes and the simulator share the wall clock.
  sim = await startOllamaSimulator({
    timeScale: 20,
    answers: { 'qwen2.5-coder:7b': 'a short answer of a few tokens' },
  });
});
afterAll(async () => sim.close());

function runWorker(name: string, lockFile: string): Promise<number> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures', 'gateway-worker.ts'),
    ],
    {
      env: { ...process.env, SIM_URL: sim.url, LOCK_FILE: lockFile, WORKER: name },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

describe('host-wide lock', () => {
  it('two gateways in two processes never overlap their requests', async () => {
    const lockFile = join(tempDir(), 'model.lock');
    const codes = await Promise.all([
      runWorker('worker-a', lockFile),
      runWorker('worker-b', lockFile),
    ]);
    expect(codes).toEqual([0, 0]);
    const chats = modelRequests(sim.requests);
    const prompts = chats.map((r) => JSON.stringify(r.body?.messages));
    expect(prompts.filter((p) => p.includes('worker-a'))).toHaveLength(3);
    expect(prompts.filter((p) => p.includes('worker-b'))).toHaveLength(3);
    expect(overlappingRequests(sim.requests)).toEqual([]);
    // One consumer at a time: all of one worker's requests come before all of the other's.
    const order = prompts.map((p) => (p.includes('worker-a') ? 'a' : 'b')).join('');
    expect(['aaabbb', 'bbbaaa']).toContain(order);
  }, 20_000);

  it('the overlap check sees requests that do overlap', async () => {
    const { Ollama } = await import('ollama');
    const client = new Ollama({ host: sim.url });
    const start = sim.requests.length;
    const ask = (content: string) =>
      client.chat({
        model: 'qwen2.5-coder:7b',
        messages: [{ role: 'user', content }],
        options: { num_ctx: 8192 },
      });
    await Promise.all([ask('one'), ask('two')]);
    expect(overlappingRequests(sim.requests.slice(start))).toHaveLength(1);
  });

  it('waiting is bounded by lock-wait, then model-unavailable before any request', async () => {
    const lockFile = join(tempDir(), 'model.lock');
    const held = await acquireHostLock(lockFile, {
      waitMs: 0,
      deadline: Date.now() + 60_000,
      now: Date.now,
      sleep: async () => undefined,
      logger: silentLogger,
      owner: 'the other job',
    });
    const before = sim.requests.length;
    let now = Date.now();
    const gateway = createOllamaGateway({
      config: makeConfig(sim.url, {}, { lockFile, lockWaitMs: 5000 }),
      logger: recordingLogger(),
      deadline: now + 60_000,
      now: () => now,
      sleep: async (ms) => void (now += ms),
    });
    const error = await gateway.preflight().catch((e: unknown) => e);
    await held.release();
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toMatch(
      /Waited 5 s for the host-wide model lock .*held by the other job/,
    );
    expect(sim.requests.length).toBe(before);
  });

  it('takes over the lock of a process that died', async () => {
    const lockFile = join(tempDir(), 'model.lock');
    // What a killed holder leaves: the lock directory, no longer refreshed.
    mkdirSync(`${lockFile}.lock`);
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(`${lockFile}.lock`, old, old);
    const gateway = createOllamaGateway({
      config: makeConfig(sim.url, {}, { lockFile, lockWaitMs: 1000 }),
      logger: recordingLogger(),
      deadline: Date.now() + 60_000,
    });
    await expect(gateway.preflight()).resolves.toMatchObject({ serverVersion: '0.24.0' });
    await gateway.close();
    await gateway.close(); // safe twice
  });

  it('holds the lock from preflight to close', async () => {
    const lockFile = join(tempDir(), 'model.lock');
    const config = makeConfig(sim.url, {}, { lockFile, lockWaitMs: 0 });
    const first = createOllamaGateway({
      config,
      logger: silentLogger,
      deadline: Date.now() + 60_000,
    });
    await first.preflight();
    const second = createOllamaGateway({
      config,
      logger: silentLogger,
      deadline: Date.now() + 60_000,
      sleep: async () => undefined,
    });
    await expect(second.preflight()).rejects.toBeInstanceOf(ModelUnavailableError);
    await first.close();
    await expect(second.preflight()).resolves.toBeDefined();
    await second.close();
  });
});
