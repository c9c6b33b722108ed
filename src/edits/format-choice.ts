import type { EditFormat } from '../config/config.js';

/**
 * A file is rewritten whole (in `auto`) when it is at most this many lines and characters. Whole
 * rewrites are the format small local models get right most often (Aider: Qwen2.5-Coder-32B
 * 16.4 % whole vs 8.0 % diff on its polyglot bench), but every output token costs time and a long
 * file invites "rest unchanged" elisions; 150 lines / 6,000 characters (≈1,500–2,000 tokens) keeps
 * one rewrite well inside a typical 4k answer budget.
 */
export const WHOLE_FILE_MAX_LINES = 150;
export const WHOLE_FILE_MAX_CHARS = 6_000;

export type FileEditMode = 'whole' | 'diff';

/**
 * How the model should edit one file. A window of a file can only be edited with SEARCH/REPLACE,
 * whatever the setting, since the model has not seen the rest.
 */
export function chooseFormat(
  setting: EditFormat,
  file: { readonly content: string; readonly windowed: boolean },
): FileEditMode {
  if (file.windowed) return 'diff';
  if (setting === 'whole') return 'whole';
  if (setting === 'diff') return 'diff';
  const lines = file.content.split('\n').length;
  return lines <= WHOLE_FILE_MAX_LINES && file.content.length <= WHOLE_FILE_MAX_CHARS
    ? 'whole'
    : 'diff';
}
