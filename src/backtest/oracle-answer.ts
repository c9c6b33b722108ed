import { placesIgnoringWhitespace } from '../edits/match.js';

/** A file as the real fix leaves it: `before` undefined for a file the fix creates. */
export interface FixedFile {
  readonly path: string;
  readonly before: string | undefined;
  readonly after: string;
}

/** One edit block of the real fix, as data: a scripted agent finds where it goes from its SEARCH lines. */
export interface OracleBlock {
  /** Where the real fix changed it: a scripted agent uses it only for a file it creates. */
  readonly path: string;
  /** The lines to replace; empty for a new file. */
  readonly search: readonly string[];
  readonly replace: readonly string[];
}

/** Lines of context kept around a change so its SEARCH text is easy to read and unique. */
const CONTEXT_LINES = 2;

/**
 * The real fix written as an edit model would write it, pure: per file one SEARCH/REPLACE block
 * spanning the changed lines plus context, widened until the SEARCH text occurs once in the file, whitespace set aside.
 * A new file is a block with an empty SEARCH. Files the fix deletes cannot be expressed and are
 * named in `inexpressible`.
 */
export function oracleAnswer(files: readonly FixedFile[]): {
  answer: string;
  blocks: OracleBlock[];
  inexpressible: string[];
} {
  const blocks: OracleBlock[] = [];
  const inexpressible: string[] = [];
  for (const file of files) {
    if (file.before === file.after) continue;
    if (file.before === undefined) {
      blocks.push({ path: file.path, search: [], replace: linesOf(file.after) });
      continue;
    }
    const before = linesOf(file.before);
    const after = linesOf(file.after);
    if (file.after === '' || before.join('\n').trim() === '') {
      inexpressible.push(file.path);
      continue;
    }
    let head = 0;
    while (head < before.length && head < after.length && before[head] === after[head]) head++;
    let tail = 0;
    while (
      tail < before.length - head &&
      tail < after.length - head &&
      before[before.length - 1 - tail] === after[after.length - 1 - tail]
    )
      tail++;
    // [start, endBefore) of before is replaced by [start, endAfter) of after.
    let start = Math.max(0, head - CONTEXT_LINES);
    let endBefore = Math.min(before.length, before.length - tail + CONTEXT_LINES);
    const lastNonEmpty = (lines: string[]) => lines.some((l) => l.trim() !== '');
    while (
      (!lastNonEmpty(before.slice(start, endBefore)) ||
        placesIgnoringWhitespace(before, before.slice(start, endBefore)) > 1) &&
      (start > 0 || endBefore < before.length)
    ) {
      if (start > 0) start--;
      if (endBefore < before.length) endBefore++;
    }
    const endAfter = after.length - (before.length - endBefore);
    blocks.push({
      path: file.path,
      search: before.slice(start, endBefore),
      replace: after.slice(start, endAfter),
    });
  }
  const answer = [
    'This change is the real fix of the ticket, replayed by the backtest oracle.',
    '',
    ...blocks.map((b) => renderBlock(b.path, b)),
  ].join('\n');
  return { answer, blocks, inexpressible };
}

/** One block in the SEARCH/REPLACE format the edit parser reads, under `path`. */
export function renderBlock(path: string, block: Pick<OracleBlock, 'search' | 'replace'>): string {
  const { search, replace } = block;
  return [
    path,
    '```',
    '<<<<<<< SEARCH',
    ...search,
    '=======',
    ...replace,
    '>>>>>>> REPLACE',
    '```',
    '',
  ].join('\n');
}

/** A text's lines; a final newline ends the last line rather than starting an empty one. */
function linesOf(text: string): string[] {
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}
