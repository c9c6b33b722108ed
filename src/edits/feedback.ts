import { isBlank } from './text-format.js';
import type { BlockResult, ParseIssue } from './types.js';

/** Lines of the file most like the SEARCH text, with a little context, for "did you mean". */
export function closestLines(
  file: readonly string[],
  search: readonly string[],
): { start: number; lines: string[]; score: number } | undefined {
  const wanted = search.filter((l) => !isBlank(l)).map((l) => grams(l.trim()));
  if (wanted.length === 0 || file.length === 0) return undefined;
  const fileGrams = file.map((l) => grams(l.trim()));
  const width = search.length;
  let best = { start: 0, score: -1 };
  for (let start = 0; start < Math.max(1, file.length - width + 1); start++) {
    let total = 0;
    let used = 0;
    for (let j = 0; j < width && start + j < file.length; j++) {
      const line = search[j] ?? '';
      if (isBlank(line)) continue;
      total += dice(grams(line.trim()), fileGrams[start + j] ?? new Set());
      used++;
    }
    const score = used === 0 ? 0 : total / Math.max(used, wanted.length);
    if (score > best.score) best = { start, score };
  }
  // Below this the "closest" lines are noise that would only mislead the model.
  if (best.score < 0.6) return undefined;
  const from = Math.max(0, best.start - 2);
  const to = Math.min(file.length, best.start + width + 2);
  return { start: from, lines: file.slice(from, to), score: best.score };
}

function grams(text: string): Set<string> {
  const set = new Set<string>();
  for (let i = 0; i < text.length - 1; i++) set.add(text.slice(i, i + 2));
  if (text.length === 1) set.add(text);
  return set;
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return (2 * shared) / (a.size + b.size);
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
      parts.push(`## Block ${r.index} (${r.path || 'no file'}): ${r.reason}\n${r.message}`);
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
