import { humanBytes } from './memory.js';

/** Server generations the simulator can play: the Go runners (≤ v0.24) or llama-server (v0.30+). */
export type Flavour = '0.24' | '0.30';

/** Exact error texts of Ollama (reference/ollama.md §2), by flavour where they differ. */
export const TEXTS = {
  busy: 'server busy, please try again.  maximum pending requests exceeded',
  canceled: 'request canceled',
  modelNotFound: (name: string) => `model '${name}' not found`,
  modelNotFoundSchedule: (name: string) => `model "${name}" not found, try pulling it first`,
  noThinking: (name: string) => `"${name}" does not support thinking`,
  noTools: (registryName: string) => `${registryName} does not support tools`,
  missingUnit: (value: string) => `time: missing unit in duration "${value}"`,
  contextExceeded: (flavour: Flavour) =>
    flavour === '0.24'
      ? 'the input length exceeds the context length'
      : 'the prompt is longer than the context length currently available to the model; shorten the prompt, adjust the context length in settings, or use a model with a longer context length',
  systemMemory: (required: number, available: number) =>
    `model requires more system memory (${humanBytes(required)}) than is available (${humanBytes(available)})`,
  systemMemory030:
    'llama-server process has terminated: error loading model: unable to allocate CPU buffer',
  loadOom: (flavour: Flavour) =>
    flavour === '0.24'
      ? 'llama runner process has terminated: CUDA error: out of memory'
      : 'llama-server reported out-of-memory during startup: cudaMalloc failed: out of memory',
  loadTimeout: 'timed out waiting for llama runner to start - progress 0.00 - ',
  runOom: 'an error was encountered while running the model: CUDA error: out of memory',
  runnerStopped:
    'model runner has unexpectedly stopped, this may be due to resource limitations or an internal error, check ollama server logs for details',
  /** v0.24.0 llm/server.go:900, the Go engine with num_gpu set (the count is the request's). */
  goEngineLayoutWithNumGpu: (numGpu: number) =>
    `memory layout cannot be allocated with num_gpu = ${numGpu}`,
  /** v0.24.0 llm/server.go:909, the Go engine after its layout backoff. */
  goEngineLayout: 'memory layout cannot be allocated',
  /** v0.24.0 llm/server.go:930, the Go engine's final commit of the layout. */
  goEngineCommit: 'failed to commit memory for model',
  /**
   * v0.24.0 llm/server.go:1396 ("llama runner process has terminated: %s" with the runner's last
   * error line, captured by the "error loading model" prefix of llm/status.go) around llama.cpp's
   * v0.24.0 llama/llama.cpp/src/llama-model.cpp:476 "unknown model architecture: '…'".
   */
  unknownArchitecture: (arch: string) =>
    `llama runner process has terminated: error loading model: error loading model architecture: unknown model architecture: '${arch}'`,
  /** v0.24.0 llm/server.go:1241: the runner did not answer its /load request. */
  loadFailed:
    'model failed to load, this may be due to resource limitations or an internal error, check ollama server logs for details',
} as const;

/** Every out-of-memory text a load can fail with, for tests that go through each one. */
export const LOAD_OOM_TEXTS: readonly string[] = [
  'llama runner process has terminated: CUDA error: out of memory',
  'llama runner process has terminated: cudaMalloc failed: out of memory',
  'model requires more system memory (5.3 GiB) than is available (4.4 GiB)',
  'llama-server process has terminated: CUDA error: out of memory',
  'llama-server reported out-of-memory during startup: cudaMalloc failed: out of memory',
  TEXTS.goEngineLayout,
  TEXTS.goEngineLayoutWithNumGpu(99),
  TEXTS.goEngineCommit,
];

/**
 * Runner crashes without memory wording: Ollama's own IsOutOfMemoryMessage (llm/status.go, main
 * fb30760) says no, and so must a client. Each is a real text (see TEXTS above; the "exit status"
 * form is main fb30760 llm/llama_server.go:1309 "llama-server process has terminated: %s: %s" with
 * llm/exit_status.go's decimal "exit status N").
 */
export const CRASH_TEXTS: readonly string[] = [
  TEXTS.unknownArchitecture('gemma3'),
  'llama-server process has terminated: exit status 2: error loading model: unknown model architecture',
  TEXTS.loadFailed,
  TEXTS.runnerStopped,
];

/** Every out-of-memory text a running model can fail with (mid-stream or as a 500). */
export const RUN_OOM_TEXTS: readonly string[] = [TEXTS.runOom];
