import type { StageRecord } from '../report/job-report.js';
import type { Logger } from '../shared/logger.js';

/** Records when each stage started and ended, for the summary's timeline, and says so in the log. */
export class Timeline {
  private readonly records: StageRecord[] = [];

  constructor(
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {}

  async run<T>(
    name: StageRecord['name'],
    fn: () => Promise<T>,
    note?: (value: T) => string | undefined,
  ): Promise<T> {
    const started = this.now();
    this.logger.info(`▶ ${name}`);
    try {
      const value = await fn();
      const text = note?.(value);
      const ended = this.now();
      this.records.push({
        name,
        startedAt: started.toISOString(),
        endedAt: ended.toISOString(),
        status: 'ok',
        ...(text ? { note: text } : {}),
      });
      this.logger.info(`✔ ${name} (${seconds(started, ended)})${text ? `: ${text}` : ''}`);
      return value;
    } catch (error) {
      const ended = this.now();
      this.records.push({
        name,
        startedAt: started.toISOString(),
        endedAt: ended.toISOString(),
        status: 'failed',
      });
      this.logger.info(`✘ ${name} (${seconds(started, ended)})`);
      throw error;
    }
  }

  stages(): readonly StageRecord[] {
    return this.records;
  }
}

function seconds(from: Date, to: Date): string {
  return `${((to.getTime() - from.getTime()) / 1000).toFixed(1)} s`;
}
