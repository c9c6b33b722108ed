/** A file offered to the packer, best first. */
export interface PackCandidate {
  readonly path: string;
  readonly text: string;
  /** Line ranges that matter most (chosen symbols, stack-frame lines), 1-based inclusive, most important first. */
  readonly focus: readonly {
    readonly startLine: number;
    readonly endLine: number;
    readonly label?: string;
  }[];
}

/** A piece of code the editor sees: a whole file or a window of it. Lines are 1-based inclusive. */
export interface ContextBlock {
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly totalLines: number;
  readonly whole: boolean;
  readonly text: string;
}

export interface CutItem {
  readonly path: string;
  /** e.g. "whole file (2400 tokens) did not fit; kept lines 40-90" or "not included: budget spent". */
  readonly reason: string;
}

export interface PackedContext {
  readonly blocks: readonly ContextBlock[];
  /** What was left out or shortened, for the report and for the editor prompt. */
  readonly cut: readonly CutItem[];
  /** The blocks as one text for the editor prompt; `countTokens(rendered) <= budgetTokens` always holds. */
  readonly rendered: string;
  readonly usedTokens: number;
  readonly budgetTokens: number;
}

export interface PackOptions {
  readonly budgetTokens: number;
  readonly countTokens: (text: string) => number;
  /** Lines of context kept around each focus range. Default 10. */
  readonly padding?: number;
  /** Lines shown from the top of a large file with no focus. Default 60. */
  readonly headLines?: number;
}

/**
 * Packs the editor's view of the code into its token budget: whole files while they fit, then
 * windows around the chosen symbols of larger files, then a file's head when nothing was chosen.
 * Pure. Everything left out is listed in `cut`. The rendered text is re-counted at the end and
 * trailing blocks are dropped until it fits, so the budget holds for any token counter.
 */
export function packContext(
  candidates: readonly PackCandidate[],
  options: PackOptions,
): PackedContext {
  const { budgetTokens, countTokens } = options;
  const padding = options.padding ?? 10;
  const headLines = options.headLines ?? 60;
  const blocks: ContextBlock[] = [];
  const cut: CutItem[] = [];
  let used = 0;
  // What `fits` counted, so a block that is taken is not counted again.
  const cost = new WeakMap<ContextBlock, number>();
  const fits = (block: ContextBlock): boolean => {
    const tokens = countTokens(renderBlock(block)) + 1;
    cost.set(block, tokens);
    return used + tokens <= budgetTokens;
  };
  const take = (block: ContextBlock): void => {
    blocks.push(block);
    used += cost.get(block) ?? countTokens(renderBlock(block)) + 1;
  };

  for (const candidate of candidates) {
    const lines = candidate.text.split('\n');
    const whole = makeBlock(candidate.path, lines, 1, lines.length);
    if (fits(whole)) {
      take(whole);
      continue;
    }
    const windows = mergeRanges(
      (candidate.focus.length > 0
        ? candidate.focus
        : [{ startLine: 1, endLine: Math.min(headLines, lines.length) }]
      ).map((range) => ({
        startLine: Math.max(1, range.startLine - (candidate.focus.length > 0 ? padding : 0)),
        endLine: Math.min(lines.length, range.endLine + (candidate.focus.length > 0 ? padding : 0)),
      })),
    );
    const kept: string[] = [];
    const dropped: string[] = [];
    for (const window of windows) {
      const block = fitWindow(candidate.path, lines, window, fits);
      if (block) {
        take(block);
        kept.push(`${block.startLine}-${block.endLine}`);
        if (block.endLine < window.endLine) dropped.push(`${block.endLine + 1}-${window.endLine}`);
      } else {
        dropped.push(`${window.startLine}-${window.endLine}`);
      }
    }
    const size = `whole file (${lines.length} lines) did not fit`;
    if (kept.length === 0)
      cut.push({
        path: candidate.path,
        reason: `not included: ${size} and no window fits the budget left`,
      });
    else
      cut.push({
        path: candidate.path,
        reason: `${size}; kept lines ${kept.join(', ')}${dropped.length > 0 ? `; window(s) ${dropped.join(', ')} cut` : ''}`,
      });
  }

  let rendered = blocks.map(renderBlock).join('\n');
  let usedTokens = countTokens(rendered);
  // The per-block sums are an estimate for counters that are not additive; the final text is the truth.
  while (blocks.length > 0 && usedTokens > budgetTokens) {
    const removed = blocks.pop();
    if (removed)
      cut.push({
        path: removed.path,
        reason: `lines ${removed.startLine}-${removed.endLine} dropped to stay within the budget`,
      });
    rendered = blocks.map(renderBlock).join('\n');
    usedTokens = countTokens(rendered);
  }
  return { blocks, cut, rendered, usedTokens, budgetTokens };
}

/** The header the editor reads before each block; whole files and windows say which they are. */
export function renderBlock(block: ContextBlock): string {
  const where = block.whole
    ? `whole file, ${block.totalLines} lines`
    : `lines ${block.startLine}-${block.endLine} of ${block.totalLines}`;
  return `=== ${block.path} (${where}) ===\n${block.text}\n=== end ${block.path} ===`;
}

function makeBlock(
  path: string,
  lines: readonly string[],
  startLine: number,
  endLine: number,
): ContextBlock {
  return {
    path,
    startLine,
    endLine,
    totalLines: lines.length,
    whole: startLine === 1 && endLine === lines.length,
    text: lines.slice(startLine - 1, endLine).join('\n'),
  };
}

/** The window if it fits, else the longest prefix of it that does (at least 3 lines), else undefined. */
function fitWindow(
  path: string,
  lines: readonly string[],
  window: { startLine: number; endLine: number },
  fits: (block: ContextBlock) => boolean,
): ContextBlock | undefined {
  const full = makeBlock(path, lines, window.startLine, window.endLine);
  if (fits(full)) return full;
  let low = window.startLine + 2;
  let high = window.endLine - 1;
  let best: ContextBlock | undefined;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const block = makeBlock(path, lines, window.startLine, middle);
    if (fits(block)) {
      best = block;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}

function mergeRanges(
  ranges: readonly { startLine: number; endLine: number }[],
): { startLine: number; endLine: number }[] {
  // Keep the caller's priority order, but fold overlapping or touching ranges into the earlier one.
  const merged: { startLine: number; endLine: number }[] = [];
  for (const range of ranges) {
    if (range.endLine < range.startLine) continue;
    const overlapping = merged.find(
      (m) => range.startLine <= m.endLine + 1 && range.endLine >= m.startLine - 1,
    );
    if (overlapping) {
      overlapping.startLine = Math.min(overlapping.startLine, range.startLine);
      overlapping.endLine = Math.max(overlapping.endLine, range.endLine);
    } else {
      merged.push({ ...range });
    }
  }
  // A fold can make two earlier windows overlap; one more pass settles it.
  return merged.length === ranges.length ? merged : mergeRanges(merged);
}
