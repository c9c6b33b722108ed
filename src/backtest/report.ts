import type { LostAt } from './judge.js';
import type { Answers, BacktestEditMode, InstanceResult, InstanceVerdict } from './result.js';

/** Ticket sizes by the lines the real fix (fix_patch) adds and removes. */
export const SIZE_BUCKETS: readonly { readonly label: string; readonly maxLines: number }[] = [
  { label: '1-5 lines', maxLines: 5 },
  { label: '6-20 lines', maxLines: 20 },
  { label: '21-60 lines', maxLines: 60 },
  { label: '61+ lines', maxLines: Number.POSITIVE_INFINITY },
];

const STAGES: readonly LostAt[] = ['triage', 'localization', 'edit', 'verify', 'error'];

/** The judged verdicts, in the order a reviewer reads them, with their words in the report. */
const VERDICTS: readonly {
  readonly verdict: InstanceVerdict;
  readonly label: string;
  readonly count: (t: BacktestTotals) => number;
}[] = [
  { verdict: 'resolved', label: 'resolved', count: (t) => t.resolved },
  { verdict: 'pr-would-be-wrong', label: 'PR would be wrong', count: (t) => t.pr_would_be_wrong },
  { verdict: 'missed-fix', label: 'missed fix', count: (t) => t.missed_fix },
  { verdict: 'not-fixed', label: 'not fixed', count: (t) => t.not_fixed },
];

export interface BacktestTotals {
  readonly instances: number;
  /** Instances with a verdict; every rate is over these. */
  readonly judged: number;
  readonly not_judged: readonly { readonly instance_id: string; readonly reason: string }[];
  readonly resolved: number;
  /** resolved / judged (0 when nothing was judged). */
  readonly resolve_rate: number;
  /** Judged instances where the job would have opened a pull request. */
  readonly would_open_pr: number;
  /** A pull request would have been opened, and the held-out tests fail on it. */
  readonly pr_would_be_wrong: number;
  /** The job refused a change whose held-out tests pass. */
  readonly missed_fix: number;
  readonly not_fixed: number;
  readonly applied: number;
  readonly mean_recall_at_1: number;
  readonly mean_recall_at_5: number;
  readonly gold_in_context: number;
  readonly lost_at: Readonly<Record<LostAt, number>>;
  readonly by_size: readonly {
    readonly size: string;
    readonly judged: number;
    readonly resolved: number;
    readonly resolve_rate: number;
  }[];
  readonly harness_mismatches: readonly { readonly instance_id: string; readonly detail: string }[];
  readonly wall_ms: number;
  readonly model_ms: number;
  readonly prompt_tokens: number;
  readonly output_tokens: number;
  /** What the agent editor did over the instances it ran on; null when it ran on none. */
  readonly agent: AgentTotals | null;
}

/** The agent editor's activity summed over the instances it ran on. */
export interface AgentTotals {
  readonly instances: number;
  readonly turns: number;
  readonly mean_turns: number;
  readonly files_read: number;
  readonly test_runs: number;
  readonly prompt_tokens: number;
  readonly output_tokens: number;
  /** Instances where the loop was stopped before a finish passed: a limit, a repeated call, answers without a call. */
  readonly stopped_early: number;
  /** Instances where the scripted oracle agent could not place a block of the real fix. */
  readonly oracle_missed: number;
}

export interface BacktestReport {
  readonly answers: Answers;
  /** The edit mode the job ran with (reports written before it existed: pipeline). */
  readonly edit_mode?: BacktestEditMode;
  readonly dataset: string;
  readonly repo: string;
  readonly test_command: string;
  readonly instances: readonly InstanceResult[];
  readonly totals: BacktestTotals;
  /** Instances of the dataset not run in this report (the run stopped early); a rerun continues. */
  readonly not_run: readonly string[];
  /** Why the run stopped before the last instance, or null. */
  readonly stopped: string | null;
  /** Tickets the source could not make an instance of (e.g. a work item whose pull request was abandoned), with why. */
  readonly skipped?: readonly { readonly id: string; readonly reason: string }[];
}

export function sizeBucket(fixLines: number): string {
  return (SIZE_BUCKETS.find((b) => fixLines <= b.maxLines) ?? SIZE_BUCKETS.at(-1)!).label;
}

