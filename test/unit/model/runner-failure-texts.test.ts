import { describe, expect, it } from '@jest/globals';
import { classifyOllamaError } from '../../../src/model/classify-error.js';

const responseError = (message: string, status = 500) =>
  Object.assign(new Error(message), { name: 'ResponseError', status_code: status });

describe('memory is decided by the memory wording, as Ollama decides it', () => {
  it.each([
    // v0.24.0 llm/server.go:909 (Go engine, after its layout backoff)
    'memory layout cannot be allocated',
    // v0.24.0 llm/server.go:900 (Go engine, num_gpu set by the request)
    'memory layout cannot be allocated with num_gpu = 33',
    // v0.24.0 llm/server.go:930 (Go engine, committing the layout)
    'failed to commit memory for model',
    // main fb30760 llm/status_test.go TestIsOutOfMemoryMessage cases, wrapped the way
    // llm/llama_server.go:1309 wraps the runner's last error line
    'llama-server process has terminated: exit status 1: error: Insufficient Memory (00000008:kIOGPUCommandBufferCallbackErrorOutOfMemory)',
    'llama-server process has terminated: exit status 1: failed to allocate context',
    'model runner has unexpectedly stopped, this may be due to resource limitations or an internal error, check ollama server logs for details: ggml_backend_cuda_buffer_type_alloc_buffer: allocating 512.00 MiB on device 0: cudaMalloc failed: out of memory',
  ])('"%s" is out-of-memory, never retried', (text) => {
    expect(classifyOllamaError(responseError(text))).toMatchObject({
      kind: 'out-of-memory',
      retryable: false,
      message: text,
    });
  });

  it.each([
    // v0.24.0 llm/server.go:1396 with llm/status.go's "error loading model" prefix and
    // llama/llama.cpp/src/llama-model.cpp:476
    "llama runner process has terminated: error loading model: error loading model architecture: unknown model architecture: 'gemma3'",
    // main fb30760 llm/llama_server.go:1309 with llm/exit_status.go's "exit status N"
    'llama-server process has terminated: exit status 2: error loading model: unknown model architecture',
    // v0.24.0 llm/server.go:1655; main fb30760 llm/llama_server.go:1644
    'model runner has unexpectedly stopped, this may be due to resource limitations or an internal error, check ollama server logs for details',
    // v0.24.0 llm/server.go:1241
    'model failed to load, this may be due to resource limitations or an internal error, check ollama server logs for details',
    // v0.24.0 llm/server.go:1307 (runner gone; the exit code and last status line follow)
    'llama runner process no longer running: 2 error:GGML_ASSERT failed',
  ])('"%s" is a crash, not out-of-memory, and keeps the server text', (text) => {
    const classified = classifyOllamaError(responseError(text));
    expect(classified.kind).toBe('server');
    expect(classified.retryable).toBe(false);
    expect(classified.message).toBe(text);
  });
});
