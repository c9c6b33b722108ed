/**
 * Reasons as people read them in HTML comments (Azure Boards renders comment text as HTML): the
 * cause and what would help apart, never cut mid-word, inline `code` shown as code, not backticks.
 */
import { escapeHtml } from './html.js';

/**
 * Where a reason turns from what happened to what would help. Reasons end with the remedy after
 * one of these words (src/model/ollama-gateway.ts, src/model/plan.ts), its options joined by "; or ".
 */
const REMEDY = /\s*\bWhat would (?:fit|help):\s*/;

/** A reason split into what happened and the options that would help (none when it names none). */
export function splitRemedy(reason: string): { cause: string; remedies: string[] } {
  const folded = reason.replace(/\s+/g, ' ').trim();
  const at = REMEDY.exec(folded);
  if (!at) return { cause: folded, remedies: [] };
  const remedies = folded
    .slice(at.index + at[0].length)
    .replace(/\.$/, '')
    .split(/;\s*or\s+/)
    .map((r) => r.trim())
    .filter(Boolean);
  return { cause: folded.slice(0, at.index).trim(), remedies };
}

/**
 * At most `max` characters, cut at the end of a sentence when one ends late enough, else at a word
 * end, with an ellipsis: never in the middle of a word.
 */
export function cutAtWord(text: string, max: number): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  if (folded.length <= max) return folded;
  const room = folded.slice(0, max - 1);
  const sentence = Math.max(room.lastIndexOf('. '), room.lastIndexOf('; '));
  if (sentence >= max * 0.6) return `${room.slice(0, sentence + 1)} …`;
  const word = room.lastIndexOf(' ');
  return `${(word > 0 ? room.slice(0, word) : room).replace(/[\s,;:(]+$/, '')}…`;
}

/** Text escaped for HTML, with Markdown-style `code` spans shown as <code>. */
export function inlineHtml(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part) =>
      /^`[^`]+`$/.test(part) ? `<code>${escapeHtml(part.slice(1, -1))}</code>` : escapeHtml(part),
    )
    .join('');
}