/** Every selected instance has a verdict, none was left unrun and the simulated answers agree with the judge. */
export function everyInstanceJudged(report: BacktestReport): boolean {
  return (
    report.totals.not_judged.length === 0 &&
    report.not_run.length === 0 &&
    report.totals.harness_mismatches.length === 0
  );
}

/** Totals over the results, pure. Rates are over the judged instances, and 0 when there are none. */
export function totalsOf(results: readonly InstanceResult[]): BacktestTotals {
  const judged = results.filter((r) => r.verdict !== 'not-judged');
  const count = (f: (r: InstanceResult) => boolean) => judged.filter(f).length;
  const sum = (f: (r: InstanceResult) => number) => results.reduce((s, r) => s + f(r), 0);
  const rate = (a: number, b: number) => (b === 0 ? 0 : round(a / b));
  const resolved = count((r) => r.verdict === 'resolved');
  const lost = Object.fromEntries(STAGES.map((s) => [s, count((r) => r.lost_at === s)])) as Record<
    LostAt,
    number
  >;
  return {
    instances: results.length,
    judged: judged.length,
    not_judged: results
      .filter((r) => r.verdict === 'not-judged')
      .map((r) => ({ instance_id: r.instance_id, reason: r.not_judged_reason ?? r.judge_detail })),
    resolved,
    resolve_rate: rate(resolved, judged.length),
    would_open_pr: count((r) => r.would_open_pr),
    pr_would_be_wrong: count((r) => r.verdict === 'pr-would-be-wrong'),
    missed_fix: count((r) => r.verdict === 'missed-fix'),
    not_fixed: count((r) => r.verdict === 'not-fixed'),
    applied: count((r) => r.applied),
    mean_recall_at_1: rate(
      judged.reduce((s, r) => s + r.localization.recall_at_1, 0),
      judged.length,
    ),
    mean_recall_at_5: rate(
      judged.reduce((s, r) => s + r.localization.recall_at_5, 0),
      judged.length,
    ),
    gold_in_context: count((r) => r.localization.gold_in_context === true),
    lost_at: lost,
    by_size: SIZE_BUCKETS.map((b) => {
      const inBucket = judged.filter((r) => sizeBucket(r.fix_lines) === b.label);
      const ok = inBucket.filter((r) => r.verdict === 'resolved').length;
      return {
        size: b.label,
        judged: inBucket.length,
        resolved: ok,
        resolve_rate: rate(ok, inBucket.length),
      };
    }).filter((b) => b.judged > 0),
    harness_mismatches: results
      .filter((r) => r.harness_mismatch !== null)
      .map((r) => ({ instance_id: r.instance_id, detail: r.harness_mismatch ?? '' })),
    wall_ms: sum((r) => r.wall_ms),
    model_ms: sum((r) => r.model_ms),
    prompt_tokens: sum((r) => r.prompt_tokens),
    output_tokens: sum((r) => r.output_tokens),
    agent: agentTotalsOf(results),
  };
}

