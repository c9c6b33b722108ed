import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { NEW_FILE_STYLE, type WorkingFile } from '../edits/apply-edits.js';
import type { EditorFile } from '../edits/edit-loop.js';
import { checkPathSyntax, protectedMatcher } from '../edits/guards.js';
import { parseAnswer } from '../edits/parse-answer.js';
import { decodeText } from '../edits/text-format.js';
import { writeWorkingFiles } from '../edits/workspace-files.js';
import type { ChatMessage, ModelGateway } from '../model/gateway.js';
import type { Logger } from '../shared/logger.js';
import { SecretMasker } from '../shared/secrets.js';
import { ticketAsPromptData, type Ticket } from '../shared/ticket.js';
import { renderTemplate } from '../triage/prompt-template.js';
import { firstErrors } from '../verify/failures.js';
import { judge } from '../verify/pass-rule.js';
import { testFileResultOf } from '../verify/test-file-result.js';
import type { VerificationRun, Verifier } from '../verify/verifier.js';
import {
  REPRODUCE_ABSENT,
  REPRODUCE_BAD_FILE,
  REPRODUCE_LOAD_ERROR,
  REPRODUCE_NOT_SHOWN,
  REPRODUCE_PASSES,
  REPRODUCE_SYSTEM,
  REPRODUCE_USER,
} from './reproduce-prompts.js';

/** Tries at a reproduction test: each is one answer of the edit model and one test run. */
export const MAX_REPRODUCTION_ATTEMPTS = 2;
const OUTPUT_TOKENS = 2048;
const EXAMPLE_LINES = 80;

/** What the reproduction stage showed. Only `reproduced` carries a test into the change. */
export type Reproduction =
  | {
      readonly status: 'reproduced';
      readonly path: string;
      readonly content: string;
      /** The failing test names the run reported for the file. */
      readonly tests: readonly string[];
      /** The assertion line that failed on the base commit. */
      readonly failure: string;
      readonly attempts: number;
      readonly note: string;
    }
  | {
      readonly status: 'not-reproduced' | 'off';
      readonly attempts: number;
      /** Why there is no reproduction, for the report. */
      readonly note: string;
    };

export interface ReproduceInput {
  readonly ticket: Ticket;
  /** The code the editor will see (from localization). */
  readonly context: readonly EditorFile[];
  /** Every tracked file, to pick example tests and to refuse overwriting one. */
  readonly files: readonly string[];
  /** Files localization ranked, best first, to pick the examples near them. */
  readonly ranked: readonly string[];
  readonly isTest: (file: string) => boolean;
  readonly baseline: VerificationRun;
  readonly gateway: ModelGateway;
  readonly verifier: Verifier;
  readonly config: Config;
  readonly repoRoot: string;
  readonly logger: Logger;
  readonly maxAttempts?: number;
}

/**
 * Reproduce first: the edit model writes a new test for the ticket; it is kept only if it fails on
 * the base commit on an assertion. Each miss goes back to the model with what the run showed. The
 * file is removed from the checkout afterwards either way; a kept test is written again with the fix.
 */
