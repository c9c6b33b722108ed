import type { ChatMessage } from './gateway.js';

/** Template tokens around each message and before the answer (ChatML-style templates). */
const TOKENS_PER_MESSAGE = 5;
const TOKENS_FOR_REPLY = 3;
/** Before any answer: 3.2 characters per token errs on the side of more tokens for code and prose. */
const INITIAL_CHARS_PER_TOKEN = 3.2;
/** Calibrated estimates still count 5% more tokens than the server reported. */
const SAFETY = 0.95;

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

  countMessages(messages: readonly ChatMessage[]): number {
    return messages.reduce(
      (sum, m) => sum + TOKENS_PER_MESSAGE + this.count(m.content),
      TOKENS_FOR_REPLY,
    );
  }

  /** Learns from a prompt the server evaluated whole (never from a truncated one). */
  calibrate(messages: readonly ChatMessage[], promptEvalCount: number): void {
    const overhead = TOKENS_FOR_REPLY + TOKENS_PER_MESSAGE * messages.length;
    const contentTokens = promptEvalCount - overhead;
    const chars = messages.reduce((sum, m) => sum + m.content.length, 0);
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
