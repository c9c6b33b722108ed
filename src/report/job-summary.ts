import type { SecretMasker } from '../shared/secrets.js';
import { isOperatorOutcome } from '../shared/outcome.js';
import type { JobReport, StageRecord } from './job-report.js';
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

/**
 * A Mermaid gantt chart of the stages, times as epoch milliseconds (`dateFormat x`). Task names
 * are the fixed stage names: nothing from a ticket or a model goes into the diagram.
 */
export function stageGantt(stages: readonly StageRecord[]): string {
  const lines = [
    'gantt',
    '    title Job stages',
    '    dateFormat x',
    '    axisFormat %M:%S',
    '    section Job',
  ];
  stages.forEach((stage, i) => {
    const start = Date.parse(stage.startedAt);
    const end = Math.max(Date.parse(stage.endedAt), start + 1); // a zero-length bar does not render
    if (!Number.isFinite(start) || !Number.isFinite(end)) return;
    lines.push(
      `    ${stage.name} (${stage.status}) :${STATUS_TAG[stage.status]}s${i}, ${start}, ${end}`,
    );
  });
  return fence(lines.join('\n'), 'mermaid');
}

/**
 * The job summary (GitHub step summary / Azure `task.uploadsummary`): outcome and reason on top,
 * then links, the stage timeline, the verification table, the models and the triage verdict.
 */
export function renderJobSummary(unmasked: JobReport, masker: SecretMasker): string {
  const report = maskDeep(unmasked, masker);
  const icon = isOperatorOutcome(report.outcome)
    ? '🛑'
    : ['pr-opened', 'pr-updated', 'pr-revised'].includes(report.outcome)
      ? '✅'
      : 'ℹ️';
  const out: string[] = [
    `## ${icon} ticket-to-pr: ${report.outcome}${report.dryRun ? ' (dry run)' : ''}`,
    '',
    `**Outcome:** ${code(report.outcome)} — ${inlineText(report.reason)}`,
  ];
  if (report.evidence)
    out.push('', evidenceHeadline(report.evidence), '', ...evidenceDetails(report.evidence));
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
    out.push('', '### Timeline', '', stageGantt(report.stages), '');
    out.push(
      table(
        ['Stage', 'Status', 'Time', 'Note'],
        report.stages.map((s) => [
          s.name,
          s.status,
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
      verificationVerdict(report.verification),
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
  }
  return masker.mask(out.join('\n') + '\n');
}
