/** An error the simulator answers with `{"error": text}` and `status`. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
    /** An out-of-memory at load or while running: set where it happens, recorded in the request log. */
    readonly oom = false,
  ) {
    super(text);
    this.name = 'SimHttpError';
  }
}
