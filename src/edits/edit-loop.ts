import type { Config } from '../config/config.js';
import type { ChatAnswer, ChatMessage, ModelGateway } from '../model/gateway.js';
import { DegenerateAnswerError } from '../model/model-errors.js';
import type { EditSummary } from '../report/job-report.js';
import type { Logger } from '../shared/logger.js';
import type { Ticket } from '../shared/ticket.js';
import { ticketAsPromptData } from '../shared/ticket.js';
import { SecretMasker } from '../shared/secrets.js';
import { renderTemplate } from '../triage/prompt-template.js';
import { failingTestsOf, firstErrors, resultFilesOf } from '../verify/failures.js';
import type { TestReport } from '../verify/test-report.js';
import { judge } from '../verify/pass-rule.js';
import type { Verdict } from '../verify/pass-rule.js';
import type { VerificationRun, Verifier } from '../verify/verifier.js';
import type { ChangedPath, ChangeRefusal } from '../verify/evidence.js';
import { NEW_FILE_STYLE } from './apply-edits.js';
import { applyStep } from './apply-step.js';
import type { WorkingFile } from './apply-edits.js';
import { summarizeChange } from './change-summary.js';
import { renderReflection } from './feedback.js';
import { chooseFormat } from './format-choice.js';
import type { FileEditMode } from './format-choice.js';
import { parseAnswer } from './parse-answer.js';
import { decodeText } from './text-format.js';
import {
  DIFF_RULES,
  EDIT_SYSTEM,
  EDIT_USER,
  FILE_BLOCK,
  NO_BLOCKS,
  REFUSED_USER,
  REPAIR_USER,
  WHOLE_RULES,
} from './prompts/templates.js';
import type { BlockResult } from './types.js';
import { loadWorkingFiles, writeWorkingFiles } from './workspace-files.js';

/** At most this many corrections of unreadable or unappliable edits per round (as in Aider). */
export const MAX_REFLECTIONS = 3;
/** Tokens reserved for the edit model's answer unless the caller says otherwise. */
export const DEFAULT_EDIT_OUTPUT_TOKENS = 4096;

/** A file (or a window of one) the editor sees. Lines are 1-based and inclusive. */
export interface EditorFile {
  readonly path: string;
  /** The whole file, or the window's lines when startLine/endLine are set. */
  readonly content: string;
  readonly startLine?: number;
  readonly endLine?: number;
}

export interface EditLoopInput {
  readonly ticket: Ticket;
  readonly context: readonly EditorFile[];
  readonly gateway: ModelGateway;
  readonly verifier: Verifier;
  readonly baseline: VerificationRun;
  readonly config: Config;
  readonly repoRoot: string;
  readonly logger: Logger;
  readonly maxOutputTokens?: number;
  /** Files the change starts with, written with round 1 (a validated reproduction test). */
  readonly seed?: readonly { readonly path: string; readonly content: string }[];
  /**
   * Checked on the whole change (against the base plus the seed) before each verification: a
   * refusal puts the named files back and goes to the editor as the round's failure.
   */
  readonly review?: (change: readonly ChangedPath[]) => ChangeRefusal | undefined;
}

/**
 * How the edit stage ended:
 * - verified: the change applied and no check fails (the baseline was green);
 * - red-baseline: the change applied and adds no failure, but checks were already failing on the
 *   base commit, so it cannot be proven (the failures are named, not blamed on the change);
 * - needs-human: checks that passed on the base commit still fail after every repair attempt;
 * - unverified: the change applied, but no test command is configured to prove it;
 * - no-change: the model produced nothing that could be applied (or only refused edits).
 */
export type EditLoopStatus =
  | 'verified'
  | 'red-baseline'
  | 'needs-human'
  | 'unverified'
  | 'no-change';

export interface EditLoopResult {
  readonly status: EditLoopStatus;
  /** One paragraph for the operator, the ticket comment and the PR: what happened, with evidence. */
  readonly reason: string;
  /** The model's own account of its change (untrusted text). */
  readonly modelSummary: string;
  readonly changedFiles: readonly string[];
  /** Changed files that did not exist on the base commit. */
  readonly createdFiles: readonly string[];
  readonly linesAdded: number;
  readonly linesRemoved: number;
  readonly diff: string;
  /** Edit rounds used: 1 + repair rounds. */
  readonly rounds: number;
  /** Reflections (corrections of unappliable edits) across all rounds. */
  readonly reflections: number;
  /** One verification run after each round that changed files. */
  readonly runs: readonly VerificationRun[];
  /** The pass-rule verdict of the last run, when there was one. */
  readonly verdict?: Verdict;
  /** Failing tests (or failing checks, when the output names no test) of the last run: the evidence. */
  readonly failing: readonly string[];
  /** Per-block outcome of every model answer, in order. */
  readonly blocks: readonly BlockResult[];
  /** The same facts in the report's shape. */
  readonly edit: EditSummary;
}

