import { z } from 'zod';
import type { ModelGateway } from '../model/gateway.js';
import type { TriageSummary } from '../report/job-report.js';
import { DegenerateAnswerError } from '../model/model-errors.js';
import { OutcomeError, getErrorMessage } from '../shared/errors.js';
import { isOperatorOutcome } from '../shared/outcome.js';
import type { Outcome } from '../shared/outcome.js';
import type { Logger } from '../shared/logger.js';
import { ticketAsPromptData } from '../shared/ticket.js';
import type { Ticket } from '../shared/ticket.js';
import type { HandledTicket } from '../tracker/tracker.js';
import { findNearDuplicate } from './near-duplicate.js';
import { renderTemplate } from './prompt-template.js';
import { TRIAGE_SYSTEM, TRIAGE_USER } from './prompts.js';

/** The small model's answer, validated. */
export const triageAnswerSchema = z.object({
  actionable: z.boolean(),
  kind: z.enum(['bug', 'feature', 'test', 'chore', 'question']),
  size: z.enum(['small', 'medium', 'large']),
  clarity: z.enum(['clear', 'unclear']),
  reason: z.string().max(1000),
  searchTerms: z.array(z.string().max(200)).max(20),
  namedPaths: z.array(z.string().max(300)).max(20),
  question: z.string().max(1000),
});

export type TriageAnswer = z.infer<typeof triageAnswerSchema>;

/** The gate's verdict. Shaped so the pipeline can use it as its TriageDecision directly. */
export interface TriageVerdict {
  readonly decision: 'proceed' | 'skip';
  readonly proceed: boolean;
  readonly summary: TriageSummary;
  readonly searchTerms: readonly string[];
  readonly namedPaths: readonly string[];
  /** The model's raw assessment; undefined when the ticket was skipped before asking it (a duplicate). */
  readonly answer?: TriageAnswer;
}

export interface TriageOptions {
  /** Largest size still attempted. Default 'medium'. */
  readonly maxSize?: 'small' | 'medium' | 'large';
  /** Relative BM25 similarity above which a recent ticket counts as a twin. Default 0.6. */
  readonly duplicateThreshold?: number;
  /** Tokens reserved for the answer. Default 600. */
  readonly maxOutputTokens?: number;
}

/**
 * Triage could not produce a verdict: the model's answers never matched the schema, the prompt could
 * not fit, or the call failed in a way that is not an operator problem. It keeps the outcome the
 * gateway chose for the cause (`needs-human` for an unusable answer), else `error`.
 */
export class TriageError extends OutcomeError {
  constructor(reason: string, options?: { cause?: unknown; outcome?: Outcome }) {
    super(options?.outcome ?? 'error', reason, options);
    this.name = 'TriageError';
  }
}

const SIZE_ORDER = { small: 0, medium: 1, large: 2 } as const;
const FALLBACK_QUESTION =
  'What exactly should change, and how would we know it works (expected versus actual behaviour)?';

/**
 * Decides whether the ticket is worth the big model: a near-duplicate check against recently
 * handled tickets (no model call), then the small model's assessment through a gate. Operator
 * errors from the gateway (capacity, unavailable) pass through unchanged; any other failure of the
 * structured answer becomes a TriageError naming what went wrong.
 */
export async function triageTicket(input: {
  readonly ticket: Ticket;
  readonly gateway: ModelGateway;
  readonly recent?: readonly HandledTicket[];
  readonly logger: Logger;
  readonly options?: TriageOptions;
}): Promise<TriageVerdict> {
  const { ticket, gateway, logger, options = {} } = input;

  const twin = findNearDuplicate(
    { id: ticket.id, title: ticket.title, text: ticketText(ticket) },
    input.recent ?? [],
    options.duplicateThreshold,
  );
  if (twin) {
    logger.info(
      `Ticket ${ticket.id} reads like #${twin.twin.id} (similarity ${twin.similarity.toFixed(2)}): skipped.`,
    );
    return {
      decision: 'skip',
      proceed: false,
      searchTerms: [],
      namedPaths: [],
      summary: {
        actionable: false,
        kind: 'unknown',
        size: 'unknown',
        clarity: 'unknown',
        reason: `Looks like a near-duplicate of #${twin.twin.id} "${twin.twin.title}", which was handled recently.`,
        duplicateOf: { id: twin.twin.id, webUrl: twin.twin.webUrl },
      },
    };
  }

  const maxOutputTokens = options.maxOutputTokens ?? 600;
  const budget = gateway.promptBudget('triage', maxOutputTokens);
  const user = renderTemplate(TRIAGE_USER, { ticket: fitTicket(ticket, budget, gateway) });
  const ask = (repeatPenalty?: number) =>
    gateway.chatJson({
      role: 'triage',
      purpose: repeatPenalty === undefined ? 'triage' : 'triage (repeat penalty)',
      messages: [
        { role: 'system', content: TRIAGE_SYSTEM },
        { role: 'user', content: user },
      ],
      maxOutputTokens,
      temperature: 0,
      ...(repeatPenalty === undefined ? {} : { repeatPenalty }),
      schema: triageAnswerSchema,
    });
  let answer: TriageAnswer;
  try {
    answer = (await askAgainIfDegenerate(ask, logger)).value;
  } catch (error) {
    // Capacity, availability and configuration problems are the operator's; they keep their outcome.
    if (error instanceof OutcomeError && isOperatorOutcome(error.outcome)) throw error;
    throw new TriageError(
      `Triage failed: the triage model gave no valid verdict (${getErrorMessage(error)}).`,
      {
        cause: error,
        outcome: error instanceof OutcomeError ? error.outcome : 'error',
      },
    );
  }
  const verdict = gate(answer, options.maxSize ?? 'medium');
  logger.info(
    `Triage: ${verdict.decision} (${answer.kind}, ${answer.size}, ${answer.clarity}, actionable=${answer.actionable}).`,
  );
  return verdict;
}

