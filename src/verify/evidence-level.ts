/**
 * What a verified change was shown to do, strongest first:
 * - reproduced: a new test failed on the base commit (on an assertion) and passes with the change;
 * - failing-test-fixed: a test that failed on the base commit passes now, and no existing test changed;
 * - no-regression: nothing that passed on the base commit fails now.
 */
export const EVIDENCE_LEVELS = ['reproduced', 'failing-test-fixed', 'no-regression'] as const;

export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number];

/** One line per level, for the PR body, the summary and the README. */
export const EVIDENCE_MEANING: Record<EvidenceLevel, string> = {
  reproduced:
    'a new test written for the ticket failed on the base commit (on an assertion) and passes with the change',
  'failing-test-fixed':
    'a test that failed on the base commit passes now, and no existing test was changed',
  'no-regression':
    'nothing that passed on the base commit fails now; the ticket’s behaviour itself was not shown',
};

/** True when `level` is at least as strong as `minimum`. */
export function meetsMinimum(level: EvidenceLevel, minimum: EvidenceLevel): boolean {
  return EVIDENCE_LEVELS.indexOf(level) <= EVIDENCE_LEVELS.indexOf(minimum);
}
