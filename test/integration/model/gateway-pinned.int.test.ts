import { afterEach, describe, expect, it } from '@jest/globals';
import { utimesSync } from 'node:fs';
import type { ModelGateway } from '../../../src/model/gateway.js';
import { ModelUnavailableError, type OutcomeError } from '../../../src/shared/errors.js';
import {
  modelRequests,
  overlappingRequests,
  startOllamaSimulator,
  type OllamaSimulator,
} from '../../simulators/ollama/index.js';
import {
  fastClock,
  makeConfig,
  recordingLogger,
  simulatorGateway,
  TRIAGE,
  user,
} from './helpers.js';

let sim: OllamaSimulator | undefined;
let gateway: ModelGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  await sim?.close();
  sim = undefined;
  gateway = undefined;
});

const ask = (content: string) => ({
  role: 'triage' as const,
  purpose: content,
  messages: user(content),
  maxOutputTokens: 64,
});

/** Another job takes the lock over: the lock's time is no longer the one our refresh wrote. */
function takeOver(lockFile: string): void {
  const later = new Date(Date.now() + 60_000);
  utimesSync(`${lockFile}.lock`, later, later);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('model gateway', () => {
  it('two calls made at once through one gateway never overlap on the server', async () => {
    // Slow enough that two unserialised requests would overlap (see lock.int.test.ts).
    sim = await startOllamaSimulator({
      timeScale: 20,
      answers: { [TRIAGE]: 'a short answer of a few tokens' },
    });
    gateway = simulatorGateway(sim, makeConfig(sim.url));
    await gateway.preflight();
    const answers = await Promise.all([gateway.chat(ask('first')), gateway.chat(ask('second'))]);
    expect(answers.map((a) => a.content)).toEqual([
      'a short answer of a few tokens',
      'a short answer of a few tokens',
    ]);
    expect(modelRequests(sim.requests).filter((r) => r.path === '/api/chat')).toHaveLength(2);
    expect(overlappingRequests(sim.requests)).toEqual([]);
  });

  it('sends nothing once the host lock is lost, and ends model-unavailable', async () => {
    sim = await startOllamaSimulator({ timeScale: 20 }); // the lock takes real seconds to be lost
    const config = makeConfig(sim.url);
    const logger = recordingLogger();
    gateway = simulatorGateway(sim, config, { logger, lockStaleMs: 2000 });
    await gateway.preflight();
    await gateway.chat(ask('before'));
    takeOver(config.budgets.lockFile);
    await until(() => logger.lines.some((l) => l.includes('was lost')), 'the lost lock');
    const before = sim.requests.length;
    const error = await gateway.chat(ask('after')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as OutcomeError).outcome).toBe('model-unavailable');
    expect((error as Error).message).toBe(
      'The host-wide model lock was taken over by another process; stopping.',
    );
    expect(sim.requests.length).toBe(before);
  });

  it('a lock lost while waiting to retry stops the retry', async () => {
    sim = await startOllamaSimulator({ timeScale: 20 }); // the lock takes real seconds to be lost
    const config = makeConfig(sim.url);
    const logger = recordingLogger();
    const clock = fastClock(sim.clock.now);
    gateway = simulatorGateway(sim, config, {
      logger,
      lockStaleMs: 2000,
      sleep: async (ms) => {
        await clock.sleep(ms);
        // The backoff before the retry: another job takes the lock meanwhile.
        takeOver(config.budgets.lockFile);
        await until(() => logger.lines.some((l) => l.includes('was lost')), 'the lost lock');
      },
    });
    await gateway.preflight();
    const before = modelRequests(sim.requests).length;
    sim.faults.busy(1);
    const error = await gateway.chat(ask('busy once')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toContain('model lock was taken over');
    // The 503, and no retry after it.
    expect(
      modelRequests(sim.requests)
        .slice(before)
        .map((r) => r.status),
    ).toEqual([503]);
  });
});
