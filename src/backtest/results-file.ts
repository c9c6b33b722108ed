import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Answers, BacktestEditMode, InstanceResult } from './result.js';

/**
 * The backtest's memory between runs: one JSON line per finished instance, appended as soon as it
 * is judged, so an interrupted run loses at most the instance it was on. A line from other answers,
 * another edit mode or another test command is not reused.
 */
export class ResultsFile {
  constructor(readonly path: string) {}

  /**
   * Judged results that match this run's answers, edit mode and test command, by instance id (last
   * wins); a line written before edit modes existed is a pipeline run's. An
   * instance that was not judged (its base was missing, the model server was gone) runs again.
   */
  async done(
    answers: Answers,
    testCommand: string,
    editMode: BacktestEditMode = 'pipeline',
  ): Promise<Map<string, InstanceResult>> {
    const text = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const done = new Map<string, InstanceResult>();
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let result: InstanceResult;
      try {
        result = JSON.parse(line) as InstanceResult;
      } catch {
        continue; // a line cut by a crash mid-write: that instance runs again
      }
      if (
        result.answers !== answers ||
        result.test_command !== testCommand ||
        (result.edit_mode ?? 'pipeline') !== editMode
      )
        continue;
      // A line from before verdicts existed, or not judged: that instance runs again.
      if (result.verdict === undefined || result.verdict === 'not-judged')
        done.delete(result.instance_id);
      else done.set(result.instance_id, result);
    }
    return done;
  }

  async append(result: InstanceResult): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, JSON.stringify(result) + '\n', 'utf8');
  }
}
