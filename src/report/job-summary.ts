import type { SecretMasker } from '../shared/secrets.js';
import { isOperatorOutcome } from '../shared/outcome.js';
import type { JobReport, StageRecord } from './job-report.js';
import { rendersMermaid, type MarkdownFlavor } from './flavor.js';
import { hiddenTextNote } from './hidden-text.js';
import { maskDeep } from './mask.js';
import {
  between,
  code,
  count,
  duration,
  fence,
  inlineText,
  link,
  linkText,
  table,
} from './markdown.js';
import {
  MARKDOWN_HOW,
  editHowText,
  evidenceDetails,
  evidenceHeadline,
  isolationLine,
  modelTable,
  triageLines,
  verificationTable,
  verificationVerdict,
} from './sections.js';

const STATUS_TAG: Record<StageRecord['status'], string> = {
  ok: 'done, ',
  failed: 'crit, ',
  skipped: '',
};

/** Tick spacings the axis may use, shortest first (Mermaid's `tickInterval` units). */
const TICKS: readonly (readonly [number, string])[] = [
  [1_000, '1second'],
  [2_000, '2second'],
  [5_000, '5second'],
  [10_000, '10second'],
  [15_000, '15second'],
  [30_000, '30second'],
  [60_000, '1minute'],
  [120_000, '2minute'],
  [300_000, '5minute'],
  [600_000, '10minute'],
  [900_000, '15minute'],
  [1_800_000, '30minute'],
  [3_600_000, '1hour'],
];
const MAX_TICKS = 10;

