import { closestLinesSteps, fenced } from './feedback.js';
import { checkPathSyntax, climbsWithDotDot, protectedMatcher } from './guards.js';
import { isFoundButRefused, locateSteps } from './match.js';
import type { Region } from './match.js';
import { convertIndent, detectIndent, sameLines } from './text-format.js';
import type { FileStyle } from './text-format.js';
import type { BlockResult, Edit, FileText, RefusalReason } from './types.js';
import {
  runSync,
  runYielding,
  tooLargeToSearch,
  WorkBudget,
  WorkBudgetSpent,
} from './work-budget.js';
import type { Sliced } from './work-budget.js';

/** A file as the applier knows it. `text` is undefined when the file does not exist. */
export interface WorkingFile {
  readonly path: string;
  readonly text?: FileText;
  readonly style: FileStyle;
  readonly binary: boolean;
  /** Set by the I/O layer when the disk says the path is unsafe (a symlink leading out, a directory). */
  readonly blocked?: string;
}

export interface ApplyPolicy {
  readonly protectedPaths: readonly string[];
  readonly allowNewFiles: boolean;
}

export interface ApplyResult {
  readonly results: readonly BlockResult[];
  /** Every file after the edits that applied (unchanged files included). */
  readonly files: ReadonlyMap<string, WorkingFile>;
  /** Paths whose text changed. */
  readonly changed: readonly string[];
}

/** Style of a file the model creates: LF, no BOM, final newline. */
export const NEW_FILE_STYLE: FileStyle = {
  bom: false,
  eol: '\n',
  finalNewline: true,
  indent: 'unknown',
};

/**
 * Applies edits, in order, to in-memory files. Pure: the caller loads `files` (every path an edit
 * names, plus the files the model was shown) and writes the result. Each block either applies or is
 * refused with a message the model can act on; a refused block changes nothing. The matching work
 * is bounded by `budget`: once it is spent, the blocks left are refused, saying so.
 */
export function applyEdits(
  edits: readonly Edit[],
  files: ReadonlyMap<string, WorkingFile>,
  policy: ApplyPolicy,
  budget = new WorkBudget(),
): ApplyResult {
  return runSync(applyEditsSteps(edits, files, policy, budget));
}

/**
 * `applyEdits` for a process with timers to keep alive (the model lock's heartbeat): it lets the
 * event loop run between blocks, between matching passes and within long ones.
 */
export function applyEditsYielding(
  edits: readonly Edit[],
  files: ReadonlyMap<string, WorkingFile>,
  policy: ApplyPolicy,
  budget = new WorkBudget(),
): Promise<ApplyResult> {
  return runYielding(applyEditsSteps(edits, files, policy, budget));
}

