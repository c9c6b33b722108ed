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
