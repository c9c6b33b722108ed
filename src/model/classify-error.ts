/**
 * The one place that decides what an Ollama failure means (reference/ollama.md §2 and §8).
 * Works on what ollama-js gives us: a ResponseError with `status_code` before the first chunk
 * (real status from v0.12.6), a plain Error for an `{"error"}` line inside a stream (no status),
 * a TypeError "fetch failed" with a `cause.code` for network failures, an AbortError for our own abort.
 */
import { getErrorMessage } from '../shared/errors.js';
export type ErrorKind =
  | 'out-of-memory'
  | 'busy'
  | 'connection'
  | 'load-timeout'
  | 'context-overflow'
  | 'model-missing'
  | 'no-tools'
  | 'client'
  | 'aborted'
  | 'degenerate-answer'
  | 'server';

export interface ClassifiedError {
  readonly kind: ErrorKind;
  /** HTTP status when the server sent one (not for errors inside a stream). */
  readonly status?: number;
  readonly message: string;
  /** Only 503 busy and refused/reset connections; a load timeout gets its own single retry. */
  readonly retryable: boolean;
}

/**
 * Memory failures of both server generations (≤ v0.24 Go runners, v0.30+ llama-server). Never retried.
 * Decided by the memory wording, as Ollama's own `IsOutOfMemoryMessage` does (llm/status.go, main
 * fb30760), never by a crash prefix: "llama runner process has terminated" or "model runner has
 * unexpectedly stopped" alone is a crash, not out-of-memory. The Go engine's layout and commit
 * failures (v0.24.0 llm/server.go ~900–930) carry no such wording and are listed by name.
 */
const MEMORY =
  /requires more system memory|out[ -]of[ -]memory|out of device memory|cudaMalloc failed|hipMalloc failed|failed to allocate|allocation failed|not enough memory|insufficient memory|vk_error_out_of_device_memory|erroroutofmemory|unable to allocate|memory layout cannot be allocated|failed to commit memory for model/i;
const CONTEXT =
  /input length exceeds the context length|prompt is longer than the context length|exceeds the available context size|exceed_context_size_error|exceeds (?:the )?(?:model's )?maximum context length/i;
const LOAD_TIMEOUT =
  /timed out waiting for llama runner to start|timed out waiting for llama-server to start/i;
const BUSY = /server busy, please try again/i;
const NOT_FOUND = /model ['"].*['"] not found/i;
/**
 * Tools offered to a model whose template has no tool section: a 400 before any load
 * ("registry.ollama.ai/library/x:latest does not support tools": ollama/ollama fb30760
 * server/images.go errCapabilities via CheckCapabilities, handleScheduleError → 400).
 */
const NO_TOOLS = /does not support tools/i;
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ETIMEDOUT',
]);

function statusOf(error: unknown): number | undefined {
  const status = (error as { status_code?: unknown } | null)?.status_code;
  return typeof status === 'number' ? status : undefined;
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

export function classifyOllamaError(error: unknown): ClassifiedError {
  const status = statusOf(error);
  const message = getErrorMessage(error);
  const name = error instanceof Error ? error.name : '';
  const make = (kind: ErrorKind, retryable = false): ClassifiedError => ({
    kind,
    status,
    message,
    retryable,
  });

  if (name === 'AbortError' || name === 'TimeoutError') return make('aborted');
  if (MEMORY.test(message)) return make('out-of-memory');
  if (CONTEXT.test(message)) return make('context-overflow');
  if (LOAD_TIMEOUT.test(message)) return make('load-timeout');
  if (status === 503 || BUSY.test(message)) return make('busy', true);
  if (status === 404 || NOT_FOUND.test(message)) return make('model-missing');
  if (NO_TOOLS.test(message)) return make('no-tools');
  if (status !== undefined && status >= 400 && status < 500) return make('client');
  const code = causeCode(error);
  // Node's 300 s headers timeout: the server sent nothing while loading; treat it like a load timeout.
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return make('load-timeout');
  if (code && CONNECTION_CODES.has(code)) return make('connection', true);
  if (/fetch failed|socket hang up|ECONNRESET|ECONNREFUSED/i.test(message))
    return make('connection', true);
  // Status 200, no error line, no `done`: the server stopped a generation that kept repeating one
  // token (ollama v0.24.0 llm/server.go ~1705). A degenerate answer, not a lost connection: a
  // dropped connection fails the body read instead ("terminated", a socket cause code, above).
  if (/Did not receive done or success response in stream/i.test(message))
    return make('degenerate-answer');
  return make('server');
}