/** The applier, cut into slices of bounded work: each `yield` is a point where the caller may yield. */
export function* applyEditsSteps(
  edits: readonly Edit[],
  files: ReadonlyMap<string, WorkingFile>,
  policy: ApplyPolicy,
  budget: WorkBudget,
): Sliced<ApplyResult> {
  const state = new Map(files);
  const changed = new Set<string>();
  const results: BlockResult[] = [];
  const isProtected = protectedMatcher(policy.protectedPaths);
  const applied = new Set<string>();

  for (const edit of edits) {
    yield;
    const refuse = (
      path: string,
      reason: RefusalReason,
      message: string,
      advice?: string,
    ): void => {
      results.push({
        index: edit.index,
        path,
        status: 'refused',
        reason,
        message,
        ...(advice ? { advice } : {}),
      });
    };
    const searching = edit.kind === 'search-replace' && edit.search.some((l) => l.trim() !== '');
    if (searching && budget.exhausted) {
      refuse(edit.path, 'work-budget', workBudgetMessage(budget), WORK_BUDGET_ADVICE);
      continue;
    }
    const key = JSON.stringify(
      edit.kind === 'whole-file' ? [edit.path, edit.lines] : [edit.path, edit.search, edit.replace],
    );
    if (applied.has(key)) {
      results.push({ index: edit.index, path: edit.path, status: 'already-applied', line: 1 });
      continue;
    }

    const climbing = [edit.path, edit.rawPath].find(climbsWithDotDot);
    if (climbing !== undefined) {
      refuse(
        climbing,
        'unsafe-path',
        `Refused: '${climbing}' contains '..'. Paths are relative to the repository root and never leave it; an edit that names a '..' path is confused about where it is, or steered by the text it was given.`,
        'Name the file exactly as it was listed.',
      );
      continue;
    }

    let target = edit.path;
    let file = state.get(target);
    const exists = file?.text !== undefined;
    // A non-empty SEARCH under a name that does not exist: the name was mangled. Look in the
    // other files; accept only a single file with a single match.
    if (!exists && edit.kind === 'search-replace' && searching) {
      const elsewhere = yield* spending(
        findInOtherFiles(state, edit.search, edit.replace, target, budget),
      );
      if (elsewhere === SPENT) {
        refuse(edit.path, 'work-budget', workBudgetMessage(budget), WORK_BUDGET_ADVICE);
        continue;
      }
      if (elsewhere) {
        target = elsewhere;
        file = state.get(target);
      }
    }

    const unsafe = checkPathSyntax(target);
    if (unsafe) {
      refuse(
        target,
        'unsafe-path',
        `Refused: ${unsafe}. Only files inside the repository may change.`,
      );
      continue;
    }
    const glob = isProtected(target);
    if (glob) {
      refuse(
        target,
        'protected-path',
        `Refused: '${target}' is a protected path (${glob}); it may not be changed.`,
        'Solve the task without touching it.',
      );
      continue;
    }
    if (file?.blocked) {
      refuse(target, 'unsafe-path', `Refused: ${file.blocked}.`);
      continue;
    }
    if (file?.binary) {
      refuse(target, 'binary-file', `Refused: '${target}' is a binary file; it is never edited.`);
      continue;
    }
    const newText = edit.kind === 'whole-file' ? edit.lines : edit.replace;
    if (newText.some((l) => l.includes('\0'))) {
      refuse(target, 'binary-file', 'Refused: the new text contains NUL characters.');
      continue;
    }

    const current = file?.text;
    if (current === undefined) {
      if (edit.kind === 'search-replace' && edit.search.some((l) => l.trim() !== '')) {
        const known = [...state.values()].filter((f) => f.text !== undefined).map((f) => f.path);
        refuse(
          target,
          'missing-file',
          `'${target}' does not exist, so its SEARCH text cannot be found.`,
          `Files you can edit: ${known.join(', ') || '(none)'}. To create a file, leave SEARCH empty.`,
        );
        continue;
      }
      if (!policy.allowNewFiles) {
        refuse(
          target,
          'new-file-not-allowed',
          `Refused: '${target}' does not exist and creating files is not allowed here.`,
          'Change existing files only.',
        );
        continue;
      }
      const lines = trimTrailingBlank([...newText]);
      state.set(target, {
        path: target,
        text: { lines, finalNewline: true },
        style: NEW_FILE_STYLE,
        binary: false,
      });
      changed.add(target);
      applied.add(key);
      results.push({
        index: edit.index,
        path: target,
        status: 'applied',
        method: 'new-file',
        line: 1,
      });
      continue;
    }

    const style = (file as WorkingFile).style;
    if (edit.kind === 'whole-file') {
      const lazy = lazyLine(edit.lines, current.lines);
      if (lazy !== undefined) {
        refuse(
          target,
          'lazy-rewrite',
          `The rewrite of '${target}' contains \`${lazy.trim()}\` in place of real code.`,
          'Send the complete file, or SEARCH/REPLACE blocks.',
        );
        continue;
      }
      const modelIndent = detectIndent(edit.lines);
      const body = trimTrailingBlank(
        modelIndent !== 'unknown' && style.indent !== 'unknown' && modelIndent !== style.indent
          ? convertIndent(edit.lines, modelIndent, style.indent)
          : [...edit.lines],
      );
      // Trailing blank lines follow the original, as models add or drop them before the closing
      // fence; but when the rewrite changes the file's last line, the blank lines after it are the
      // model's (a blank line before a deleted last line is the file's own, not a slip).
      const endKept = (body[body.length - 1] ?? '').trim() === lastNonBlank(current.lines).trim();
      const lines = [
        ...body,
        ...(endKept ? trailingBlank(current.lines) : trailingBlank(edit.lines)),
      ];
      if (sameLines(lines, current.lines)) {
        results.push({ index: edit.index, path: target, status: 'already-applied', line: 1 });
        continue;
      }
      commit(state, changed, file as WorkingFile, { lines, finalNewline: current.finalNewline });
      applied.add(key);
      results.push({
        index: edit.index,
        path: target,
        status: 'applied',
        method: 'whole-file',
        line: 1,
      });
      continue;
    }

    if (edit.search.every((l) => l.trim() === '')) {
      const lines = [...current.lines, ...trimTrailingBlank([...edit.replace])];
      commit(state, changed, file as WorkingFile, {
        lines,
        finalNewline: current.finalNewline || current.lines.length === 0,
      });
      applied.add(key);
      results.push({
        index: edit.index,
        path: target,
        status: 'applied',
        method: 'append',
        line: current.lines.length + 1,
      });
      continue;
    }

    const tooLarge = tooLargeToSearch(current.lines);
    if (tooLarge !== undefined) {
      refuse(
        target,
        'file-too-large',
        `Refused: '${target}' is too large for SEARCH/REPLACE (${tooLarge}), so it is not searched.`,
        'Leave this file alone and make the change elsewhere; if the task needs this file changed, say so in your summary for a human.',
      );
      continue;
    }
    const found = yield* spending(
      locateSteps(current.lines, edit.search, edit.replace, style.indent, budget),
    );
    if (found === SPENT) {
      refuse(target, 'work-budget', workBudgetMessage(budget), WORK_BUDGET_ADVICE);
      continue;
    }
    switch (found.kind) {
      case 'match': {
        commit(state, changed, file as WorkingFile, {
          lines: splice(current.lines, found.regions),
          finalNewline: current.finalNewline,
        });
        applied.add(key);
        results.push({
          index: edit.index,
          path: target,
          status: 'applied',
          method: found.method,
          line: (found.regions[0]?.start ?? 0) + 1,
        });
        break;
      }
      case 'already-applied':
        results.push({
          index: edit.index,
          path: target,
          status: 'already-applied',
          line: found.line,
        });
        break;
      case 'ambiguous': {
        const part = found.part ? ` (the part after \`...\` number ${found.part - 1})` : '';
        const others = found.lines.filter((line) => line !== found.exactAt);
        const where =
          found.exactAt === undefined
            ? `matches ${found.lines.length} places in '${target}' (lines ${found.lines.join(', ')}).`
            : `matches line ${found.exactAt} of '${target}' as written, but also ${others.length === 1 ? 'line' : 'lines'} ${others.join(', ')} once trailing spaces, blank lines and indentation are set aside; whitespace alone cannot tell which place is meant.`;
        refuse(
          target,
          'ambiguous',
          `The SEARCH text${part} ${where}`,
          'Add more unchanged lines around it so that it matches exactly one place.',
        );
        break;
      }
      case 'whitespace-only':
        refuse(
          target,
          'ambiguous',
          found.what === 'blank'
            ? `The SEARCH text matched '${target}' only with its whitespace set aside, and this block would also remove the blank line ${found.line}; that may be a slip in copying the blank lines, so nothing was changed.`
            : `The SEARCH text matched '${target}' only with its indentation set aside, and this block would also change the indentation of line ${found.line}, which it otherwise keeps; that may be a slip in copying the indentation, so nothing was changed.`,
          'Copy the SEARCH lines exactly as the file has them, blank lines and indentation included, and write REPLACE with the same whitespace on the lines you keep.',
        );
        break;
      case 'vague':
        refuse(
          target,
          'ambiguous',
          `The SEARCH text matches line ${found.line} of '${target}' only with its whitespace set aside, and it has nothing but punctuation in it: that does not show which place is meant.`,
          'Copy the SEARCH lines exactly as the file has them, and include a nearby line with a name or value in it.',
        );
        break;
      case 'replace-present':
        refuse(
          target,
          'ambiguous',
          `The SEARCH text matches line ${found.line} of '${target}' only with its whitespace set aside, and the REPLACE text is already at line ${found.replacedAt}; this block may have been applied before.`,
          'If an earlier answer made this change, leave the block out; otherwise copy the SEARCH lines exactly as the file has them.',
        );
        break;
      case 'gap':
        refuse(
          target,
          'ambiguous',
          `Near line ${found.line} of '${target}', the file has blank lines that the SEARCH text leaves out, right where the new lines go; it is unclear whether they go before or after them.`,
          'Copy the lines exactly, blank lines included.',
        );
        break;
      case 'bad-elision':
        refuse(target, 'bad-elision', found.message);
        break;
      case 'none': {
        // The hint is a courtesy: when the budget runs out while looking for it, it is left out.
        const closest = yield* spending(closestLinesSteps(current.lines, edit.search, budget));
        const near = closest === SPENT ? undefined : closest;
        const hint = near
          ? `\nDid you mean these lines (from line ${near.start + 1})?\n${fenced(near.lines)}`
          : '';
        const at = found.replacementAt;
        const present = at
          ? `\nYour REPLACE text already occurs in '${target}' (${at.length === 1 ? 'line' : 'lines'} ${at.join(', ')}), but that alone does not show this block was applied. If an earlier answer made this change, leave the block out; otherwise copy the SEARCH lines from the file.`
          : '';
        refuse(
          target,
          'no-match',
          `The SEARCH text is not in '${target}'.`,
          `SEARCH must copy the current file's lines exactly, including comments and blank lines.${hint}${present}`,
        );
        break;
      }
    }
  }
  return { results, files: state, changed: [...changed] };
}

