import { afterEach, describe, expect, it } from '@jest/globals';
import type { OutcomeError } from '../../../src/shared/errors.js';
import { ModelUnavailableError } from '../../../src/shared/errors.js';
import { createOllamaGateway } from '../../../src/model/ollama-gateway.js';
import {
  modelRequests,
  startOllamaSimulator,
  type OllamaSimulator,
  type OllamaSimulatorOptions,
} from '../../simulators/ollama/index.js';
import { fastClock, makeConfig, recordingLogger, sequence, user } from './helpers.js';

let sim: OllamaSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setup(
  deadlineInMs: number,
  random: () => number,
  options: OllamaSimulatorOptions = {},
) {
  sim = await startOllamaSimulator({ timeScale: 2000, ...options });
  // A clock of its own that only sleeps move: deadlines and delays are exact, whatever the machine's speed.
  const start = Date.now();
  const clock = fastClock(() => start);
  const logger = recordingLogger();
  const gateway = createOllamaGateway({
    config: makeConfig(sim.url),
    logger,
    deadline: start + deadlineInMs,
    random,
    now: clock.now,
    sleep: clock.sleep,
  });
  await gateway.preflight();
  return { sim, gateway, logger, slept: clock.slept };
}

const triage = {
  role: 'triage' as const,
  purpose: 'triage',
  messages: user('is this ticket clear?'),
  maxOutputTokens: 64,
};

describe('retries', () => {
  it('retries a 503 burst with growing, jittered delays, then answers', async () => {
    const { sim, gateway, logger, slept } = await setup(3_600_000, sequence(0.9, 0.3, 0.8));
    sim.faults.busy(3);
    const answer = await gateway.chat(triage);
    expect(answer.content).toBe('OK');
    // Full jitter: uniform in [0, min(60 s, 2 s × 2^(n-1))]; the ceilings grow 2 s → 4 s → 8 s.
    expect(slept).toEqual([Math.floor(0.9 * 2000), Math.floor(0.3 * 4000), Math.floor(0.8 * 8000)]);
    expect(modelRequests(sim.requests).map((r) => r.status)).toEqual([503, 503, 503, 200]);
    const retries = logger.lines.filter((l) => l.startsWith('warning') && l.includes('retry'));
    expect(retries).toHaveLength(3);
    expect(retries[0]).toContain(
      'server busy, please try again.  maximum pending requests exceeded',
    );
    expect(retries[2]).toMatch(/retry 3\/3 in 6\.4 s/);
  });

  it('gives up at the job deadline with model-unavailable', async () => {
    const { sim, gateway } = await setup(5000, () => 0.99);
    sim.faults.busy(100);
    const error = await gateway.chat(triage).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as OutcomeError).outcome).toBe('model-unavailable');
    expect((error as Error).message).toMatch(/deadline/);
    // 1.98 s then 3.96 s: the second retry would pass the 5 s deadline.
    expect(modelRequests(sim.requests)).toHaveLength(2);
  });

  it('gives up after four tries when the deadline is far', async () => {
    const { sim, gateway } = await setup(3_600_000, () => 0.5);
    sim.faults.busy(100);
    const error = await gateway.chat(triage).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect(modelRequests(sim.requests)).toHaveLength(4);
  });

  it('retries a reset connection', async () => {
    const { sim, gateway } = await setup(3_600_000, () => 0.5);
    sim.faults.resetConnections(1);
    await expect(gateway.chat(triage)).resolves.toMatchObject({ content: 'OK' });
    expect(modelRequests(sim.requests)).toHaveLength(2);
  });

  it('retries a load timeout once, after looking at /api/ps', async () => {
    const { sim, gateway, logger } = await setup(3_600_000, () => 0.5, { loadTimeoutMs: 2000 });
    sim.faults.stallLoads(1);
    await expect(gateway.chat(triage)).resolves.toMatchObject({ content: 'OK' });
    const paths = sim.requests.slice(-4).map((r) => `${r.path} ${r.status}`);
    // The last /api/ps is the gateway's once-per-model check that the model sits wholly on the GPU.
    expect(paths).toEqual(['/api/chat 500', '/api/ps 200', '/api/chat 200', '/api/ps 200']);
    expect(logger.lines.some((l) => l.includes('load timed out'))).toBe(true);
  });

  it('does not retry a second load timeout', async () => {
    const { sim, gateway } = await setup(3_600_000, () => 0.5, { loadTimeoutMs: 2000 });
    sim.faults.stallLoads(5);
    await expect(gateway.chat(triage)).rejects.toBeInstanceOf(ModelUnavailableError);
    expect(modelRequests(sim.requests)).toHaveLength(2);
  });

  it('never retries a 4xx', async () => {
    const { sim, gateway } = await setup(3_600_000, () => 0.5);
    sim.removeModel('qwen2.5-coder:7b'); // deleted on the server after preflight
    const error = await gateway.chat(triage).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toContain(
      'model "qwen2.5-coder:7b" not found, try pulling it first',
    );
    expect((error as Error).message).toContain('ollama pull qwen2.5-coder:7b');
    expect(modelRequests(sim.requests).map((r) => r.status)).toEqual([404]);
  });
});