interface RoundOutcome {
  readonly prose: string;
  readonly reflections: number;
  readonly unresolved: string;
}

/**
 * The edit stage: asks the edit model for a change, applies it (with up to MAX_REFLECTIONS
 * corrections), writes it, verifies it, and on failure sends the failing tests and first errors
 * back for at most `maxRepairAttempts` repairs.
 */
export async function editAndVerify(input: EditLoopInput): Promise<EditLoopResult> {
  const { config, gateway, logger } = input;
  const maxOutputTokens = input.maxOutputTokens ?? DEFAULT_EDIT_OUTPUT_TOKENS;
  const knownPaths = input.context.map((f) => f.path);
  const before = await loadWorkingFiles(input.repoRoot, knownPaths);
  let state = new Map(before);
  for (const file of input.seed ?? []) {
    const { text } = decodeText(file.content);
    state.set(file.path, { path: file.path, text, style: NEW_FILE_STYLE, binary: false });
  }
  const seeded = new Map(state);
  let onDisk = new Map(before);
  const modes = new Map(
    input.context.map((f) => [
      f.path,
      chooseFormat(config.repository.editFormat, {
        content: f.content,
        windowed: f.startLine !== undefined,
      }),
    ]),
  );
  const allowWhole = [...modes.values()].includes('whole');
  const system = renderTemplate(EDIT_SYSTEM, {
    formatRules:
      [...new Set(modes.values())]
        .map((m) => (m === 'whole' ? WHOLE_RULES : DIFF_RULES))
        .join('\n') || DIFF_RULES,
  });
  const blocks: BlockResult[] = [];
  const runs: VerificationRun[] = [];
  const summaries: string[] = [];
  let reflections = 0;
  let verdict: Verdict | undefined;
  let round = 0;
  let userMessage = renderTemplate(EDIT_USER, {
    ticketId: String(input.ticket.id),
    ticket: ticketAsPromptData(input.ticket),
    files: renderFiles(input.context, modes),
  });

  /**
   * What changed since a snapshot. A file read during a round (named by an edit) is in `before`
   * but not in the snapshots taken earlier: it counts as it was on disk, not as created, or the
   * summary would diff the whole file against nothing (quadratic: a 6.5 MB file took gigabytes).
   */
  const changeSince = (snapshot: ReadonlyMap<string, WorkingFile>) =>
    summarizeChange(new Map([...before, ...snapshot]), state);

  const finish = (status: EditLoopStatus, reason: string): EditLoopResult => {
    const change = summarizeChange(before, state);
    const modelSummary = summaries.join('\n\n').slice(0, 2000);
    const failing = verdict ? evidence(verdict, runs[runs.length - 1]) : [];
    logger.info(`Edit stage: ${status}: ${reason}`);
    return {
      status,
      reason,
      modelSummary,
      changedFiles: change.files.map((f) => f.path),
      createdFiles: change.files.filter((f) => f.created).map((f) => f.path),
      linesAdded: change.linesAdded,
      linesRemoved: change.linesRemoved,
      diff: change.diff,
      rounds: round,
      reflections,
      runs,
      verdict,
      failing,
      blocks,
      edit: {
        modelSummary,
        changedFiles: change.files.map((f) => f.path),
        diff: change.diff,
        rounds: round,
        linesAdded: change.linesAdded,
        linesRemoved: change.linesRemoved,
      },
    };
  };

  while (round <= config.verification.maxRepairAttempts) {
    round++;
    const roundStart = new Map(state);
    const outcome = await editRound(round, [
      { role: 'system', content: system },
      { role: 'user', content: userMessage },
    ]);
    reflections += outcome.reflections;
    if (outcome.prose !== '')
      summaries.push(round === 1 ? outcome.prose : `Repair ${round - 1}: ${outcome.prose}`);

    const roundChange = changeSince(roundStart);
    if (roundChange.files.length === 0) {
      if (round === 1)
        return finish(
          'no-change',
          `The edit model produced no applicable change. ${outcome.unresolved}`.trim(),
        );
      if (verdict?.passed && verdict.baselineRed) {
        return finish(
          'red-baseline',
          `The checks were already failing on the base commit (${verdict.preexisting.join(', ')}) and repair round ${round - 1} produced no applicable change; ${failureSentence(verdict, runs)}. The change adds no new failure, but it is not proven.`,
        );
      }
      return finish(
        'needs-human',
        `Repair round ${round - 1} produced no applicable change; ${failureSentence(verdict, runs)} ${outcome.unresolved}`.trim(),
      );
    }
    const refusal = input.review?.(
      changeSince(seeded).files.map((f) => ({
        path: f.path,
        created: f.created,
        baseText: (seeded.get(f.path) ?? before.get(f.path))?.text?.lines.join('\n'),
      })),
    );
    if (refusal) {
      for (const path of refusal.undo) state.set(path, seeded.get(path) ?? before.get(path)!);
      logger.info(`Round ${round}: ${refusalForPeople(refusal)}`);
      if (changeSince(roundStart).files.length === 0) {
        if (round > config.verification.maxRepairAttempts)
          return finish(
            'needs-human',
            `${refusalForPeople(refusal)} No other change was made in ${round} round(s).`,
          );
        userMessage = renderTemplate(REFUSED_USER, { ...repairContext(), refusal: refusal.reason });
        continue;
      }
    }
    const toWrite = [...state.keys()].filter((p) => state.get(p)?.text !== onDisk.get(p)?.text);
    await writeWorkingFiles(input.repoRoot, state, toWrite);
    onDisk = new Map(state);
    logger.info(`Round ${round}: wrote ${toWrite.join(', ')}`);

    const run = await input.verifier.run(`round ${round}`);
    runs.push(run);
    verdict = judge(input.baseline, run);
    if (verdict.passed) {
      if (!input.verifier.canVerify) {
        return finish(
          'unverified',
          'The change applied and the configured checks pass, but no test command is configured, so it is not proven.',
        );
      }
      if (verdict.green) {
        return finish(
          'verified',
          `The change passed verification in round ${round}${round > 1 ? ` after ${round - 1} repair(s)` : ''}.`,
        );
      }
      // A red baseline is often the ticket itself (a failing test for the bug): the editor gets the
      // failures and its repair attempts; only after them is it reported as red, never blamed.
      if (verdict.baselineRed && round > config.verification.maxRepairAttempts) {
        const failing = evidence(verdict, run);
        return finish(
          'red-baseline',
          `The checks were already failing on the base commit (${verdict.preexisting.join(', ')}) and still fail after ${config.verification.maxRepairAttempts} repair attempt(s)${failing.length > 0 ? `; failing (${namesFrom(run)}): ${failing.slice(0, 10).join(', ')}` : ''}. The change adds no new failure, but it is not proven.`,
        );
      }
    }
    if (round > config.verification.maxRepairAttempts) break;
    const rest = repairContext();
    const failuresNote = refusal ? `${refusal.reason}\n\n` : '';
    const repair = (failures: string): string => renderTemplate(REPAIR_USER, { ...rest, failures });
    // The failure excerpt gets whatever room the rest of the prompt leaves. Rendering again (rather
    // than replacing a marker) keeps a `{{failures}}` in the ticket's own text as plain text.
    const room =
      gateway.promptBudget('edit', maxOutputTokens) - gateway.countTokens(system + repair('')) - 50;
    // Command output is untrusted and could echo a secret read from disk: masked before it reaches a prompt.
    userMessage = repair(
      failuresNote +
        new SecretMasker(config.secrets).mask(
          failureReport(verdict as Verdict, run, room, gateway),
        ),
    );
  }
  return finish(
    'needs-human',
    `${failureSentence(verdict, runs)} after ${config.verification.maxRepairAttempts} repair attempt(s).`,
  );

  /** The ticket, the change so far and the files as they are now, for a repair prompt. */
  function repairContext() {
    return {
      ticketId: String(input.ticket.id),
      ticket: ticketAsPromptData(input.ticket),
      diff: limitLines(summarizeChange(before, state).diff, 200),
      files: renderFiles(currentContext(input.context, before, state), modes),
    };
  }

  async function editRound(n: number, messages: ChatMessage[]): Promise<RoundOutcome> {
    let prose = '';
    let used = 0;
    let unresolved = '';
    const start = new Map(state);
    for (let attempt = 0; attempt <= MAX_REFLECTIONS; attempt++) {
      let answer: ChatAnswer;
      try {
        answer = await gateway.chat({
          role: 'edit',
          purpose: attempt === 0 ? `edit round ${n}` : `edit round ${n} reflection ${attempt}`,
          messages: fitToBudget(messages, gateway, maxOutputTokens),
          maxOutputTokens,
        });
      } catch (error) {
        // A degenerate answer (the server stopped it looping) ends this round as a failed one.
        if (!(error instanceof DegenerateAnswerError)) throw error;
        logger.warning(`Round ${n}: ${error.reason}`);
        if (changeSince(start).files.length === 0) state = start;
        return { prose, reflections: used, unresolved: error.reason };
      }
      const parsed = parseAnswer(answer.content, { knownPaths, allowWhole });
      if (prose === '') prose = parsed.prose;
      const { results, candidate, tooBig } = await applyStep(
        parsed.edits,
        { before, state, onDisk },
        { repoRoot: input.repoRoot, config, logger },
        `Round ${n}`,
      );
      blocks.push(...results);
      let feedback = '';
      if (tooBig) {
        feedback = `${tooBig} None of your blocks were kept; the files are as before your answer.`;
      } else {
        state = candidate;
        const failed = results.some((r) => r.status === 'refused') || parsed.issues.length > 0;
        if (failed) feedback = renderReflection(results, parsed.issues);
        else if (parsed.edits.length === 0) feedback = NO_BLOCKS;
      }
      if (feedback === '') return { prose, reflections: used, unresolved: '' };
      // What went wrong in people's words (the reason, the log); the feedback itself is the model's.
      unresolved = tooBig
        ? tooBig.replace(/\s*Make a smaller[^.]*\.$/, '')
        : (describeFailures(results, parsed.issues.length) ??
          'the answer held no edit that could be applied.');
      if (attempt === MAX_REFLECTIONS) break;
      used++;
      logger.info(`Round ${n}: reflection ${used}: ${unresolved}`);
      messages.push(
        { role: 'assistant', content: answer.content },
        { role: 'user', content: feedback },
      );
    }
    if (changeSince(start).files.length === 0) state = start;
    return {
      prose,
      reflections: used,
      unresolved: `Unresolved after ${MAX_REFLECTIONS} corrections: ${unresolved}`,
    };
  }
}

