import { diffLines } from './diff.js';
import type { DiffOp } from './diff.js';
import { convertIndent, detectIndent, isBlank, leadingWhitespace } from './text-format.js';
import type { IndentStyle } from './text-format.js';
import type { MatchMethod } from './types.js';
import { runSync, WorkBudget } from './work-budget.js';
import type { Sliced } from './work-budget.js';

/** Replace file lines [start, end) with `lines`. */
export interface Region {
  readonly start: number;
  readonly end: number;
  readonly lines: readonly string[];
}

export type Located =
  | { readonly kind: 'match'; readonly method: MatchMethod; readonly regions: readonly Region[] }
  | { readonly kind: 'already-applied'; readonly line: number }
  | {
      readonly kind: 'ambiguous';
      readonly method: MatchMethod;
      readonly lines: readonly number[];
      readonly part?: number;
      /** Set when the SEARCH text is found as written at this 1-based line, and elsewhere only with its whitespace set aside. */
      readonly exactAt?: number;
    }
  | {
      readonly kind: 'none';
      readonly part?: number;
      /** 1-based lines where the REPLACE text already occurs, though that does not show the block applied. */
      readonly replacementAt?: readonly number[];
    }
  /** New lines would land next to blank lines the SEARCH left out: before or after them is a guess. */
  | { readonly kind: 'gap'; readonly line: number }
  /**
   * The match tolerated whitespace, and the block would change whitespace alone at `line` (1-based):
   * drop a blank line or re-indent a line it keeps. The model's whitespace is not the file's, so
   * that change may be a slip in copying rather than meant.
   */
  | { readonly kind: 'whitespace-only'; readonly line: number; readonly what: 'blank' | 'indent' }
  /**
   * Found only with whitespace tolerated, while the REPLACE text is already at `replacedAt`
   * (1-based), elsewhere: a block sent again after it applied looks just like that.
   */
  | { readonly kind: 'replace-present'; readonly line: number; readonly replacedAt: number }
  /** Found at `line` (1-based) only with whitespace set aside, by lines of mere punctuation (`}`, `);`). */
  | { readonly kind: 'vague'; readonly line: number }
  | { readonly kind: 'bad-elision'; readonly message: string };

/** Found, but refused for what whitespace alone decided: still the place (and file) meant. */
export type FoundButRefused = Extract<
  Located,
  { kind: 'whitespace-only' | 'replace-present' | 'vague' }
>;

export function isFoundButRefused(found: Located): found is FoundButRefused {
  return (
    found.kind === 'whitespace-only' || found.kind === 'replace-present' || found.kind === 'vague'
  );
}

type Mode = 'exact' | 'trailing-whitespace' | 'indentation' | 'blank-lines';
const MODES: readonly Mode[] = ['exact', 'trailing-whitespace', 'indentation', 'blank-lines'];

/** A place where the SEARCH lines were found: search line j ↔ file line mapping[j] (-1: a blank line the file lacks). */
interface Alignment {
  readonly start: number;
  readonly end: number;
  readonly mapping: readonly number[];
  /** Indentation the file has in front of the SEARCH text once its common indentation is removed. */
  readonly prefix: string;
}

/**
 * Finds where a SEARCH text is in a file and what the file becomes, climbing a ladder of tolerance:
 * exact → trailing whitespace → uniform indentation (also tabs ↔ spaces) → stray blank lines →
 * `...` elisions. The first step that finds anything decides, and it must find exactly one place,
 * with no other place differing from it only in whitespace: two places are refused as ambiguous,
 * never guessed. A tolerant match changes no line's whitespace alone. No fuzzy matching. Pure; cut into
 * slices: it yields whenever `budget` says a slice of work is used up (the caller lets the event
 * loop run there) and throws WorkBudgetSpent when the budget is spent.
 */
