/**
 * One model request in flight per process: every gateway of the process queues here, so two
 * pipelines in one process (the benchmark, a test) cannot put two requests on the server at once.
 */
let tail: Promise<unknown> = Promise.resolve();

export function runExclusive<T>(fn: () => Promise<T>): Promise<T> {
  const run = tail.then(fn, fn);
  tail = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}
