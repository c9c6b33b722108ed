import type { Outcome } from './outcome.js';

/**
 * An error that ends the job with a known outcome. Stages throw it; the orchestrator turns it into
 * the job's result. `reason` is written for the operator (log, summary, ticket comment).
 */
export class OutcomeError extends Error {
  constructor(
    readonly outcome: Outcome,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'OutcomeError';
  }
}

/** A bad input value: the message names the input, quotes the value and lists what is accepted. */
export class ConfigError extends OutcomeError {
  constructor(message: string) {
    super('config-error', message);
    this.name = 'ConfigError';
  }
}

/** The model server cannot hold the plan (out of memory, or a preflight estimate that does not fit). Never retried. */
export class ModelCapacityError extends OutcomeError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('model-capacity', reason, options);
    this.name = 'ModelCapacityError';
  }
}

/** The model server is down, busy past the deadline, or the host-wide lock could not be had in time. */
export class ModelUnavailableError extends OutcomeError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('model-unavailable', reason, options);
    this.name = 'ModelUnavailableError';
  }
}

/** Any thrown value as a readable message (not only `Error` instances). */
export function getErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  // An Error from another realm (a VM context, a worker) fails instanceof but has its message.
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && message !== '') return message;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
