/**
 * What a verified change was shown to do, strongest first:
 * - reproduced: a new test failed on the base commit (on an assertion) and passes with the change;
 * - failing-test-fixed: a test that failed on the base commit passes now, and no existing test changed;
 * - no-regression: nothing that passed on the base commit fails now.
 */
export const EVIDENCE_LEVELS = ['reproduced', 'failing-test-fixed', 'no-regression'] as const;

export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number];

/** What a ticket's baseline runs on; a revision's runs on the pull request's head instead. */
export const BASE_COMMIT = 'the base commit';

/** One line per level, for the PR body, the summary and the README. */
export const EVIDENCE_MEANING: Record<EvidenceLevel, string> = {
  reproduced:
    'a new test written for the ticket failed on the base commit (on an assertion) and passes with the change',
  'failing-test-fixed':
    'a test that failed on the base commit passes now, and no existing test was changed',
  'no-regression':
    'nothing that passed on the base commit fails now; the ticket’s behaviour itself was not shown',
};

/** The level's meaning, naming what the baseline ran on (`baselineOn`, e.g. a revision's head). */
export function evidenceMeaning(level: EvidenceLevel, baselineOn: string = BASE_COMMIT): string {
  return EVIDENCE_MEANING[level].replace(BASE_COMMIT, baselineOn);
}

/** True when `level` is at least as strong as `minimum`. */
export function meetsMinimum(level: EvidenceLevel, minimum: EvidenceLevel): boolean {
  return EVIDENCE_LEVELS.indexOf(level) <= EVIDENCE_LEVELS.indexOf(minimum);
}
