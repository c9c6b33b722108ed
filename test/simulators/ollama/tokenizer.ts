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

export function countChatTokens(messages: readonly { content?: string }[]): number {
  let total = TOKENS_FOR_REPLY_PREFIX;
  for (const message of messages) total += TOKENS_PER_MESSAGE + countTokens(message.content ?? '');
  return total;
}
