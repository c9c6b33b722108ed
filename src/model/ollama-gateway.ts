import { Ollama } from 'ollama';
import { z } from 'zod';
import type { Config } from '../config/config.js';
import {
  ConfigError,
  getErrorMessage,
  ModelCapacityError,
  ModelUnavailableError,
  OutcomeError,
} from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Transcript } from '../shared/transcript.js';
import { readCapacityFile } from './capacity-file.js';
import { streamChat } from './chat-stream.js';
import type { ClassifiedError } from './classify-error.js';
import { explainingConnectionFailures } from './connection-message.js';
import type {
  CallMetrics,
  ChatAnswer,
  ChatMessage,
  ChatRequest,
  ModelGateway,
  ModelRole,
  PreflightReport,
  ToolChatAnswer,
  ToolChatRequest,
  ToolDefinition,
  ToolSupport,
} from './gateway.js';
import { acquireHostLock, type HostLock } from './host-lock.js';
import { readModelLimits } from './memory-estimate.js';
import { DegenerateAnswerError, ModelAnswerError, PromptTooLongError } from './model-errors.js';
import { createModelFetch, describeWait, type ModelFetch } from './model-fetch.js';
import { sameModel } from './model-name.js';
import {
  planModels,
  whatWouldFit,
  GPU_HEADROOM,
  type MemoryPlan,
  type ModelFacts,
  type PlannedModel,
} from './plan.js';
import { withRetries } from './retry.js';
import { describeIssues } from './schema-issues.js';
import { runExclusive } from './serialize.js';
import { silentTruncation, TokenCounter } from './tokens.js';

export { ModelAnswerError, PromptTooLongError } from './model-errors.js';

export interface OllamaGatewayOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly transcript?: Transcript;
  /** Epoch milliseconds: the job's deadline. No request starts or keeps running past it. */
  readonly deadline: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Load the triage model during preflight, so an out-of-memory at load ends the job before any claim. */
  readonly warmUp?: boolean;
  /** How often a request still waiting for Ollama's first byte is reported (default one minute). */
  readonly progressEveryMs?: number;
  /** How long the host lock may go unrefreshed before another job takes it over (host-lock.ts default). */
  readonly lockStaleMs?: number;
}

/** A structured answer gets this many more tries when it does not parse or match its schema. */
const FORMAT_RETRIES = 2;

export function createOllamaGateway(options: OllamaGatewayOptions): ModelGateway {
  return new OllamaGateway(options);
}

class OllamaGateway implements ModelGateway {
  private readonly config: Config;
  private readonly logger: Logger;
  private readonly transcript?: Transcript;
  private readonly deadline: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly counter = new TokenCounter();
  private readonly warmUpOnPreflight: boolean;
  private readonly lockStaleMs?: number;
  private readonly metrics: CallMetrics[] = [];
  private readonly offloadChecked = new Set<string>();
  private readonly http: ModelFetch;
  /** The request now waiting on the server, for the progress message. */
  private waitingFor = 'a request';
  private lock?: HostLock;
  private plan?: MemoryPlan;
  private report?: PreflightReport;
  private closed = false;

  constructor(options: OllamaGatewayOptions) {
    this.config = options.config;
    this.logger = options.logger;
    this.transcript = options.transcript;
    this.deadline = options.deadline;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.warmUpOnPreflight = options.warmUp ?? false;
    this.http = createModelFetch({
      deadline: this.deadline,
      now: this.now,
      progressEveryMs: options.progressEveryMs,
      onWaiting: (waitedMs) =>
        this.logger.info(
          `${this.waitingFor}: no answer from Ollama yet, loading / evaluating the prompt: ${describeWait(waitedMs)}`,
        ),
    });
    this.lockStaleMs = options.lockStaleMs;
  }

