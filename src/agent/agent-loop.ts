import { NEW_FILE_STYLE, type WorkingFile } from '../edits/apply-edits.js';
import { applyStep } from '../edits/apply-step.js';
import { summarizeChange } from '../edits/change-summary.js';
import {
  DEFAULT_EDIT_OUTPUT_TOKENS,
  evidence,
  failureReport,
  failureSentence,
  refusalForPeople,
  type EditLoopInput,
  type EditLoopResult,
  type EditLoopStatus,
} from '../edits/edit-loop.js';
import { renderReflection } from '../edits/feedback.js';
import { parseAnswer } from '../edits/parse-answer.js';
import { decodeText } from '../edits/text-format.js';
import type { BlockResult } from '../edits/types.js';
import { loadWorkingFiles, writeWorkingFiles } from '../edits/workspace-files.js';
import type { ChatMessage, ToolCall } from '../model/gateway.js';
import { DegenerateAnswerError } from '../model/model-errors.js';
import { describeIssues } from '../model/schema-issues.js';
import type { AgentActivity } from '../report/job-report.js';
import { SecretMasker } from '../shared/secrets.js';
import { ticketAsPromptData } from '../shared/ticket.js';
import type { Transcript } from '../shared/transcript.js';
import { renderTemplate } from '../triage/prompt-template.js';
import type { ChangedPath } from '../verify/evidence.js';
import { judge, type Verdict } from '../verify/pass-rule.js';
import type { VerificationRun } from '../verify/verifier.js';
import { compactHistory } from './history.js';
import { AgentBudget } from './limits.js';
import {
  AGENT_SYSTEM,
  AGENT_TASK,
  FINISH_REFUSED,
  FINISH_WITHOUT_CHANGE,
  LAST_TURNS,
  NO_TEST_RUNS_LEFT,
  NO_TOOL_CALLED,
  REPEATED_CALL,
} from './prompts.js';
import { RepositoryView } from './repository-view.js';
import { TOOL_ARGUMENTS, TOOL_DEFINITIONS, TOOL_NAMES, isToolName } from './tool-definitions.js';

/** Share of the prompt budget one tool answer may take: the history needs the rest. */
const ANSWER_SHARE = 0.25;
/** Turns left when the model is told to finish soon. */
const WARN_TURNS_LEFT = 2;

export interface AgentInput
  extends Pick<
    EditLoopInput,
    | 'ticket'
    | 'gateway'
    | 'verifier'
    | 'baseline'
    | 'config'
    | 'repoRoot'
    | 'logger'
    | 'maxOutputTokens'
    | 'seed'
    | 'review'
  > {
  /** Localization's ranking, most likely first: offered as a starting point, never as the answer. */
  readonly candidates: readonly string[];
  /** The repository's tracked files: all the tools may see. */
  readonly files: readonly string[];
  readonly transcript?: Transcript;
  /** Epoch ms: the job's deadline. No turn starts so late that the final verification cannot run. */
  readonly deadline?: number;
  readonly now?: () => number;
}

/** One turn's time, for the bench: the model's, the harness's own, and the test runs'. */
export interface TurnRecord {
  readonly turn: number;
  readonly tools: readonly string[];
  readonly modelMs: number;
  readonly harnessMs: number;
  readonly testMs: number;
}

export interface AgentResult extends EditLoopResult {
  readonly activity: AgentActivity;
  readonly turnRecords: readonly TurnRecord[];
}

interface ToolOutcome {
  readonly content: string;
  /** Set when the call ends the loop. */
  readonly end?: {
    readonly status: EditLoopStatus;
    readonly reason: string;
    readonly stoppedBy?: string;
  };
  /** The call changed files: repeated calls are fresh again. */
  readonly changed?: boolean;
  readonly testMs?: number;
}

/**
 * The agent editor: the edit model works through bounded tools (search, read, outline, list, edit,
 * run_tests, finish) until it finishes or a limit stops it. Edits go through the pipeline's parser,
 * applier, guards and test-integrity review; after finish the change is verified exactly as the
 * pipeline verifies a round, and only that verification is evidence.
 */