const SPENT = Symbol('work budget spent');

/** Runs sliced matching work; SPENT when the answer's budget runs out on the way. */
function* spending<T>(steps: Sliced<T>): Sliced<T | typeof SPENT> {
  try {
    return yield* steps;
  } catch (error) {
    if (error instanceof WorkBudgetSpent) return SPENT;
    throw error;
  }
}

function workBudgetMessage(budget: WorkBudget): string {
  return `Refused: this answer used up the applier's matching work (${budget.limit} line comparisons) before this block could be tried, so it was not applied.`;
}

const WORK_BUDGET_ADVICE =
  'Send fewer SEARCH/REPLACE blocks, each copying a few lines of the file exactly.';

function* findInOtherFiles(
  state: ReadonlyMap<string, WorkingFile>,
  search: readonly string[],
  replace: readonly string[],
  named: string,
  budget: WorkBudget,
): Sliced<string | undefined> {
  const hits: string[] = [];
  for (const file of state.values()) {
    if (file.path === named || file.text === undefined || file.binary || file.blocked) continue;
    if (tooLargeToSearch(file.text.lines) !== undefined) continue;
    const found = yield* locateSteps(file.text.lines, search, replace, file.style.indent, budget);
    // Found but refused for its whitespace: still the file meant, where the refusal will say why.
    if (found.kind === 'match' || isFoundButRefused(found)) hits.push(file.path);
    else if (found.kind === 'ambiguous') return undefined;
  }
  return hits.length === 1 ? hits[0] : undefined;
}

