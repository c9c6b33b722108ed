import type { SimClock } from './clock.js';
import type { FaultState } from './faults.js';
import { SimHttpError } from './http-error.js';
import { templateOf } from './models.js';
import type { Reply } from './reply.js';
import type { Lease, Scheduler } from './scheduler.js';
import { TEXTS, type Flavour } from './texts.js';
import { ToolCallParser, type SimTool, type SimToolCall } from './tool-parser.js';
import { toolCallTag, type SimMessage } from './tool-template.js';
import { countChatTokens, countTokens, tokenPieces } from './tokenizer.js';

/**
 * The parts of a chat or generate request a scripted answer may look at. With `tools`, the
 * answer is the model's raw text: the server parses its `<tool_call>` blocks into calls.
 */
export interface SimChatRequest {
  readonly model: string;
  /** As sent: an assistant turn's `tool_calls`, a tool answer's `tool_name`. */
  readonly messages: readonly SimChatMessage[];
  /** The tools offered (`[{type: 'function', function: {name, description, parameters}}]`); [] for none. */
  readonly tools: readonly SimTool[];
  readonly prompt?: string;
  readonly format?: unknown;
  readonly options: Readonly<Record<string, unknown>>;
}

/** A scripted answer: one text, a sequence (the last repeats), or a function of the request. */
export type SimAnswer = string | readonly string[] | ((request: SimChatRequest) => string);

export interface GenerationContext {
  readonly flavour: Flavour;
  readonly clock: SimClock;
  readonly faults: FaultState;
  readonly scheduler: Scheduler;
  readonly ignoreTruncate: boolean;
  answerFor(request: SimChatRequest): string;
}

export interface SimChatMessage extends SimMessage {
  readonly content: string;
}

export interface GenerationResult {
  /** Calls the server parsed from the answer (chat with tools). */
  toolCalls?: number;
  doneReason?: string;
  promptEvalCount?: number;
  evalCount?: number;
  truncated?: boolean;
  oom?: boolean;
  /** The server stopped a looping generation: the stream ended without a `done` chunk. */
  repeatAborted?: boolean;
}

/**
 * Where the real server stops a looping generation: the index of the first token that is the same
 * as the one before it (compared with surrounding whitespace trimmed, starting from "") for the
 * 31st time in a row; -1 when none is. That token is not sent, and the handler returns without
 * an error and without the final `done` chunk, so the client sees status 200 and a stream that
 * just ends. Taken from ollama/ollama v0.24.0 `llm/server.go` ~1674-1708 ("30 picked as an arbitrary
 * max token repeat limit"; `if tokenRepeat > 30 { ... return ctx.Err() }`, nil when not cancelled)
 * and main (fb30760) `llm/llama_server.go` ~1664-1703, which keeps the same check.
 */
export function repeatLimitIndex(pieces: readonly string[]): number {
  let lastToken = '';
  let tokenRepeat = 0;
  for (let i = 0; i < pieces.length; i++) {
    const token = pieces[i]!.trim();
    if (token === lastToken) tokenRepeat++;
    else {
      lastToken = token;
      tokenRepeat = 0;
    }
    if (tokenRepeat > 30) return i;
  }
  return -1;
}

const ns = (ms: number): number => Math.round(ms * 1e6);

/**
 * Runs one generation on a leased runner: counts and (unless truncate:false) silently truncates
 * the prompt, streams the scripted answer at the model's speed, stops at num_predict or a full
 * context with `length`, and plays mid-stream out-of-memory faults.
 */
