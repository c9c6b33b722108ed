import type { z } from 'zod';

/** Which model a call is for: the small fast one (triage, file picking) or the big editor. */
export type ModelRole = 'triage' | 'edit';

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string;
  /** An assistant turn's tool calls, sent back to the server as the model made them. */
  readonly toolCalls?: readonly ToolCall[];
  /** A tool answer (role 'tool'): the name of the tool that answered. */
  readonly toolName?: string;
}

/** One call the model asked for (Ollama's `message.tool_calls[].function`). Arguments are untrusted. */
export interface ToolCall {
  readonly name: string;
  readonly arguments: Readonly<Record<string, unknown>>;
}

/** A tool offered to the model (Ollama's `tools[]` entry of type 'function'). */
export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  /** A JSON Schema object for the arguments. */
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** What one model call cost, for the report. Durations in milliseconds. */
export interface CallMetrics {
  readonly role: ModelRole;
  readonly model: string;
  readonly purpose: string;
  readonly promptTokens: number;
  readonly outputTokens: number;
  readonly loadMs: number;
  readonly promptMs: number;
  readonly generateMs: number;
  readonly totalMs: number;
  readonly doneReason: string;
}

export interface ChatRequest {
  readonly role: ModelRole;
  /** Short label for logs and the transcript, e.g. 'triage', 'pick-files', 'edit round 2'. */
  readonly purpose: string;
  readonly messages: readonly ChatMessage[];
  /** Reserved for the answer; the prompt must fit in num_ctx minus this. */
  readonly maxOutputTokens: number;
  readonly temperature?: number;
  /** Ollama's repeat_penalty; set to ask again after an answer degenerated into repeating itself. */
  readonly repeatPenalty?: number;
}

export interface ChatAnswer {
  readonly content: string;
  readonly metrics: CallMetrics;
}

export interface ToolChatRequest extends ChatRequest {
  readonly tools: readonly ToolDefinition[];
}

export interface ToolChatAnswer extends ChatAnswer {
  /** The calls the server parsed from the answer, in order ([] when the model only wrote text). */
  readonly toolCalls: readonly ToolCall[];
}

/** Whether a model can call tools; 'unknown' when the server does not say (before Ollama v0.6.4). */
export type ToolSupport = 'yes' | 'no' | 'unknown';

/** What preflight learned; also shown in the job summary. */
export interface PreflightReport {
  readonly serverVersion: string;
  readonly models: readonly {
    readonly role: ModelRole;
    readonly name: string;
    readonly numCtx: number;
    readonly contextLimit: number;
    readonly estimatedBytes: number;
  }[];
  /** True when both models cannot stay loaded together: the triage model is unloaded before editing. */
  readonly swapModels: boolean;
  /** Whether the edit model can call tools (its /api/show capabilities). */
  readonly editModelTools?: ToolSupport;
  readonly notes: readonly string[];
}

/**
 * Every model call of the process goes through one gateway: one request in flight, a host-wide lock,
 * errors classified once (out-of-memory never retried), context pinned per model.
 * Throws ModelCapacityError / ModelUnavailableError (src/shared/errors.ts) for operator outcomes.
 */
export interface ModelGateway {
  /** Checks the server, both models and the memory plan; takes the host-wide lock. Before any ticket is claimed. */
  preflight(): Promise<PreflightReport>;
  /** Tokens a prompt may use for this role once `maxOutputTokens` is reserved. */
  promptBudget(role: ModelRole, maxOutputTokens: number): number;
  /** Estimated token count of a text (calibrated from the server's prompt_eval_count as calls come back). */
  countTokens(text: string): number;
  /**
   * Estimated prompt tokens of a request: the same count the gateway checks against the budget
   * before sending (messages, their tool calls, and the tool definitions rendered into the prompt).
   */
  countMessages(messages: readonly ChatMessage[], tools?: readonly ToolDefinition[]): number;
  chat(request: ChatRequest): Promise<ChatAnswer>;
  /**
   * A chat turn with tools offered (Ollama's native tool calling). A model without tool support
   * is a ConfigError naming the model and `edit-mode: pipeline`.
   */
  chatWithTools(request: ToolChatRequest): Promise<ToolChatAnswer>;
  /** A structured answer validated against `schema` (sent to Ollama as `format`); malformed answers get a small retry budget. */
  chatJson<T>(
    request: ChatRequest & { readonly schema: z.ZodType<T> },
  ): Promise<{ value: T; metrics: CallMetrics }>;
  /** Called before the first call of a role: unloads the other model when both do not fit. */
  prepareFor(role: ModelRole): Promise<void>;
  callMetrics(): readonly CallMetrics[];
  /** Releases the host-wide lock. Safe to call twice. */
  close(): Promise<void>;
}