function commit(
  state: Map<string, WorkingFile>,
  changed: Set<string>,
  file: WorkingFile,
  text: FileText,
): void {
  state.set(file.path, { ...file, text });
  changed.add(file.path);
}

function splice(lines: readonly string[], regions: readonly Region[]): string[] {
  const out = [...lines];
  // Bottom-up, so earlier regions keep their line numbers.
  for (const region of [...regions].sort((a, b) => b.start - a.start)) {
    out.splice(region.start, region.end - region.start, ...region.lines);
  }
  return out;
}

function trimTrailingBlank(lines: string[]): string[] {
  while (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
  return lines;
}

function lastNonBlank(lines: readonly string[]): string {
  for (let k = lines.length - 1; k >= 0; k--)
    if ((lines[k] ?? '').trim() !== '') return lines[k] ?? '';
  return '';
}

function trailingBlank(lines: readonly string[]): string[] {
  let k = lines.length;
  while (k > 0 && (lines[k - 1] ?? '').trim() === '') k--;
  return lines.slice(k).map(() => '');
}

// A comment that starts with an ellipsis, or says code was left out, or a bare ellipsis line.
const LAZY = [
  /^\s*(?:\/\/|#|\/\*+|<!--|--)\s*(?:\.{3}|…)/,
  /^\s*(?:\/\/|#|\/\*+|<!--|--)\s*(?:rest of (?:the )?(?:file|code|implementation)|existing code|remaining code|(?:code )?unchanged(?: code)?)\b/i,
  /^\s*(?:\.{3}|…)\s*$/,
];

/** A line of a whole-file rewrite that stands for omitted code ("// ... rest of the file"), absent from the original. */
function lazyLine(lines: readonly string[], original: readonly string[]): string | undefined {
  const had = new Set(original.map((l) => l.trim()));
  return lines.find((line) => LAZY.some((re) => re.test(line)) && !had.has(line.trim()));
}
