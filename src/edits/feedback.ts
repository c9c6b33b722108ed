import { isBlank } from './text-format.js';
import type { Sliced, WorkBudget } from './work-budget.js';
import type { BlockResult, ParseIssue } from './types.js';

/**
 * Lines of the file most like the SEARCH text, with a little context, for "did you mean"; cut into
 * slices of `budget` (see work-budget.ts).
 */
export function* closestLinesSteps(
  file: readonly string[],
  search: readonly string[],
  budget: WorkBudget,
): Sliced<{ start: number; lines: string[]; score: number } | undefined> {
  const wanted = search.filter((l) => !isBlank(l)).length;
  if (wanted === 0 || file.length === 0) return undefined;
  const searchGrams = search.map((l) => (isBlank(l) ? undefined : grams(l.trim())));
  // Each file line's bigrams once, as sorted numbers: strings in sets cost a hundred times more.
  const fileGrams: Float64Array[] = [];
  for (const line of file) {
    const lineGrams = grams(line.trim());
    fileGrams.push(lineGrams);
    // Work is counted in line comparisons; a line's worth of bigrams costs about as much per 8.
    if (budget.charge(1 + (lineGrams.length >> 3))) yield;
  }
  const width = search.length;
  let best = { start: 0, score: -1 };
  for (let start = 0; start < Math.max(1, file.length - width + 1); start++) {
    let total = 0;
    let used = 0;
    let cost = 1;
    for (let j = 0; j < width && start + j < file.length; j++) {
      const line = searchGrams[j];
      if (line === undefined) continue;
      const other = fileGrams[start + j] ?? NO_GRAMS;
      total += dice(line, other);
      cost += 1 + ((line.length + other.length) >> 3);
      used++;
    }
    if (budget.charge(cost)) yield;
    const score = used === 0 ? 0 : total / Math.max(used, wanted);
    if (score > best.score) best = { start, score };
  }
  // Below this the "closest" lines are noise that would only mislead the model.
  if (best.score < 0.6) return undefined;
  const from = Math.max(0, best.start - 2);
  const to = Math.min(file.length, best.start + width + 2);
  return { start: from, lines: file.slice(from, to), score: best.score };
}

const NO_GRAMS = new Float64Array(0);
/** A one-character line is its own "bigram", kept apart from every real pair of characters. */
const SINGLE = 2 ** 32;

/** The distinct character pairs of a text, each as one number, sorted. */
function grams(text: string): Float64Array {
  if (text.length === 1) return Float64Array.of(SINGLE + text.charCodeAt(0));
  const codes = new Float64Array(Math.max(0, text.length - 1));
  for (let i = 0; i < text.length - 1; i++)
    codes[i] = text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1);
  codes.sort();
  let n = 0;
  for (let i = 0; i < codes.length; i++)
    if (i === 0 || codes[i] !== codes[n - 1]) codes[n++] = codes[i] as number;
  return codes.slice(0, n);
}

/** Dice similarity of two sorted sets of bigrams. */
function dice(a: Float64Array, b: Float64Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let shared = 0;
  for (let i = 0, k = 0; i < a.length && k < b.length; ) {
    const x = a[i] as number;
    const y = b[k] as number;
    if (x === y) {
      shared++;
      i++;
      k++;
    } else if (x < y) i++;
    else k++;
  }
  return (2 * shared) / (a.length + b.length);
}

/**
 * The message sent back to the model after a round in which some blocks failed: every failure named
 * with what to do about it, and the blocks that did apply, which must not be sent again.
 */
export function renderReflection(
  results: readonly BlockResult[],
  issues: readonly ParseIssue[],
): string {
  const parts: string[] = [];
  const failed = results.filter((r) => r.status === 'refused');
  const done = results.filter((r) => r.status !== 'refused');
  const count = failed.length + issues.length;
  parts.push(`${count} of your edit block(s) could not be applied:`);
  for (const issue of issues)
    parts.push(`## Block ${issue.index ?? '?'}: malformed\n${issue.message}`);
  for (const r of failed) {
    if (r.status === 'refused')
      parts.push(
        `## Block ${r.index} (${r.path || 'no file'}): ${r.reason}\n${r.message}${r.advice ? ` ${r.advice}` : ''}`,
      );
  }
  if (done.length > 0) {
    const list = done.map((r) => `${r.index} (${r.path})`).join(', ');
    parts.push(
      `The other ${done.length} block(s) were applied and the files now contain them: ${list}. Do not send them again.`,
    );
  }
  parts.push('Send corrected SEARCH/REPLACE blocks only for the blocks above.');
  return parts.join('\n\n');
}

export function fenced(lines: readonly string[]): string {
  const body = lines.join('\n');
  const fence = body.includes('```') ? '````' : '```';
  return `${fence}\n${body}\n${fence}`;
}
