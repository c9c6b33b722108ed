import type { ChatMessage, ToolDefinition } from './gateway.js';

/** Template tokens around each message and before the answer (ChatML-style templates). */
const TOKENS_PER_MESSAGE = 5;
const TOKENS_FOR_REPLY = 3;
/**
 * With tools offered, the template adds a fixed preamble around their definitions (qwen2.5's
 * "# Tools … <tools></tools> … <tool_call>" block is about 90 tokens), a wrapper per tool
 * (`{"type": "function", "function": …}`), `<tool_call>` tags per call and `<tool_response>` tags
 * per tool answer. Counted as fixed tokens so calibration does not mistake them for characters.
 */
const TOKENS_FOR_TOOLS = 100;
const TOKENS_PER_TOOL = 10;
const TOKENS_PER_TOOL_CALL = 8;
const TOKENS_PER_TOOL_ANSWER = 8;
/** Before any answer: 3.2 characters per token errs on the side of more tokens for code and prose. */
const INITIAL_CHARS_PER_TOKEN = 3.2;
/** Calibrated estimates still count 5% more tokens than the server reported. */
const SAFETY = 0.95;

/** What a request puts into the prompt: texts we count by characters, and template tokens we add as they are. */
interface PromptParts {
  readonly texts: readonly string[];
  readonly templateTokens: number;
}

/**
 * The parts of a prompt as the server renders it: each message's content, its tool calls as JSON,
 * and the tool definitions as JSON (the template writes them into the system turn).
 */
function promptParts(
  messages: readonly ChatMessage[],
  tools: readonly ToolDefinition[],
): PromptParts {
  const texts: string[] = [];
  let templateTokens = TOKENS_FOR_REPLY;
  for (const message of messages) {
    templateTokens += TOKENS_PER_MESSAGE;
    texts.push(message.content);
    for (const call of message.toolCalls ?? []) {
      templateTokens += TOKENS_PER_TOOL_CALL;
      texts.push(JSON.stringify({ name: call.name, arguments: call.arguments }));
    }
    if (message.role === 'tool') templateTokens += TOKENS_PER_TOOL_ANSWER;
  }
  if (tools.length > 0) {
    templateTokens += TOKENS_FOR_TOOLS;
    for (const tool of tools) {
      templateTokens += TOKENS_PER_TOOL;
      texts.push(JSON.stringify(tool));
    }
  }
  return { texts, templateTokens };
}

/**
 * Counts tokens without the model's tokenizer: characters ÷ a characters-per-token ratio that is
 * calibrated from the server's prompt_eval_count as answers come back.
 */
export class TokenCounter {
  private chars = 0;
  private tokens = 0;

  charsPerToken(): number {
    if (this.tokens === 0) return INITIAL_CHARS_PER_TOKEN;
    return Math.min(6, Math.max(1.5, (this.chars / this.tokens) * SAFETY));
  }

  count(text: string): number {
    return Math.ceil(text.length / this.charsPerToken());
  }

  /** The prompt of a chat request: messages, their tool calls, and the tools offered. */
  countMessages(messages: readonly ChatMessage[], tools: readonly ToolDefinition[] = []): number {
    const parts = promptParts(messages, tools);
    return parts.texts.reduce((sum, text) => sum + this.count(text), parts.templateTokens);
  }

  /**
   * Learns from a prompt the server evaluated whole (never from a truncated one). Tool definitions
   * and tool calls are characters of the prompt like any other: leaving them out would credit
   * their tokens to the messages' characters and make every later count too high.
   */
  calibrate(
    messages: readonly ChatMessage[],
    promptEvalCount: number,
    tools: readonly ToolDefinition[] = [],
  ): void {
    const parts = promptParts(messages, tools);
    const contentTokens = promptEvalCount - parts.templateTokens;
    const chars = parts.texts.reduce((sum, text) => sum + text.length, 0);
    if (contentTokens < 16 || chars < 64) return; // too small to say anything about the ratio
    this.chars += chars;
    this.tokens += contentTokens;
  }
}

/**
 * Why an answer's prompt_eval_count shows the server cut the prompt although we sent
 * truncate:false (a server older than v0.12.6 ignores it), or undefined when it looks whole.
 * ≤ v0.24 keeps exactly num_ctx tokens; v0.30+ keeps num_ctx/2 + 2; chat drops old messages.
 */
export function silentTruncation(
  promptEvalCount: number,
  counted: number,
  numCtx: number,
): string | undefined {
  if (promptEvalCount >= numCtx - 4) {
    return `the server evaluated ${promptEvalCount} prompt tokens, the whole num_ctx of ${numCtx}: the prompt was longer and was cut`;
  }
  if (promptEvalCount === Math.floor(numCtx / 2) + 2 && counted >= numCtx / 4) {
    return `the server evaluated exactly ${promptEvalCount} prompt tokens (num_ctx/2 + 2), the mark of a cut prompt`;
  }
  if (counted >= 256 && promptEvalCount < counted * 0.5) {
    return `the server evaluated ${promptEvalCount} prompt tokens, less than half of the ${counted} counted`;
  }
  return undefined;
}