function renderFiles(
  files: readonly EditorFile[],
  modes: ReadonlyMap<string, FileEditMode>,
): string {
  return files
    .map((f) =>
      renderTemplate(FILE_BLOCK, {
        path: f.path,
        mode: modes.get(f.path) === 'whole' ? 'rewrite whole file' : 'edit with SEARCH/REPLACE',
        note: f.startLine !== undefined ? ` (lines ${f.startLine}-${f.endLine ?? '?'} only)` : '',
        content: f.content.replace(/\n$/, ''),
      }),
    )
    .join('\n\n');
}

/** The editor's files as they are now: whole files re-read from the edited state, windows shifted by the lines added above them. */
function currentContext(
  context: readonly EditorFile[],
  before: ReadonlyMap<string, WorkingFile>,
  state: ReadonlyMap<string, WorkingFile>,
): EditorFile[] {
  return context.map((f) => {
    const now = state.get(f.path)?.text;
    if (!now) return f;
    if (f.startLine === undefined) return { path: f.path, content: now.lines.join('\n') };
    const delta = now.lines.length - (before.get(f.path)?.text?.lines.length ?? now.lines.length);
    const start = Math.max(1, f.startLine);
    const end = Math.min(now.lines.length, (f.endLine ?? now.lines.length) + Math.max(0, delta));
    return {
      path: f.path,
      content: now.lines.slice(start - 1, end).join('\n'),
      startLine: start,
      endLine: end,
    };
  });
}