export function* locateSteps(
  file: readonly string[],
  search: readonly string[],
  replace: readonly string[],
  fileIndent: IndentStyle,
  budget: WorkBudget,
): Sliced<Located> {
  const ladder = (s: readonly string[], r: readonly string[]) =>
    ladderSteps(file, s, r, fileIndent, budget);
  if (sameIgnoringTrailingSpace(search, replace)) {
    const found = yield* ladder(search, replace);
    return found.kind === 'match'
      ? { kind: 'already-applied', line: (found.regions[0]?.start ?? 0) + 1 }
      : found;
  }
  const found = yield* ladder(search, replace);
  if (found.kind !== 'none') return found;
  const elided = yield* withElisions(file, search, replace, fileIndent, budget);
  if (elided) return elided;
  // The SEARCH text is not in the file. The block was applied before only if its REPLACE text is
  // found in exactly one place and says enough to identify it: a lone `deep: true,` or `}` that
  // happens to be in the file proves nothing.
  if (replace.some((line) => !isBlank(line))) {
    const present = yield* ladder(replace, replace);
    if (present.kind === 'match' && replace.filter(isSpecific).length >= 2) {
      return { kind: 'already-applied', line: (present.regions[0]?.start ?? 0) + 1 };
    }
    if (present.kind === 'match' || present.kind === 'ambiguous') {
      const lines =
        present.kind === 'match' ? [(present.regions[0]?.start ?? 0) + 1] : present.lines;
      return { kind: 'none', replacementAt: lines };
    }
  }
  return found;
}

/**
 * How many places in `file` hold `search` once its whitespace is set aside (trailing spaces,
 * indentation, blank lines). A SEARCH text applies only where this is one, so a writer of blocks
 * (the backtest's oracle) widens its context until it is.
 */
export function placesIgnoringWhitespace(
  file: readonly string[],
  search: readonly string[],
): number {
  const unbounded = new WorkBudget(Number.POSITIVE_INFINITY);
  return runSync(align(file, search, 'blank-lines', unbounded)).length;
}

/** A line with a letter or digit in it: braces, punctuation and blank lines identify no place. */
function isSpecific(line: string): boolean {
  return /[\p{L}\p{N}]/u.test(line);
}

const trimmed = (lines: readonly string[]) => lines.map((l) => l.trim());

/** Whether REPLACE adds a specific line to SEARCH. */
function addsSpecificLine(search: readonly string[], replace: readonly string[]): boolean {
  const r = trimmed(replace);
  return diffLines(trimmed(search), r).some(
    (op) => op.op === 'insert' && isSpecific(r[op.b] ?? ''),
  );
}

function* ladderSteps(
  file: readonly string[],
  search: readonly string[],
  replace: readonly string[],
  fileIndent: IndentStyle,
  budget: WorkBudget,
): Sliced<Located> {
  const variants = indentVariants(search, replace, fileIndent);
  for (const mode of MODES) {
    for (const variant of mode === 'exact' ? variants.slice(0, 1) : variants) {
      const found = yield* align(file, variant.search, mode, budget);
      // Between two passes over the file, the event loop gets its turn.
      yield;
      if (found.length === 0) continue;
      // A converted variant differs from the model's text in its indentation, whatever the mode.
      const method = variant === variants[0] || mode === 'blank-lines' ? mode : 'indentation';
      const alignment = found[0] as Alignment;
      const places = yield* placesBeyondWhitespace(file, variant.search, mode, found, budget);
      if (places.length > 1) {
        const exact = mode === 'exact' && found.length === 1;
        return {
          kind: 'ambiguous',
          method,
          lines: places,
          ...(exact ? { exactAt: anchorOf(alignment, variant.search) + 1 } : {}),
        };
      }
      // With its whitespace set aside, a `}` is any closing brace: only a word or number names a place.
      if (mode !== 'exact' && !variant.search.some(isSpecific))
        return { kind: 'vague', line: alignment.start + 1 };
      // A looser step can find a second, different place once the first has been edited: when the
      // REPLACE text is already in the file, the block was applied before. Only lines it adds that
      // say something can show that; a `}` next to the match may be the file's own.
      const telling = addsSpecificLine(variant.search, variant.replace);
      if (
        telling &&
        mode !== 'exact' &&
        (yield* presentAnywhere(file, variant.replace, variant.search, budget))
      ) {
        return { kind: 'already-applied', line: alignment.start + 1 };
      }
      if (
        telling &&
        (yield* replacementPresent(file, alignment, variant.search, variant.replace, budget))
      ) {
        return { kind: 'already-applied', line: alignment.start + 1 };
      }
      if (mode !== 'exact' && variant.replace.some(isSpecific)) {
        const elsewhere = yield* replacementElsewhere(file, alignment, variant.replace, budget);
        if (elsewhere !== undefined)
          return { kind: 'replace-present', line: alignment.start + 1, replacedAt: elsewhere + 1 };
      }
      const rebuilt = rebuild(file, alignment, variant.search, variant.replace, mode);
      if (rebuilt.kind === 'gap') return { kind: 'gap', line: alignment.start + 1 };
      if (rebuilt.kind === 'whitespace-only')
        return { kind: 'whitespace-only', line: rebuilt.line + 1, what: rebuilt.what };
      return {
        kind: 'match',
        method,
        regions: [{ start: alignment.start, end: alignment.end, lines: rebuilt.lines }],
      };
    }
  }
  return { kind: 'none' };
}

