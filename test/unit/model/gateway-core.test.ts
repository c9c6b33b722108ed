import { describe, expect, it } from '@jest/globals';
import { classifyOllamaError } from '../../../src/model/classify-error.js';
import {
  estimateModelBytes,
  GiB,
  kvCacheBytes,
  readModelLimits,
} from '../../../src/model/memory-estimate.js';
import { backoffDelay, RETRY_POLICY } from '../../../src/model/retry.js';
import { silentTruncation, TokenCounter } from '../../../src/model/tokens.js';

const responseError = (message: string, status: number) =>
  Object.assign(new Error(message), { name: 'ResponseError', status_code: status });
const fetchFailed = (code: string) =>
  Object.assign(new TypeError('fetch failed'), { cause: { code } });

describe('classifyOllamaError', () => {
  it.each([
    [
      responseError('llama runner process has terminated: CUDA error: out of memory', 500),
      'out-of-memory',
      false,
    ],
    [
      new Error('an error was encountered while running the model: CUDA error: out of memory'),
      'out-of-memory',
      false,
    ],
    [
      responseError(
        'llama-server reported out-of-memory during startup: cudaMalloc failed: out of memory',
        500,
      ),
      'out-of-memory',
      false,
    ],
    [
      responseError('model requires more system memory (5.3 GiB) than is available (4.4 GiB)', 500),
      'out-of-memory',
      false,
    ],
    [
      responseError(
        'model failed to load, this may be due to resource limitations or an internal error, check ollama server logs for details',
        500,
      ),
      'server', // no memory wording: a crash, as Ollama's IsOutOfMemoryMessage decides
      false,
    ],
    [
      responseError('server busy, please try again.  maximum pending requests exceeded', 503),
      'busy',
      true,
    ],
    [new Error('server busy, please try again.  maximum pending requests exceeded'), 'busy', true],
    [responseError('the input length exceeds the context length', 400), 'context-overflow', false],
    [
      responseError(
        'the prompt is longer than the context length currently available to the model; shorten the prompt, adjust the context length in settings, or use a model with a longer context length',
        400,
      ),
      'context-overflow',
      false,
    ],
    [
      responseError(
        '{"error":{"code":400,"message":"request (9000 tokens) exceeds the available context size (4096 tokens), try increasing it","type":"exceed_context_size_error"}}',
        400,
      ),
      'context-overflow',
      false,
    ],
    [
      responseError('timed out waiting for llama runner to start - progress 0.00 - ', 500),
      'load-timeout',
      false,
    ],
    [responseError('model "x" not found, try pulling it first', 404), 'model-missing', false],
    [
      responseError('registry.ollama.ai/library/x:latest does not support tools', 400),
      'no-tools',
      false,
    ],
    [responseError('request canceled', 499), 'client', false],
    [fetchFailed('ECONNREFUSED'), 'connection', true],
    [fetchFailed('ECONNRESET'), 'connection', true],
    [fetchFailed('UND_ERR_SOCKET'), 'connection', true],
    [fetchFailed('UND_ERR_HEADERS_TIMEOUT'), 'load-timeout', false],
    // Status 200, no error line, no done: the server stopped a looping answer (ollama-js v0.6.3
    // src/utils.ts); a connection lost mid-answer fails the body read instead (undici "terminated").
    [new Error('Did not receive done or success response in stream.'), 'degenerate-answer', false],
    [
      Object.assign(new TypeError('terminated'), { cause: { code: 'UND_ERR_SOCKET' } }),
      'connection',
      true,
    ],
    [Object.assign(new Error('aborted'), { name: 'AbortError' }), 'aborted', false],
    [responseError('invalid format: expected "json" or a JSON schema', 500), 'server', false],
  ])('%s → %s', (error, kind, retryable) => {
    expect(classifyOllamaError(error)).toMatchObject({ kind, retryable });
  });
});

describe('backoffDelay', () => {
  it('is full jitter under a ceiling that doubles from 2 s and stops at 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, () => 0.999999))).toEqual([
      1999, 3999, 7999, 15999, 31999, 59999, 59999,
    ]);
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(RETRY_POLICY).toEqual({ baseMs: 2000, capMs: 60_000, maxTries: 4 });
  });
});

describe('memory estimate', () => {
  const llama8b = readModelLimits(
    {
      'general.architecture': 'llama',
      'llama.context_length': 131072,
      'llama.block_count': 32,
      'llama.embedding_length': 4096,
      'llama.attention.head_count': 32,
      'llama.attention.head_count_kv': [8, 8, 8],
    },
    'llama3.1:8b',
  );
  it('gives 128 KiB of f16 KV per token for llama 8B: 1 GiB at 8k, 16 GiB at 128k', () => {
    expect(kvCacheBytes(llama8b, 1)).toBe(128 * 1024);
    expect(kvCacheBytes(llama8b, 8192)).toBe(GiB);
    expect(kvCacheBytes(llama8b, 131072)).toBe(16 * GiB);
    expect(kvCacheBytes(llama8b, 8192, 'q8_0')).toBe(GiB / 2);
  });
  it('adds weights, graph and the CUDA reserve', () => {
    const bytes = estimateModelBytes(4.9e9, llama8b, 8192);
    expect(bytes).toBeGreaterThan(4.9e9 + GiB + 457 * 1024 * 1024);
    expect(bytes).toBeLessThan(4.9e9 + GiB + 2 * GiB);
  });
  it('names the missing metadata', () => {
    expect(() => readModelLimits({ 'general.architecture': 'qwen2' }, 'm')).toThrow(
      /has no qwen2\.attention\.head_count/,
    );
  });
});

describe('tokens', () => {
  it('flags the truncation fingerprints of both server generations', () => {
    expect(silentTruncation(8192, 7000, 8192)).toMatch(/whole num_ctx/);
    expect(silentTruncation(4098, 5000, 8192)).toMatch(/num_ctx\/2 \+ 2/);
    expect(silentTruncation(900, 3000, 8192)).toMatch(/less than half/);
    expect(silentTruncation(2900, 3000, 8192)).toBeUndefined();
  });
  it('calibrates towards the server count', () => {
    const counter = new TokenCounter();
    const messages = [{ role: 'user' as const, content: 'x'.repeat(4000) }];
    expect(counter.countMessages(messages)).toBe(Math.ceil(4000 / 3.2) + 8);
    counter.calibrate(messages, 1008); // 1000 content tokens: 4 characters per token
    expect(counter.count('x'.repeat(4000))).toBe(Math.ceil(4000 / (4 * 0.95)));
  });
});
