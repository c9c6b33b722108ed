import { describe, expect, it } from '@jest/globals';
import type { ClassifiedError } from '../../../src/model/classify-error.js';
import { RETRY_POLICY, withRetries, type RetryContext } from '../../../src/model/retry.js';
import { ModelUnavailableError, OutcomeError } from '../../../src/shared/errors.js';
import { recordingLogger } from '../../fakes/logger.js';

const busy = () =>
  Object.assign(new Error('server busy, please try again.  maximum pending requests exceeded'), {
    status_code: 503,
  });
const reset = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
const loadTimeout = () =>
  Object.assign(new Error('timed out waiting for llama runner to start - progress 0.00 - '), {
    status_code: 500,
  });

/** A retry context on a clock that only sleeps move; `fail` records what it was asked to turn. */
function context(overrides: Partial<RetryContext> = {}) {
  let now = 1_000_000;
  const slept: number[] = [];
  const failed: ClassifiedError[] = [];
  const events: string[] = [];
  const logger = recordingLogger();
  const ctx: RetryContext = {
    label: 'triage (m)',
    deadline: now + 3_600_000,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      events.push(`sleep ${ms}`);
      now += ms;
    },
    random: () => 0.5,
    logger,
    fail: (classified) => {
      failed.push(classified);
      return new OutcomeError('error', `failed: ${classified.kind}`);
    },
    onLoadTimeout: async () => {
      events.push('looked at /api/ps');
    },
    ...overrides,
  };
  return { ctx, slept, failed, events, logger, start: now };
}

/** An attempt that throws the given errors in turn, then answers 'ok'. */
function attempts(...errors: (() => unknown)[]) {
  const tries: number[] = [];
  const fn = async (tryNumber: number): Promise<string> => {
    tries.push(tryNumber);
    const next = errors[tries.length - 1];
    if (next) throw next();
    return 'ok';
  };
  return { fn, tries };
}

describe('withRetries: only busy and connection errors are retried', () => {
  it('answers at once when the first try succeeds', async () => {
    const { ctx, slept } = context();
    const { fn, tries } = attempts();
    await expect(withRetries(fn, ctx)).resolves.toBe('ok');
    expect(tries).toEqual([1]);
    expect(slept).toEqual([]);
  });

  it.each([
    ['an unrecognised error', () => new Error('something new went wrong'), 'server'],
    [
      'a 500 with an unknown text',
      () => Object.assign(new Error('x'), { status_code: 500 }),
      'server',
    ],
    ['out of memory', () => new Error('CUDA error: out of memory'), 'out-of-memory'],
    [
      'a context overflow',
      () => new Error('the input length exceeds the context length'),
      'context-overflow',
    ],
    [
      'a missing model',
      () => Object.assign(new Error('not found'), { status_code: 404 }),
      'model-missing',
    ],
    ['a 400', () => Object.assign(new Error('bad'), { status_code: 400 }), 'client'],
    ['our abort', () => Object.assign(new Error('aborted'), { name: 'AbortError' }), 'aborted'],
  ])('%s is tried once and handed to fail()', async (_what, error, kind) => {
    const { ctx, slept, failed, logger } = context();
    const { fn, tries } = attempts(error);
    const thrown = await withRetries(fn, ctx).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(OutcomeError);
    expect((thrown as Error).message).toBe(`failed: ${kind}`);
    expect(tries).toEqual([1]);
    expect(slept).toEqual([]);
    expect(failed.map((c) => c.kind)).toEqual([kind]);
    expect(logger.lines).toEqual([]);
  });

  it('retries busy and dropped connections with the backoff delay, then answers', async () => {
    const { ctx, slept, failed, logger } = context({ random: () => 0.75 });
    const { fn, tries } = attempts(busy, reset, busy);
    await expect(withRetries(fn, ctx)).resolves.toBe('ok');
    expect(tries).toEqual([1, 2, 3, 4]);
    expect(slept).toEqual([1500, 3000, 6000]);
    expect(failed).toEqual([]);
    expect(logger.lines).toEqual([
      'warning: triage (m): busy (server busy, please try again.  maximum pending requests exceeded); retry 1/3 in 1.5 s',
      'warning: triage (m): connection (fetch failed); retry 2/3 in 3.0 s',
      'warning: triage (m): busy (server busy, please try again.  maximum pending requests exceeded); retry 3/3 in 6.0 s',
    ]);
  });

  it(`stops after ${RETRY_POLICY.maxTries} tries with model-unavailable`, async () => {
    const { ctx, slept } = context();
    const { fn, tries } = attempts(busy, busy, busy, busy, busy);
    const thrown = await withRetries(fn, ctx).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ModelUnavailableError);
    expect((thrown as Error).message).toBe(
      'triage (m): Ollama still failing after 4 tries (busy): server busy, please try again.  maximum pending requests exceeded',
    );
    expect((thrown as Error).cause).toBeInstanceOf(Error);
    expect(tries).toEqual([1, 2, 3, 4]);
    expect(slept).toHaveLength(3);
  });

  it('passes on its own verdicts (a lost host lock) unclassified and untried', async () => {
    const { ctx, failed, slept } = context();
    const lost = new ModelUnavailableError('The host-wide model lock was taken over; stopping.');
    const { fn, tries } = attempts(() => lost, busy);
    await expect(withRetries(fn, ctx)).rejects.toBe(lost);
    expect(tries).toEqual([1]);
    expect(failed).toEqual([]);
    expect(slept).toEqual([]);
  });

  it('a retryable error after a non-retryable one is never reached', async () => {
    const { ctx } = context();
    const { fn, tries } = attempts(() => new Error('CUDA error: out of memory'), busy);
    await expect(withRetries(fn, ctx)).rejects.toThrow('failed: out-of-memory');
    expect(tries).toEqual([1]);
  });
});

