// A generation that keeps repeating one token: the real server stops it and the stream ends with
// status 200, no error line and no `done` chunk. Sources, read for this test:
// - ollama/ollama v0.24.0 `llm/server.go` ~1674-1708 and main fb30760 `llm/llama_server.go`
//   ~1664-1703: `if tokenRepeat > 30 { slog.Debug("prediction aborted, token repeat limit reached");
//   return ctx.Err() }`, tokens compared after strings.TrimSpace (whitespace counts);
// - ollama/ollama v0.24.0 `server/routes.go` ChatHandler ~2653-2690: a non-streamed answer is then
//   the last chunk, `done: false`, with the content so far;
// - ollama/ollama-js v0.6.3 `src/utils.ts` AbortableAsyncIterator (used by `src/browser.ts`
//   processStreamableRequest): "Did not receive done or success response in stream."
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ollama } from 'ollama';
import { DegenerateAnswerError } from '../../../src/model/model-errors.js';
import type { ModelGateway } from '../../../src/model/gateway.js';
import { OutcomeError } from '../../../src/shared/errors.js';
import { DEGENERATE_RETRY_REPEAT_PENALTY, triageTicket } from '../../../src/triage/triage.js';
import { ticket } from '../../fakes/ports.js';
import { repeatLimitIndex } from '../../simulators/ollama/generation.js';
import {
  modelRequests,
  startOllamaSimulator,
  type OllamaSimulator,
  type RequestLogEntry,
} from '../../simulators/ollama/index.js';
import { makeConfig, recordingLogger, simulatorGateway, TRIAGE, user } from './helpers.js';

const LOOPING = `{"actionable": true, "reason": "${'the '.repeat(45)}`;
const VERDICT = JSON.stringify({
  actionable: true,
  kind: 'bug',
  size: 'small',
  clarity: 'clear',
  reason: 'A parser bug with a named file.',
  searchTerms: ['parseDate'],
  namedPaths: [],
  question: '',
});

describe('the repeat limit, as the real server applies it', () => {
  it('stops at the 31st repeat of one token, comparing tokens with whitespace trimmed', () => {
    expect(repeatLimitIndex(Array(31).fill(' the'))).toBe(-1); // 30 repeats of the first: allowed
    expect(repeatLimitIndex(Array(32).fill(' the'))).toBe(31);
    expect(repeatLimitIndex(['the', ...Array(31).fill(' the ')])).toBe(31);
    // Whitespace counts: a JSON answer stuck on newlines (the first "" token already repeats).
    expect(repeatLimitIndex(['{', ...Array(40).fill('\n')])).toBe(32);
    expect(repeatLimitIndex(Array(31).fill('\n'))).toBe(30);
    expect(
      repeatLimitIndex(
        Array(60)
          .fill(0)
          .map((_, i) => ` w${i % 2}`),
      ),
    ).toBe(-1);
  });
});

describe('an answer that degenerates into repeating one token', () => {
  let sim: OllamaSimulator;
  let gateway: ModelGateway;
  const logger = recordingLogger();

  beforeAll(async () => {
    sim = await startOllamaSimulator({ timeScale: 500 });
    gateway = simulatorGateway(sim, makeConfig(sim.url, { keepAliveSeconds: 86_400 }), {
      logger,
      deadline: sim.clock.now() + 86_400_000,
    });
    await gateway.preflight();
  });
  afterAll(async () => {
    await gateway.close();
    await sim.close();
  });

  const chatsSince = (since: number): RequestLogEntry[] =>
    modelRequests(sim.requests.slice(since)).filter((r) => r.path === '/api/chat');

  it('reaches the real client as a 200 stream without done, and a non-streamed answer with done false', async () => {
    sim.setAnswer(TRIAGE, LOOPING);
    const client = new Ollama({ host: sim.url });
    const stream = await client.chat({ model: TRIAGE, messages: user('hi'), stream: true });
    const parts: string[] = [];
    await expect(
      (async () => {
        for await (const part of stream) parts.push(part.message.content);
      })(),
    ).rejects.toThrow('Did not receive done or success response in stream.');
    expect(parts.join('')).toMatch(/( the){30}$/);
    const whole = await client.chat({ model: TRIAGE, messages: user('hi'), stream: false });
    expect(whole.done).toBe(false);
    expect(whole.message.content).toBe(parts.join(''));
    const [streamed] = modelRequests(sim.requests).filter((r) => r.repeatAborted);
    expect(streamed).toMatchObject({ status: 200, repeatAborted: true });
    expect(streamed!.error).toBeUndefined();
  });

  it('is a degenerate answer in the gateway: one request, never a lost connection or model-unavailable', async () => {
    sim.setAnswer(TRIAGE, LOOPING);
    const since = sim.requests.length;
    const error = await gateway
      .chat({ role: 'triage', purpose: 'triage', messages: user('hi'), maxOutputTokens: 200 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DegenerateAnswerError);
    expect((error as OutcomeError).outcome).not.toBe('model-unavailable');
    expect((error as OutcomeError).reason).toContain('the answer degenerated');
    expect(chatsSince(since)).toHaveLength(1);
    expect(logger.lines.filter((l) => l.includes('retry'))).toEqual([]);
  });

  it('triage asks once more with a repeat penalty, and uses that answer', async () => {
    sim.setAnswer(TRIAGE, [LOOPING, VERDICT]);
    const since = sim.requests.length;
    const verdict = await triageTicket({ ticket: ticket(), gateway, logger });
    expect(verdict.decision).toBe('proceed');
    const chats = chatsSince(since);
    expect(chats).toHaveLength(2);
    expect(chats[0]!.body?.options).not.toHaveProperty('repeat_penalty');
    expect(chats[1]!.body?.options).toMatchObject({
      repeat_penalty: DEGENERATE_RETRY_REPEAT_PENALTY,
      temperature: 0,
    });
  });

  it('triage ends error (an operator outcome, recorded as a failed attempt) when the second answer loops too', async () => {
    sim.setAnswer(TRIAGE, LOOPING);
    const since = sim.requests.length;
    const error = await triageTicket({ ticket: ticket(), gateway, logger }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OutcomeError);
    expect((error as OutcomeError).outcome).toBe('error');
    expect((error as OutcomeError).reason).toMatch(
      /degenerated twice, the second time with repeat_penalty 1\.3/,
    );
    expect(chatsSince(since)).toHaveLength(2);
  });
});
