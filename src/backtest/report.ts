import type { LostAt } from './judge.js';
import type { Answers, InstanceResult } from './result.js';

/** Ticket sizes by the lines the real fix (fix_patch) adds and removes. */
export const SIZE_BUCKETS: readonly { readonly label: string; readonly maxLines: number }[] = [
  { label: '1-5 lines', maxLines: 5 },
  { label: '6-20 lines', maxLines: 20 },
  { label: '21-60 lines', maxLines: 60 },
  { label: '61+ lines', maxLines: Number.POSITIVE_INFINITY },
];

const STAGES: readonly LostAt[] = ['triage', 'localization', 'edit', 'verify', 'error'];

export interface BacktestTotals {
  readonly instances: number;
  readonly resolved: number;
  readonly resolve_rate: number;
  readonly tests_ran: number;
  readonly applied: number;
  readonly verified: number;
  readonly mean_recall_at_1: number;
  readonly mean_recall_at_5: number;
  readonly gold_in_context: number;
  readonly lost_at: Readonly<Record<LostAt, number>>;
  readonly by_size: readonly {
    readonly size: string;
    readonly instances: number;
    readonly resolved: number;
    readonly resolve_rate: number;
  }[];
  readonly harness_mismatches: readonly { readonly instance_id: string; readonly detail: string }[];
  readonly wall_ms: number;
  readonly model_ms: number;
  readonly prompt_tokens: number;
  readonly output_tokens: number;
}

export interface BacktestReport {
  readonly answers: Answers;
  readonly dataset: string;
  readonly repo: string;
  readonly test_command: string;
  readonly instances: readonly InstanceResult[];
  readonly totals: BacktestTotals;
  /** Instances of the dataset not judged in this report (interrupted or failed to start). */
  readonly not_run: readonly string[];
  /** Tickets the source could not make an instance of (e.g. a work item whose pull request was abandoned), with why. */
  readonly skipped?: readonly { readonly id: string; readonly reason: string }[];
}

export function sizeBucket(fixLines: number): string {
  return (SIZE_BUCKETS.find((b) => fixLines <= b.maxLines) ?? SIZE_BUCKETS.at(-1)!).label;
}

