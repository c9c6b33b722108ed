import type { StageRecord } from '../report/job-report.js';
import type { Logger } from '../shared/logger.js';

/** What a stage that returned says about itself: a note, and whether it failed at its task. */
export type StageNote = string | { readonly note: string; readonly failed: boolean } | undefined;

/** Records when each stage started and ended, for the summary's timeline, and says so in the log. */
export class Timeline {
  private readonly records: StageRecord[] = [];

  constructor(
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {}

  /**
   * Runs one stage. A stage that throws is `failed`; so is one that returns but whose `describe`
   * says it failed (an edit that ended unverified): the table, the chart and the log all say so.
   */
  async run<T>(
    name: StageRecord['name'],
    fn: () => Promise<T>,
    describe?: (value: T) => StageNote,
  ): Promise<T> {
    const started = this.now();
    this.logger.info(`▶ ${name}`);
    try {
      const value = await fn();
      const said = describe?.(value);
      const text = typeof said === 'string' ? said : said?.note;
      const failed = typeof said === 'object' && said.failed;
      const ended = this.now();
      this.records.push({
        name,
        startedAt: started.toISOString(),
        endedAt: ended.toISOString(),
        status: failed ? 'failed' : 'ok',
        ...(text ? { note: text } : {}),
      });
      this.logger.info(
        `${failed ? FAILED_MARK : '✔'} ${name} (${seconds(started, ended)})${text ? `: ${text}` : ''}`,
      );
      return value;
    } catch (error) {
      const ended = this.now();
      this.records.push({
        name,
        startedAt: started.toISOString(),
        endedAt: ended.toISOString(),
        status: 'failed',
      });
      this.logger.info(`${FAILED_MARK} ${name} (${seconds(started, ended)}): failed`);
      throw error;
    }
  }

  stages(): readonly StageRecord[] {
    return this.records;
  }
}

const FAILED_MARK = '✖';

function seconds(from: Date, to: Date): string {
  return `${((to.getTime() - from.getTime()) / 1000).toFixed(1)} s`;
}
