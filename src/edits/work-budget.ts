/**
 * Bounds on the applier's work for one model answer. An answer is untrusted: thirty SEARCH blocks
 * that match nothing, aimed at a multi-megabyte file, once blocked the event loop for a minute —
 * long enough for the model lock's heartbeat (a timer in this process) to stop and another job to
 * take the lock as stale. So the work is counted, capped, and cut into slices the caller yields
 * between.
 */

/** Files longer than this are never searched: SEARCH/REPLACE on them is refused. */
export const MAX_SEARCHED_FILE_CHARS = 2_000_000;
export const MAX_SEARCHED_FILE_LINES = 50_000;
/** Line comparisons one answer may cost in all (a few seconds of matching at most). */
export const ANSWER_WORK_LIMIT = 6_000_000;
/** Line comparisons between two yields to the event loop (a few milliseconds). */
export const WORK_SLICE = 20_000;

/** Thrown when an answer's matching work is spent; the applier refuses the blocks left. */
export class WorkBudgetSpent extends Error {
  constructor(readonly limit: number) {
    super(`matching work budget of ${limit} line comparisons spent`);
    this.name = 'WorkBudgetSpent';
  }
}

/** Counts matching work: `charge` says when a slice is used up, and throws past the limit. */
export class WorkBudget {
  private total = 0;
  private inSlice = 0;

  constructor(
    readonly limit = ANSWER_WORK_LIMIT,
    readonly slice = WORK_SLICE,
  ) {}

  /** Work done so far, in line comparisons. */
  get spent(): number {
    return this.total;
  }

  get exhausted(): boolean {
    return this.total > this.limit;
  }

  /** Counts `units` of work; true when the current slice is used up and the caller should yield. */
  charge(units: number): boolean {
    this.total += units;
    this.inSlice += units;
    if (this.total > this.limit) throw new WorkBudgetSpent(this.limit);
    if (this.inSlice < this.slice) return false;
    this.inSlice = 0;
    return true;
  }
}

/** A computation cut into slices: each `yield` is a point where the event loop may run. */
export type Sliced<T> = Generator<void, T, void>;

/** Runs a sliced computation to its end without yielding (for callers that have no event loop to serve). */
export function runSync<T>(steps: Sliced<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs a sliced computation, letting the event loop run (timers, I/O) at every slice boundary. */
export async function runYielding<T>(steps: Sliced<T>): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Whether a file is too large to search, and how large it is, in words for the model. */
export function tooLargeToSearch(lines: readonly string[]): string | undefined {
  if (lines.length > MAX_SEARCHED_FILE_LINES)
    return `${lines.length} lines; the limit is ${MAX_SEARCHED_FILE_LINES}`;
  let chars = 0;
  for (const line of lines) {
    chars += line.length + 1;
    if (chars > MAX_SEARCHED_FILE_CHARS) break;
  }
  return chars > MAX_SEARCHED_FILE_CHARS
    ? `more than ${MAX_SEARCHED_FILE_CHARS} characters; the limit is ${MAX_SEARCHED_FILE_CHARS}`
    : undefined;
}