/** Sampling for the one more try after a degenerate answer: greedy decoding with a repeat penalty. */
export const DEGENERATE_RETRY_REPEAT_PENALTY = 1.3;

/**
 * A degenerate answer (the server stopped a looping generation) gets one more try with a repeat
 * penalty. When that loops too, the job ends `error`, an operator outcome: the ticket is released
 * with the failed attempt recorded, and the attempt limit settles it if the loop persists.
 */
async function askAgainIfDegenerate<T>(
  ask: (repeatPenalty?: number) => Promise<T>,
  logger: Logger,
): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (!(error instanceof DegenerateAnswerError)) throw error;
    logger.warning(
      `${error.reason} Asking once more with repeat_penalty ${DEGENERATE_RETRY_REPEAT_PENALTY}.`,
    );
  }
  try {
    return await ask(DEGENERATE_RETRY_REPEAT_PENALTY);
  } catch (error) {
    if (!(error instanceof DegenerateAnswerError)) throw error;
    throw new TriageError(
      `Triage failed: the triage model's answer degenerated twice, the second time with repeat_penalty ${DEGENERATE_RETRY_REPEAT_PENALTY}: ` +
        'Ollama stopped each generation for repeating one token, so the stream ended without "done". The server is up; the model loops on this ticket. ' +
        'Try another triage-model; the transcript shows the looping answer.',
      { cause: error, outcome: 'error' },
    );
  }
}

/** The gate itself, pure: not actionable, too large or unclear → skip with the reason or the question. */
export function gate(
  answer: TriageAnswer,
  maxSize: 'small' | 'medium' | 'large' = 'medium',
): TriageVerdict {
  const base = {
    actionable: answer.actionable,
    kind: answer.kind,
    size: answer.size,
    clarity: answer.clarity,
  };
  const searchTerms = clean(answer.searchTerms);
  const namedPaths = clean(answer.namedPaths);
  const skip = (reason: string, question?: string): TriageVerdict => ({
    decision: 'skip',
    proceed: false,
    searchTerms,
    namedPaths,
    answer,
    summary: question ? { ...base, reason, question } : { ...base, reason },
  });
  const why = answer.reason.trim();

  if (!answer.actionable || answer.kind === 'question') {
    return skip(`Not actionable: ${why || 'the ticket does not ask for a change to the code.'}`);
  }
  if (SIZE_ORDER[answer.size] > SIZE_ORDER[maxSize]) {
    return skip(
      `Too large for an automated change (${answer.size}; at most ${maxSize} is attempted): ${why}`.trim(),
    );
  }
  if (answer.clarity === 'unclear') {
    const question = answer.question.trim() || FALLBACK_QUESTION;
    return skip(`Unclear: ${why || 'the ticket does not say what should change.'}`, question);
  }
  return {
    decision: 'proceed',
    proceed: true,
    searchTerms,
    namedPaths,
    answer,
    summary: { ...base, reason: why },
  };
}

function clean(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter(Boolean))];
}

function ticketText(ticket: Ticket): string {
  return [ticket.description, ticket.reproSteps, ticket.acceptanceCriteria]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * The fenced ticket, cut to fit the prompt budget (the system prompt and the frame take their share
 * first). Cutting is noted inside the fence so the model knows text is missing.
 */
function fitTicket(ticket: Ticket, budget: number, gateway: ModelGateway): string {
  const frame =
    gateway.countTokens(TRIAGE_SYSTEM) +
    gateway.countTokens(renderTemplate(TRIAGE_USER, { ticket: '' }));
  const available = budget - frame - 16;
  const full = ticketAsPromptData(ticket);
  if (gateway.countTokens(full) <= available) return full;
  let keep = ticket.description.length;
  for (let attempt = 0; attempt < 12 && keep > 0; attempt += 1) {
    keep = Math.floor(keep * 0.7);
    const cut = ticketAsPromptData({
      ...ticket,
      description: ticket.description.slice(0, keep),
      comments: [],
      truncations: [
        ...ticket.truncations,
        `description cut to ${keep} of ${ticket.description.length} characters and comments dropped to fit the triage model`,
      ],
    });
    if (gateway.countTokens(cut) <= available) return cut;
  }
  throw new TriageError(
    `Triage failed: the ticket does not fit the triage model's prompt budget (${budget} tokens) even when cut.`,
    { outcome: 'needs-human' },
  );
}
