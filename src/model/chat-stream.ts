import type { ChatResponse, Ollama } from 'ollama';
import type { Logger } from '../shared/logger.js';
import type { ChatMessage } from './gateway.js';

export interface StreamChatInput {
  readonly client: Ollama;
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly numCtx: number;
  readonly maxOutputTokens: number;
  readonly temperature?: number;
  readonly repeatPenalty?: number;
  readonly keepAliveSeconds: number;
  readonly format?: Record<string, unknown>;
  readonly label: string;
  readonly logger: Logger;
  readonly now: () => number;
  readonly deadline: number;
}

export interface StreamChatResult {
  readonly content: string;
  readonly final: ChatResponse;
}

const PROGRESS_EVERY_MS = 5000;

/**
 * One streamed /api/chat. Streaming keeps a long generation clear of Node's 300 s headers timeout
 * and lets the deadline abort it; every request pins num_ctx, sends truncate:false (the server
 * refuses an over-long prompt instead of cutting it) and think:false.
 */
export async function streamChat(input: StreamChatInput): Promise<StreamChatResult> {
  const request = {
    model: input.model,
    messages: input.messages.map((m) => ({ role: m.role, content: m.content })),
    stream: true as const,
    think: false,
    keep_alive: input.keepAliveSeconds < 0 ? -1 : input.keepAliveSeconds,
    ...(input.format ? { format: input.format } : {}),
    options: {
      num_ctx: input.numCtx,
      num_predict: input.maxOutputTokens,
      ...(input.temperature === undefined ? {} : { temperature: input.temperature }),
      ...(input.repeatPenalty === undefined ? {} : { repeat_penalty: input.repeatPenalty }),
    },
    // Not in ollama-js 0.6.3's types; passed through as is (Ollama ≥ v0.12.6 honours it).
    truncate: false,
  };
  const stream = await input.client.chat(request);
  const started = input.now();
  let lastProgress = started;
  let content = '';
  let tokens = 0;
  for await (const part of stream) {
    content += part.message?.content ?? '';
    if (part.done) return { content, final: part };
    tokens++;
    const now = input.now();
    if (now >= input.deadline) {
      stream.abort();
      const error = new Error(`job deadline reached after ${tokens} tokens`);
      error.name = 'AbortError';
      throw error;
    }
    if (now - lastProgress >= PROGRESS_EVERY_MS) {
      const elapsed = (now - started) / 1000;
      input.logger.info(
        `${input.label}: ${tokens} tokens, ${(tokens / Math.max(elapsed, 0.001)).toFixed(1)} tokens/s, ${Math.round(elapsed)} s`,
      );
      lastProgress = now;
    }
  }
  throw new Error('Did not receive done or success response in stream.');
}