/** Keeps the system prompt, the task and the latest exchange; drops older reflection pairs to fit. */
function fitToBudget(
  messages: readonly ChatMessage[],
  gateway: ModelGateway,
  maxOutputTokens: number,
): ChatMessage[] {
  const budget = gateway.promptBudget('edit', maxOutputTokens);
  const kept = [...messages];
  const size = () => gateway.countTokens(kept.map((m) => m.content).join('\n'));
  while (kept.length > 4 && size() > budget) kept.splice(2, 2);
  return kept;
}

/** The failing checks, test names and first errors, shrunk until they fit `room` tokens. */
export function failureReport(
  verdict: Verdict,
  run: VerificationRun,
  room: number,
  gateway: ModelGateway,
): string {
  const failed = run.checks.filter((c) => !c.passed);
  for (let lines = 60; lines >= 5; lines = Math.floor(lines / 2)) {
    const parts = failed.map((check) => {
      const regression = verdict.regressions.find((r) => r.check === check.name);
      const tests = regression?.tests.length ? regression.tests : failingTestsOf(check);
      const header = `- ${check.name}: \`${check.command}\` ${check.timedOut ? 'timed out' : `exited with code ${check.exitCode}`}${regression ? '' : ' (it failed before the change too)'}`;
      const names = tests.length > 0 ? `\n  Failing tests: ${tests.slice(0, 20).join('; ')}` : '';
      // With results files, each failing test's own message (actual and expected) beats console lines.
      const errors = check.testResults
        ? failureMessages(check.testResults, lines) || firstErrors(check.output, lines)
        : firstErrors(check.output, lines);
      return `${header}${names}\n\`\`\`\n${errors || limitLines(check.output, lines, true)}\n\`\`\``;
    });
    const text = parts.join('\n');
    if (gateway.countTokens(text) <= room || lines <= 5) return text;
  }
  return failed.map((c) => `- ${c.name}: \`${c.command}\` failed`).join('\n');
}

