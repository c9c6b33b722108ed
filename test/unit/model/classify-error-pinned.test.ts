import { describe, expect, it } from '@jest/globals';
import { classifyOllamaError } from '../../../src/model/classify-error.js';

/**
 * Every wording the classifier reads as out-of-memory, one case each, so dropping one is caught. Each
 * message carries exactly one of the fragments (checked below), so no other fragment hides the loss.
 * Wordings from reference/ollama.md §2 and reference/real-failures.md (Ollama v0.24.0 and main).
 */
const MEMORY_TEXTS: readonly [fragment: string, message: string][] = [
  [
    'requires more system memory',
    'model requires more system memory (5.3 GiB) than is available (4.4 GiB)',
  ],
  ['out of memory', 'ggml_backend_alloc_ctx_tensors: out of memory'],
  ['out-of-memory', 'the runner reported out-of-memory'],
  ['out of device memory', 'vkAllocateMemory: out of device memory'],
  [
    'cudaMalloc failed',
    'ggml_backend_cuda_buffer_type_alloc_buffer: allocating 1024.00 MiB on device 0: cudaMalloc failed',
  ],
  ['hipMalloc failed', 'ggml_backend_hip_buffer_type_alloc_buffer: hipMalloc failed'],
  ['failed to allocate', 'ggml_gallocr_reserve_n: failed to allocate CUDA0 buffer'],
  ['allocation failed', 'buffer allocation failed'],
  ['not enough memory', 'not enough memory to load the model'],
  ['insufficient memory', 'insufficient memory for the model'],
  ['vk_error_out_of_device_memory', 'vulkan: VK_ERROR_OUT_OF_DEVICE_MEMORY'],
  ['ErrorOutOfMemory', 'vk::Device::allocateMemory: ErrorOutOfMemory'],
  ['unable to allocate', 'error loading model: unable to allocate CPU buffer'],
  // The Go engine (v0.24.0 llm/server.go ~900, 909, 930): no memory word, listed by name.
  ['memory layout cannot be allocated', 'memory layout cannot be allocated with num_gpu = 12'],
  ['failed to commit memory for model', 'failed to commit memory for model'],
];

/** The whole texts Ollama sends (reference/ollama.md §2), as they arrive. */
const REAL_MEMORY_TEXTS: readonly string[] = [
  'llama runner process has terminated: CUDA error: out of memory',
  'llama runner process has terminated: cudaMalloc failed: out of memory',
  'an error was encountered while running the model: CUDA error: out of memory',
  'llama-server reported out-of-memory during startup: cudaMalloc failed: out of memory',
  'llama-server process has terminated: error loading model: unable to allocate CPU buffer',
  'memory layout cannot be allocated',
];

/**
 * Crashes without memory wording are not out-of-memory: Ollama itself decides by the wording
 * (IsOutOfMemoryMessage, llm/status.go, main fb30760), not by the crash prefix.
 */
const CRASH_TEXTS: readonly string[] = [
  'llama runner process has terminated: exit status 2',
  'llama-server process has terminated: exit status 1',
  'the model runner unexpectedly stopped',
  'CUDA error: an illegal memory access was encountered',
  'model failed to load, this may be due to resource limitations or an internal error, check ollama server logs for details',
  'model runner has unexpectedly stopped, this may be due to resource limitations or an internal error, check ollama server logs for details',
];

const CONTEXT_TEXTS: readonly [fragment: string, message: string][] = [
  ['input length exceeds the context length', 'the input length exceeds the context length'],
  [
    'prompt is longer than the context length',
    'the prompt is longer than the context length currently available to the model',
  ],
  [
    'exceeds the available context size',
    'request (9000 tokens) exceeds the available context size (4096 tokens), try increasing it',
  ],
  ['exceed_context_size_error', '{"error":{"code":400,"type":"exceed_context_size_error"}}'],
  ['exceeds maximum context length', 'the request exceeds maximum context length'],
  ['exceeds the maximum context length', 'the request exceeds the maximum context length'],
  [
    "exceeds the model's maximum context length",
    "the request exceeds the model's maximum context length",
  ],
];

