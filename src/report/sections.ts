/** Report sections used by more than one renderer (PR body, job summary). */
import type { CallMetrics } from '../model/gateway.js';
import type { CheckResult, VerificationRun } from '../verify/verifier.js';
import { BASE_COMMIT, evidenceMeaning } from '../verify/evidence-level.js';
import type { EditHow, EvidenceSummary, JobReport } from './job-report.js';
import { cutAtWord } from '../shared/people-html.js';
import { code, count, duration, inlineText, link, modelInline, table } from './markdown.js';

function checkCell(check: CheckResult | undefined): string {
  if (!check) return '— not run';
  if (check.timedOut) return `⏱️ timed out (${duration(check.durationMs)})`;
  if (check.passed) return `✅ passed (${duration(check.durationMs)})`;
  return `❌ failed, exit ${check.exitCode ?? '?'} (${duration(check.durationMs)})`;
}

/** One row per configured command: baseline against the last round after the edit. */
export function verificationTable(
  verification: NonNullable<JobReport['verification']>,
  baselineOn: string = verification.baselineOn ?? BASE_COMMIT,
): string {
  const last: VerificationRun | undefined = verification.rounds.at(-1);
  const names = [
    ...new Set([...verification.baseline.checks, ...(last?.checks ?? [])].map((c) => c.name)),
  ];
  const rows = names.map((name) => {
    const before = verification.baseline.checks.find((c) => c.name === name);
    const after = last?.checks.find((c) => c.name === name);
    return [name, code((after ?? before)!.command), checkCell(before), checkCell(after)];
  });
  return table(
    [
      'Check',
      'Command',
      `Baseline (${baselineOn.replace(/^the /, '')})`,
      `After the change${last ? ` (${last.label})` : ''}`,
    ],
    rows,
  );
}

/** What each evidence level earned, as the claim the Verification section makes. */
function earnedClaim(evidence: EvidenceSummary, baselineOn: string): string {
  const kept = `no check that passed on ${baselineOn} fails now`;
  switch (evidence.level) {
    case 'reproduced':
      return `the reproduction test ${evidence.reproduction.path ? `${code(evidence.reproduction.path)} ` : ''}failed on ${baselineOn} on an assertion and passes with the change, and ${kept}.`;
    case 'failing-test-fixed':
      return `a test that failed on ${baselineOn} passes now, with no existing test changed, and ${kept}.`;
    case 'no-regression':
      return `${kept}. No test showed the ticket’s behaviour itself.`;
  }
}

/**
 * The Verification section's first line: "Verified" only when the change passed verification (the
 * job then has its evidence), stating the strongest claim that evidence earned; otherwise what the
 * runs do and do not show. `evidence` is undefined when the change did not pass.
 */
export function verificationVerdict(
  verification: NonNullable<JobReport['verification']>,
  evidence: EvidenceSummary | undefined,
  baselineOn: string = verification.baselineOn ?? BASE_COMMIT,
): string {
  const last = verification.rounds.at(-1);
  if (!last) return 'The change was not verified: no check ran after it.';
  const regressions = verification.baseline.checks
    .filter((b) => b.passed)
    .filter((b) => !last.checks.find((a) => a.name === b.name)?.passed)
    .map((b) => b.name);
  const rounds = verification.rounds.length;
  const after = rounds > 1 ? ` after ${rounds - 1} repair round${rounds > 2 ? 's' : ''}` : '';
  if (evidence && regressions.length === 0)
    return `**Verified${after}:** ${earnedClaim(evidence, baselineOn)}`;
  if (regressions.length > 0)
    return `**Not verified${after}:** ${regressions.join(', ')} passed on ${baselineOn} and fail${regressions.length === 1 ? 's' : ''} now.`;
  const failing = last.checks.filter((c) => !c.passed).map((c) => c.name);
  if (failing.length > 0)
    return `**Not verified${after}:** ${failing.join(', ')} failed on ${baselineOn} and still fail${failing.length === 1 ? 's' : ''} with the change, so it is not shown to work. Nothing that passed on ${baselineOn} fails now.`;
  return `**Not verified${after}:** the configured checks pass, but no test ran that shows the change works.`;
}