/** Totals over the results, pure. Rates are 0 for an empty set. */
export function totalsOf(results: readonly InstanceResult[]): BacktestTotals {
  const count = (f: (r: InstanceResult) => boolean) => results.filter(f).length;
  const sum = (f: (r: InstanceResult) => number) => results.reduce((s, r) => s + f(r), 0);
  const rate = (a: number, b: number) => (b === 0 ? 0 : round(a / b));
  const resolved = count((r) => r.resolved);
  const lost = Object.fromEntries(STAGES.map((s) => [s, count((r) => r.lost_at === s)])) as Record<
    LostAt,
    number
  >;
  return {
    instances: results.length,
    resolved,
    resolve_rate: rate(resolved, results.length),
    tests_ran: count((r) => r.tests_ran),
    applied: count((r) => r.applied),
    verified: count((r) => r.verified),
    mean_recall_at_1: rate(
      sum((r) => r.localization.recall_at_1),
      results.length,
    ),
    mean_recall_at_5: rate(
      sum((r) => r.localization.recall_at_5),
      results.length,
    ),
    gold_in_context: count((r) => r.localization.gold_in_context === true),
    lost_at: lost,
    by_size: SIZE_BUCKETS.map((b) => {
      const inBucket = results.filter((r) => sizeBucket(r.fix_lines) === b.label);
      const ok = inBucket.filter((r) => r.resolved).length;
      return {
        size: b.label,
        instances: inBucket.length,
        resolved: ok,
        resolve_rate: rate(ok, inBucket.length),
      };
    }).filter((b) => b.instances > 0),
    harness_mismatches: results
      .filter((r) => r.harness_mismatch !== null)
      .map((r) => ({ instance_id: r.instance_id, detail: r.harness_mismatch ?? '' })),
    wall_ms: sum((r) => r.wall_ms),
    model_ms: sum((r) => r.model_ms),
    prompt_tokens: sum((r) => r.prompt_tokens),
    output_tokens: sum((r) => r.output_tokens),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const yes = (b: boolean | null) => (b === null ? '–' : b ? 'yes' : 'no');
/** Ticket-sourced text in a table cell: one line, no pipes, bounded. */
const cell = (text: string, max = 80) =>
  text
    .replace(/[\r\n]+/g, ' ')
    .replace(/\|/g, '\\|')
    .slice(0, max);

/** The report as Markdown with two Mermaid charts: resolve rate by size, and where tickets were lost. Pure. */
export function renderMarkdown(report: BacktestReport): string {
  const t = report.totals;
  const lines: string[] = [
    `# Backtest: ${t.resolved} of ${t.instances} resolved (${pct(t.resolve_rate)})`,
    '',
    `Answers: **${report.answers}**${report.answers === 'live' ? ' (the configured models)' : ' (simulated model: a check of the judge, not of the models)'}. Repository: \`${report.repo}\`. Dataset: \`${report.dataset}\`. Test command: \`${report.test_command}\`.`,
    '',
  ];
  if (t.harness_mismatches.length > 0) {
    lines.push(
      `> **Harness mismatch** on ${t.harness_mismatches.length} instance(s): the simulated answers and the judge disagree, so these figures cannot be trusted until it is fixed.`,
      ...t.harness_mismatches.map((m) => `> - \`${m.instance_id}\`: ${cell(m.detail, 300)}`),
      '',
    );
  }
  if (report.skipped?.length)
    lines.push(
      `Skipped ${report.skipped.length} ticket(s) that are no instance:`,
      '',
      ...report.skipped.map((s) => `- \`${s.id}\`: ${cell(s.reason, 300)}`),
      '',
    );
  if (report.not_run.length > 0)
    lines.push(
      `Not run yet (rerun to continue): ${report.not_run.map((i) => `\`${i}\``).join(', ')}.`,
      '',
    );
  lines.push(
    '| Resolved | Tests ran | Applied | Verified | Recall@1 | Recall@5 | Gold files in editor context | Wall time | Model time | Tokens (prompt + output) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${t.resolved}/${t.instances} | ${t.tests_ran} | ${t.applied} | ${t.verified} | ${t.mean_recall_at_1} | ${t.mean_recall_at_5} | ${t.gold_in_context} | ${secs(t.wall_ms)} | ${secs(t.model_ms)} | ${t.prompt_tokens} + ${t.output_tokens} |`,
    '',
    '## Resolve rate by ticket size',
    '',
    'Size is the number of lines the real fix (its fix_patch) adds and removes.',
    '',
    '```mermaid',
    'xychart-beta',
    '  title "Resolved share by ticket size"',
    `  x-axis [${t.by_size.map((b) => `"${b.size} (${b.instances})"`).join(', ')}]`,
    '  y-axis "resolved %" 0 --> 100',
    `  bar [${t.by_size.map((b) => Math.round(b.resolve_rate * 100)).join(', ')}]`,
    '```',
    '',
    '## Where the unresolved tickets were lost',
    '',
  );
  const lost = Object.entries(t.lost_at).filter(([, n]) => n > 0);
  if (lost.length === 0) lines.push('No ticket was lost.', '');
  else {
    lines.push(
      '```mermaid',
      'pie showData',
      '  title Unresolved tickets by the stage that lost them',
      ...lost.map(([stage, n]) => `  "${stage}" : ${n}`),
      '```',
      '',
      'triage: skipped as not actionable, unclear or too large; localization: a file the real fix changed never reached the editor; edit: no applicable change; verify: the change failed its own verification or the held-out tests; error: the job ended on an operator outcome.',
      '',
    );
  }
  lines.push(
    '## Per ticket',
    '',
    '| Instance | Size | Triage | R@1 | R@5 | Gold in context | Applied | Verified | Resolved | Lost at | Wall | Model | Tokens | Judge |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...report.instances
      .map((r) =>
        [
          `\`${r.instance_id}\``,
          String(r.fix_lines),
          r.triage
            ? `${r.triage.proceed ? 'proceed' : 'skip'} (${r.triage.kind}, ${r.triage.size})`
            : '–',
          r.localization.recall_at_1.toFixed(2),
          r.localization.recall_at_5.toFixed(2),
          yes(r.localization.gold_in_context),
          yes(r.applied),
          r.verified ? `yes (${r.evidence})` : 'no',
          r.resolved ? '**yes**' : 'no',
          r.lost_at ?? '',
          secs(r.wall_ms),
          secs(r.model_ms),
          String(r.prompt_tokens + r.output_tokens),
          cell(r.judge_detail),
        ].join(' | '),
      )
      .map((row) => `| ${row} |`),
    '',
  );
  return lines.join('\n');
}
