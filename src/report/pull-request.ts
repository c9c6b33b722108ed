import type { SecretMasker } from '../shared/secrets.js';
import type { TranscriptEntry } from '../shared/transcript.js';
import type { JobReport } from './job-report.js';
import { noteBlock, type MarkdownFlavor } from './flavor.js';
import { hiddenTextNote } from './hidden-text.js';
import { maskDeep } from './mask.js';
import {
  between,
  code,
  count,
  duration,
  fence,
  modelBlock,
  inlineText,
  link,
  linkText,
} from './markdown.js';
import {
  MARKDOWN_HOW,
  editHowText,
  evidenceDetails,
  evidenceHeadline,
  isolationLine,
  modelTable,
  modelTotals,
  triageLines,
  verificationTable,
  verificationVerdict,
} from './sections.js';

/** Longest body each forge accepts (GitHub: 65536 characters; Azure Repos: 4000 for a description). */
export const BODY_LIMITS = { github: 65536, 'azure-repos': 4000 } as const;

const TITLE_LIMIT = 200;
const EXCERPT_ENTRIES = 12;
const EXCERPT_ENTRY_CHARS = 1500;

export interface PullRequestBodyOptions {
  /** Which forge the body is for; sets the length limit. Default: the report's PR kind, else GitHub. */
  readonly target?: keyof typeof BODY_LIMITS;
  /** Transcript entries for the collapsed excerpt (the last prompts and answers are shown). */
  readonly transcript?: readonly TranscriptEntry[];
  /** Override the limit (tests). */
  readonly limit?: number;
}

/** `AB#<id>: <title>` on one line, masked, at most 200 characters. */
export function renderPullRequestTitle(unmasked: JobReport, masker: SecretMasker): string {
  const report = maskDeep(unmasked, masker);
  const title = report.ticket
    ? `AB#${report.ticket.id}: ${report.ticket.title}`
    : 'ticket-to-pr change';
  const flat = masker.mask(title).replace(/\s+/g, ' ').trim();
  return flat.length <= TITLE_LIMIT ? flat : `${flat.slice(0, TITLE_LIMIT - 1).trimEnd()}…`;
}

interface Section {
  readonly text: string;
  /** Sections with the lowest weight are dropped first when the body is too long; 0 = never. */
  readonly dropOrder: number;
}

/**
 * The pull request description a reviewer can trust: what the ticket asked, what the model says
 * it did (labelled as the model's words), what the harness proved, and what to check.
 */