  async preflight(): Promise<PreflightReport> {
    if (this.report) return this.report;
    if (this.closed) throw new Error('The model gateway is closed.');
    const { models, budgets } = this.config;
    // The lock comes first: a job that cannot have the server ends before it claims a ticket.
    this.lock = await acquireHostLock(budgets.lockFile, {
      waitMs: budgets.lockWaitMs,
      deadline: this.deadline,
      now: this.now,
      sleep: this.sleep,
      logger: this.logger,
      staleMs: this.lockStaleMs,
    });
    try {
      const { version } = await this.request('preflight /api/version', (client) =>
        client.version(),
      );
      const tags = await this.request('preflight /api/tags', (client) => client.list());
      const roles: [ModelRole, string][] = [
        ['triage', models.triageModel],
        ['edit', models.editModel],
      ];
      const missing = roles.filter(([, name]) => !tags.models.some((m) => sameModel(m.name, name)));
      if (missing.length > 0) {
        throw new ModelUnavailableError(
          missing
            .map(
              ([role, name]) =>
                `The ${role} model "${name}" is not on the Ollama server at ${models.host}; pull it first: ollama pull ${name}`,
            )
            .join('. ') + '.',
        );
      }
      const facts: ModelFacts[] = [];
      let editModelTools: ToolSupport = 'unknown';
      for (const [role, name] of roles) {
        const show = await this.request(`preflight /api/show ${name}`, (client) =>
          client.show({ model: name }),
        );
        if (role === 'edit') editModelTools = toolSupport(show.capabilities);
        const weightBytes = tags.models.find((m) => sameModel(m.name, name))!.size;
        facts.push({
          role,
          name,
          weightBytes,
          limits: readModelLimits(show.model_info as unknown as Record<string, unknown>, name),
        });
      }
      // Before the warm-up load: agent mode with a model that cannot call tools ends here.
      const toolNotes = this.toolNotes(editModelTools);
      const capacity = models.capacityFile
        ? await readCapacityFile(models.capacityFile)
        : undefined;
      this.plan = planModels(facts, models, capacity);
      if (this.warmUpOnPreflight) await this.warmUp('triage');
      const running = await this.request('preflight /api/ps', (client) => client.ps());
      const notes = [...this.plan.notes, ...toolNotes];
      const strangers = running.models.filter(
        (m) => !roles.some(([, name]) => sameModel(m.name, name)),
      );
      if (strangers.length > 0)
        notes.push(`Also loaded on the server: ${strangers.map((m) => m.name).join(', ')}.`);
      this.report = {
        serverVersion: version,
        models: this.plan.models.map((m) => ({
          role: m.role,
          name: m.name,
          numCtx: m.numCtx,
          contextLimit: m.limits.contextLength,
          estimatedBytes: m.estimatedBytes,
        })),
        swapModels: this.plan.swapModels,
        editModelTools,
        notes,
      };
      this.logger.info(
        `Ollama ${version}: ${this.plan.models.map((m) => `${m.role} ${m.name} num_ctx ${m.numCtx}`).join(', ')}` +
          (this.plan.swapModels ? '; models are swapped, not kept loaded together.' : '.'),
      );
      for (const note of notes) this.logger.info(note);
      this.transcript?.add({
        stage: 'preflight',
        kind: 'event',
        text: 'model plan',
        data: { ...this.report },
      });
      return this.report;
    } catch (error) {
      await this.lock.release();
      this.lock = undefined;
      throw error;
    }
  }

  promptBudget(role: ModelRole, maxOutputTokens: number): number {
    return this.planned(role).numCtx - maxOutputTokens;
  }

  countTokens(text: string): number {
    return this.counter.count(text);
  }

  countMessages(messages: readonly ChatMessage[], tools: readonly ToolDefinition[] = []): number {
    return this.counter.countMessages(messages, tools);
  }

  async chat(request: ChatRequest): Promise<ChatAnswer> {
    const { content, metrics } = await this.call(request);
    return { content, metrics };
  }

  async chatWithTools(request: ToolChatRequest): Promise<ToolChatAnswer> {
    return this.call(request, undefined, request.tools);
  }

  async chatJson<T>(
    request: ChatRequest & { readonly schema: z.ZodType<T> },
  ): Promise<{ value: T; metrics: CallMetrics }> {
    const format = z.toJSONSchema(request.schema) as Record<string, unknown>;
    let messages: readonly ChatMessage[] = request.messages;
    for (let attempt = 0; ; attempt++) {
      const answer = await this.call({ ...request, messages }, format);
      if (answer.metrics.doneReason === 'length') {
        throw new ModelAnswerError(
          `The ${request.purpose} answer was cut off at ${request.maxOutputTokens} tokens (done_reason "length"); a structured answer cut short is not used.`,
        );
      }
      const problem = parseProblem(answer.content, request.schema);
      if (problem.ok) return { value: problem.value, metrics: answer.metrics };
      if (attempt >= FORMAT_RETRIES) {
        throw new ModelAnswerError(
          `The ${request.purpose} answer did not match the expected JSON after ${attempt + 1} tries: ${problem.message}`,
        );
      }
      this.logger.warning(
        `${request.purpose}: malformed answer (${problem.message}); asking again (${attempt + 1}/${FORMAT_RETRIES}).`,
      );
      messages = [
        ...request.messages,
        { role: 'assistant', content: answer.content },
        {
          role: 'user',
          content: `That answer was not valid: ${problem.message}. Reply again with only the JSON object, matching the schema.`,
        },
      ];
    }
  }