export async function reproduceTicket(input: ReproduceInput): Promise<Reproduction> {
  const { config, gateway, logger } = input;
  const maxAttempts = input.maxAttempts ?? MAX_REPRODUCTION_ATTEMPTS;
  const masker = new SecretMasker(config.secrets);
  const tracked = new Set(input.files);
  const isProtected = protectedMatcher(config.safety.protectedPaths);
  const system = renderTemplate(REPRODUCE_SYSTEM, {
    testPaths: config.verification.testPaths.join(', '),
  });
  const examples = await exampleTests(input);
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    {
      role: 'user',
      content: renderTemplate(REPRODUCE_USER, {
        ticketId: String(input.ticket.id),
        ticket: ticketAsPromptData(input.ticket),
        examples:
          examples || '(no existing tests were found; use the usual layout for this language)',
        files: input.context
          .map((f) => `${f.path}\n\`\`\`\n${f.content.replace(/\n$/, '')}\n\`\`\``)
          .join('\n\n'),
      }),
    },
  ];
  const misses: string[] = [];
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const answer = await gateway.chat({
      role: 'edit',
      purpose: `reproduce attempt ${attempt}`,
      messages: fitMessages(messages, gateway),
      maxOutputTokens: OUTPUT_TOKENS,
    });
    const parsed = parseAnswer(answer.content, { knownPaths: [], allowWhole: true });
    const edit = parsed.edits[0];
    const content =
      edit?.kind === 'whole-file'
        ? edit.lines.join('\n') + '\n'
        : edit && edit.search.length === 0
          ? edit.replace.join('\n') + '\n'
          : undefined;
    // The model is told what to send instead; people are told what happened (the reason, the
    // PR's evidence): two texts, so no instruction for the model reaches a person.
    const problem: Problem | undefined = !edit
      ? { model: 'Your answer contained no test file.', people: 'the answer held no test file' }
      : content === undefined
        ? {
            model: `'${edit.path}' must be a whole new file, not a change to an existing one.`,
            people: `the answer changed '${edit.path}' instead of writing a new test file`,
          }
        : fileProblem(edit.path, {
            tracked,
            isTest: input.isTest,
            isProtected,
            testPaths: config.verification.testPaths,
          });
    let feedback: string;
    let miss: string;
    if (problem || !edit || content === undefined) {
      const said = problem ?? { model: 'No test file.', people: 'the answer held no test file' };
      feedback = renderTemplate(REPRODUCE_BAD_FILE, { problem: said.model });
      miss = said.people;
    } else {
      const run = await runWith(input, edit.path, content);
      const seen = readRun(input.baseline, run, edit.path);
      if (seen.kind === 'reproduced') {
        const named = seen.tests.slice(0, 3).map((t) => `"${t}"`);
        const which = named.length > 0 ? `${named.join(', ')} in ${edit.path}` : edit.path;
        const note = `The test ${which} fails on the base commit on an assertion: ${seen.line}`;
        logger.info(`Reproduction: ${note}`);
        return {
          status: 'reproduced',
          path: edit.path,
          content,
          tests: seen.tests,
          failure: seen.line,
          attempts: attempt,
          note,
        };
      }
      feedback = masker.mask(renderTemplate(seen.template, { path: edit.path, ...seen.values }));
      miss = masker.mask(seen.people);
    }
    misses.push(`attempt ${attempt}: ${miss}`);
    logger.info(`Reproduction attempt ${attempt} rejected: ${miss}`);
    messages.push(
      { role: 'assistant', content: answer.content },
      { role: 'user', content: feedback },
    );
  }
  return {
    status: 'not-reproduced',
    attempts: maxAttempts,
    note: `No valid reproduction test after ${maxAttempts} attempt(s) (${misses.join('; ')}).`,
  };
}

/** Why a candidate was turned down: the feedback for the model, and the sentence for people. */
interface Problem {
  readonly model: string;
  readonly people: string;
}

type RunReading =
  | { kind: 'reproduced'; tests: readonly string[]; line: string }
  | {
      kind: 'rejected';
      template: string;
      values: Record<string, string>;
      /** What the run showed, for the reason and the PR's evidence. */
      people: string;
    };

/** What one run with the candidate test shows, and the feedback when it is not a reproduction. */
function readRun(baseline: VerificationRun, run: VerificationRun, file: string): RunReading {
  // A test that breaks another check (a type-check, a linter run as the build) fails before any assertion.
  const broken = judge(baseline, run).regressions.find((r) => r.check !== 'test');
  if (broken) {
    const check = run.checks.find((c) => c.name === broken.check)!;
    const line = firstErrors(check.output, 6) || broken.detail;
    return {
      kind: 'rejected',
      template: REPRODUCE_LOAD_ERROR,
      values: { line },
      people: `${file} broke the ${broken.check} check before any assertion ran (${firstLineOf(line)})`,
    };
  }
  const passes: RunReading = {
    kind: 'rejected',
    template: REPRODUCE_PASSES,
    values: {},
    people: `${file} passed on the base commit, so it did not show the problem`,
  };
  const test = run.checks.find((c) => c.name === 'test');
  if (!test || test.passed) return passes;
  const result = testFileResultOf(test, file);
  switch (result.status) {
    case 'absent':
      return {
        kind: 'rejected',
        template: REPRODUCE_ABSENT,
        values: {},
        people: `the test command did not run ${file}`,
      };
    case 'passed':
      return passes;
    case 'failed':
      if (result.kind === 'assertion')
        return { kind: 'reproduced', tests: result.tests, line: result.line };
      if (result.kind === 'load-error')
        return {
          kind: 'rejected',
          template: REPRODUCE_LOAD_ERROR,
          values: { line: result.line },
          people: `${file} failed on an error before any assertion (${firstLineOf(result.line)})`,
        };
      return {
        kind: 'rejected',
        template: REPRODUCE_NOT_SHOWN,
        values: { excerpt: result.excerpt },
        people: `${file} failed, but not on an assertion about the ticket's behaviour`,
      };
  }
}

