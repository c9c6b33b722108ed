import type {
  CallMetrics,
  ChatAnswer,
  ChatRequest,
  ModelGateway,
  ModelRole,
  PreflightReport,
  ToolChatAnswer,
  ToolChatRequest,
} from '../model/gateway.js';
import type { z } from 'zod';
import { emptyAgent, turnsOf, type OracleAgent } from './scripted-agent.js';

/** How the simulated model answers: with the real fix (oracle) or with nothing (empty). */
export type ScriptedAnswers = 'oracle' | 'empty';

/** Context size the simulated models claim: large, so no prompt is ever cut for them. */
const SIMULATED_CONTEXT = 131_072;

/**
 * A simulated model for checking the backtest's judge without a GPU. Triage always proceeds;
 * file picking names the gold files (oracle) or none (empty); the editor answers with the real
 * fix as SEARCH/REPLACE blocks (oracle) or with no block at all (empty). As the agent editor's
 * model (tool turns) the oracle is `agent`, which must find the fix through the tools; the empty
 * model calls no tool. It takes no host lock: it uses no GPU. Its metrics say 'simulated' and
 * count no tokens.
 */
export function createScriptedGateway(input: {
  readonly answers: ScriptedAnswers;
  /** The files the oracle names in triage and picks for the editor: the fix's, and the tests it edits. */
  readonly filesToShow: readonly string[];
  /** The oracle's edit answer (the real fix as edit blocks). */
  readonly editAnswer: string;
  /** The oracle's agent for tool turns (agent edit mode); without it the oracle has no tool turns. */
  readonly agent?: OracleAgent;
}): ModelGateway {
  const metrics: CallMetrics[] = [];
  const agent = input.agent;
  const nextTurn =
    input.answers === 'empty'
      ? turnsOf(emptyAgent)
      : agent
        ? turnsOf((send) => agent.run(send))
        : undefined;
  const model = `simulated-${input.answers}`;
  const record = (role: ModelRole, purpose: string): CallMetrics => {
    const m: CallMetrics = {
      role,
      model,
      purpose,
      promptTokens: 0,
      outputTokens: 0,
      loadMs: 0,
      promptMs: 0,
      generateMs: 0,
      totalMs: 0,
      doneReason: 'stop',
    };
    metrics.push(m);
    return m;
  };
  const json = (purpose: string): unknown => {
    if (purpose === 'triage') {
      return {
        actionable: true,
        kind: 'bug',
        size: 'small',
        clarity: 'clear',
        reason: `Simulated triage (${input.answers} answers): always proceeds.`,
        searchTerms: [],
        namedPaths: input.answers === 'oracle' ? [...input.filesToShow] : [],
        question: '',
      };
    }
    if (purpose === 'pick-files') {
      const files = input.answers === 'oracle' ? input.filesToShow.slice(0, 8) : [];
      return {
        files: files.map((path) => ({ path, symbols: [], reason: 'the real fix changes it' })),
      };
    }
    throw new Error(`The simulated ${input.answers} model has no answer for '${purpose}'.`);
  };

  return {
    async preflight(): Promise<PreflightReport> {
      return {
        serverVersion: 'simulated',
        models: (['triage', 'edit'] as const).map((role) => ({
          role,
          name: model,
          numCtx: SIMULATED_CONTEXT,
          contextLimit: SIMULATED_CONTEXT,
          estimatedBytes: 0,
        })),
        swapModels: false,
        editModelTools: 'yes',
        notes: [`Simulated ${input.answers} answers: no model server is used.`],
      };
    },
    promptBudget: (_role, maxOutputTokens) => SIMULATED_CONTEXT - maxOutputTokens,
    countTokens: (text) => Math.ceil(text.length / 4),
    countMessages: (messages) =>
      messages.reduce((sum, m) => sum + 5 + Math.ceil(m.content.length / 4), 3),
    async chatWithTools(request: ToolChatRequest): Promise<ToolChatAnswer> {
      if (!nextTurn)
        throw new Error(
          `The simulated ${input.answers} model has no tool answers: it was given no oracle agent.`,
        );
      const turn = await nextTurn(request.messages);
      return {
        content: turn.content,
        toolCalls: turn.calls,
        metrics: record(request.role, request.purpose),
      };
    },
    async chat(request: ChatRequest): Promise<ChatAnswer> {
      const content =
        request.role === 'edit' && input.answers === 'oracle'
          ? input.editAnswer
          : 'No change: the simulated empty model changes nothing.';
      return { content, metrics: record(request.role, request.purpose) };
    },
    async chatJson<T>(request: ChatRequest & { readonly schema: z.ZodType<T> }) {
      const value = request.schema.parse(json(request.purpose));
      return { value, metrics: record(request.role, request.purpose) };
    },
    async prepareFor() {},
    callMetrics: () => metrics,
    async close() {},
  };
}