  async prepareFor(role: ModelRole): Promise<void> {
    if (!this.plan?.swapModels) return;
    const mine = this.planned(role).name;
    const other = this.plan.models.find((m) => !sameModel(m.name, mine));
    if (!other) return;
    const isLoaded = async (): Promise<boolean> =>
      (await this.request('/api/ps', (client) => client.ps())).models.some((m) =>
        sameModel(m.name, other.name),
      );
    if (!(await isLoaded())) return;
    this.logger.info(
      `Unloading ${other.name} before the ${role} model: both do not fit in GPU memory together.`,
    );
    await this.request(`unload ${other.name}`, (client) =>
      client.chat({ model: other.name, messages: [], keep_alive: 0, stream: false }),
    );
    // The server frees the memory within a few seconds; the next load waits for it anyway.
    for (let i = 0; i < 10 && (await isLoaded()); i++) await this.sleep(1000);
  }

  callMetrics(): readonly CallMetrics[] {
    return this.metrics;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.http.close();
    await this.lock?.release();
    this.lock = undefined;
  }

  /**
   * The edit model's tool support against edit-mode. Agent mode without tools cannot run at all,
   * so it ends the job here, before any ticket is claimed; auto falls back to the pipeline.
   */
  private toolNotes(editModelTools: ToolSupport): string[] {
    const { mode } = this.config.editing;
    const name = this.config.models.editModel;
    if (editModelTools === 'no' && mode === 'agent')
      throw new ConfigError(
        noToolsMessage('edit', name, 'its /api/show capabilities do not list tools'),
      );
    if (editModelTools === 'no' && mode === 'auto')
      return [
        `The edit model ${name} cannot call tools (its capabilities do not list them): edit-mode auto edits with the pipeline.`,
      ];
    if (editModelTools === 'unknown' && mode !== 'pipeline')
      return [
        mode === 'agent'
          ? `Ollama does not say whether the edit model ${name} can call tools (no capabilities in /api/show); a model without them fails at its first agent turn.`
          : `Ollama does not say whether the edit model ${name} can call tools (no capabilities in /api/show): edit-mode auto edits with the pipeline.`,
      ];
    return [];
  }

  private planned(role: ModelRole): PlannedModel {
    const model = this.plan?.models.find((m) => m.role === role);
    if (!model) throw new Error('preflight() must run before the model gateway is used.');
    return model;
  }

  /**
   * Every model call: counted against the budget before sending (tools included), one at a time,
   * retried by kind, checked for silent truncation, recorded in the transcript.
   */
  private async call(
    request: ChatRequest,
    format?: Record<string, unknown>,
    tools: readonly ToolDefinition[] = [],
  ): Promise<ToolChatAnswer> {
    const plan = this.planned(request.role);
    if (this.closed) throw new Error('The model gateway is closed.');
    const budget = this.promptBudget(request.role, request.maxOutputTokens);
    const counted = this.counter.countMessages(request.messages, tools);
    if (counted > budget) {
      throw new PromptTooLongError(
        request.role,
        counted,
        budget,
        `The ${request.purpose} prompt is about ${counted} tokens, ${counted - budget} over its budget of ${budget}: ` +
          `${plan.name} runs with num_ctx ${plan.numCtx} and ${request.maxOutputTokens} tokens are kept for the answer. It was not sent.`,
      );
    }
    const label = `${request.purpose} (${plan.name})`;
    this.transcript?.add({
      stage: request.purpose,
      kind: 'prompt',
      text: request.messages.map(transcriptText).join('\n\n'),
      data: {
        role: request.role,
        model: plan.name,
        numCtx: plan.numCtx,
        countedTokens: counted,
        ...(tools.length > 0 ? { tools: tools.map((t) => t.name) } : {}),
      },
    });
    try {
      const { content, toolCalls, final } = await this.request(
        label,
        (client) =>
          streamChat({
            client,
            model: plan.name,
            messages: request.messages,
            numCtx: plan.numCtx,
            maxOutputTokens: request.maxOutputTokens,
            temperature: request.temperature,
            repeatPenalty: request.repeatPenalty,
            keepAliveSeconds: this.config.models.keepAliveSeconds,
            format,
            tools,
            label,
            logger: this.logger,
            now: this.now,
            deadline: this.deadline,
          }),
        plan,
        { counted, budget },
      );
      const promptTokens = final.prompt_eval_count ?? 0;
      const truncation = silentTruncation(promptTokens, counted, plan.numCtx);
      if (truncation) {
        throw new ModelCapacityError(
          `Ollama silently truncated the ${request.purpose} prompt for ${plan.name} (num_ctx ${plan.numCtx}): ${truncation}. ` +
            `The server ignored truncate:false (Ollama older than 0.12.6?), so the answer was not used. Upgrade Ollama, or raise num_ctx.`,
        );
      }
      this.counter.calibrate(request.messages, promptTokens, tools);
      const ms = (ns: number | undefined): number => Math.round((ns ?? 0) / 1e6);
      const metrics: CallMetrics = {
        role: request.role,
        model: plan.name,
        purpose: request.purpose,
        promptTokens,
        outputTokens: final.eval_count ?? 0,
        loadMs: ms(final.load_duration),
        promptMs: ms(final.prompt_eval_duration),
        generateMs: ms(final.eval_duration),
        totalMs: ms(final.total_duration),
        doneReason: final.done_reason ?? 'stop',
      };
      this.metrics.push(metrics);
      this.transcript?.add({
        stage: request.purpose,
        kind: 'answer',
        text: content,
        data: { ...metrics, ...(tools.length > 0 ? { toolCalls: [...toolCalls] } : {}) },
      });
      await this.checkOffload(plan.name);
      return { content, toolCalls, metrics };
    } catch (error) {
      this.transcript?.add({
        stage: request.purpose,
        kind: 'error',
        text: getErrorMessage(error),
      });
      throw error;
    }
  }

