import { ModelUnavailableError, OutcomeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { classifyOllamaError, type ClassifiedError } from './classify-error.js';
import { withoutConnectionHint } from './connection-message.js';

/** Exponential backoff with full jitter (reference/ollama.md §8): 2 s base, 60 s cap, at most 4 tries. */
export const RETRY_POLICY = { baseMs: 2000, capMs: 60_000, maxTries: 4 } as const;

export interface RetryContext {
  readonly label: string;
  readonly deadline: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly logger: Logger;
  /** Turns an error that must not be retried into what the caller throws. */
  readonly fail: (classified: ClassifiedError, error: unknown) => Error;
  /** Before the single retry of a load timeout: look at /api/ps. */
  readonly onLoadTimeout?: () => Promise<void>;
}

/** Delay before retry number `retry` (1-based): uniform in [0, min(cap, base × 2^(retry-1))]. */
export function backoffDelay(retry: number, random: () => number): number {
  const ceiling = Math.min(RETRY_POLICY.capMs, RETRY_POLICY.baseMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Runs `attempt` until it succeeds, a non-retryable error, the try limit, or the deadline. */
export async function withRetries<T>(
  attempt: (tryNumber: number) => Promise<T>,
  ctx: RetryContext,
): Promise<T> {
  let loadTimeoutRetried = false;
  for (let tryNumber = 1; ; tryNumber++) {
    try {
      return await attempt(tryNumber);
    } catch (error) {
      // Our own verdicts (a lost host lock) are final, not server errors to classify.
      if (error instanceof OutcomeError) throw error;
      const classified = classifyOllamaError(error);
      if (classified.kind === 'load-timeout' && !loadTimeoutRetried) {
        loadTimeoutRetried = true;
        await ctx.onLoadTimeout?.();
      } else if (!classified.retryable) {
        throw ctx.fail(classified, error);
      }
      if (tryNumber >= RETRY_POLICY.maxTries) {
        throw new ModelUnavailableError(
          `${ctx.label}: Ollama still failing after ${tryNumber} tries (${classified.kind}): ${classified.message}`,
          { cause: error },
        );
      }
      const delay = backoffDelay(tryNumber, ctx.random);
      if (ctx.now() + delay >= ctx.deadline) {
        throw new ModelUnavailableError(
          `${ctx.label}: gave up at the job deadline after ${tryNumber} ${tryNumber === 1 ? 'try' : 'tries'}; last error (${classified.kind}): ${classified.message}`,
          { cause: error },
        );
      }
      // What to check is said once, with the final error: every retry repeating it buries the log.
      ctx.logger.warning(
        `${ctx.label}: ${classified.kind} (${withoutConnectionHint(classified.message)}); retry ${tryNumber}/${RETRY_POLICY.maxTries - 1} in ${seconds(delay)}`,
      );
      await ctx.sleep(delay);
    }
  }
}