function agentTotalsOf(results: readonly InstanceResult[]): AgentTotals | null {
  const ran = results.flatMap((r) => (r.agent ? [r.agent] : []));
  if (ran.length === 0) return null;
  const sum = (f: (a: (typeof ran)[number]) => number) => ran.reduce((s, a) => s + f(a), 0);
  const turns = sum((a) => a.turns);
  return {
    instances: ran.length,
    turns,
    mean_turns: round(turns / ran.length),
    files_read: sum((a) => a.files_read.length),
    test_runs: sum((a) => a.test_runs),
    prompt_tokens: sum((a) => a.prompt_tokens),
    output_tokens: sum((a) => a.output_tokens),
    stopped_early: ran.filter((a) => a.stopped_by !== null).length,
    oracle_missed: ran.filter((a) => a.oracle_misses.length > 0).length,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const yes = (b: boolean | null) => (b === null ? '–' : b ? 'yes' : 'no');
const verdictLabel = (v: InstanceVerdict) =>
  VERDICTS.find((x) => x.verdict === v)?.label ?? 'not judged';

/** Ticket-sourced text in a table cell: one line, no pipes, bounded at a word, never mid-word. */
export function cell(text: string, max = 80): string {
  const line = text
    .replace(/[\r\n]+/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const atSpace = cut.lastIndexOf(' ');
  return `${(atSpace > max / 2 ? cut.slice(0, atSpace) : cut).trimEnd()}…`;
}

/** Text in a list or a details block: one paragraph, bounded at a word. */
const prose = (text: string, max = 600) => cell(text, max).replace(/\\\|/g, '|');

/**
 * The report as Markdown, pure: the verdicts a reviewer cares about (resolved, a pull request that
 * would be wrong, a missed fix), what could not be judged and why, two Mermaid charts, and one row
 * per ticket with its details folded.
 */
export function renderMarkdown(report: BacktestReport): string {
  const t = report.totals;
  const lines: string[] = [
    `# Backtest: ${t.resolved} of ${t.judged} judged instances resolved (${pct(t.resolve_rate)})`,
    '',
    `Answers: **${report.answers}**${report.answers === 'live' ? ' (the configured models)' : ' (simulated model: a check of the judge, not of the models)'}. Edit mode: **${report.edit_mode ?? 'pipeline'}**. Repository: \`${report.repo}\`. Dataset: \`${report.dataset}\`. Test command: \`${report.test_command}\`.`,
    '',
    "Resolved means the job would have opened a pull request and the real fix's held-out tests pass on it, with nothing that passed at the base failing.",
    '',
  ];
  if (report.stopped)
    lines.push(
      `> **Stopped early:** ${prose(report.stopped)} ${report.not_run.length} instance(s) did not run; rerun the same command to continue.`,
      '',
    );
  if (t.not_judged.length > 0)
    lines.push(
      `> **Not judged: ${t.not_judged.length} of ${t.instances} instance(s)**. They count in no figure below, and the command exits 1. Fix what each line says and rerun: judged instances are kept.`,
      ...t.not_judged.map((n) => `> - \`${n.instance_id}\`: ${prose(n.reason, 400)}`),
      '',
    );
  if (t.harness_mismatches.length > 0)
    lines.push(
      `> **Harness mismatch** on ${t.harness_mismatches.length} instance(s): the simulated answers did not come out as they must (the real fix resolved, an empty change not), so these figures cannot be trusted until the cause below is fixed. It is often the environment (dependencies newer than the base, a test that depends on today's date, a base whose own tests fail) rather than the judge.`,
      ...t.harness_mismatches.map((m) => `> - \`${m.instance_id}\`: ${prose(m.detail, 400)}`),
      '',
    );
  if (report.skipped?.length)
    lines.push(
      `Skipped ${report.skipped.length} ticket(s) that are no instance:`,
      '',
      ...report.skipped.map((s) => `- \`${s.id}\`: ${prose(s.reason, 300)}`),
      '',
    );
  if (report.not_run.length > 0 && !report.stopped)
    lines.push(
      `Not run yet (rerun to continue): ${report.not_run.map((i) => `\`${i}\``).join(', ')}.`,
      '',
    );
  lines.push(
    '| Judged | Resolved | Would open a PR | PR would be wrong | Missed fix | Recall@5 | Wall time | Model time |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${t.judged} of ${t.instances} | ${t.resolved} (${pct(t.resolve_rate)}) | ${t.would_open_pr} | ${t.pr_would_be_wrong} | ${t.missed_fix} | ${pct(t.mean_recall_at_5)} | ${secs(t.wall_ms)} | ${secs(t.model_ms)} |`,
    '',
    `*PR would be wrong*: the job would have opened a pull request and the held-out tests fail on it. *Missed fix*: the job refused a change whose held-out tests pass. Tokens: ${t.prompt_tokens} prompt + ${t.output_tokens} output.`,
    '',
  );
  if (t.agent) {
    const a = t.agent;
    lines.push(
      `Agent editor on ${a.instances} instance(s): ${a.turns} turns (${a.mean_turns} per instance), ${a.files_read} file(s) read, ${a.test_runs} test run(s), ${a.prompt_tokens} + ${a.output_tokens} tokens; stopped before a finish passed on ${a.stopped_early}.${a.oracle_missed > 0 ? ` The scripted oracle agent could not place the real fix on ${a.oracle_missed}.` : ''}`,
      '',
    );
  }
  if (t.judged > 0) {
    lines.push(
      '## Verdicts',
      '',
      '```mermaid',
      'pie showData',
      '  title Judged instances by verdict',
      ...VERDICTS.map((v) => ({ ...v, n: v.count(t) }))
        .filter((v) => v.n > 0)
        .map((v) => `  "${v.label}" : ${v.n}`),
      '```',
      '',
      '## Resolve rate by ticket size',
      '',
      'Size is the number of lines the real fix (its fix_patch) adds and removes; in brackets, the judged instances of that size.',
      '',
      '```mermaid',
      'xychart-beta',
      '  title "Resolved share by ticket size"',
      `  x-axis [${t.by_size.map((b) => `"${b.size} (${b.judged})"`).join(', ')}]`,
      '  y-axis "resolved %" 0 --> 100',
      `  bar [${t.by_size.map((b) => Math.round(b.resolve_rate * 100)).join(', ')}]`,
      '```',
      '',
      '## Where the unresolved tickets were lost',
      '',
    );
    const lost = Object.entries(t.lost_at).filter(([, n]) => n > 0);
    if (lost.length === 0) lines.push('No judged ticket was lost.', '');
    else
      lines.push(
        ...lost.map(([stage, n]) => `- ${stage}: ${n}`),
        '',
        'triage: skipped as not actionable, unclear or too large; localization: a file the real fix changed never reached the editor; edit: no applicable change; verify: the change failed its own verification or the held-out tests.',
        '',
      );
  }
  lines.push(
    '## Per ticket',
    '',
    '| Instance | Size | Job outcome | Would open a PR | Held-out tests | Verdict | Lost at | Wall time |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...report.instances.map(
      (r) =>
        `| \`${r.instance_id}\` | ${r.fix_lines} lines | ${r.outcome} | ${yes(r.would_open_pr)} | ${r.held_out_tests ?? '–'} | ${r.verdict === 'resolved' ? '**resolved**' : verdictLabel(r.verdict)} | ${r.lost_at ?? '–'} | ${secs(r.wall_ms)} |`,
    ),
    '',
    ...report.instances.flatMap((r) => details(r)),
  );
  return lines.join('\n');
}

