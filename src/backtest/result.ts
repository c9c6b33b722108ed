import type { HeldOutVerdict, LostAt } from './judge.js';
import { isOperatorOutcome, type Outcome } from '../shared/outcome.js';

export type Answers = 'live' | 'oracle' | 'empty';

/** How the job's editor worked: one answer per round (pipeline) or through bounded tools (agent). */
export type BacktestEditMode = 'pipeline' | 'agent';

/** What the agent editor did on one instance (the JobReport's EditSummary.how.agent), snake_case. */
export interface AgentFigures {
  readonly turns: number;
  readonly files_read: readonly string[];
  readonly searches: number;
  readonly edits: number;
  readonly test_runs: number;
  readonly prompt_tokens: number;
  readonly output_tokens: number;
  /** Why the loop was stopped (a limit, a repeated call, answers without a call), in people's words; null when it ended by finish. */
  readonly stopped_by: string | null;
  /** With oracle answers: the fix's blocks the scripted agent could not place through the tools, with why. */
  readonly oracle_misses: readonly string[];
}

/**
 * What a reviewer would have got: `resolved` (a pull request whose held-out tests pass),
 * `pr-would-be-wrong` (a pull request whose held-out tests fail), `missed-fix` (the job refused a
 * change whose held-out tests pass), `not-fixed` (no pull request, and no change that passes), or
 * `not-judged` (the run cannot tell: an operator outcome, a missing base, tests that did not run).
 */
export type InstanceVerdict =
  | 'resolved'
  | 'pr-would-be-wrong'
  | 'missed-fix'
  | 'not-fixed'
  | 'not-judged';

/** One instance's line in the results file and the JSON report (snake_case, as datasets are). */
export interface InstanceResult {
  readonly instance_id: string;
  readonly repo: string;
  readonly answers: Answers;
  /** The edit mode the run asked for (rows written before it existed: pipeline). */
  readonly edit_mode?: BacktestEditMode;
  /** What the agent editor did; null when it did not run (pipeline mode, or the job ended before editing). */
  readonly agent?: AgentFigures | null;
  readonly test_command: string;
  readonly verdict: InstanceVerdict;
  /** The job would have opened a pull request and its held-out tests pass. */
  readonly resolved: boolean;
  /** The job ended with a verified change it would have published (the dry-run outcome). */
  readonly would_open_pr: boolean;
  /** The held-out tests on top of the job's change; null when they were not judged. */
  readonly held_out_tests: 'pass' | 'fail' | null;
  /** Why the instance was not judged; null when it was. */
  readonly not_judged_reason: string | null;
  readonly judge_detail: string;
  /** The job's outcome (dry-run: the change passed its own verification and would be published), or 'not-run' when the instance failed before the job. */
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

/**
 * The outcomes after which the job would have published a pull request: a backtest's job runs in
 * dry run, so `dry-run`; pr-opened and pr-updated are what results files written before that
 * outcome existed hold.
 */
export function wouldOpenPr(outcome: string): boolean {
  return outcome === 'dry-run' || outcome === 'pr-opened' || outcome === 'pr-updated';
}

/**
 * The instance's verdict, pure: what the job did, crossed with what the held-out tests say about
 * the change it left. An operator outcome says nothing about the fix, so it is never judged.
 */
export function verdictOf(input: {
  readonly outcome: Outcome;
  readonly reason: string;
  readonly applied: boolean;
  readonly heldOut: HeldOutVerdict;
}): { readonly verdict: InstanceVerdict; readonly notJudgedReason: string | null } {
  if (isOperatorOutcome(input.outcome))
    return {
      verdict: 'not-judged',
      notJudgedReason: `the job ended ${input.outcome} (${input.reason}), which says nothing about the fix`,
    };
  if (input.heldOut.status === 'not-judged')
    return { verdict: 'not-judged', notJudgedReason: input.heldOut.detail };
  const pass = input.heldOut.status === 'pass';
  if (wouldOpenPr(input.outcome))
    return { verdict: pass ? 'resolved' : 'pr-would-be-wrong', notJudgedReason: null };
  return { verdict: pass && input.applied ? 'missed-fix' : 'not-fixed', notJudgedReason: null };
}

/**
 * The harness check: the oracle (the real fix) must be published and pass its held-out tests;
 * with an empty change the held-out tests must fail. Anything else is a bug of the harness or the
 * dataset, and the figures cannot be trusted.
 */
export function harnessMismatch(
  answers: Answers,
  result: {
    readonly verdict: InstanceVerdict;
    readonly heldOut: HeldOutVerdict;
    readonly outcome: string;
    readonly reason: string;
    /** Agent mode: the fix's blocks the scripted agent could not place through the tools. */
    readonly oracleMisses?: readonly string[];
  },
): string | null {
  if (answers === 'oracle' && result.verdict !== 'resolved' && result.verdict !== 'not-judged') {
    // A block the scripted agent never placed first: then the real fix was not what was judged.
    if (result.oracleMisses?.length)
      return `the scripted agent could not find where the real fix goes through the tools (${result.oracleMisses.join('; ')}); the job ended ${result.outcome}: ${result.reason}`;
    // Then the held-out tests: a real fix that fails them says the dataset or the environment is off.
    if (result.heldOut.status === 'fail')
      return `the real fix fails its own held-out tests (${result.heldOut.detail})`;
    return `the job would not publish the real fix (it ended ${result.outcome}: ${result.reason})`;
  }
  if (answers === 'empty' && result.heldOut.status === 'pass')
    return 'the held-out tests pass without any change: they do not show the ticket';
  return null;
}
