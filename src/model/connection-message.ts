/**
 * Node's fetch reports every network failure as `TypeError: fetch failed`, with the real reason
 * (ECONNREFUSED 127.0.0.1:11434, ENOTFOUND, …) only in `cause`. That alone tells an operator
 * nothing, so the fetch the Ollama client uses rewrites it into a message naming the URL tried,
 * what failed, and what to check. The `cause` stays as it was: classification reads its code.
 */

interface NetworkCause {
  readonly code?: unknown;
  readonly address?: unknown;
  readonly port?: unknown;
  readonly hostname?: unknown;
  readonly message?: unknown;
  readonly errors?: readonly NetworkCause[];
}

/** What failed, e.g. `ECONNREFUSED 127.0.0.1:11434` or `ECONNREFUSED ::1:11434, 127.0.0.1:11434`. */
export function describeNetworkCause(cause: unknown): string {
  if (!cause || typeof cause !== 'object') return 'no reason given';
  const c = cause as NetworkCause;
  const where = (e: NetworkCause): string =>
    typeof e.address === 'string'
      ? `${e.address}${e.port === undefined ? '' : `:${String(e.port)}`}`
      : typeof e.hostname === 'string'
        ? e.hostname
        : '';
  // Several addresses tried (localhost → ::1 and 127.0.0.1): an AggregateError lists each.
  const places = (c.errors?.length ? c.errors : [c]).map(where).filter(Boolean);
  const code = typeof c.code === 'string' ? c.code : typeof c.message === 'string' ? c.message : '';
  return [code || 'network error', places.join(', ')].filter(Boolean).join(' ');
}

/** The operator's message for a request to Ollama that never got an answer. */
export function connectionFailureMessage(url: string, cause: unknown): string {
  let server = url;
  try {
    server = new URL(url).origin;
  } catch {
    // keep the URL as given
  }
  return `Ollama is not reachable at ${server}: ${url} failed (fetch failed: ${describeNetworkCause(cause)}). ${CONNECTION_HINT}`;
}

/** What to check when Ollama does not answer: said once, in the final error, not on every retry. */
export const CONNECTION_HINT =
  `Check that 'ollama serve' is running on that machine, that the ollama-host input (or OLLAMA_HOST) ` +
  `names it, and that the server listens on an address this machine can reach: Ollama binds ` +
  `127.0.0.1 only, so on another machine or in a container start it with OLLAMA_HOST=0.0.0.0.`;

/** The message without CONNECTION_HINT: what a retry's warning says (the hint comes with the final error). */
export function withoutConnectionHint(message: string): string {
  return message.replace(`. ${CONNECTION_HINT}`, '');
}

/** By shape, not `instanceof`: fetch's TypeError may come from another realm (a VM context). */
const isFetchFailure = (error: unknown): error is TypeError & { cause?: unknown } =>
  (error as Error | null)?.name === 'TypeError' && (error as Error).message === 'fetch failed';

/** `fetch`, but a network failure carries connectionFailureMessage (same `cause`). */
export function explainingConnectionFailures(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    try {
      return await inner(input, init);
    } catch (error) {
      if (!isFetchFailure(error)) throw error;
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      throw new TypeError(connectionFailureMessage(url, error.cause), { cause: error.cause });
    }
  };
}
