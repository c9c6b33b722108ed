/** One request the simulator saw, with simulated start and end times. */
export interface RequestLogEntry {
  readonly id: number;
  readonly method: string;
  readonly path: string;
  readonly startedAt: number;
  model?: string;
  body?: Record<string, unknown>;
  endedAt?: number;
  status?: number;
  error?: string;
  /** True when the request hit an out-of-memory error (at load or while running). */
  oom?: boolean;
  doneReason?: string;
  numCtx?: number;
  promptEvalCount?: number;
  evalCount?: number;
  /** How many tool calls the server parsed from the answer (chat with tools). */
  toolCalls?: number;
  /** The prompt did not fit and was cut silently. */
  truncated?: boolean;
  /** The server stopped a looping generation; the stream ended without `done`. */
  repeatAborted?: boolean;
}

const MODEL_PATHS = new Set(['/api/chat', '/api/generate', '/api/embed']);

/** Requests that use a model (chat, generate, embed), in arrival order. */
export function modelRequests(log: readonly RequestLogEntry[]): RequestLogEntry[] {
  return log.filter((entry) => MODEL_PATHS.has(entry.path));
}

/** Pairs of model requests that were in the server at the same time. */
export function overlappingRequests(
  log: readonly RequestLogEntry[],
): [RequestLogEntry, RequestLogEntry][] {
  const requests = modelRequests(log).sort((a, b) => a.startedAt - b.startedAt);
  const pairs: [RequestLogEntry, RequestLogEntry][] = [];
  for (let i = 0; i < requests.length; i++) {
    for (let j = i + 1; j < requests.length; j++) {
      const a = requests[i]!;
      const b = requests[j]!;
      if (b.startedAt < (a.endedAt ?? Number.POSITIVE_INFINITY)) pairs.push([a, b]);
    }
  }
  return pairs;
}