/**
 * The model's text as written, then converted to the file's indentation style when the two differ.
 * A snippet is too short to tell its indent width for sure, so spaces → tabs tries each common width.
 */
function indentVariants(
  search: readonly string[],
  replace: readonly string[],
  fileIndent: IndentStyle,
): { search: readonly string[]; replace: readonly string[] }[] {
  const variants = [{ search, replace }];
  const modelIndent = detectIndent([...search, ...replace]);
  if (modelIndent === 'unknown' || fileIndent === 'unknown' || modelIndent === fileIndent)
    return variants;
  if (modelIndent === 'tab') {
    // Tabs → spaces: the file's width first, then the common ones (the file's may be misread).
    for (const to of new Set([fileIndent, 2, 4])) {
      if (to === 'tab') continue;
      variants.push({
        search: convertIndent(search, 'tab', to),
        replace: convertIndent(replace, 'tab', to),
      });
    }
    return variants;
  }
  for (const from of new Set([modelIndent, 2, 4, 8])) {
    variants.push({
      search: convertIndent(search, from, fileIndent),
      replace: convertIndent(replace, from, fileIndent),
    });
  }

  return variants;
}

function* align(
  file: readonly string[],
  search: readonly string[],
  mode: Mode,
  budget: WorkBudget,
): Sliced<Alignment[]> {
  const found: Alignment[] = [];
  if (search.every(isBlank)) return found;
  if (mode === 'blank-lines') return yield* alignSkippingBlanks(file, search, budget);
  const common = commonIndent(search);
  const outdented = search.map((line) => line.slice(common.length).trimEnd());
  for (let start = 0; start + search.length <= file.length; start++) {
    // Exact and trailing-whitespace matches keep the model's indentation as it is.
    let prefix = mode === 'indentation' ? '' : common;
    let ok = true;
    let j = 0;
    for (; j < search.length && ok; j++) {
      const fileLine = file[start + j] ?? '';
      const line = search[j] ?? '';
      if (mode === 'exact') ok = fileLine === line;
      else if (mode === 'trailing-whitespace') ok = fileLine.trimEnd() === line.trimEnd();
      else {
        const result = matchIndented(
          fileLine,
          outdented[j] ?? '',
          j === firstNonBlank(search),
          prefix,
        );
        ok = result !== undefined;
        if (result !== undefined) prefix = result;
      }
    }
    if (budget.charge(j)) yield;
    if (ok) {
      const mapping = search.map((_, k) => start + k);
      found.push({ start, end: start + search.length, mapping, prefix });
    }
  }
  return found;
}

/** Indexes of the file's non-blank lines, one unit of work per line. */
function* nonBlankLines(file: readonly string[], budget: WorkBudget): Sliced<number[]> {
  const found: number[] = [];
  for (let i = 0; i < file.length; i++) {
    if (!isBlank(file[i] ?? '')) found.push(i);
    if (budget.charge(1)) yield;
  }
  return found;
}

