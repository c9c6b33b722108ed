import { diffLines } from './diff.js';
import type { FileText } from './types.js';

const BOM = '\uFEFF';

/** How a file is written on disk, so an edited file keeps it. */
export interface FileStyle {
  readonly bom: boolean;
  readonly eol: '\n' | '\r\n';
  readonly finalNewline: boolean;
  readonly indent: IndentStyle;
  /**
   * Set only for a file that mixes CRLF and LF: its lines as read and whether each ended in CRLF,
   * so that lines an edit leaves alone keep their own ending when the file is written back.
   */
  readonly mixedEnds?: { readonly lines: readonly string[]; readonly crlf: readonly boolean[] };
}

/** 'tab', or the width of one indentation level in spaces; 'unknown' when the file has no indented lines. */
export type IndentStyle = 'tab' | number | 'unknown';

/** Splits raw file text into lines, remembering BOM, line ending and final newline. */
export function decodeText(raw: string): { text: FileText; style: FileStyle } {
  const bom = raw.startsWith(BOM);
  const body = bom ? raw.slice(1) : raw;
  const crlf = (body.match(/\r\n/g) ?? []).length;
  const lf = (body.match(/\n/g) ?? []).length;
  // A file is CRLF when most of its line ends are; mixed files keep their majority style.
  const eol: '\n' | '\r\n' = crlf > 0 && crlf * 2 >= lf ? '\r\n' : '\n';
  const lines = splitLines(body);
  const finalNewline = body.endsWith('\n');
  if (finalNewline) lines.pop();
  const text = { lines, finalNewline };
  const style: FileStyle = { bom, eol, finalNewline, indent: detectIndent(lines) };
  if (crlf === 0 || crlf === lf) return { text, style };
  const crlfAt = body.split('\n').map((line) => line.endsWith('\r'));
  return { text, style: { ...style, mixedEnds: { lines, crlf: crlfAt.slice(0, lines.length) } } };
}

/** Joins lines back in the file's own style; unchanged lines of a mixed file keep their own ending. */
export function encodeText(text: FileText, style: FileStyle): string {
  const { lines } = text;
  const ends: string[] = lines.map(() => style.eol);
  if (style.mixedEnds) {
    const { lines: read, crlf } = style.mixedEnds;
    for (const op of diffLines(read, lines))
      if (op.op === 'equal') ends[op.b] = crlf[op.a] ? '\r\n' : '\n';
  }
  let body = '';
  lines.forEach((line, i) => {
    const last = i === lines.length - 1;
    body += line + (last && !text.finalNewline ? '' : (ends[i] ?? style.eol));
  });
  return (style.bom ? BOM : '') + body;
}

/** Lines of a text with any line ending (\n or \r\n); a trailing newline gives a last empty line. */
export function splitLines(text: string): string[] {
  return text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

export function leadingWhitespace(line: string): string {
  return line.slice(0, line.length - line.trimStart().length);
}

/** Two texts as lines, equal line for line. */
export function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

export function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Tabs, or the most common step between the indentation widths of neighbouring lines. */
export function detectIndent(lines: readonly string[]): IndentStyle {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  for (const line of lines) {
    if (isBlank(line)) continue;
    const ws = leadingWhitespace(line);
    if (ws.startsWith('\t')) tabs++;
    else if (ws.startsWith(' ')) spaces++;
    if (ws.includes('\t')) continue;
    const width = ws.length;
    const step = Math.abs(width - previous);
    if (step >= 2 && step <= 8) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = width;
  }
  if (tabs === 0 && spaces === 0) return 'unknown';
  if (tabs > spaces) return 'tab';
  let best = 0;
  let bestCount = 0;
  for (const [step, count] of steps) {
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  return best === 0 ? 'unknown' : best;
}

/**
 * Rewrites the leading indentation of `lines` from the style `from` into `to` (tabs ↔ spaces),
 * keeping the nesting depth. Lines are returned unchanged when either style is unknown or both agree.
 */
export function convertIndent(
  lines: readonly string[],
  from: IndentStyle,
  to: IndentStyle,
): string[] {
  if (from === 'unknown' || to === 'unknown' || from === to) return [...lines];
  return lines.map((line) => {
    const ws = leadingWhitespace(line);
    if (ws === '') return line;
    let columns = 0;
    for (const ch of ws)
      columns += ch === '\t' ? (from === 'tab' ? 1 : from) : from === 'tab' ? 0 : 1;
    // Spaces inside a tab-indented line (alignment) count as a fraction of a level; keep them as spaces.
    const spacesInTabbed = from === 'tab' ? [...ws].filter((ch) => ch === ' ').length : 0;
    const levels = from === 'tab' ? columns : Math.floor(columns / from);
    const remainder = from === 'tab' ? spacesInTabbed : columns % from;
    const prefix = to === 'tab' ? '\t'.repeat(levels) : ' '.repeat(levels * to);
    return prefix + ' '.repeat(remainder) + line.slice(ws.length);
  });
}
