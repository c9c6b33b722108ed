import type { z } from 'zod';
import { OutcomeError } from '../../../src/shared/errors.js';
import type {
  ChatMessage,
  CallMetrics,
  ChatAnswer,
  ChatRequest,
  ModelGateway,
  ModelRole,
  PreflightReport,
} from '../../../src/model/gateway.js';

/** Like the real gateway's ModelAnswerError: a structured answer still malformed after its retries. */
export class FakeMalformedAnswerError extends OutcomeError {
  constructor(message: string) {
    super('needs-human', message);
    this.name = 'ModelAnswerError';
  }
}

/** A scripted answer: the model's raw text, or an error the call throws. */
export type Scripted = string | Error;

/**
 * A small gateway for unit tests: replays scripted answers in order, validates structured ones
 * with the request's schema like the real gateway (with a retry budget), counts 4 characters as a
 * token, and records every request.
 */
export class FakeGateway implements ModelGateway {
  readonly requests: ChatRequest[] = [];
  private readonly metrics: CallMetrics[] = [];

  constructor(
    private readonly script: Scripted[],
    private readonly options: { numCtx?: number; jsonRetries?: number } = {},
  ) {}

  preflight(): Promise<PreflightReport> {
    return Promise.resolve({ serverVersion: 'fake', models: [], swapModels: false, notes: [] });
  }

  promptBudget(_role: ModelRole, maxOutputTokens: number): number {
    return (this.options.numCtx ?? 8192) - maxOutputTokens;
  }

  countTokens(text: string): number {
    return Math.ceil(text.length / 4);
  }
  countMessages(messages: readonly ChatMessage[]): number {
    return messages.reduce((sum, m) => sum + 5 + this.countTokens(m.content), 3);
  }

  async chatWithTools(): Promise<never> {
    throw new Error('this fake gateway has no scripted tool answers');
  }

  async chat(request: ChatRequest): Promise<ChatAnswer> {
    this.requests.push(request);
    const next = this.script.shift();
    if (next === undefined) throw new Error('FakeGateway: no scripted answer left');
    if (next instanceof Error) throw next;
    const metrics: CallMetrics = {
      role: request.role,
      model: 'fake',
      purpose: request.purpose,
      promptTokens: request.messages.reduce((sum, m) => sum + this.countTokens(m.content), 0),
      outputTokens: this.countTokens(next),
      loadMs: 0,
      promptMs: 0,
      generateMs: 0,
      totalMs: 0,
      doneReason: 'stop',
    };
    this.metrics.push(metrics);
    return { content: next, metrics };
  }

  async chatJson<T>(
    request: ChatRequest & { readonly schema: z.ZodType<T> },
  ): Promise<{ value: T; metrics: CallMetrics }> {
    const attempts = 1 + (this.options.jsonRetries ?? 1);
    let problem = '';
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const answer = await this.chat(request);
      let parsed: unknown;
      try {
        parsed = JSON.parse(answer.content);
      } catch (error) {
        problem = `not JSON: ${(error as Error).message}`;
        continue;
      }
      const result = request.schema.safeParse(parsed);
      if (result.success) return { value: result.data, metrics: answer.metrics };
      problem = `does not match the schema: ${result.error.message}`;
    }
    throw new FakeMalformedAnswerError(
      `The ${request.role} model's answer to '${request.purpose}' was ${problem}`,
    );
  }

  prepareFor(): Promise<void> {
    return Promise.resolve();
  }

  callMetrics(): readonly CallMetrics[] {
    return this.metrics;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
