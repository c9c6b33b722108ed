import { afterEach, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ModelCapacityError } from '../../../src/shared/errors.js';
import { ModelAnswerError, PromptTooLongError } from '../../../src/model/ollama-gateway.js';
import { Transcript } from '../../../src/shared/transcript.js';
import {
  modelRequests,
  startOllamaSimulator,
  type OllamaSimulator,
  type OllamaSimulatorOptions,
} from '../../simulators/ollama/index.js';
import { makeConfig, simulatorGateway, TRIAGE, user } from './helpers.js';

let sim: OllamaSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setup(options: OllamaSimulatorOptions = {}) {
  sim = await startOllamaSimulator({ timeScale: 2000, ...options });
  const transcript = new Transcript();
  const gateway = simulatorGateway(sim, makeConfig(sim.url, { triageContext: 4096 }), {
    transcript,
  });
  await gateway.preflight();
  return { sim, gateway, transcript };
}

/** Digits and commas: one token per character for the server, about 3 characters per token for our estimate. */
const dense = (chars: number): string => '7,'.repeat(chars / 2);

describe('prompt size', () => {
  it('refuses an over-long prompt before sending, saying by how much', async () => {
    const { sim, gateway } = await setup();
    const budget = gateway.promptBudget('triage', 512);
    expect(budget).toBe(4096 - 512);
    const text = 'word '.repeat(20_000);
    const counted = gateway.countTokens(text);
    const error = await gateway
      .chat({ role: 'triage', purpose: 'triage', messages: user(text), maxOutputTokens: 512 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PromptTooLongError);
    expect((error as PromptTooLongError).promptTokens).toBeGreaterThanOrEqual(counted);
    expect((error as Error).message).toContain(
      `${(error as PromptTooLongError).promptTokens - budget} over its budget of ${budget}`,
    );
    expect(modelRequests(sim.requests)).toHaveLength(0);
  });

  it.each(['0.24', '0.30'] as const)(
    'detects the silent truncation of a server %s that ignores truncate:false',
    async (flavour) => {
      const { sim, gateway, transcript } = await setup({ flavour, ignoreTruncate: true });
      const text = dense(9000); // counted ≈ 2800 tokens, fits the 3584 budget; the server sees ≈ 9000
      const error = await gateway
        .chat({ role: 'triage', purpose: 'triage', messages: user(text), maxOutputTokens: 512 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelCapacityError);
      expect((error as Error).message).toMatch(/silently truncated/);
      expect(modelRequests(sim.requests).at(-1)!.truncated).toBe(true);
      expect(transcript.entries().some((e) => e.kind === 'answer')).toBe(false);
    },
  );

  it('a server that honours truncate:false refuses the same prompt with a 400, not retried', async () => {
    const { sim, gateway } = await setup({ flavour: '0.30' });
    const text = dense(9000);
    const error = await gateway
      .chat({ role: 'triage', purpose: 'triage', messages: user(text), maxOutputTokens: 512 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PromptTooLongError);
    expect((error as Error).message).toContain(
      'the prompt is longer than the context length currently available to the model',
    );
    expect(modelRequests(sim.requests).map((r) => r.status)).toEqual([400]);
  });

  it('pins num_ctx, sends truncate:false, think:false and keep_alive on every call, and calibrates the count', async () => {
    const { sim, gateway, transcript } = await setup();
    const text = 'The build fails when the config file has a trailing comma. '.repeat(40);
    const before = gateway.countTokens(text);
    const answer = await gateway.chat({
      role: 'triage',
      purpose: 'triage',
      messages: user(text),
      maxOutputTokens: 64,
    });
    await gateway.chat({
      role: 'edit',
      purpose: 'edit',
      messages: user('fix it'),
      maxOutputTokens: 64,
    });
    const [first, second] = modelRequests(sim.requests);
    expect(first!.body).toMatchObject({
      model: TRIAGE,
      truncate: false,
      think: false,
      keep_alive: 600,
      stream: true,
      options: { num_ctx: 4096, num_predict: 64 },
    });
    expect(second!.body).toMatchObject({
      truncate: false,
      think: false,
      options: { num_ctx: 16384 },
    });
    expect(answer.metrics).toMatchObject({
      role: 'triage',
      model: TRIAGE,
      promptTokens: first!.promptEvalCount,
      doneReason: 'stop',
    });
    // Prose runs near 4.5 characters per token: after one answer the estimate moves towards the server's count.
    const after = gateway.countTokens(text);
    expect(after).toBeLessThan(before);
    expect(after).toBeGreaterThanOrEqual(first!.promptEvalCount! - 20);
    expect(
      transcript.entries().filter((e) => e.kind === 'prompt' || e.kind === 'answer'),
    ).toHaveLength(4);
    expect(gateway.callMetrics()).toHaveLength(2);
  });
});

describe('structured answers', () => {
  const schema = z.object({ actionable: z.boolean(), reason: z.string() });

  it('sends the schema as format and validates the answer', async () => {
    const { sim, gateway } = await setup({
      answers: { [TRIAGE]: '{"actionable": true, "reason": "clear"}' },
    });
    const { value } = await gateway.chatJson({
      role: 'triage',
      purpose: 'triage',
      messages: user('ticket'),
      maxOutputTokens: 64,
      schema,
    });
    expect(value).toEqual({ actionable: true, reason: 'clear' });
    expect(modelRequests(sim.requests)[0]!.body!.format).toEqual(z.toJSONSchema(schema));
  });

  it('asks again after a malformed answer, within a budget of two', async () => {
    const { sim, gateway } = await setup({
      answers: {
        [TRIAGE]: ['{"actionable": "yes"}', 'not json', '{"actionable": false, "reason": "vague"}'],
      },
    });
    const { value } = await gateway.chatJson({
      role: 'triage',
      purpose: 'triage',
      messages: user('ticket'),
      maxOutputTokens: 64,
      schema,
    });
    expect(value).toEqual({ actionable: false, reason: 'vague' });
    expect(modelRequests(sim.requests)).toHaveLength(3);
  });

  it('fails after three malformed answers', async () => {
    const { sim, gateway } = await setup({ answers: { [TRIAGE]: 'still not json' } });
    await expect(
      gateway.chatJson({
        role: 'triage',
        purpose: 'triage',
        messages: user('ticket'),
        maxOutputTokens: 64,
        schema,
      }),
    ).rejects.toBeInstanceOf(ModelAnswerError);
    expect(modelRequests(sim.requests)).toHaveLength(3);
  });

  it('treats done_reason "length" on a structured answer as a failure', async () => {
    const { gateway } = await setup({
      answers: {
        [TRIAGE]: '{"actionable": true, "reason": "a reason that goes on and on and on"}',
      },
    });
    const error = await gateway
      .chatJson({
        role: 'triage',
        purpose: 'triage',
        messages: user('ticket'),
        maxOutputTokens: 8,
        schema,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelAnswerError);
    expect((error as Error).message).toContain('done_reason "length"');
  });
});
