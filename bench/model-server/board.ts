import { backoffMs } from '../../src/tracker/attempts.js';

/** How the board treats a ticket whose job failed after the claim. */
export type FailurePolicy =
  /** ticket-to-pr: attempt memory on the ticket, backoff, needs-human after `maxAttempts`. */
  | { readonly kind: 'attempt-memory'; readonly maxAttempts: number }
  /** Released untouched: the next job takes it again (ticket-to-pr before attempt memory). */
  | { readonly kind: 'release-untouched' };

/**
 * The tracker, reduced to what the benchmark needs: tickets in priority order (1 first), an atomic
 * claim, and what happens to a ticket after a failed attempt. The backoff is the product's own.
 */
export class Board {
  private readonly open: number[];
  private readonly claimed = new Set<number>();
  private readonly failures = new Map<number, number>();
  private readonly eligibleAt = new Map<number, number>();
  /** Claims per ticket. */
  readonly attempts = new Map<number, number>();
  settledNeedsHuman = 0;

  constructor(
    tickets: number,
    private readonly policy: FailurePolicy,
    private readonly now: () => number,
  ) {
    this.open = Array.from({ length: tickets }, (_, i) => i + 1);
  }

  /** Tickets not yet finished or settled. */
  get remaining(): number {
    return this.open.length;
  }

  /** The highest-priority ticket that is neither claimed nor backed off; undefined when none. */
  claim(): number | undefined {
    const id = this.open.find(
      (t) => !this.claimed.has(t) && this.now() >= (this.eligibleAt.get(t) ?? 0),
    );
    if (id === undefined) return undefined;
    this.claimed.add(id);
    this.attempts.set(id, (this.attempts.get(id) ?? 0) + 1);
    return id;
  }

  finish(id: number): void {
    this.claimed.delete(id);
    this.open.splice(this.open.indexOf(id), 1);
  }

  fail(id: number): void {
    this.claimed.delete(id);
    if (this.policy.kind === 'release-untouched') return;
    const failed = (this.failures.get(id) ?? 0) + 1;
    this.failures.set(id, failed);
    if (failed >= this.policy.maxAttempts) {
      this.open.splice(this.open.indexOf(id), 1);
      this.settledNeedsHuman++;
    } else {
      this.eligibleAt.set(id, this.now() + backoffMs(failed));
    }
  }
}