const LOAD_TIMEOUT_TEXTS: readonly string[] = [
  'timed out waiting for llama runner to start - progress 0.00 - ',
  'timed out waiting for llama-server to start - progress 0.00 - ',
];

const streamError = (message: string) => new Error(message);
const withStatus = (message: string, status: number) =>
  Object.assign(new Error(message), { name: 'ResponseError', status_code: status });
/** What undici throws: `fetch failed` before the answer, `terminated` when the body stops mid-stream. */
const network = (message: string, code: string) =>
  Object.assign(new TypeError(message), { cause: Object.assign(new Error('socket'), { code }) });

describe('classifyOllamaError: out-of-memory, never retried', () => {
  it.each(MEMORY_TEXTS)('"%s" alone marks out-of-memory: %s', (fragment, message) => {
    const others = MEMORY_TEXTS.map(([f]) => f).filter(
      (f) => f !== fragment && message.toLowerCase().includes(f.toLowerCase()),
    );
    expect(others).toEqual([]);
    for (const error of [
      streamError(message),
      withStatus(message, 500),
      withStatus(message, 503),
    ]) {
      expect(classifyOllamaError(error)).toMatchObject({ kind: 'out-of-memory', retryable: false });
    }
  });

  it.each(REAL_MEMORY_TEXTS)('%s', (message) => {
    expect(classifyOllamaError(withStatus(message, 500))).toEqual({
      kind: 'out-of-memory',
      status: 500,
      message,
      retryable: false,
    });
  });

  it('reads the wording in any case', () => {
    expect(classifyOllamaError(streamError('CUDA ERROR: OUT OF MEMORY')).kind).toBe(
      'out-of-memory',
    );
    expect(classifyOllamaError(streamError('Out Of Memory')).kind).toBe('out-of-memory');
  });

  it('wins over the other kinds a message could also be read as', () => {
    // A memory failure while the connection drops, or behind a 404, is still a memory failure.
    expect(classifyOllamaError(withStatus('CUDA error: out of memory', 404)).kind).toBe(
      'out-of-memory',
    );
    expect(
      classifyOllamaError(network('fetch failed: cudaMalloc failed: out of memory', 'ECONNRESET'))
        .kind,
    ).toBe('out-of-memory');
  });

  it.each(CRASH_TEXTS)('a crash without memory wording is no out-of-memory: %s', (message) => {
    expect(classifyOllamaError(withStatus(message, 500))).toMatchObject({
      kind: 'server',
      retryable: false,
    });
  });
});

