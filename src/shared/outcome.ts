/**
 * One outcome per job. The first seven are normal results (the step passes); the others need an
 * operator (the step fails).
 */
export const NORMAL_OUTCOMES = [
  'pr-opened',
  'pr-updated',
  /** A revision job pushed a verified commit on top of one of ticket-to-pr's pull requests. */
  'pr-revised',
  /**
   * A dry run whose change passed verification: it is committed locally, and nothing was pushed,
   * opened or written to the ticket. Never `pr-opened`, so no reader takes it for a real PR.
   */
  'dry-run',
  'no-ticket',
  'skipped',
  'needs-human',
] as const;
export const OPERATOR_OUTCOMES = [
  'model-capacity',
  'model-unavailable',
  'config-error',
  'error',
] as const;

export type NormalOutcome = (typeof NORMAL_OUTCOMES)[number];
export type OperatorOutcome = (typeof OPERATOR_OUTCOMES)[number];
export type Outcome = NormalOutcome | OperatorOutcome;

export function isOperatorOutcome(outcome: Outcome): outcome is OperatorOutcome {
  return (OPERATOR_OUTCOMES as readonly string[]).includes(outcome);
}

/** Process exit code for an outcome: 0 for normal results, 1 for operator outcomes, 2 for bad configuration. */
export function exitCodeFor(outcome: Outcome): number {
  if (outcome === 'config-error') return 2;
  return isOperatorOutcome(outcome) ? 1 : 0;
}

/** The status tags ticket-to-pr writes on a work item. */
export const STATUS_TAGS = {
  working: 'autofix:working',
  prOpened: 'autofix:pr-opened',
  needsHuman: 'autofix:needs-human',
  skipped: 'autofix:skipped',
} as const;

/**
 * The final status tag for a settled ticket, or undefined when the ticket is released (operator
 * outcomes: its failed attempt is recorded and a run after the backoff tries again) or was never
 * claimed (a dry run claims nothing and settles nothing).
 */
export function statusTagFor(outcome: Outcome): string | undefined {
  switch (outcome) {
    case 'pr-opened':
    case 'pr-updated':
      return STATUS_TAGS.prOpened;
    case 'needs-human':
      return STATUS_TAGS.needsHuman;
    case 'skipped':
      return STATUS_TAGS.skipped;
    default:
      return undefined;
  }
}
