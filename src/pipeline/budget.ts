import { OutcomeError } from '../shared/errors.js';

/** The job's wall-clock budget, checked between stages and before model calls. */
export class JobBudget {
  /** Epoch ms when the budget is spent. */
  readonly deadline: number;

  constructor(
    budgetMs: number,
    private readonly now: () => number,
  ) {
    this.deadline = now() + budgetMs;
  }

  private remainingMs(): number {
    return this.deadline - this.now();
  }

  /** Throws when the budget is spent; the orchestrator then settles the ticket as needs-human. */
  check(stage: string): void {
    if (this.remainingMs() <= 0) {
      throw new OutcomeError(
        'needs-human',
        `The job budget ran out before ${stage}; raise 'job-budget' or narrow the ticket.`,
      );
    }
  }
}