  /** Any request to the server: retried, one at a time on the host, within the deadline. */
  private request<T>(
    label: string,
    fn: (client: Ollama) => Promise<T>,
    plan?: PlannedModel,
    prompt?: { counted: number; budget: number },
  ): Promise<T> {
    return withRetries(
      () =>
        runExclusive(() => {
          this.waitingFor = label;
          return this.withDeadline(fn);
        }),
      this.retryContext(label, plan, prompt),
    );
  }

  private retryContext(
    label: string,
    plan?: PlannedModel,
    prompt?: { counted: number; budget: number },
  ) {
    return {
      label,
      deadline: this.deadline,
      now: this.now,
      sleep: this.sleep,
      random: this.random,
      logger: this.logger,
      fail: (classified: ClassifiedError, error: unknown) =>
        this.finalError(classified, error, label, plan, prompt),
      onLoadTimeout: async () => {
        const running = await this.withDeadline((client) => client.ps()).catch(() => undefined);
        const names = running?.models
          .map((m) => `${m.name} (${m.size_vram} of ${m.size} bytes in VRAM)`)
          .join(', ');
        this.logger.warning(
          `${label}: the model load timed out; loaded now: ${names || 'nothing'}. Retrying once.`,
        );
      },
    };
  }

  private finalError(
    classified: ClassifiedError,
    error: unknown,
    label: string,
    plan?: PlannedModel,
    prompt?: { counted: number; budget: number },
  ): Error {
    const cause = { cause: error };
    const host = this.config.models.host;
    switch (classified.kind) {
      case 'out-of-memory': {
        // The label already names the model ("edit round 1 (qwen2.5-coder:32b)"): said once.
        const suffix = plan ? ` (${plan.name})` : '';
        const during = suffix && label.endsWith(suffix) ? label.slice(0, -suffix.length) : label;
        const where = plan ? `${plan.name} with num_ctx ${plan.numCtx}` : 'a model';
        const usable =
          this.plan?.gpuBytes === undefined ? undefined : this.plan.gpuBytes * GPU_HEADROOM;
        const help = plan ? ` What would help: ${whatWouldFit(plan, plan.numCtx, usable)}.` : '';
        return new ModelCapacityError(
          `Ollama ran out of memory for ${where} during ${during}: "${classified.message}". Not retried: retrying out-of-memory only makes the server worse.${help}`,
          cause,
        );
      }
      case 'model-missing': {
        const name = plan?.name ?? 'the model';
        return new ModelUnavailableError(
          `${label}: ${classified.message} on ${host}; pull it first: ollama pull ${name}`,
          cause,
        );
      }
      case 'no-tools':
        return new ConfigError(
          noToolsMessage(plan?.role ?? 'edit', plan?.name ?? 'the model', classified.message),
        );
      case 'context-overflow':
        return new PromptTooLongError(
          plan?.role ?? 'triage',
          prompt?.counted ?? 0,
          prompt?.budget ?? 0,
          `Ollama refused the ${label} prompt as longer than num_ctx ${plan?.numCtx ?? '?'} ("${classified.message}"); it was counted at about ${prompt?.counted ?? '?'} tokens.`,
        );
      case 'aborted':
        return new ModelUnavailableError(
          `${label}: the job deadline passed while waiting for Ollama at ${host}.`,
          cause,
        );
      case 'load-timeout':
        return new ModelUnavailableError(
          `${label}: the model did not finish loading, twice ("${classified.message}").`,
          cause,
        );
      case 'degenerate-answer':
        return new DegenerateAnswerError(
          `${label}: the answer degenerated: Ollama stopped it because it kept repeating one token, so the stream ended without "done" ("${classified.message}"). The server is fine; this is not retried as a lost connection.`,
          cause,
        );
      case 'busy':
      case 'connection':
        return new ModelUnavailableError(
          `${label}: Ollama at ${host} is unavailable: ${classified.message}`,
          cause,
        );
      default:
        return new OutcomeError(
          'error',
          `${label}: Ollama failed (${classified.status ?? 'in stream'}): ${classified.message}`,
          cause,
        );
    }
  }

