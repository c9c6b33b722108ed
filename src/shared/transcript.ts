/** One entry of the job's transcript: a stage event, a prompt, an answer, a command run. */
export interface TranscriptEntry {
  readonly at: string;
  readonly stage: string;
  readonly kind: 'event' | 'prompt' | 'answer' | 'command' | 'error';
  readonly text: string;
  readonly data?: Record<string, unknown>;
}

/**
 * Collects what happened during a job, in order. Written to a JSON file in the pipeline's
 * `finally` (masked then), so it exists even when the job fails.
 */
export class Transcript {
  private readonly items: TranscriptEntry[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  add(entry: Omit<TranscriptEntry, 'at'>): void {
    this.items.push({ at: this.now().toISOString(), ...entry });
  }

  entries(): readonly TranscriptEntry[] {
    return this.items;
  }
}