export async function runAgent(input: AgentInput): Promise<AgentResult> {
  const { config, gateway, logger } = input;
  const now = input.now ?? Date.now;
  const maxOutputTokens = input.maxOutputTokens ?? DEFAULT_EDIT_OUTPUT_TOKENS;
  const limits = config.editing.agent;
  const maxVerifications = config.verification.maxRepairAttempts + 1;
  const masker = new SecretMasker(config.secrets);
  const view = new RepositoryView(input.repoRoot, input.files);
  const promptBudget = gateway.promptBudget('edit', maxOutputTokens);
  const answerTokens = Math.max(500, Math.floor(promptBudget * ANSWER_SHARE));
  // The final verification needs about as long as the baseline took, and some room.
  const baselineMs = input.baseline.checks.reduce((sum, c) => sum + c.durationMs, 0);
  const budget = new AgentBudget(
    limits,
    now,
    input.deadline === undefined ? undefined : input.deadline - baselineMs - 60_000,
  );

  const before = await loadWorkingFiles(input.repoRoot, input.seed?.map((f) => f.path) ?? []);
  let state = new Map(before);
  for (const file of input.seed ?? []) {
    const { text } = decodeText(file.content);
    state.set(file.path, { path: file.path, text, style: NEW_FILE_STYLE, binary: false });
    view.add(file.path);
  }
  const seeded = new Map(state);
  let onDisk = new Map(before);
  await writeChanges();

  const blocks: BlockResult[] = [];
  const runs: VerificationRun[] = [];
  const turnRecords: TurnRecord[] = [];
  const filesRead: string[] = [];
  let verdict: Verdict | undefined;
  let modelSummary = '';
  let searches = 0;
  let edits = 0;
  let testRuns = 0;
  let compacted = 0;
  let repeatNudged = false;
  let testsNudged = false;
  let textNudged = false;
  const seenSinceChange = new Set<string>();

  let messages: ChatMessage[] = [
    {
      role: 'system',
      content: renderTemplate(AGENT_SYSTEM, {
        maxTurns: String(limits.maxTurns),
        maxTestRuns: String(limits.maxTestRuns),
      }),
    },
    {
      role: 'user',
      content: renderTemplate(AGENT_TASK, {
        ticketId: String(input.ticket.id),
        ticket: ticketAsPromptData(input.ticket),
        candidates:
          input.candidates
            .slice(0, 10)
            .map((p) => `- ${p}`)
            .join('\n') || '- (none found)',
      }),
    },
  ];

  for (;;) {
    const limit = budget.exhausted();
    if (limit) return end('needs-human', `The agent editor stopped at ${limit}.`, limit);
    const fitted = compactHistory(messages, promptBudget, (m) =>
      gateway.countMessages(m, TOOL_DEFINITIONS),
    );
    if (fitted.replaced > compacted)
      logger.info(
        `Agent: ${fitted.replaced - compacted} old tool answer(s) replaced by a note to stay within num_ctx.`,
      );
    compacted = fitted.replaced;
    messages = fitted.messages;
    if (!fitted.fits) {
      const why =
        "the conversation no longer fits the edit model's context (num_ctx), even with old tool answers removed";
      return end('needs-human', `The agent editor stopped: ${why}.`, why);
    }
    const turn = budget.turns + 1;
    let answer: { content: string; toolCalls: readonly ToolCall[]; modelMs: number };
    try {
      const reply = await gateway.chatWithTools({
        role: 'edit',
        purpose: `agent turn ${turn}`,
        messages,
        tools: TOOL_DEFINITIONS,
        maxOutputTokens,
      });
      budget.record(reply.metrics);
      answer = {
        content: reply.content,
        toolCalls: reply.toolCalls,
        modelMs: reply.metrics.totalMs,
      };
    } catch (error) {
      // A degenerate answer (the server stopped it repeating itself) counts as a turn without a call.
      if (!(error instanceof DegenerateAnswerError)) throw error;
      logger.warning(`Agent turn ${turn}: ${error.reason}`);
      budget.turns++;
      answer = { content: '', toolCalls: [], modelMs: 0 };
    }
    const harnessStart = now();
    // Qwen's template renders an assistant turn's calls only when its text is empty: the calls are
    // what the model must see again (the text stays in the transcript).
    messages.push(
      answer.toolCalls.length > 0
        ? { role: 'assistant', content: '', toolCalls: answer.toolCalls }
        : { role: 'assistant', content: answer.content },
    );
    if (answer.toolCalls.length === 0) {
      if (textNudged) {
        const why = 'two answers in a row that called no tool';
        return end('needs-human', `The agent editor stopped after ${why}.`, why);
      }
      textNudged = true;
      messages.push({ role: 'user', content: NO_TOOL_CALLED });
      turnRecords.push({
        turn,
        tools: [],
        modelMs: answer.modelMs,
        harnessMs: now() - harnessStart,
        testMs: 0,
      });
      continue;
    }
    textNudged = false;
    let testMs = 0;
    for (const call of answer.toolCalls) {
      logger.info(
        `Agent turn ${turn}: ${call.name} ${oneLine(JSON.stringify(call.arguments ?? {}))}`,
      );
      const outcome = await execute(call, turn);
      testMs += outcome.testMs ?? 0;
      const content = bound(outcome.content);
      input.transcript?.add({
        stage: `agent turn ${turn}`,
        kind: 'event',
        text: `${call.name} ${JSON.stringify(call.arguments)}\n---\n${content}`,
        data: { tool: call.name },
      });
      messages.push({ role: 'tool', toolName: call.name, content });
      if (outcome.changed) seenSinceChange.clear();
      if (outcome.end) {
        turnRecords.push(record(turn, answer, harnessStart, testMs));
        return end(outcome.end.status, outcome.end.reason, outcome.end.stoppedBy);
      }
    }
    turnRecords.push(record(turn, answer, harnessStart, testMs));
    const left = budget.turnsLeft();
    if (left > 0 && left <= WARN_TURNS_LEFT)
      messages.push({ role: 'user', content: renderTemplate(LAST_TURNS, { left: String(left) }) });
  }

  function record(
    turn: number,
    answer: { toolCalls: readonly ToolCall[]; modelMs: number },
    harnessStart: number,
    testMs: number,
  ): TurnRecord {
    return {
      turn,
      tools: answer.toolCalls.map((c) => c.name),
      modelMs: answer.modelMs,
      harnessMs: Math.max(0, now() - harnessStart - testMs),
      testMs,
    };
  }

  async function execute(call: ToolCall, turn: number): Promise<ToolOutcome> {
    if (!isToolName(call.name))
      return {
        content: `There is no tool '${call.name}'. The tools are: ${TOOL_NAMES.join(', ')}.`,
      };
    // Untrusted: the server passes on whatever the model wrote after "arguments".
    const raw = call.arguments as unknown;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return {
        content: `Invalid arguments for ${call.name}: expected an object of named arguments, got ${JSON.stringify(raw) ?? 'nothing'}.`,
      };
    const key = `${call.name} ${stableJson(call.arguments)}`;
    if (seenSinceChange.has(key)) {
      if (repeatNudged) {
        return stopped('after', `a repeated identical call (${call.name}) after one warning`);
      }
      repeatNudged = true;
      return { content: REPEATED_CALL };
    }
    seenSinceChange.add(key);
    if (call.name === 'run_tests' && Object.keys(call.arguments).length > 0) {
      return {
        content: `run_tests takes no arguments: it runs only the repository's configured test command. Nothing was run for the arguments given (${Object.keys(call.arguments).join(', ')}).`,
      };
    }
    const parsed = TOOL_ARGUMENTS[call.name].safeParse(call.arguments);
    if (!parsed.success)
      return { content: `Invalid arguments for ${call.name}: ${describeIssues(parsed.error)}.` };
    const args = parsed.data as Record<string, unknown>;
    switch (call.name) {
      case 'search':
        searches++;
        return { content: await view.search(args.query as string, (args.path as string) ?? '') };
      case 'read': {
        const path = args.path as string;
        if (view.has(path) && !filesRead.includes(path)) filesRead.push(path);
        return {
          content: view.read(
            path,
            args.start_line as number | undefined,
            args.end_line as number | undefined,
          ),
        };
      }
      case 'outline': {
        const path = args.path as string;
        if (view.has(path) && !filesRead.includes(path)) filesRead.push(path);
        return { content: await view.outline(path) };
      }
      case 'list':
        return { content: view.list((args.path as string) ?? '') };
      case 'edit':
        return edit(args.blocks as string, turn);
      case 'run_tests':
        return runTests();
      case 'finish':
        return finish(args.summary as string);
    }
  }

  async function edit(text: string, turn: number): Promise<ToolOutcome> {
    const knownPaths = [...new Set([...filesRead, ...state.keys(), ...input.candidates])];
    const parsed = parseAnswer(text, { knownPaths, allowWhole: false });
    if (parsed.edits.length === 0 && parsed.issues.length === 0)
      return {
        content:
          'No SEARCH/REPLACE block was found. Write the file path on its own line, then a fenced block with <<<<<<< SEARCH, the current lines, =======, the new lines and >>>>>>> REPLACE.',
      };
    const { results, candidate, tooBig } = await applyStep(
      parsed.edits,
      { before, state, onDisk },
      { repoRoot: input.repoRoot, config, logger },
      `Agent turn ${turn}`,
    );
    blocks.push(...results);
    if (tooBig)
      return { content: `${tooBig} None of these blocks were kept; the files are as before.` };
    let refusalNote = '';
    const refusal = input.review?.(changedPaths(candidate));
    if (refusal) {
      for (const path of refusal.undo) candidate.set(path, seeded.get(path) ?? before.get(path)!);
      logger.info(`Agent turn ${turn}: ${refusalForPeople(refusal)}`);
      refusalNote = `\n\n${refusal.reason}`;
    }
    const changed = [...candidate.keys()].some(
      (p) => candidate.get(p)?.text !== state.get(p)?.text,
    );
    state = candidate;
    if (changed) {
      edits++;
      await writeChanges();
    }
    const failed = results.some((r) => r.status === 'refused') || parsed.issues.length > 0;
    const change = summarizeChange(before, state);
    const sofar = change.files.length
      ? `Files changed so far: ${change.files.map((f) => `${f.path} (+${f.added} -${f.removed})`).join(', ')}.`
      : 'No file is changed so far.';
    const done = failed
      ? renderReflection(results, parsed.issues)
      : `Applied ${results.length} block(s): ${results.map((r) => `${r.index} (${r.path})`).join(', ')}.`;
    return { content: `${done}${refusalNote}\n\n${sofar}`, changed };
  }

  async function runTests(): Promise<ToolOutcome> {
    if (testRuns >= limits.maxTestRuns) {
      if (testsNudged) {
        return stopped('at', `its limit of ${limits.maxTestRuns} test runs (agent-max-test-runs)`);
      }
      testsNudged = true;
      return { content: renderTemplate(NO_TEST_RUNS_LEFT, { max: String(limits.maxTestRuns) }) };
    }
    testRuns++;
    const started = now();
    const run = await input.verifier.run(`agent test run ${testRuns}`);
    const testMs = now() - started;
    const result = judge(input.baseline, run);
    const header = `Test run ${testRuns} of ${limits.maxTestRuns} (not the final verification).`;
    if (result.passed && result.green) return { content: `${header} Every check passes.`, testMs };
    return { content: `${header}\n${failuresFor(result, run)}`, testMs };
  }

  async function finish(summary: string): Promise<ToolOutcome> {
    if (summarizeChange(before, state).files.length === 0)
      return { content: FINISH_WITHOUT_CHANGE };
    modelSummary = summary;
    const round = runs.length + 1;
    const started = now();
    const run = await input.verifier.run(`round ${round}`);
    const testMs = now() - started;
    runs.push(run);
    verdict = judge(input.baseline, run);
    const after = round > 1 ? ` after ${round - 1} more attempt(s)` : '';
    if (verdict.passed && !input.verifier.canVerify)
      return stop(
        'unverified',
        'The change applied and the configured checks pass, but no test command is configured, so it is not proven.',
        testMs,
      );
    if (verdict.passed && verdict.green)
      return stop('verified', `The agent's change passed verification${after}.`, testMs);
    if (round >= maxVerifications) {
      if (verdict.passed && verdict.baselineRed)
        return stop(
          'red-baseline',
          `The checks were already failing on the base commit (${verdict.preexisting.join(', ')}) and still fail after the agent's change; it adds no new failure, but it is not proven.`,
          testMs,
        );
      return stop(
        'needs-human',
        `${failureSentence(verdict, runs)} after ${round} verification(s) of the agent's change.`,
        testMs,
      );
    }
    return {
      testMs,
      content: renderTemplate(FINISH_REFUSED, {
        failures: failuresFor(verdict, run),
        left: String(maxVerifications - round),
      }),
    };
  }

  /** A limit or a misbehaviour ends the loop: needs-human, saying which. */
  function stopped(word: 'at' | 'after', why: string): ToolOutcome {
    return {
      content: '',
      end: {
        status: 'needs-human',
        reason: `The agent editor stopped ${word} ${why}.`,
        stoppedBy: why,
      },
    };
  }

  function stop(status: EditLoopStatus, reason: string, testMs: number): ToolOutcome {
    return { content: '', end: { status, reason }, testMs };
  }

  function failuresFor(result: Verdict, run: VerificationRun): string {
    // Command output is untrusted and could echo a secret read from disk: masked before it reaches a prompt.
    return masker.mask(failureReport(result, run, answerTokens - 100, gateway));
  }

  /** An answer that fits its share of the prompt, cut at a line with a note saying so. */
  function bound(content: string): string {
    if (gateway.countTokens(content) <= answerTokens) return content;
    const lines = content.split('\n');
    let keep = lines.length;
    while (keep > 1 && gateway.countTokens(lines.slice(0, keep).join('\n')) > answerTokens - 60)
      keep = Math.floor(keep * 0.8);
    const shown = lines
      .slice(0, keep)
      .join('\n')
      .slice(0, answerTokens * 3);
    return `${shown}\n[Answer cut after ${keep} of ${lines.length} lines to fit the context window: read a smaller range, or narrow the search.]`;
  }

  function changedPaths(files: ReadonlyMap<string, WorkingFile>): ChangedPath[] {
    return summarizeChange(new Map([...before, ...seeded]), files).files.map((f) => ({
      path: f.path,
      created: f.created,
      baseText: (seeded.get(f.path) ?? before.get(f.path))?.text?.lines.join('\n'),
    }));
  }

  async function writeChanges(): Promise<void> {
    const toWrite = [...state.keys()].filter((p) => state.get(p)?.text !== onDisk.get(p)?.text);
    if (toWrite.length === 0) return;
    await writeWorkingFiles(input.repoRoot, state, toWrite);
    onDisk = new Map(state);
    for (const path of toWrite) view.add(path);
  }

  function end(status: EditLoopStatus, reason: string, stoppedBy?: string): AgentResult {
    const change = summarizeChange(before, state);
    // A run stopped after a finish that did not pass says what failed: the reason is all a reader sees.
    const failedLast =
      stoppedBy && verdict && !(verdict.passed && verdict.green)
        ? ` The verification after its last finish: ${failureSentence(verdict, runs)}.`
        : '';
    const tried = stoppedBy ? `${failedLast} ${triedSentence()}` : '';
    const failing = verdict ? evidence(verdict, runs.at(-1)) : [];
    const summary = modelSummary.slice(0, 2000);
    logger.info(`Agent editor: ${status}: ${reason}${tried}`);
    const activity: AgentActivity = {
      turns: budget.turns,
      filesRead: [...filesRead],
      searches,
      edits,
      testRuns,
      promptTokens: budget.promptTokens,
      outputTokens: budget.outputTokens,
      compactedAnswers: compacted,
      ...(stoppedBy ? { stoppedBy } : {}),
    };
    const changedFiles = change.files.map((f) => f.path);
    return {
      status,
      reason: `${reason}${tried}`,
      modelSummary: summary,
      changedFiles,
      createdFiles: change.files.filter((f) => f.created).map((f) => f.path),
      linesAdded: change.linesAdded,
      linesRemoved: change.linesRemoved,
      diff: change.diff,
      rounds: runs.length,
      reflections: 0,
      runs,
      verdict,
      failing,
      blocks,
      edit: {
        modelSummary: summary,
        changedFiles,
        diff: change.diff,
        rounds: runs.length,
        linesAdded: change.linesAdded,
        linesRemoved: change.linesRemoved,
      },
      activity,
      turnRecords,
    };
  }

  /** What the agent tried, for a run a limit ended. */
  function triedSentence(): string {
    const read = filesRead.length
      ? `read ${filesRead.slice(0, 5).join(', ')}${filesRead.length > 5 ? ` and ${filesRead.length - 5} more` : ''}`
      : 'read no file';
    return `In ${budget.turns} turn(s) it ${read}, made ${edits} edit(s) and ran the tests ${testRuns} time(s); nothing was published.`;
  }
}

/** JSON with sorted keys: two calls with the same arguments in another order are the same call. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** A call's arguments for the log: one line, cut (an edit's blocks are in the transcript). */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}
