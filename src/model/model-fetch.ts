/**
 * The HTTP client under ollama-js. Ollama sends response headers only with the first generated
 * token (server/routes.go streamResponse), so a long model load plus prompt evaluation sends
 * nothing for minutes; Node's fetch gives up after 300 s without headers (undici's default
 * `headersTimeout`) and the hang-up cancels the server's work. This client waits as long as the
 * job's deadline allows instead, and says so while it waits.
 */
import { Agent, fetch as undiciFetch } from 'undici';

/** Largest delay Node's timers accept. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ModelFetchOptions {
  /** Epoch milliseconds: the job's deadline. */
  readonly deadline: number;
  readonly now: () => number;
  /** How often to report a request still waiting for its first byte (default one minute). */
  readonly progressEveryMs?: number;
  readonly onWaiting: (waitedMs: number) => void;
}

/** Header and body timeouts: whatever is left of the job, never a fixed default. */
export function httpTimeouts(
  deadline: number,
  now: number,
): { headersTimeout: number; bodyTimeout: number } {
  const left = Math.min(Math.max(1, Math.floor(deadline - now)), MAX_TIMER_MS);
  return { headersTimeout: left, bodyTimeout: left };
}

/** "40 s" under a minute, else whole minutes: "loading / evaluating the prompt: 2 min". */
export function describeWait(waitedMs: number): string {
  return waitedMs < 60_000
    ? `${Math.round(waitedMs / 1000)} s`
    : `${Math.floor(waitedMs / 60_000)} min`;
}

export interface ModelFetch {
  readonly fetch: typeof fetch;
  close(): Promise<void>;
}

export function createModelFetch(options: ModelFetchOptions): ModelFetch {
  const agent = new Agent(httpTimeouts(options.deadline, options.now()));
  const every = options.progressEveryMs ?? 60_000;
  const modelFetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const started = options.now();
    const timer = setInterval(() => options.onWaiting(options.now() - started), every);
    timer.unref();
    try {
      // The two fetch types differ only in the DOM lib's spelling; the objects are the same.
      return (await undiciFetch(input as Parameters<typeof undiciFetch>[0], {
        ...(init as Parameters<typeof undiciFetch>[1]),
        dispatcher: agent,
      })) as unknown as Response;
    } finally {
      clearInterval(timer);
    }
  }) as typeof fetch;
  let closing: Promise<void> | undefined;
  return { fetch: modelFetch, close: () => (closing ??= agent.close()) };
}
