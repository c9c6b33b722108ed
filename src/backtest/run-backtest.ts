import type { Logger } from '../shared/logger.js';
import { isOperatorOutcome, type Outcome } from '../shared/outcome.js';
import type { Instance } from './instance.js';
import { progressLine } from './progress.js';
import { editModeOf, replayInstance, type ReplayDeps } from './replay.js';
import { cell, totalsOf, type BacktestReport } from './report.js';
import type { InstanceResult } from './result.js';
import type { ResultsFile } from './results-file.js';

export interface BacktestRun extends ReplayDeps {
  readonly instances: readonly Instance[];
  readonly results: ResultsFile;
  readonly dataset: string;
  /** Tickets the source skipped, reported with the results. */
  readonly skipped?: readonly { readonly id: string; readonly reason: string }[];
  /** Where progress lines go (the terminal's stderr). */
  readonly progress: (line: string) => void;
  readonly logger: Logger;
}

/**
 * Replays every instance not already judged in the results file, one after the other (one model
 * consumer at a time), appending each result as soon as it is known; then reports on all of them.
 * Two instances in a row ending on the same operator outcome (the model server is gone, out of
 * memory, …) stop the run: every further instance would end the same way after its setup and tests.
 */
export async function runBacktest(run: BacktestRun): Promise<BacktestReport> {
  const testCommand = run.config.verification.testCommand;
  const editMode = editModeOf(run.config);
  const done = await run.results.done(run.answers, testCommand, editMode);
  const started = Date.now();
  const results: InstanceResult[] = [];
  const todo = run.instances.filter((i) => !done.has(i.instanceId)).length;
  let ranThisRun = 0;
  let stopped: string | null = null;
  let previousOperatorOutcome: string | undefined;
  if (done.size > 0)
    run.progress(
      `Resuming: ${run.instances.length - todo} of ${run.instances.length} already judged in ${run.results.path}.`,
    );
  for (const [index, instance] of run.instances.entries()) {
    if (stopped) break;
    let result = done.get(instance.instanceId);
    if (!result) {
      result = await run.logger.group(`Backtest ${instance.instanceId}`, () =>
        replayInstance(instance, index + 1, run),
      );
      await run.results.append(result);
      ranThisRun++;
      run.progress(
        progressLine({
          position: index + 1,
          total: run.instances.length,
          instanceId: instance.instanceId,
          verdict: progressVerdict(result),
          elapsedMs: Date.now() - started,
          ranThisRun,
          remaining: todo - ranThisRun,
        }),
      );
      const operator = isOperatorOutcome(result.outcome as Outcome) ? result.outcome : undefined;
      if (operator && operator === previousOperatorOutcome && ranThisRun < todo)
        stopped = `two instances in a row ended ${operator} (the last: ${result.reason}).`;
      previousOperatorOutcome = operator;
    }
    results.push(result);
  }
  const judgedIds = new Set(results.map((r) => r.instance_id));
  return {
    answers: run.answers,
    edit_mode: editMode,
    dataset: run.dataset,
    repo: run.git.repo,
    test_command: testCommand,
    instances: results,
    totals: totalsOf(results),
    not_run: run.instances.map((i) => i.instanceId).filter((id) => !judgedIds.has(id)),
    stopped,
    ...(run.skipped ? { skipped: run.skipped } : {}),
  };
}

/** The verdict as a progress line says it. */
function progressVerdict(r: InstanceResult): string {
  const head =
    r.verdict === 'not-judged'
      ? `NOT JUDGED: ${cell(r.not_judged_reason ?? r.judge_detail, 160)}`
      : r.verdict === 'resolved'
        ? 'resolved'
        : `${r.verdict.replace(/-/g, ' ')}${r.lost_at ? ` (lost at ${r.lost_at})` : ''}`;
  const mismatch = r.harness_mismatch ? ` — HARNESS MISMATCH: ${r.harness_mismatch}` : '';
  const agent = r.agent ? ` (agent: ${r.agent.turns} turns, ${r.agent.test_runs} test runs)` : '';
  return `${head} in ${Math.round(r.wall_ms / 1000)}s${agent}${mismatch}`;
}
