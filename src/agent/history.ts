import type { ChatMessage } from '../model/gateway.js';

/** The newest tool answers are never replaced: the model is working with them. */
const KEEP_RECENT_ANSWERS = 2;

export interface Compaction {
  /** The messages to send: old tool answers replaced by notes until the count fits. */
  readonly messages: ChatMessage[];
  /** How many answers were replaced (in total, this call included). */
  readonly replaced: number;
  /** Whether the result fits `budget`. */
  readonly fits: boolean;
}

/**
 * Keeps the conversation within the prompt budget without cutting anything silently: before it
 * would overflow, the oldest tool answers are replaced, one at a time, by a one-line note that says
 * so and how to get the text again. The system prompt, the task and every call the model made stay.
 * Pure: `count` is the gateway's own count of a request. The caller keeps the answers whole in the transcript.
 */
export function compactHistory(
  messages: readonly ChatMessage[],
  budget: number,
  count: (messages: readonly ChatMessage[]) => number,
): Compaction {
  const kept = [...messages];
  const answers = kept.flatMap((m, i) => (m.role === 'tool' ? [i] : []));
  const replaceable = answers.slice(0, Math.max(0, answers.length - KEEP_RECENT_ANSWERS));
  let replaced = kept.filter(isCompacted).length;
  for (const index of replaceable) {
    if (count(kept) <= budget) break;
    const message = kept[index]!;
    if (isCompacted(message)) continue;
    kept[index] = { ...message, content: compactedNote(message) };
    replaced++;
  }
  return { messages: kept, replaced, fits: count(kept) <= budget };
}

const NOTE_PREFIX = '[Removed to stay within the context window:';

function compactedNote(message: ChatMessage): string {
  const lines = message.content.split('\n').length;
  return `${NOTE_PREFIX} this ${message.toolName ?? 'tool'} answer (${lines} lines). Call the tool again if you need it.]`;
}

function isCompacted(message: ChatMessage): boolean {
  return message.role === 'tool' && message.content.startsWith(NOTE_PREFIX);
}
