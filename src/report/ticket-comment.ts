import type { SecretMasker } from '../shared/secrets.js';
import type { JobReport } from './job-report.js';
import { defang } from './markdown.js';
import { maskDeep } from './mask.js';
import { editHowText, shownBeyondMeaning, type HowFormat } from './sections.js';
import { escapeHtml } from '../shared/html.js';
import { cutAtWord, inlineHtml, splitRemedy } from '../shared/people-html.js';
import { evidenceMeaning } from '../verify/evidence-level.js';

const HEADLINES: Record<JobReport['outcome'], string> = {
  'pr-opened': 'opened a draft pull request',
  'pr-updated': 'updated its draft pull request',
  'pr-revised': 'revised its pull request after a review',
  'dry-run': 'verified a change',
  'no-ticket': 'found no ticket to work on',
  skipped: 'skipped this ticket',
  'needs-human': 'needs a human for this ticket',
  'model-capacity': 'stopped: the model server cannot hold the plan',
  'model-unavailable': 'stopped: the model server was unavailable',
  'config-error': 'stopped: its configuration needs fixing',
  error: 'stopped on an error',
};

/** Only http(s) links go into an href. */
function safeHref(url: string): string | undefined {
  return /^https?:\/\//i.test(url) ? escapeHtml(url) : undefined;
}

function link(url: string, text: string): string {
  const href = safeHref(url);
  return href ? `<a href="${href}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

/** The edit-mode sentence in HTML; a comment names fewer of the files the agent read than the PR does. */
const HTML_HOW: HowFormat = {
  path: (p) => `<code>${escapeHtml(p)}</code>`,
  text: (t) => escapeHtml(defang(t)),
  strong: (t) => `<b>${escapeHtml(t)}</b>`,
};
const COMMENT_FILES_SHOWN = 3;

/** The reason's length in a comment: the job summary and the run's log have the whole story. */
const REASON_LIMIT = 600;

/** What would help, per outcome, when the reason names nothing itself. */
const HELP: Partial<Record<JobReport['outcome'], string>> = {
  'pr-opened': 'Review the draft pull request; mark it ready when the change is right.',
  'pr-updated': 'Review the draft pull request; mark it ready when the change is right.',
  'pr-revised': 'Review the new revision and resolve the threads it answers.',
  'dry-run': 'Run without dry-run to push the change and open the pull request.',
  'needs-human':
    'A developer picks this up from here: the run’s summary has the checks and the failing tests. To let ticket-to-pr try again, make the ticket more specific and remove the autofix:needs-human tag.',
  'model-capacity':
    'Free GPU memory on the model server, or plan smaller: a smaller num_ctx, or fewer models kept loaded (OLLAMA_MAX_LOADED_MODELS).',
  'model-unavailable':
    'Check that the Ollama server is running and reachable from the runner; the next run tries again.',
  'config-error': 'Fix the input named above in the workflow or pipeline.',
  error: 'The run’s log says where it stopped.',
};

/**
 * One HTML comment for the work item (Azure Boards renders comment text as HTML): a bold outcome
 * line, the reason (never cut mid-word), what would help as a short list, the links, and, when the
 * ticket was skipped, the question to answer.
 */
export function renderTicketComment(unmasked: JobReport, masker: SecretMasker): string {
  const report = maskDeep(unmasked, masker);
  const parts: string[] = [
    `<p><b>ticket-to-pr ${escapeHtml(HEADLINES[report.outcome])}</b>${report.dryRun ? ' (dry run: nothing was pushed)' : ''}.</p>`,
  ];
  const { cause, remedies } = splitRemedy(report.reason);
  // A skip with a question: the question gets its own block below, so the reason is triage's alone.
  const asked = report.outcome === 'skipped' && report.triage?.question;
  parts.push(
    `<p>${inlineHtml(cutAtWord(asked ? report.triage!.reason : cause, REASON_LIMIT))}</p>`,
  );
  const items: string[] = [];
  if (report.pullRequest) {
    items.push(
      `Pull request: ${link(report.pullRequest.url, `#${report.pullRequest.id}`)}${report.pullRequest.isDraft ? ' (draft)' : ''}`,
    );
  }
  if (report.branch) items.push(`Branch: <code>${escapeHtml(report.branch)}</code>`);
  const evidence = report.evidence;
  if (evidence) {
    const shown = shownBeyondMeaning(evidence);
    items.push(
      `Evidence: <b>${escapeHtml(evidence.level)}</b>: ${escapeHtml(evidenceMeaning(evidence.level, report.verification?.baselineOn))}.${shown === undefined ? '' : ` ${escapeHtml(shown)}`}`,
    );
    items.push(
      evidence.reproduction.path
        ? `Reproduction test: <code>${escapeHtml(evidence.reproduction.path)}</code>`
        : `Reproduction test: none. ${escapeHtml(evidence.reproduction.note)}`,
    );
    if (evidence.changedTests.length > 0)
      items.push(
        `<b>Edits existing tests:</b> ${evidence.changedTests.map((f) => `<code>${escapeHtml(f)}</code>`).join(', ')}`,
      );
  }
  if (report.edit?.how) items.push(editHowText(report.edit.how, HTML_HOW, COMMENT_FILES_SHOWN));
  if (report.verification) {
    const last = report.verification.rounds.at(-1);
    if (last) {
      const checks = last.checks.map(
        (c) => `${escapeHtml(c.name)} ${c.passed ? 'passed' : c.timedOut ? 'timed out' : 'failed'}`,
      );
      items.push(`Checks after the change: ${checks.join(', ') || 'none'}`);
    }
  }
  if (report.runUrl) items.push(`Run: ${link(report.runUrl, 'job log and transcript')}`);
  if (items.length) parts.push(`<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`);
  // What would help comes after the facts, so the facts' list is not read as more advice.
  const help = remedies.length > 0 ? remedies : HELP[report.outcome] ? [HELP[report.outcome]!] : [];
  if (help.length > 0 && !asked)
    parts.push(
      `<p><b>${report.pullRequest ? 'Next' : 'What would help'}:</b></p><ul>${help.map((h) => `<li>${inlineHtml(h)}</li>`).join('')}</ul>`,
    );

  const triage = report.triage;
  if (report.outcome === 'skipped' && triage) {
    if (triage.duplicateOf) {
      parts.push(
        `<p>This looks like a near-duplicate of ${link(triage.duplicateOf.webUrl, `#${triage.duplicateOf.id}`)}.</p>`,
      );
    }
    if (triage.question) {
      parts.push(
        `<p><b>To make this ticket actionable, please answer:</b></p><blockquote>${escapeHtml(defang(triage.question))}</blockquote><p>Then remove the <code>autofix:skipped</code> tag to let ticket-to-pr try again.</p>`,
      );
    }
  }
  return masker.mask(parts.join('\n'));
}
