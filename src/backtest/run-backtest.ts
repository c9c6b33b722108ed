import type { Logger } from '../shared/logger.js';
import type { Instance } from './instance.js';
import { progressLine } from './progress.js';
import { replayInstance, type ReplayDeps } from './replay.js';
import { totalsOf, type BacktestReport } from './report.js';
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
 * Replays every instance not already in the results file, one after the other (one model consumer
 * at a time), appending each result as soon as it is judged; then reports on all of them.
 */
export async function runBacktest(run: BacktestRun): Promise<BacktestReport> {
  const testCommand = run.config.verification.testCommand;
  const done = await run.results.done(run.answers, testCommand);
  const started = Date.now();
  const results: InstanceResult[] = [];
  const todo = run.instances.filter((i) => !done.has(i.instanceId)).length;
  let ranThisRun = 0;
  if (done.size > 0)
    run.progress(
      `Resuming: ${run.instances.length - todo} of ${run.instances.length} already judged in ${run.results.path}.`,
    );
  for (const [index, instance] of run.instances.entries()) {
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
          verdict: verdictOf(result),
          elapsedMs: Date.now() - started,
          ranThisRun,
          remaining: todo - ranThisRun,
        }),
      );
    }
    results.push(result);
  }
  return {
    answers: run.answers,
    dataset: run.dataset,
    repo: run.git.repo,
    test_command: testCommand,
    instances: results,
    totals: totalsOf(results),
    not_run: [],
    ...(run.skipped ? { skipped: run.skipped } : {}),
  };
}

function verdictOf(r: InstanceResult): string {
  const head = r.resolved ? 'resolved' : `not resolved (lost at ${r.lost_at ?? '?'})`;
  const mismatch = r.harness_mismatch ? ` — HARNESS MISMATCH: ${r.harness_mismatch}` : '';
  return `${head} in ${Math.round(r.wall_ms / 1000)}s${mismatch}`;
}
