import { OutcomeError } from '../shared/errors.js';
import type { ModelRole } from './gateway.js';

/** A prompt that does not fit the pinned context; refused before it is sent. */
export class PromptTooLongError extends OutcomeError {
  constructor(
    readonly role: ModelRole,
    readonly promptTokens: number,
    readonly budgetTokens: number,
    reason: string,
  ) {
    super('needs-human', reason);
    this.name = 'PromptTooLongError';
  }
}

/** The model's answer cannot be used: malformed after its retries, or cut off by the output limit. */
export class ModelAnswerError extends OutcomeError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('needs-human', reason, options);
    this.name = 'ModelAnswerError';
  }
}

/**
 * The answer degenerated: the server stopped the generation because it kept repeating one token
 * (whitespace counts), so the stream ended without `done`. The server is fine; the same request
 * tends to loop again, so it is not retried as a connection failure. Callers decide: triage asks
 * once more with a repeat penalty, an edit round counts as failed, file picking falls back.
 */
export class DegenerateAnswerError extends ModelAnswerError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'DegenerateAnswerError';
  }
}
