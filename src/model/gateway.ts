import type { z } from 'zod';

/** Which model a call is for: the small fast one (triage, file picking) or the big editor. */
export type ModelRole = 'triage' | 'edit';

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
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
  chat(request: ChatRequest): Promise<ChatAnswer>;
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