/** Matches the non-blank SEARCH lines against consecutive non-blank file lines (indentation-tolerant). */
function* alignSkippingBlanks(
  file: readonly string[],
  search: readonly string[],
  budget: WorkBudget,
): Sliced<Alignment[]> {
  const found: Alignment[] = [];
  const common = commonIndent(search);
  const wanted = search
    .map((line, j) => ({ j, text: line.slice(common.length).trimEnd() }))
    .filter((w) => w.text !== '');
  const fileIdx = yield* nonBlankLines(file, budget);
  for (let t = 0; t + wanted.length <= fileIdx.length; t++) {
    let prefix = '';
    let ok = true;
    let w = 0;
    for (; w < wanted.length && ok; w++) {
      const result = matchIndented(
        file[fileIdx[t + w] ?? 0] ?? '',
        wanted[w]?.text ?? '',
        w === 0,
        prefix,
      );
      ok = result !== undefined;
      if (result !== undefined) prefix = result;
    }
    if (budget.charge(w)) yield;
    if (!ok) continue;
    const mapping = search.map(() => -1);
    wanted.forEach((w, k) => (mapping[w.j] = fileIdx[t + k] ?? -1));
    // Between two matched lines, pair the model's blank lines with the file's, in order; only the
    // surplus on either side is "left out" or "made up".
    for (let k = 0; k + 1 < wanted.length; k++) {
      const sFrom = (wanted[k]?.j ?? 0) + 1;
      const sTo = wanted[k + 1]?.j ?? 0;
      let f = (fileIdx[t + k] ?? 0) + 1;
      const fTo = fileIdx[t + k + 1] ?? 0;
      for (let j = sFrom; j < sTo && f < fTo; j++, f++) mapping[j] = f;
    }
    found.push({
      start: fileIdx[t] ?? 0,
      end: (fileIdx[t + wanted.length - 1] ?? 0) + 1,
      mapping,
      prefix,
    });
  }
  return found;
}

/**
 * A file line equals `prefix + outdented` (ignoring trailing whitespace), where the prefix is whitespace
 * and the same on every line. Returns the prefix, or undefined when the line does not match.
 */
function matchIndented(
  fileLine: string,
  outdented: string,
  first: boolean,
  prefix: string,
): string | undefined {
  const f = fileLine.trimEnd();
  if (outdented === '') return f === '' ? prefix : undefined;
  if (first) {
    if (!f.endsWith(outdented)) return undefined;
    const p = f.slice(0, f.length - outdented.length);
    return p.trim() === '' ? p : undefined;
  }
  return f === prefix + outdented ? prefix : undefined;
}

function firstNonBlank(lines: readonly string[]): number {
  return lines.findIndex((line) => !isBlank(line));
}

/** The longest leading whitespace shared by every non-blank line. */
function commonIndent(lines: readonly string[]): string {
  let common: string | undefined;
  for (const line of lines) {
    if (isBlank(line)) continue;
    const ws = leadingWhitespace(line);
    if (common === undefined) common = ws;
    else {
      let k = 0;
      while (k < common.length && k < ws.length && common[k] === ws[k]) k++;
      common = common.slice(0, k);
    }
  }
  return common ?? '';
}

type Rebuilt =
  | { readonly kind: 'lines'; readonly lines: string[] }
  | { readonly kind: 'gap' }
  /** `line`: 0-based file line whose whitespace alone the block would change. */
  | { readonly kind: 'whitespace-only'; readonly line: number; readonly what: 'blank' | 'indent' };

/**
 * The new text of the matched region: the SEARCH → REPLACE difference applied to the file's own
 * lines, so lines the model only copied keep the file's exact text (its whitespace, the blank lines
 * the model left out) and only new lines come from the model, re-indented to where they land.
 * When the match tolerated whitespace, the model's whitespace is not the file's: a block that would
 * drop one of the file's blank lines, or re-indent a line it keeps, is refused, never guessed.
 */