/** Elapsed milliseconds as `HH:mm:ss.SSS` (the chart's `dateFormat`). */
function clock(ms: number): string {
  const pad = (n: number, width = 2) => String(Math.floor(n)).padStart(width, '0');
  return `${pad(ms / 3_600_000)}:${pad((ms / 60_000) % 60)}:${pad((ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/**
 * A Mermaid gantt chart of the stages on an axis of time since the job began. Times are written as
 * elapsed `HH:mm:ss.SSS`: Mermaid parses a `dateFormat` without a date as that time today in the
 * reader's own zone and draws the axis in that zone too, so the ticks read as elapsed minutes and
 * seconds wherever the page is read (epoch times drew the wall clock, wrapping each hour). The
 * `tickInterval` keeps at most about ten ticks, none repeated; it takes `second` units since
 * Mermaid 10.5 (mermaid-js/mermaid#4778). Syntax: https://mermaid.js.org/syntax/gantt.html
 * ("Input date format", "Output date format on the axis", "Axis ticks"). Checked rendered with
 * mermaid 11 in Chromium under TZ=Asia/Kolkata (+05:30): ticks 00:00, 00:01, 00:02. Task names are the fixed
 * stage names: nothing from a ticket or a model goes into the diagram.
 */
export function stageGantt(stages: readonly StageRecord[], jobStartedAt?: string): string {
  const origin = Date.parse(jobStartedAt ?? stages[0]?.startedAt ?? '');
  const bars = stages.flatMap((stage, i) => {
    const start = Date.parse(stage.startedAt) - origin;
    const end = Math.max(Date.parse(stage.endedAt) - origin, start + 1); // a zero-length bar does not render
    if (!Number.isFinite(start) || !Number.isFinite(end)) return [];
    return [{ stage, i, start: Math.max(0, start), end: Math.max(1, end) }];
  });
  const total = Math.max(1, ...bars.map((b) => b.end));
  const tick = TICKS.find(([ms]) => total / ms <= MAX_TICKS) ?? TICKS.at(-1)!;
  const lines = [
    'gantt',
    '    title Job stages (time since the job began)',
    '    dateFormat HH:mm:ss.SSS',
    `    axisFormat ${total < 3_600_000 ? '%M:%S' : '%H:%M'}`,
    `    tickInterval ${tick[1]}`,
    '    section Job',
    ...bars.map(
      ({ stage, i, start, end }) =>
        `    ${stage.name} (${stage.status}) :${STATUS_TAG[stage.status]}s${i}, ${clock(start)}, ${clock(end)}`,
    ),
  ];
  return fence(lines.join('\n'), 'mermaid');
}

/**
 * The job summary (GitHub step summary / Azure `task.uploadsummary`): outcome and reason on top,
 * then links, the stage timeline, the verification table, the models and the triage verdict.
 */
export function renderJobSummary(
  unmasked: JobReport,
  masker: SecretMasker,
  flavor: MarkdownFlavor = 'github',
): string {
  const report = maskDeep(unmasked, masker);
  const icon = isOperatorOutcome(report.outcome)
    ? '🛑'
    : ['pr-opened', 'pr-updated', 'pr-revised', 'dry-run'].includes(report.outcome)
      ? '✅'
      : 'ℹ️';
  // The dry-run outcome names itself; any other outcome of a dry run says so beside it.
  const dryRunNote = report.dryRun && report.outcome !== 'dry-run' ? ' (dry run)' : '';
  const out: string[] = [
    `## ${icon} ticket-to-pr: ${report.outcome}${dryRunNote}`,
    '',
    `**Outcome:** ${code(report.outcome)} — ${inlineText(report.reason)}`,
  ];
  if (report.evidence)
    out.push(
      '',
      evidenceHeadline(report.evidence, report.verification?.baselineOn),
      '',
      ...evidenceDetails(report.evidence),
    );
  const links: string[] = [];
  if (report.ticket)
    links.push(
      `**Ticket:** ${link(`AB#${report.ticket.id}: ${linkText(report.ticket.title)}`, report.ticket.webUrl)}`,
    );
  if (report.pullRequest) {
    links.push(
      `**Pull request:** ${link(`#${report.pullRequest.id}`, report.pullRequest.url)} (${report.pullRequest.created ? 'opened' : 'updated'}${report.pullRequest.isDraft ? ', draft' : ''})`,
    );
  }
  if (report.branch) links.push(`**Branch:** ${code(report.branch)}`);
  if (report.runUrl) links.push(`**Run:** ${link('log', report.runUrl)}`);
  links.push(`**Time:** ${duration(between(report.startedAt, report.finishedAt))}`);
  out.push('', links.join(' · '));
  if (report.ticket?.hiddenText) out.push('', hiddenTextNote(report.ticket.hiddenText));

  if (report.stages.length) {
    out.push('', '### Timeline', '');
    if (rendersMermaid(flavor)) out.push(stageGantt(report.stages, report.startedAt), '');
    out.push(
      table(
        ['Stage', 'Status', 'Started', 'Time', 'Note'],
        report.stages.map((s) => [
          s.name,
          s.status,
          `+${duration(between(report.startedAt, s.startedAt))}`,
          duration(between(s.startedAt, s.endedAt)),
          inlineText(s.note ?? ''),
        ]),
      ),
    );
  }
  if (report.verification) {
    out.push(
      '',
      '### Verification',
      '',
      verificationVerdict(report.verification, report.evidence),
      '',
      verificationTable(report.verification),
      ...isolationLine(report.verification),
    );
  }
  if (report.models.length) out.push('', '### Models', '', modelTable(report.models));
  if (report.preflight) {
    out.push(
      '',
      '### Model server',
      '',
      `Ollama ${inlineText(report.preflight.serverVersion)}${report.preflight.swapModels ? '; the triage model is unloaded before editing (both do not fit together)' : ''}.`,
      '',
      table(
        ['Role', 'Model', 'Context (num_ctx)', 'Model limit', 'Estimated memory'],
        report.preflight.models.map((m) => [
          m.role,
          code(m.name),
          count(m.numCtx),
          count(m.contextLimit),
          `${(m.estimatedBytes / 2 ** 30).toFixed(1)} GiB`,
        ]),
      ),
    );
    if (report.preflight.notes.length)
      out.push('', ...report.preflight.notes.map((n) => `- ${inlineText(n)}`));
  }
  if (report.triage) out.push('', '### Triage', '', triageLines(report.triage));
  if (report.edit) {
    out.push(
      '',
      '### Change',
      '',
      `${report.edit.changedFiles.map((f) => code(f)).join(', ') || 'no files'}: +${report.edit.linesAdded} −${report.edit.linesRemoved} lines in ${report.edit.rounds} round${report.edit.rounds === 1 ? '' : 's'}.`,
    );
    if (report.edit.how) out.push('', editHowText(report.edit.how, MARKDOWN_HOW));
  }
  return masker.mask(out.join('\n') + '\n');
}
