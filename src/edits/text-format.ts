import type { FileText } from './types.js';

const BOM = '\uFEFF';

/** How a file is written on disk, so an edited file keeps it. */
export interface FileStyle {
  readonly bom: boolean;
  readonly eol: '\n' | '\r\n';
  readonly finalNewline: boolean;
  readonly indent: IndentStyle;
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
  return { text, style: { bom, eol, finalNewline, indent: detectIndent(lines) } };
}

/** Joins lines back in the file's own style. */
export function encodeText(text: FileText, style: FileStyle): string {
  const body =
    text.lines.join(style.eol) + (text.finalNewline && text.lines.length > 0 ? style.eol : '');
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