/** Writes the candidate, runs the configured checks (the verifier's runner, scrubbed env, timeouts), removes it. */
async function runWith(
  input: ReproduceInput,
  file: string,
  content: string,
): Promise<VerificationRun> {
  const { text } = decodeText(content);
  const working: WorkingFile = { path: file, text, style: NEW_FILE_STYLE, binary: false };
  await writeWorkingFiles(input.repoRoot, new Map([[file, working]]), [file]);
  try {
    return await input.verifier.run(`reproduction (${file})`);
  } finally {
    await fs.rm(path.join(input.repoRoot, file), { force: true });
  }
}

function fileProblem(
  file: string,
  rules: {
    tracked: ReadonlySet<string>;
    isTest: (file: string) => boolean;
    isProtected: (file: string) => string | undefined;
    testPaths: readonly string[];
  },
): Problem | undefined {
  const syntax = checkPathSyntax(file);
  if (syntax)
    return { model: `The path is refused: ${syntax}.`, people: `its path was refused: ${syntax}` };
  if (rules.tracked.has(file))
    return {
      model: `'${file}' already exists; the reproduction must be a new file.`,
      people: `'${file}' already exists, and a reproduction must be a new file`,
    };
  if (!rules.isTest(file))
    return {
      model: `'${file}' is not under the repository's test paths; name it like the example tests.`,
      people: `'${file}' is not under the test paths (${rules.testPaths.join(', ')})`,
    };
  const glob = rules.isProtected(file);
  if (glob)
    return {
      model: `'${file}' is a protected path (${glob}).`,
      people: `'${file}' is a protected path (${glob})`,
    };
  return undefined;
}

/**
 * One or two existing tests as examples: those whose path shares a name with the ranked files
 * (src/discount.js → test/discount.test.js) first, then any test. Each is cut to its first lines.
 */
async function exampleTests(input: ReproduceInput): Promise<string> {
  const stems = input.ranked
    .slice(0, 5)
    .map((f) => path.posix.basename(f).replace(/\..*$/, '').toLowerCase());
  const tests = input.files.filter(input.isTest);
  const score = (f: string) => stems.filter((s) => s !== '' && f.toLowerCase().includes(s)).length;
  const chosen = [...tests].sort((a, b) => score(b) - score(a) || a.localeCompare(b)).slice(0, 2);
  const parts: string[] = [];
  for (const file of chosen) {
    const text = await fs.readFile(path.join(input.repoRoot, file), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const lines = text.replace(/\n$/, '').split('\n');
    const shown = lines.slice(0, EXAMPLE_LINES).join('\n');
    const cut =
      lines.length > EXAMPLE_LINES ? `\n[… ${lines.length - EXAMPLE_LINES} more lines]` : '';
    parts.push(`${file}\n\`\`\`\n${shown}${cut}\n\`\`\``);
  }
  return parts.join('\n\n');
}

/** Keeps the system prompt, the task and the latest exchange; drops older exchanges to fit. */
function fitMessages(messages: readonly ChatMessage[], gateway: ModelGateway): ChatMessage[] {
  const budget = gateway.promptBudget('edit', OUTPUT_TOKENS);
  const kept = [...messages];
  const size = () => gateway.countTokens(kept.map((m) => m.content).join('\n'));
  while (kept.length > 4 && size() > budget) kept.splice(2, 2);
  return kept;
}

function firstLineOf(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '') ?? '';
}