  /** Aborts the request (and so the load: the server cancels it on hang-up) at the job deadline. */
  private async withDeadline<T>(fn: (client: Ollama) => Promise<T>): Promise<T> {
    // Checked before every request, retries included: once the lock is lost, nothing more is sent.
    if (this.lock?.compromised)
      throw new ModelUnavailableError(
        'The host-wide model lock was taken over by another process; stopping.',
      );
    const remaining = this.deadline - this.now();
    if (remaining <= 0) {
      const error = new Error('job deadline reached');
      error.name = 'AbortError';
      throw error;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), Math.min(remaining, 2 ** 31 - 1));
    timer.unref();
    const boundFetch: typeof fetch = (input, init) =>
      this.http.fetch(input, {
        ...init,
        signal: init?.signal
          ? AbortSignal.any([init.signal, controller.signal])
          : controller.signal,
      });
    try {
      return await fn(
        new Ollama({
          host: this.config.models.host,
          fetch: explainingConnectionFailures(boundFetch),
        }),
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Loads the model the job needs first, with its pinned num_ctx: an out-of-memory at load then
   * ends the job in preflight, before any ticket is claimed, and is never retried.
   */
  private async warmUp(role: ModelRole): Promise<void> {
    await this.prepareFor(role);
    const plan = this.planned(role);
    const label = `preflight load of ${plan.name}`;
    const started = this.now();
    await this.request(
      label,
      (client) =>
        client.chat({
          model: plan.name,
          messages: [],
          stream: false,
          keep_alive: this.config.models.keepAliveSeconds,
          options: { num_ctx: plan.numCtx },
        }),
      plan,
    );
    this.logger.info(
      `Loaded ${plan.name} (num_ctx ${plan.numCtx}) in ${((this.now() - started) / 1000).toFixed(1)} s.`,
    );
    await this.checkOffload(plan.name);
  }

  /** Once per model: a model partly on the CPU works but is slow; say so. */
  private async checkOffload(model: string): Promise<void> {
    if (this.offloadChecked.has(model)) return;
    this.offloadChecked.add(model);
    const running = await this.withDeadline((client) => client.ps()).catch(() => undefined);
    const entry = running?.models.find((m) => sameModel(m.name, model));
    if (entry && entry.size_vram < entry.size) {
      this.logger.warning(
        `${model} is partly on the CPU (${entry.size_vram} of ${entry.size} bytes in GPU memory): it will be slow. Run \`ticket-to-pr probe\` and lower num_ctx.`,
      );
    }
  }
}

/** What /api/show's `capabilities` says about tools; servers before the field say nothing. */
function toolSupport(capabilities: readonly string[] | undefined): ToolSupport {
  if (!Array.isArray(capabilities)) return 'unknown';
  return capabilities.includes('tools') ? 'yes' : 'no';
}

function noToolsMessage(role: ModelRole, model: string, why: string): string {
  return (
    `The ${role} model ${model} cannot call tools (${why}), so the agent editor cannot use it. ` +
    `Set the input edit-mode: pipeline, or pick an ${role}-model whose \`ollama show\` capabilities list tools.`
  );
}

/** A message for the transcript: its text, the calls it made, the tool it answers for. */
function transcriptText(message: ChatMessage): string {
  const head = message.role === 'tool' ? `[tool ${message.toolName ?? '?'}]` : `[${message.role}]`;
  const calls = (message.toolCalls ?? []).map(
    (call) => `\n<call ${call.name} ${JSON.stringify(call.arguments)}>`,
  );
  return `${head}\n${message.content}${calls.join('')}`;
}

function parseProblem<T>(
  content: string,
  schema: z.ZodType<T>,
): { ok: true; value: T } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    return { ok: false, message: `not JSON (${getErrorMessage(error)})` };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, message: describeIssues(parsed.error) };
}