export async function generate(
  kind: 'chat' | 'generate',
  request: SimChatRequest & { readonly truncate?: unknown },
  lease: Lease,
  reply: Reply,
  ctx: GenerationContext,
  signal: AbortSignal,
  startedAt: number,
): Promise<GenerationResult> {
  const { runner } = lease;
  const numCtx = runner.numCtx;
  const promptTokens =
    kind === 'chat'
      ? countChatTokens(request.messages, request.tools)
      : countTokens(request.prompt ?? '') + countChatTokens([]);
  let kept = promptTokens;
  let truncated = false;
  if (promptTokens > numCtx) {
    if (request.truncate === false && !ctx.ignoreTruncate)
      throw new SimHttpError(400, TEXTS.contextExceeded(ctx.flavour));
    // Silent: the runner keeps num_keep head tokens plus the tail, only a server WARN says so.
    kept = ctx.flavour === '0.24' ? numCtx : Math.floor(numCtx / 2) + 2;
    truncated = true;
  }
  const offloadSlowdown = runner.vramBytes < runner.sizeBytes ? 0.3 : 1;
  const promptMs = (kept / runner.spec.promptTokensPerSecond) * 1000;
  await ctx.clock.sleep(promptMs, signal);

  const pieces = tokenPieces(ctx.answerFor(request));
  const numPredict =
    typeof request.options.num_predict === 'number' && request.options.num_predict > 0
      ? request.options.num_predict
      : Infinity;
  const room = Math.max(0, numCtx - kept);
  const repeatAt = repeatLimitIndex(pieces);
  const repeatAborted = repeatAt >= 0 && repeatAt < Math.min(numPredict, room);
  const limit = repeatAborted ? repeatAt : Math.min(numPredict, room);
  const emitted = pieces.slice(0, limit);
  const doneReason = pieces.length > limit ? 'length' : 'stop';
  const runOom = ctx.faults.runOoms.shift();
  const tps = runner.spec.tokensPerSecond * offloadSlowdown;
  // Chunks every 250 simulated ms, but never timers shorter than ~2 real ms at a high time scale.
  const batchMs = Math.max(250, 2 * ctx.clock.timeScale);
  const batch = Math.max(1, Math.round((tps * batchMs) / 1000));
  const generateStart = ctx.clock.now();
  const at = (): string => new Date(ctx.clock.now()).toISOString();
  const message = (content: string): Record<string, unknown> =>
    kind === 'chat' ? { message: { role: 'assistant', content } } : { response: content };
  const answer = answerStream(kind === 'chat' ? request.tools : [], templateOf(runner.spec));
  const send = (piece: string): void => {
    const out = answer.add(piece);
    if (out.content !== '')
      reply.chunk({ model: request.model, created_at: at(), ...message(out.content), done: false });
    else if (out.calls.length > 0)
      // Each parsed call in a chunk of its own, content "" (server/routes.go ~2861-2890, fb30760).
      reply.chunk({
        model: request.model,
        created_at: at(),
        message: { role: 'assistant', content: '', tool_calls: out.calls },
        done: false,
      });
  };

  for (let i = 0; i < emitted.length; i += batch) {
    const part = emitted.slice(i, i + batch);
    await ctx.clock.sleep((part.length / tps) * 1000, signal);
    if (runOom && i + part.length >= runOom.afterTokens) {
      // The tokens before the failure still reach the client: the error arrives mid-stream.
      for (const piece of part.slice(0, Math.max(0, runOom.afterTokens - i))) send(piece);
      if (ctx.flavour === '0.30') ctx.scheduler.expireAll();
      throw new SimHttpError(500, runOom.text ?? TEXTS.runOom, true);
    }
    for (const piece of part) send(piece);
  }
  if (repeatAborted) {
    const whole = reply.stream ? '' : answer.content;
    reply.endWithoutDone({
      model: request.model,
      created_at: at(),
      ...message(whole),
      done: false,
    });
    return { promptEvalCount: kept, evalCount: emitted.length, truncated, repeatAborted };
  }
  const evalMs = ctx.clock.now() - generateStart;
  const last = answer.finish();
  const final: Record<string, unknown> = {
    model: request.model,
    created_at: at(),
    ...(reply.stream
      ? message(last)
      : kind === 'chat' && answer.calls.length > 0
        ? { message: { role: 'assistant', content: answer.content, tool_calls: answer.calls } }
        : message(answer.content)),
    done: true,
    done_reason: doneReason,
    ...(kind === 'generate' ? { context: [151644, 872, 198] } : {}),
    total_duration: ns(ctx.clock.now() - startedAt),
    load_duration: ns(lease.loadMs),
    prompt_eval_count: kept,
    prompt_eval_duration: ns(promptMs),
    eval_count: emitted.length,
    eval_duration: ns(evalMs),
  };
  reply.finish(final);
  return {
    doneReason,
    promptEvalCount: kept,
    evalCount: emitted.length,
    truncated,
    ...(answer.calls.length > 0 ? { toolCalls: answer.calls.length } : {}),
  };
}

/** toolCallId of server/routes.go (fb30760): "call_" and 8 of [a-z0-9]. */
function toolCallId(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = 'call_';
  for (let i = 0; i < 8; i++) id += letters[Math.floor(Math.random() * letters.length)];
  return id;
}

type ServerToolCall = SimToolCall & { readonly id: string };

/**
 * What the client is sent of the model's pieces: all of them without tools; with tools, what the
 * server's tool parser lets through (content before the tag, then the parsed calls, each with an id).
 * Keeps the whole content and the calls for a non-streamed answer.
 */
function answerStream(tools: readonly SimTool[], template: string) {
  const parser = tools.length > 0 ? new ToolCallParser(tools, toolCallTag(template)) : undefined;
  const calls: ServerToolCall[] = [];
  let content = '';
  return {
    get content() {
      return content;
    },
    calls,
    add(piece: string): { content: string; calls: readonly ServerToolCall[] } {
      if (!parser) {
        content += piece;
        return { content: piece, calls: [] };
      }
      const out = parser.add(piece);
      // As routes.go: content wins; calls that came with content in the same piece are not sent.
      if (out.content !== '') {
        content += out.content;
        return { content: out.content, calls: [] };
      }
      const made = out.calls.map((call) => ({ id: toolCallId(), ...call }));
      calls.push(...made);
      return { content: '', calls: made };
    },
    /** The final chunk's content: what the parser still holds back (toolParser.Content()). */
    finish(): string {
      const rest = parser ? parser.content() : '';
      content += rest;
      return rest;
    },
  };
}