/** Each failing test's name and message from the results files, up to `maxLines` lines. */
function failureMessages(report: TestReport, maxLines: number): string {
  const text = report.tests
    .filter((t) => t.outcome === 'failed' && t.message)
    .map((t) => `✖ ${t.name}\n${t.message}`)
    .join('\n\n');
  return text.split('\n').slice(0, maxLines).join('\n');
}

export function evidence(verdict: Verdict, run: VerificationRun | undefined): string[] {
  const names = verdict.regressions.flatMap((r) =>
    r.tests.length > 0 ? r.tests : [`${r.check} check`],
  );
  if (names.length > 0) return names;
  return (run?.checks ?? []).filter((c) => !c.passed).flatMap((c) => failingTestsOf(c));
}

export function failureSentence(
  verdict: Verdict | undefined,
  runs: readonly VerificationRun[],
): string {
  if (!verdict) return 'no change was verified';
  const failing = evidence(verdict, runs[runs.length - 1]);
  const checks = verdict.regressions.map((r) => r.detail).join('; ');
  const from = namesFrom(runs[runs.length - 1]);
  return `Verification still fails (${checks || 'checks failing'})${failing.length > 0 ? `; failing (${from}): ${failing.slice(0, 10).join(', ')}` : ''}`;
}

/** Where the failing test names were read, said beside them. */
function namesFrom(run: VerificationRun | undefined): string {
  const test = run?.checks.find((c) => c.name === 'test');
  const files = test ? resultFilesOf(test) : [];
  return files.length > 0
    ? `read from ${files.join(', ')}`
    : 'test names read from the console output';
}

/**
 * A test-integrity refusal in people's words: its `reason` is written to the editor ("Fix the
 * source code…") and goes only into the editor's prompt.
 */
export function refusalForPeople(refusal: ChangeRefusal): string {
  const files = refusal.undo.map((f) => `'${f}'`).join(', ');
  return `The edit model changed tests instead of the code (${files}); that change was undone, because editing a test does not fix the behaviour it checks.`;
}

function limitLines(text: string, max: number, tail = false): string {
  const lines = text.split('\n');
  if (lines.length <= max) return text;
  return tail ? ['…', ...lines.slice(-max)].join('\n') : [...lines.slice(0, max), '…'].join('\n');
}

function describeFailures(results: readonly BlockResult[], malformed: number): string | undefined {
  const refused = results.flatMap((r) =>
    r.status === 'refused' ? [`block ${r.index} (${r.path}): ${r.reason}`] : [],
  );
  if (malformed > 0) refused.push(`${malformed} malformed block(s)`);
  return refused.length > 0 ? refused.join('; ') + '.' : undefined;
}
