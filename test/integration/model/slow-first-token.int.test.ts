import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ollama } from 'ollama';
import { Agent, fetch as undiciFetch } from 'undici';
import { httpTimeouts } from '../../../src/model/model-fetch.js';
import { startOllamaSimulator, type OllamaSimulator } from '../../simulators/ollama/index.js';
import { EDIT, makeConfig, recordingLogger, simulatorGateway, user } from './helpers.js';

/** The headers timeout in force in this test: Node's 300 s default, lowered a thousandfold. */
const SHORT_HEADERS_TIMEOUT_MS = 300;

describe('a first token later than the headers timeout', () => {
  let sim: OllamaSimulator;
  beforeAll(async () => {
    // The real server sends headers only with the first token (server/routes.go ~2097–2110, main
    // fb30760; the simulator's Reply does the same): a 25 s load at timeScale 10 is 2.5 s of silence.
    sim = await startOllamaSimulator({ timeScale: 10 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('a client with the short timeout gives up before the first token (the wait is real)', async () => {
    const agent = new Agent({ headersTimeout: SHORT_HEADERS_TIMEOUT_MS });
    const client = new Ollama({
      host: sim.url,
      fetch: ((input: string, init: object) =>
        undiciFetch(input, { ...init, dispatcher: agent })) as unknown as typeof fetch,
    });
    const error = await client
      .chat({ model: EDIT, messages: user('hello'), stream: true, keep_alive: 0 })
      .catch((e: unknown) => e);
    expect((error as Error & { cause?: { code?: string } }).cause?.code).toBe(
      'UND_ERR_HEADERS_TIMEOUT',
    );
    await agent.close();
  });

  it('the gateway waits as the deadline allows, says so while waiting, and gets the answer', async () => {
    const logger = recordingLogger();
    const gateway = simulatorGateway(sim, makeConfig(sim.url), {
      logger,
      progressEveryMs: 100,
    });
    try {
      await gateway.preflight();
      const started = performance.now();
      const answer = await gateway.chat({
        role: 'edit',
        purpose: 'edit',
        messages: user('hello'),
        maxOutputTokens: 64,
      });
      expect(answer.content).toBe('OK');
      expect(performance.now() - started).toBeGreaterThan(SHORT_HEADERS_TIMEOUT_MS * 2);
      expect(
        logger.lines.some((l) => /^info: edit.*loading \/ evaluating the prompt: \d+ s/.test(l)),
      ).toBe(true);
    } finally {
      await gateway.close();
    }
  });
});

describe('httpTimeouts', () => {
  it("is what is left of the job, far past Node's 300 s default, never zero", () => {
    expect(httpTimeouts(45 * 60_000, 0)).toEqual({
      headersTimeout: 45 * 60_000,
      bodyTimeout: 45 * 60_000,
    });
    expect(httpTimeouts(1000, 2000).headersTimeout).toBe(1);
    expect(httpTimeouts(10 ** 12, 0).headersTimeout).toBe(2 ** 31 - 1);
  });
});
