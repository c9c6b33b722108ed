/**
 * Simulated time for the Ollama simulator: `timeScale` simulated milliseconds pass per real
 * millisecond, so a 30 s model load takes 30 ms of a test at timeScale 1000. Timestamps are epoch
 * milliseconds that start at the real time the clock was made.
 */
export interface SimClock {
  readonly timeScale: number;
  now(): number;
  /** Waits `ms` simulated milliseconds; rejects with an AbortError when `signal` fires. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function createSimClock(timeScale = 1): SimClock {
  if (!(timeScale > 0)) throw new Error(`timeScale must be positive, got ${timeScale}`);
  const simStart = Date.now();
  const realStart = performance.now();
  return {
    timeScale,
    now: () => simStart + (performance.now() - realStart) * timeScale,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(abortError());
        const timer = setTimeout(
          () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          Math.max(0, ms / timeScale),
        );
        const onAbort = (): void => {
          clearTimeout(timer);
          reject(abortError());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}

function abortError(): Error {
  const error = new Error('aborted');
  error.name = 'AbortError';
  return error;
}