describe('classifyOllamaError: the other kinds', () => {
  it.each(CONTEXT_TEXTS)('"%s" is a context overflow, not retried', (_fragment, message) => {
    expect(classifyOllamaError(withStatus(message, 400))).toMatchObject({
      kind: 'context-overflow',
      retryable: false,
    });
    expect(classifyOllamaError(streamError(message.toUpperCase())).kind).toBe('context-overflow');
  });

  it.each(LOAD_TIMEOUT_TEXTS)(
    '"%s" is a load timeout (retried once by the loop, not here)',
    (message) => {
      expect(classifyOllamaError(withStatus(message, 500))).toMatchObject({
        kind: 'load-timeout',
        retryable: false,
      });
    },
  );

  it('a 503, or the busy text in a stream, is busy and retryable', () => {
    expect(classifyOllamaError(withStatus('Service Unavailable', 503))).toEqual({
      kind: 'busy',
      status: 503,
      message: 'Service Unavailable',
      retryable: true,
    });
    expect(
      classifyOllamaError(
        streamError('Server busy, please try again.  maximum pending requests exceeded'),
      ),
    ).toEqual({
      kind: 'busy',
      status: undefined,
      message: 'Server busy, please try again.  maximum pending requests exceeded',
      retryable: true,
    });
  });

  it('a 404, or the not-found text in a stream, is a missing model', () => {
    expect(classifyOllamaError(withStatus('Not Found', 404))).toMatchObject({
      kind: 'model-missing',
      retryable: false,
    });
    expect(classifyOllamaError(streamError(`model 'qwen2.5-coder:7b' not found`))).toMatchObject({
      kind: 'model-missing',
      status: undefined,
    });
    expect(classifyOllamaError(streamError('model "x" not found, try pulling it first')).kind).toBe(
      'model-missing',
    );
    expect(classifyOllamaError(streamError('model not found')).kind).toBe('server');
  });

  it.each([302, 500, 502])(
    'a %d without a known text is a server error, not a client one, never retried',
    (status) => {
      expect(classifyOllamaError(withStatus('boom', status))).toEqual({
        kind: 'server',
        status,
        message: 'boom',
        retryable: false,
      });
    },
  );

  it('a status that is not a number is no status', () => {
    const error = Object.assign(new Error('boom'), { status_code: '400' });
    expect(classifyOllamaError(error)).toEqual({
      kind: 'server',
      status: undefined,
      message: 'boom',
      retryable: false,
    });
  });

  it.each([400, 401, 413, 499])('any other %d is a client error, never retried', (status) => {
    expect(classifyOllamaError(withStatus('refused', status))).toEqual({
      kind: 'client',
      status,
      message: 'refused',
      retryable: false,
    });
  });

  it.each([
    ['ECONNREFUSED'],
    ['ECONNRESET'],
    ['EPIPE'],
    ['UND_ERR_SOCKET'],
    ['UND_ERR_CLOSED'],
    ['ETIMEDOUT'],
  ])('a dropped connection (%s) is retryable, whatever the message', (code) => {
    expect(classifyOllamaError(network('terminated', code))).toEqual({
      kind: 'connection',
      status: undefined,
      message: 'terminated',
      retryable: true,
    });
  });

  it.each([
    'fetch failed',
    'socket hang up',
    'connect ECONNREFUSED 127.0.0.1:11434',
    'read ECONNRESET',
  ])('"%s" without a code is a dropped connection, retryable', (message) => {
    expect(classifyOllamaError(streamError(message))).toMatchObject({
      kind: 'connection',
      retryable: true,
    });
  });

  it('a stream that ends without done (ollama-js v0.6.3 src/utils.ts) is a degenerate answer, never retried', () => {
    expect(
      classifyOllamaError(streamError('Did not receive done or success response in stream.')),
    ).toMatchObject({ kind: 'degenerate-answer', retryable: false });
  });

  it("node's headers timeout is a load timeout, not a retryable connection", () => {
    expect(classifyOllamaError(network('fetch failed', 'UND_ERR_HEADERS_TIMEOUT'))).toMatchObject({
      kind: 'load-timeout',
      retryable: false,
    });
  });

  it('our own abort or timeout is aborted, whatever the message says', () => {
    for (const name of ['AbortError', 'TimeoutError']) {
      const error = Object.assign(
        new Error('This operation was aborted: server busy, please try again'),
        {
          name,
        },
      );
      expect(classifyOllamaError(error)).toMatchObject({ kind: 'aborted', retryable: false });
    }
    expect(classifyOllamaError({ name: 'AbortError', message: 'fetch failed' }).kind).toBe(
      'connection',
    );
  });

  it.each([
    [
      'a 500 with an unknown text',
      withStatus('invalid format: expected "json" or a JSON schema', 500),
    ],
    ['a 502', withStatus('Bad Gateway', 502)],
    ['an unknown stream error', streamError('something new went wrong')],
    ['an unknown network code', network('terminated', 'ENOTFOUND')],
    ['a thrown string', 'boom'],
    ['null', null],
    ['a status that is not a number', Object.assign(new Error('x'), { status_code: '503' })],
  ])('an unrecognised error (%s) is a server error and never retried', (_what, error) => {
    expect(classifyOllamaError(error)).toMatchObject({ kind: 'server', retryable: false });
  });

  it('keeps the status and message it was given', () => {
    expect(classifyOllamaError(withStatus('invalid format', 500))).toEqual({
      kind: 'server',
      status: 500,
      message: 'invalid format',
      retryable: false,
    });
  });
});