describe('withRetries: a load timeout gets one retry, after a look at the server', () => {
  it('looks at /api/ps, waits the backoff, and tries again once', async () => {
    const { ctx, events, logger } = context();
    const { fn, tries } = attempts(loadTimeout);
    await expect(withRetries(fn, ctx)).resolves.toBe('ok');
    expect(tries).toEqual([1, 2]);
    expect(events).toEqual(['looked at /api/ps', 'sleep 1000']);
    expect(logger.lines).toEqual([
      'warning: triage (m): load-timeout (timed out waiting for llama runner to start - progress 0.00 - ); retry 1/3 in 1.0 s',
    ]);
  });

  it('a second load timeout is handed to fail()', async () => {
    const { ctx, failed, events } = context();
    const { fn, tries } = attempts(loadTimeout, busy, loadTimeout);
    await expect(withRetries(fn, ctx)).rejects.toThrow('failed: load-timeout');
    expect(tries).toEqual([1, 2, 3]);
    expect(failed.map((c) => c.kind)).toEqual(['load-timeout']);
    expect(events.filter((e) => e === 'looked at /api/ps')).toHaveLength(1);
  });

  it('retries without a look when no one asked for it', async () => {
    const { ctx } = context({ onLoadTimeout: undefined });
    const { fn, tries } = attempts(loadTimeout);
    await expect(withRetries(fn, ctx)).resolves.toBe('ok');
    expect(tries).toEqual([1, 2]);
  });
});

describe('withRetries enforces the job deadline itself', () => {
  it('gives up when the next delay would reach the deadline, without sleeping', async () => {
    // random 0.5: the first delay is 1000 ms; the deadline is exactly that far away.
    const { ctx, slept, start } = context();
    const { fn, tries } = attempts(busy, busy);
    const thrown = await withRetries(fn, { ...ctx, deadline: start + 1000 }).catch(
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(ModelUnavailableError);
    expect((thrown as Error).message).toBe(
      'triage (m): gave up at the job deadline after 1 try; last error (busy): server busy, please try again.  maximum pending requests exceeded',
    );
    expect(((thrown as Error).cause as Error).message).toMatch(/^server busy/);
    expect(tries).toEqual([1]);
    expect(slept).toEqual([]);
  });

  it('still retries when the delay ends a millisecond before the deadline', async () => {
    const { ctx, slept, start } = context();
    const { fn, tries } = attempts(busy);
    await expect(withRetries(fn, { ...ctx, deadline: start + 1001 })).resolves.toBe('ok');
    expect(tries).toEqual([1, 2]);
    expect(slept).toEqual([1000]);
  });

  it('counts the time the tries themselves took', async () => {
    const { ctx, start } = context();
    let now = start;
    const tries: number[] = [];
    const slow = async (tryNumber: number): Promise<string> => {
      tries.push(tryNumber);
      now += 30_000; // each try hangs half a minute before the server answers 503
      throw busy();
    };
    const thrown = await withRetries(slow, {
      ...ctx,
      now: () => now,
      sleep: async (ms) => void (now += ms),
      deadline: start + 62_000,
    }).catch((e: unknown) => e);
    expect((thrown as Error).message).toMatch(
      /^triage \(m\): gave up at the job deadline after 2 tries;/,
    );
    expect(tries).toEqual([1, 2]);
  });
});