/** One ticket's details, folded: what the judge saw, triage, localization and cost. */
function details(r: InstanceResult): string[] {
  const triage = r.triage
    ? `${r.triage.proceed ? 'proceed' : 'skip'} (${r.triage.kind}, ${r.triage.size}, ${r.triage.clarity})`
    : 'did not run';
  return [
    `<details><summary><code>${escapeHtml(r.instance_id)}</code>: ${escapeHtml(verdictLabel(r.verdict))}</summary>`,
    '',
    `- Judge: ${prose(r.not_judged_reason ?? r.judge_detail)}`,
    `- Job: ${r.outcome}: ${prose(r.reason, 300)}`,
    `- Triage: ${triage}`,
    `- Localization: recall@1 ${r.localization.recall_at_1.toFixed(2)}, recall@5 ${r.localization.recall_at_5.toFixed(2)}, gold files in the editor's context: ${yes(r.localization.gold_in_context)}`,
    `- Changed: ${r.changed_files.length > 0 ? r.changed_files.map((f) => `\`${f}\``).join(', ') : 'nothing'}`,
    ...(r.agent ? [`- Agent: ${agentLine(r.agent)}`] : []),
    `- Cost: ${secs(r.wall_ms)} wall, ${secs(r.model_ms)} model, ${r.prompt_tokens} + ${r.output_tokens} tokens${r.setup ? `, setup ${r.setup.cached ? 'from the cache' : 'ran'} in ${secs(r.setup.ms)}` : ''}`,
    '',
    '</details>',
    '',
  ];
}

function agentLine(a: NonNullable<InstanceResult['agent']>): string {
  const read = a.files_read.length
    ? `read ${a.files_read.map((f) => `\`${f}\``).join(', ')}`
    : 'read no file';
  const stopped = a.stopped_by ? `; stopped by ${prose(a.stopped_by, 200)}` : '';
  const missed = a.oracle_misses.length
    ? `; the oracle could not place ${prose(a.oracle_misses.join('; '), 400)}`
    : '';
  return `${a.turns} turns, ${read}, ${a.searches} search(es), ${a.edits} edit(s), ${a.test_runs} test run(s), ${a.prompt_tokens} + ${a.output_tokens} tokens${stopped}${missed}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
