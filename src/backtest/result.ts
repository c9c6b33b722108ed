import type { LostAt } from './judge.js';

export type Answers = 'live' | 'oracle' | 'empty';

/** One instance's line in the results file and the JSON report (snake_case, as datasets are). */
export interface InstanceResult {
  readonly instance_id: string;
  readonly repo: string;
  readonly answers: Answers;
  readonly test_command: string;
  readonly resolved: boolean;
  /** The test command ran at the base and on the change (a judge that saw no test decides nothing). */
  readonly tests_ran: boolean;
  readonly judge_detail: string;
  /** The job's outcome (dry run: pr-opened means the change passed its own verification). */
  readonly outcome: string;
  readonly reason: string;
  readonly triage: {
    readonly proceed: boolean;
    readonly kind: string;
    readonly size: string;
    readonly clarity: string;
    readonly reason: string;
  } | null;
  readonly localization: {
    readonly gold_files: readonly string[];
    readonly ranked_top5: readonly string[];
    readonly recall_at_1: number;
    readonly recall_at_5: number;
    /** Every gold file was among the files the editor saw; null when localization did not run. */
    readonly gold_in_context: boolean | null;
    readonly editor_files: readonly string[];
  };
  readonly applied: boolean;
  readonly verified: boolean;
  /** How the verification was shown: 'tests' when the repository's tests passed after the change. */
  readonly evidence: 'tests' | 'none';
  readonly changed_files: readonly string[];
  readonly lost_at: LostAt | null;
  /** Lines the real fix (fix_patch) adds and removes: the ticket's size. */
  readonly fix_lines: number;
  readonly wall_ms: number;
  readonly model_ms: number;
  readonly prompt_tokens: number;
  readonly output_tokens: number;
  readonly setup: { readonly cached: boolean; readonly ms: number } | null;
  /** Set when the answers were simulated and the judge disagrees with them: a harness bug. */
  readonly harness_mismatch: string | null;
  readonly finished_at: string;
}

/** The harness check: the oracle resolves every instance whose tests run; empty resolves none. */
export function harnessMismatch(
  answers: Answers,
  judged: { readonly resolved: boolean; readonly testsRan: boolean; readonly detail: string },
): string | null {
  if (answers === 'oracle' && judged.testsRan && !judged.resolved)
    return `the real fix did not resolve its own instance although its tests run (${judged.detail})`;
  if (answers === 'empty' && judged.resolved)
    return 'an empty change resolved the instance: the held-out tests pass without any fix';
  return null;
}