function rebuild(
  file: readonly string[],
  alignment: Alignment,
  search: readonly string[],
  replace: readonly string[],
  mode: Mode,
): Rebuilt {
  const out: string[] = [];
  let cursor = alignment.start;
  const common = commonIndent(search);
  const reindent = (line: string): string => {
    // An exact match needs no re-indenting, and the model's new lines are kept as written.
    if (mode === 'exact') return line;
    if (isBlank(line)) return '';
    const ws = leadingWhitespace(line);
    // Less indented than the SEARCH text (a closing brace, a dedent): shift it by as much.
    if (!ws.startsWith(common) && common.startsWith(ws)) {
      const depth = common.length - ws.length;
      return alignment.prefix.slice(0, Math.max(0, alignment.prefix.length - depth)) + line.trim();
    }
    const cut = Math.min(ws.length, common.length);
    return alignment.prefix + line.slice(cut).trimEnd();
  };
  // Where the indentation was tolerated, a kept line is one with the same text, whatever its
  // indentation, so that a REPLACE indented unlike its SEARCH shows as a re-indent, not a new line.
  const indentBlind = mode === 'indentation' || mode === 'blank-lines';
  const key = (l: string) => (indentBlind ? l.trim() : l.trimEnd());
  const ops = diffLines(search.map(key), replace.map(key));
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k] as DiffOp;
    if (op.op === 'insert') {
      // File-only lines (left out of SEARCH) right where the new lines go: above or below them?
      const next = ops
        .slice(k + 1)
        .find((o) => o.op !== 'insert' && (alignment.mapping[o.a] ?? -1) >= 0);
      const nextTarget =
        next && next.op !== 'insert' ? (alignment.mapping[next.a] ?? -1) : alignment.end;
      if (nextTarget > cursor && cursor > alignment.start && !isBlank(replace[op.b] ?? ''))
        return { kind: 'gap' };
      out.push(reindent(replace[op.b] ?? ''));
      continue;
    }
    const target = alignment.mapping[op.a] ?? -1;
    if (target < 0) continue; // a blank line the model wrote that the file does not have
    const own = file[target] ?? '';
    if (mode !== 'exact' && op.op === 'delete' && isBlank(own))
      return { kind: 'whitespace-only', line: target, what: 'blank' };
    if (
      indentBlind &&
      op.op === 'equal' &&
      reindent(replace[op.b] ?? '').trimEnd() !== own.trimEnd()
    )
      return { kind: 'whitespace-only', line: target, what: 'indent' };
    while (cursor < target) out.push(file[cursor++] ?? '');
    cursor = target + 1;
    if (op.op === 'equal') out.push(own);
  }
  while (cursor < alignment.end) out.push(file[cursor++] ?? '');
  return { kind: 'lines', lines: out };
}

/** The file line the first non-blank SEARCH line is matched to: it names a place. */
function anchorOf(alignment: Alignment, search: readonly string[]): number {
  return alignment.mapping[firstNonBlank(search)] ?? alignment.start;
}

/**
 * Models get whitespace wrong — trailing spaces, blank lines, indentation — so whitespace cannot
 * tell two places apart: the next looser step must find no other place. An exact match must be the
 * only one with trailing whitespace ignored; a tolerant one, the only one with all whitespace
 * ignored. Returns the 1-based lines of every place found.
 */
function* placesBeyondWhitespace(
  file: readonly string[],
  search: readonly string[],
  mode: Mode,
  found: readonly Alignment[],
  budget: WorkBudget,
): Sliced<number[]> {
  const anchors = new Set(found.map((a) => anchorOf(a, search)));
  // Every step but the loosest looks again with all whitespace set aside (blank lines included).
  if (mode !== 'blank-lines')
    for (const a of yield* align(file, search, 'blank-lines', budget))
      anchors.add(anchorOf(a, search));
  return [...anchors].sort((x, y) => x - y).map((x) => x + 1);
}

/**
 * Where the REPLACE text already is, outside the matched region (0-based line), with at most its
 * trailing whitespace or indentation differing; undefined when nowhere.
 */
function* replacementElsewhere(
  file: readonly string[],
  alignment: Alignment,
  replace: readonly string[],
  budget: WorkBudget,
): Sliced<number | undefined> {
  for (const mode of ['exact', 'trailing-whitespace', 'indentation'] as const) {
    for (const a of yield* align(file, replace, mode, budget))
      if (a.end <= alignment.start || a.start >= alignment.end) return a.start;
  }
  return undefined;
}

/**
 * True when the file already holds the REPLACE text around the match, as happens when a block is
 * sent again after it applied and its SEARCH text is part of its REPLACE text.
 */
function* replacementPresent(
  file: readonly string[],
  alignment: Alignment,
  search: readonly string[],
  replace: readonly string[],
  budget: WorkBudget,
): Sliced<boolean> {
  // Compared on non-blank lines, trimmed, so it also works after a blank-line-tolerant match.
  const s = search.map((l) => l.trim()).filter(Boolean);
  const r = replace.map((l) => l.trim()).filter(Boolean);
  if (r.length <= s.length) return false;
  const fileIdx = yield* nonBlankLines(file, budget);
  const firstMapped =
    alignment.mapping.find((m, j) => m >= 0 && !isBlank(search[j] ?? '')) ?? alignment.start;
  const at = fileIdx.indexOf(firstMapped);
  if (at < 0) return false;
  for (let a = 0; a + s.length <= r.length; a++) {
    if (budget.charge(r.length)) yield;
    if (!s.every((line, j) => r[a + j] === line)) continue;
    const from = at - a;
    if (from < 0 || from + r.length > fileIdx.length) continue;
    if (r.every((line, j) => (file[fileIdx[from + j] ?? -1] ?? '').trim() === line)) return true;
  }
  return false;
}

