import type { StageRecord } from '../report/job-report.js';

/** Records when each stage started and ended, for the summary's timeline. */
export class Timeline {
  private readonly records: StageRecord[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  async run<T>(
    name: StageRecord['name'],
    fn: () => Promise<T>,
    note?: (value: T) => string | undefined,
  ): Promise<T> {
    const startedAt = this.now().toISOString();
    try {
      const value = await fn();
      const text = note?.(value);
      this.records.push({
        name,
        startedAt,
        endedAt: this.now().toISOString(),
        status: 'ok',
        ...(text ? { note: text } : {}),
      });
      return value;
    } catch (error) {
      this.records.push({ name, startedAt, endedAt: this.now().toISOString(), status: 'failed' });
      throw error;
    }
  }

  skipped(name: StageRecord['name'], note: string): void {
    const at = this.now().toISOString();
    this.records.push({ name, startedAt: at, endedAt: at, status: 'skipped', note });
  }

  stages(): readonly StageRecord[] {
    return this.records;
  }
}
