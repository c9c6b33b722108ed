/** Pure: one line per finished instance with the count, the elapsed time and an estimate of the time left. */
export function progressLine(input: {
  readonly position: number;
  readonly total: number;
  readonly instanceId: string;
  readonly verdict: string;
  readonly elapsedMs: number;
  /** Instances finished in this run (reused results do not count toward the pace). */
  readonly ranThisRun: number;
  readonly remaining: number;
}): string {
  const pace = input.ranThisRun > 0 ? input.elapsedMs / input.ranThisRun : 0;
  const left = input.remaining === 0 ? 'done' : `about ${duration(pace * input.remaining)} left`;
  return `[${input.position}/${input.total}] ${input.instanceId}: ${input.verdict} · elapsed ${duration(input.elapsedMs)} · ${left}`;
}

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