function* presentAnywhere(
  file: readonly string[],
  replace: readonly string[],
  search: readonly string[],
  budget: WorkBudget,
): Sliced<boolean> {
  // Only insertions (REPLACE = SEARCH plus new lines) can match again after they applied.
  const s = search.map((l) => l.trim()).filter(Boolean);
  const r = replace.map((l) => l.trim()).filter(Boolean);
  if (r.length <= s.length) return false;
  let k = 0;
  for (const line of r) if (k < s.length && line === s[k]) k++;
  if (k < s.length) return false;
  for (const mode of ['exact', 'trailing-whitespace', 'indentation'] as const) {
    if ((yield* align(file, replace, mode, budget)).length > 0) return true;
  }
  return false;
}

const EMPTY: ReadonlySet<string> = new Set();
const ELISION_COMMENT = /^(?:\/\/|#|\/\*+|\*|<!--|--|;)\s*(?:\.{3}|…)/;

function isElision(line: string, fileLines: ReadonlySet<string>): boolean {
  const t = line.trim();
  if (t === '...' || t === '…') return true;
  return ELISION_COMMENT.test(t) && !fileLines.has(t);
}

/** `...` lines stand for unchanged text: each changed part between them must be found exactly once, in order. */
function* withElisions(
  file: readonly string[],
  search: readonly string[],
  replace: readonly string[],
  fileIndent: IndentStyle,
  budget: WorkBudget,
): Sliced<Located | undefined> {
  // Most blocks have no `...` line: the file's lines are collected only when one might.
  if (!search.some((l) => isElision(l, EMPTY))) return undefined;
  const fileLines = new Set<string>();
  for (const line of file) {
    fileLines.add(line.trim());
    if (budget.charge(1)) yield;
  }
  const sParts = splitOn(search, (l) => isElision(l, fileLines));
  if (sParts.length === 1) return undefined;
  const rParts = splitOn(replace, (l) => isElision(l, fileLines));
  if (sParts.length !== rParts.length) {
    return {
      kind: 'bad-elision',
      message: `SEARCH has ${sParts.length - 1} \`...\` line(s) but REPLACE has ${rParts.length - 1}; they must pair up, or write the lines out in full.`,
    };
  }
  const regions: Region[] = [];
  for (let k = 0; k < sParts.length; k++) {
    const s = sParts[k] ?? [];
    const r = rParts[k] ?? [];
    if (sameIgnoringTrailingSpace(s, r)) continue;
    if (s.every(isBlank)) {
      return {
        kind: 'bad-elision',
        message: `Part ${k + 1} of SEARCH (between \`...\` lines) is empty but REPLACE adds lines there; put real, unchanged lines around every change.`,
      };
    }
    const found = yield* ladderSteps(file, s, r, fileIndent, budget);
    if (found.kind === 'ambiguous') return { ...found, part: k + 1 };
    if (isFoundButRefused(found)) return found;
    if (found.kind !== 'match') return { kind: 'none', part: k + 1 };
    regions.push(...found.regions);
  }
  for (let k = 1; k < regions.length; k++) {
    if ((regions[k]?.start ?? 0) < (regions[k - 1]?.end ?? 0)) {
      return {
        kind: 'bad-elision',
        message:
          'The parts between `...` lines were found out of order or overlapping; write them in file order.',
      };
    }
  }
  if (regions.length === 0) {
    // Every part is left as it is: nothing to do, but only if the parts are there at all.
    for (const [k, part] of sParts.entries()) {
      if (part.every(isBlank)) continue;
      const found = yield* ladderSteps(file, part, part, fileIndent, budget);
      if (found.kind !== 'match') return { kind: 'none', part: k + 1 };
    }
    return { kind: 'already-applied', line: 1 };
  }
  return { kind: 'match', method: 'elision', regions };
}

function splitOn(lines: readonly string[], isMarker: (line: string) => boolean): string[][] {
  const parts: string[][] = [[]];
  for (const line of lines) {
    if (isMarker(line)) parts.push([]);
    else parts[parts.length - 1]?.push(line);
  }
  return parts;
}

function sameIgnoringTrailingSpace(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line.trimEnd() === (b[i] ?? '').trimEnd());
}
