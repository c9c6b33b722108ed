/** An error the simulator answers with `{"error": text}` and `status`. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
  ) {
    super(text);
    this.name = 'SimHttpError';
  }
}