/** Which isolation the repository's commands ran under: one line, or none when no run says. */
export function isolationLine(verification: NonNullable<JobReport['verification']>): string[] {
  const isolation = verification.rounds.at(-1)?.isolation ?? verification.baseline.isolation;
  return isolation ? ['', `**Isolation of the commands:** ${inlineText(isolation)}`] : [];
}

/**
 * What `shown` adds to the level's meaning, or undefined when it adds nothing: a reproduced change's
 * "shown" only restates the meaning with the test's path, which the reproduction line names; the
 * judge's no-regression sentence ("Nothing that passed on ... fails now; no test showed ...",
 * src/verify/evidence.ts) restates that level's meaning in other words.
 */
export function shownBeyondMeaning(evidence: EvidenceSummary): string | undefined {
  if (evidence.level === 'reproduced' && evidence.reproduction.path) return undefined;
  if (evidence.level === 'no-regression' && /^Nothing that passed on /.test(evidence.shown))
    return undefined;
  return evidence.shown;
}

/**
 * The evidence level in one line: the level, what it means (naming what the baseline ran on), and
 * what was shown beyond that.
 */
export function evidenceHeadline(evidence: EvidenceSummary, baselineOn?: string): string {
  const head = `**Evidence: ${code(evidence.level)}** — ${evidenceMeaning(evidence.level, baselineOn)}.`;
  const shown = shownBeyondMeaning(evidence);
  return shown === undefined ? head : `${head} ${inlineText(shown)}`;
}

/** The evidence lines under the headline: the reproduction test, and any existing test the change edits. */
export function evidenceDetails(evidence: EvidenceSummary): string[] {
  const r = evidence.reproduction;
  const lines = [
    r.path
      ? `- **Reproduction test:** ${code(r.path)} (part of this change). ${inlineText(r.note)}`
      : `- **Reproduction test:** none. ${inlineText(r.note)}`,
  ];
  if (evidence.changedTests.length > 0) {
    lines.push(
      `- ⚠️ **This change edits existing tests:** ${evidence.changedTests.map((f) => code(f)).join(', ')}. Check that they still test what they tested before.`,
    );
  }
  return lines;
}

export interface ModelTotals {
  readonly calls: number;
  readonly promptTokens: number;
  readonly outputTokens: number;
  readonly totalMs: number;
}

export function modelTotals(models: readonly CallMetrics[]): ModelTotals {
  return models.reduce(
    (t, m) => ({
      calls: t.calls + 1,
      promptTokens: t.promptTokens + m.promptTokens,
      outputTokens: t.outputTokens + m.outputTokens,
      totalMs: t.totalMs + m.totalMs,
    }),
    { calls: 0, promptTokens: 0, outputTokens: 0, totalMs: 0 },
  );
}

/** Calls grouped by role and model: calls, tokens in and out, model time. */
export function modelTable(models: readonly CallMetrics[]): string {
  const groups = new Map<string, CallMetrics[]>();
  for (const m of models)
    groups.set(`${m.role}\u0000${m.model}`, [
      ...(groups.get(`${m.role}\u0000${m.model}`) ?? []),
      m,
    ]);
  const rows = [...groups.values()].map((calls) => {
    const t = modelTotals(calls);
    const purposes = [...new Set(calls.map((c) => c.purpose))].join(', ');
    return [
      calls[0]!.role,
      code(calls[0]!.model),
      inlineText(purposes),
      String(t.calls),
      count(t.promptTokens),
      count(t.outputTokens),
      duration(t.totalMs),
    ];
  });
  const all = modelTotals(models);
  rows.push([
    '**total**',
    '',
    '',
    String(all.calls),
    count(all.promptTokens),
    count(all.outputTokens),
    duration(all.totalMs),
  ]);
  return table(
    ['Role', 'Model', 'Used for', 'Calls', 'Prompt tokens', 'Output tokens', 'Model time'],
    rows,
  );
}