export function renderPullRequestBody(
  unmasked: JobReport,
  masker: SecretMasker,
  options: PullRequestBodyOptions = {},
): string {
  const report = maskDeep(unmasked, masker);
  const transcript = options.transcript ? maskDeep(options.transcript, masker) : undefined;
  const target = options.target ?? report.pullRequest?.kind ?? 'github';
  const limit = options.limit ?? BODY_LIMITS[target];
  const flavor: MarkdownFlavor = target === 'azure-repos' ? 'azure-devops' : 'github';
  const sections: Section[] = [];
  const add = (text: string, dropOrder: number) => sections.push({ text, dropOrder });

  const ticket = report.ticket;
  const head = ticket
    ? `**Ticket:** ${link(`AB#${ticket.id}: ${linkText(ticket.title)}`, ticket.webUrl)} (${inlineText(ticket.type)})`
    : '**Ticket:** unknown';
  add(
    [
      head,
      '',
      noteBlock(
        flavor,
        'Draft opened by ticket-to-pr with local models. A human must review it before it is merged.',
      ),
      report.runUrl ? `\n${link('Job run', report.runUrl)}` : '',
      ticket?.hiddenText ? `\n${hiddenTextNote(ticket.hiddenText)}` : '',
    ]
      .join('\n')
      .trimEnd(),
    0,
  );

  if (report.evidence) {
    const evidence = report.evidence;
    const parts = [
      '## Evidence',
      '',
      evidenceHeadline(evidence, report.verification?.baselineOn),
      '',
      ...evidenceDetails(evidence),
    ];
    if (evidence.reproduction.content) {
      parts.push(
        '',
        '<details>',
        `<summary>The reproduction test, ${inlineText(evidence.reproduction.path ?? '')}</summary>`,
        '',
        fence(evidence.reproduction.content),
        '',
        '</details>',
      );
    }
    add(parts.join('\n'), 0);
  }

  const edit = report.edit;
  if (edit) {
    add(
      [
        '## What changed and why',
        '',
        '_In the edit model’s own words (not verified; compare with the diff). Shown as plain text: nothing in it is a link, an image or an issue reference._',
        '',
        modelBlock(edit.modelSummary.trim() || '(no summary given)'),
      ].join('\n'),
      6,
    );
    add(
      [
        '## Files changed',
        '',
        ...edit.changedFiles.map((f) => `- ${code(f)}`),
        '',
        `${edit.changedFiles.length} file${edit.changedFiles.length === 1 ? '' : 's'}, +${edit.linesAdded} −${edit.linesRemoved} lines, ${edit.rounds} edit round${edit.rounds === 1 ? '' : 's'}.`,
      ].join('\n'),
      5,
    );
    // Short, and it tells the reviewer how far to trust where the change was made: dropped last.
    if (edit.how)
      add(['## How the change was found', '', editHowText(edit.how, MARKDOWN_HOW)].join('\n'), 7);
  }

  if (report.verification) {
    add(
      [
        '## Verification',
        '',
        verificationVerdict(report.verification, report.evidence),
        '',
        verificationTable(report.verification),
        ...isolationLine(report.verification),
      ].join('\n'),
      0,
    );
  } else {
    add('## Verification\n\nNo verification ran: review and test this change by hand.', 0);
  }

  if (report.triage) add(['## Triage', '', triageLines(report.triage)].join('\n'), 4);

  if (report.localization?.length) {
    add(
      [
        '## Where it looked',
        '',
        ...report.localization
          .slice(0, 8)
          .map((f) => `- ${code(f.path)}: ${inlineText(f.reasons.join('; '))}`),
      ].join('\n'),
      2,
    );
  }

  const totals = modelTotals(report.models);
  add(
    [
      '## Models and cost',
      '',
      report.models.length ? modelTable(report.models) : 'No model calls were recorded.',
      '',
      `${count(totals.promptTokens)} prompt tokens, ${count(totals.outputTokens)} output tokens; job time ${duration(between(report.startedAt, report.finishedAt))}.`,
    ].join('\n'),
    3,
  );

  if (transcript?.length) {
    const excerpt = transcript
      .filter((e) => e.kind === 'prompt' || e.kind === 'answer' || e.kind === 'error')
      .slice(-EXCERPT_ENTRIES)
      .map((e) => {
        const text =
          e.text.length > EXCERPT_ENTRY_CHARS
            ? `${e.text.slice(0, EXCERPT_ENTRY_CHARS)}\n[… ${e.text.length - EXCERPT_ENTRY_CHARS} more characters]`
            : e.text;
        return `--- ${e.stage} · ${e.kind} · ${e.at}\n${text}`;
      })
      .join('\n\n');
    add(
      [
        '<details>',
        '<summary>Transcript excerpt (last prompts and answers; the full transcript is the job’s artifact)</summary>',
        '',
        fence(excerpt, 'text'),
        '',
        '</details>',
      ].join('\n'),
      1,
    );
  }

  add(
    [
      '## Reviewer checklist',
      '',
      '- [ ] The change does what the ticket asks, and nothing else',
      '- [ ] The model’s summary above matches the diff',
      '- [ ] Tests cover the change (add one if not)',
      '- [ ] No secrets, generated files or unrelated formatting in the diff',
    ].join('\n'),
    0,
  );

  return fit(
    sections.map((s) => ({ ...s, text: masker.mask(s.text) })),
    limit,
    target,
  );
}

/** Drops optional sections (lowest first), then cuts at a line end, closing any open block. */
function fit(sections: Section[], limit: number, target: string): string {
  const join = (list: readonly Section[]) => list.map((s) => s.text).join('\n\n');
  let kept = [...sections];
  if (join(kept).length <= limit) return join(kept);
  const budget = limit - 300; // room for the note that says what was left out
  const dropped: string[] = [];
  while (join(kept).length > budget) {
    const candidates = kept.filter((s) => s.dropOrder > 0);
    if (candidates.length === 0) break;
    const drop = candidates.reduce((a, b) => (b.dropOrder < a.dropOrder ? b : a));
    dropped.push(
      drop.text
        .split('\n')[0]!
        .replace(/^#+\s*/, '')
        .replace(/^<details>$/, 'Transcript excerpt'),
    );
    kept = kept.filter((s) => s !== drop);
  }
  const note = (what: string) =>
    `\n\n_Shortened to fit the ${target === 'azure-repos' ? 'Azure Repos' : 'GitHub'} limit of ${limit} characters${what}; the job summary and transcript artifact have everything._`;
  let body = join(kept);
  if (body.length <= budget) return body + note(` (left out: ${dropped.join(', ')})`);
  const tail = note('');
  body = body.slice(0, Math.max(0, limit - tail.length - 40));
  body = body.slice(0, body.lastIndexOf('\n') > 0 ? body.lastIndexOf('\n') : body.length);
  const fences = body.match(/^`{3,}/gm) ?? [];
  if (fences.length % 2 === 1) body += `\n${fences.at(-1)}`;
  const opened =
    (body.match(/<details>/g) ?? []).length - (body.match(/<\/details>/g) ?? []).length;
  if (opened > 0) body += '\n</details>'.repeat(opened);
  return (body + tail).slice(0, limit);
}
