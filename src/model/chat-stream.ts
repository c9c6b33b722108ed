import type { ChatResponse, Message, Ollama, Tool } from 'ollama';
import type { Logger } from '../shared/logger.js';
import type { ChatMessage, ToolCall, ToolDefinition } from './gateway.js';

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
  /** Offered to the model as Ollama's `tools`; absent or empty for a plain chat. */
  readonly tools?: readonly ToolDefinition[];
  readonly label: string;
  readonly logger: Logger;
  readonly now: () => number;
  readonly deadline: number;
}

export interface StreamChatResult {
  readonly content: string;
  /** The calls the server parsed from the answer, in the order they came. */
  readonly toolCalls: readonly ToolCall[];
  readonly final: ChatResponse;
}

/**
 * A message as Ollama's /api/chat takes it: an assistant turn's calls as `tool_calls`, a tool
 * answer with `tool_name` (the template needs both to render the conversation).
 */
export function toOllamaMessage(message: ChatMessage): Message {
  return {
    role: message.role,
    content: message.content,
    ...(message.toolCalls && message.toolCalls.length > 0
      ? {
          tool_calls: message.toolCalls.map((call) => ({
            // Sent back as the model made them (object or not): the model sees its own call.
            function: { name: call.name, arguments: call.arguments as Record<string, unknown> },
          })),
        }
      : {}),
    ...(message.role === 'tool' && message.toolName !== undefined
      ? { tool_name: message.toolName }
      : {}),
  };
}

/** A tool as Ollama's `tools[]` takes it. */
export function toOllamaTool(tool: ToolDefinition): Tool {
  return {
    type: 'function',
    function: {
      name: tool.name,
      description: tool.description,
      // ollama-js 0.6.3 types `parameters` narrower than JSON Schema; the server takes any schema.
      parameters: tool.parameters as NonNullable<Tool['function']['parameters']>,
    },
  };
}

/**
 * The calls of one stream chunk. The server sends each parsed call in a chunk of its own with
 * content "" (ollama/ollama server/routes.go ~2861-2890 at fb30760). Arguments are kept as the
 * server sent them, object or not: they are untrusted and the caller validates them.
 */
function callsOf(part: ChatResponse): ToolCall[] {
  return (part.message?.tool_calls ?? []).map((call) => ({
    name: call.function?.name ?? '',
    arguments: call.function?.arguments,
  }));
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
    messages: input.messages.map(toOllamaMessage),
    ...(input.tools && input.tools.length > 0 ? { tools: input.tools.map(toOllamaTool) } : {}),
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
  const toolCalls: ToolCall[] = [];
  let tokens = 0;
  for await (const part of stream) {
    content += part.message?.content ?? '';
    toolCalls.push(...callsOf(part));
    if (part.done) return { content, toolCalls, final: part };
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
