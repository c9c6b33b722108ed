import type { SimTool } from './tool-parser.js';
import { renderMessageBody, renderTools, type SimMessage } from './tool-template.js';

/**
 * A stand-in tokenizer: words split into pieces of at most five letters, digits and punctuation one
 * token each, leading whitespace folded into the next token. Code comes out near 2.5 characters per
 * token and prose near 4.5, like the BPE vocabularies of real models.
 */
const TOKEN = /\s*(?:[A-Za-z]{1,5}|\d|[^\sA-Za-z\d])|\s+/g;

export function tokenPieces(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export function countTokens(text: string): number {
  return tokenPieces(text).length;
}

/** Chat template overhead: `<|im_start|>role\n … <|im_end|>\n` per message, plus the assistant prefix. */
export const TOKENS_PER_MESSAGE = 5;
export const TOKENS_FOR_REPLY_PREFIX = 3;

/**
 * The prompt of a chat request in tokens: each message's rendered text (tool calls and tool
 * answers as the qwen2.5 template writes them) plus the tool definitions in the system turn.
 */
export function countChatTokens(
  messages: readonly SimMessage[],
  tools: readonly SimTool[] = [],
): number {
  let total = TOKENS_FOR_REPLY_PREFIX;
  for (const message of messages)
    total += TOKENS_PER_MESSAGE + countTokens(renderMessageBody(message));
  // The template opens a system turn for the tools when the request has no system message.
  if (tools.length > 0 && !messages.some((m) => m.role === 'system')) total += TOKENS_PER_MESSAGE;
  return total + countTokens(renderTools(tools));
}