export function triageLines(triage: NonNullable<JobReport['triage']>): string {
  const lines = [
    `- **Actionable:** ${triage.actionable ? 'yes' : 'no'} · **kind:** ${inlineText(triage.kind)} · **size:** ${inlineText(triage.size)} · **clarity:** ${inlineText(triage.clarity)}`,
    `- **Reason:** ${modelInline(triage.reason)}`,
  ];
  if (triage.question) lines.push(`- **Open question:** ${modelInline(triage.question)}`);
  if (triage.duplicateOf)
    lines.push(
      `- **Near-duplicate of:** ${link(String(triage.duplicateOf.id), triage.duplicateOf.webUrl)}`,
    );
  return lines.join('\n');
}

/** How the pieces of the edit-mode sentence are written: Markdown (PR body, summary) or HTML (ticket comment). */
export interface HowFormat {
  /** A file path the agent read. */
  readonly path: (path: string) => string;
  /** Plain text (the why, what stopped the agent), escaped for the target. */
  readonly text: (text: string) => string;
  /** The lead-in, emphasized. */
  readonly strong: (text: string) => string;
}

export const MARKDOWN_HOW: HowFormat = {
  path: (p) => code(p),
  text: (t) => inlineText(t),
  strong: (t) => `**${t}**`,
};

/** Files named before "and N more": enough to see where the agent looked, short enough for a ticket. */
export const HOW_FILES_SHOWN = 8;
/** Longest path, why or stop reason shown: these are one-line facts, not documents. */
const HOW_PATH_CHARS = 160;
const HOW_TEXT_CHARS = 300;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** "a.ts, b.ts and 3 more", each path cut to a line's worth. */
function fileList(files: readonly string[], format: HowFormat, shown: number): string {
  const named = files
    .slice(0, shown)
    .map((f) => format.path(f.length > HOW_PATH_CHARS ? `${f.slice(0, HOW_PATH_CHARS - 1)}…` : f));
  const more = files.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${count(more)} more` : named.join(', ');
}

/** One fact sentence from the harness's own words: cut, without its final period (the caller adds one). */
function fact(text: string): string {
  return cutAtWord(text, HOW_TEXT_CHARS).replace(/\.+$/, '');
}

/**
 * How the change was found, in one paragraph: the edit mode and why, and for the agent what it did
 * (every figure counted by the harness), what stopped it, and whether old tool answers were
 * compacted. The agent's own test runs are labelled as not evidence: only the final verification
 * is. `filesShown` bounds the list of files read.
 */
export function editHowText(
  how: EditHow,
  format: HowFormat,
  filesShown: number = HOW_FILES_SHOWN,
): string {
  const why = format.text(fact(how.why));
  const agent = how.agent;
  if (how.mode === 'pipeline' || !agent)
    return `${format.strong(`Edit mode: ${how.mode}`)} (${why}).`;
  const read =
    agent.filesRead.length === 0
      ? 'read no files'
      : `read ${plural(agent.filesRead.length, 'file')} (${fileList(agent.filesRead, format, filesShown)})`;
  const tests =
    agent.testRuns === 0
      ? 'no test runs'
      : `${plural(agent.testRuns, 'test run')} (not evidence: the final verification is)`;
  const sentences = [
    `${format.strong('Edit mode: agent')} (${why}): ${plural(agent.turns, 'turn')}, ${read}, ${plural(agent.searches, 'search', 'searches')}, ${plural(agent.edits, 'edit')}, ${tests}, ${count(agent.promptTokens)} prompt / ${count(agent.outputTokens)} output tokens.`,
  ];
  if (agent.stoppedBy) sentences.push(`Stopped by ${format.text(fact(agent.stoppedBy))}.`);
  if (agent.compactedAnswers > 0)
    sentences.push(
      `${agent.compactedAnswers === 1 ? 'One earlier tool answer was' : `${count(agent.compactedAnswers)} earlier tool answers were`} replaced by a short note to stay within the model’s context (num_ctx).`,
    );
  return sentences.join(' ');
}
