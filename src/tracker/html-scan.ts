/**
 * One linear pass over untrusted HTML (or Markdown with inline HTML): comments, hidden elements and
 * hidden text removed, every element closed, nesting capped. Whatever the input, the work is
 * proportional to its length: each element is pushed and popped once, and a closing tag with no
 * open element of its name is dropped in O(1). The HTML parser that runs afterwards only ever sees
 * balanced, shallow HTML (node-html-parser 6.1.13 `parse` repairs unclosed tags in cubic time and
 * recurses once per level; see test/unit/tracker/html-scan.test.ts).
 */
import type { TextStyle } from './hidden-style.js';
import {
  ROOT_STYLE,
  boxHiddenBy,
  childStyle,
  parseDeclarations,
  textHiddenBy,
} from './hidden-style.js';

export interface ScanOptions {
  /** `html`: the output is rebuilt, balanced HTML. `markdown`: the input is kept as written, less what is hidden. */
  readonly mode: 'html' | 'markdown';
  /** Elements nested deeper than this are flattened: their tags dropped, their text kept. */
  readonly maxDepth: number;
  /** Drop `<details>` without `open` (review comments: a reviewer does not see them). */
  readonly dropCollapsedDetails?: boolean;
  /**
   * HTML mode: once a piece of output is this long, every open element is closed there and opened
   * again in the next piece, so no piece has more than this many characters of siblings.
   */
  readonly pieceChars?: number;
}

export interface ScanResult {
  /** The output, in pieces (one unless pieceChars split it), each balanced on its own. */
  readonly pieces: readonly string[];
  /** How text was hidden (e.g. `display:none`, `tiny font`), for the note that it was ignored. */
  readonly hidden: ReadonlySet<string>;
  /** Elements flattened below maxDepth. */
  readonly flattened: number;
}

/** Elements whose content is never shown as text. */
const NEVER_SHOWN = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'head',
  'title',
  'meta',
  'link',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'select',
  'textarea',
]);

/** Elements whose content is raw text up to their closing tag. */
const RAW_TEXT = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'noscript',
  'plaintext',
]);

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** Opening the key closes an open element of the listed names on top of the stack (as browsers do). */
const CLOSES_ON_OPEN: Record<string, readonly string[]> = {
  li: ['li'],
  dt: ['dt', 'dd'],
  dd: ['dt', 'dd'],
  tr: ['tr', 'td', 'th'],
  td: ['td', 'th'],
  th: ['td', 'th'],
  option: ['option'],
};
/** Block elements that close an open `<p>`. */
const CLOSES_P = new Set(
  'address article aside blockquote details div dl fieldset figure footer form h1 h2 h3 h4 h5 h6 header hr main nav ol p pre section table ul'.split(
    ' ',
  ),
);

interface Open {
  readonly name: string;
  readonly style: TextStyle;
  /** The tag as written, or undefined when it was not (flattened, skipped, or in markdown mode). */
  readonly emitted: string | undefined;
  /** This element and everything in it is hidden. */
  readonly skip: boolean;
}

const NAME = /[a-zA-Z][^\s/>]*/y;
const ATTRIBUTE = /[\s/]*([^\s/>][^\s/>=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?/y;

const ENTITIES: Record<string, string> = {
  colon: ':',
  semi: ';',
  lpar: '(',
  rpar: ')',
  num: '#',
  period: '.',
  comma: ',',
  quot: '"',
  apos: "'",
  amp: '&',
  lt: '<',
  gt: '>',
  nbsp: ' ',
  excl: '!',
  percnt: '%',
  sol: '/',
  bsol: '\\',
  newline: '\n',
  tab: '\t',
  hyphen: '-',
  dash: '-',
  plus: '+',
  equals: '=',
  ast: '*',
};

/** Character references in an attribute value, decoded as a browser does before reading CSS. */
export function decodeAttribute(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));?/gi, (whole, dec, hex, name) => {
    if (dec || hex) {
      const code = parseInt(dec ?? hex, dec ? 10 : 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    return ENTITIES[String(name).toLowerCase()] ?? whole;
  });
}

/** A raw attribute value (its references still encoded) placed between double quotes. */
function quoteAttribute(value: string): string {
  return value.replace(/"/g, '&quot;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** Positions of backtick runs, so each code span finds its closing run in amortised O(1). */
function backtickRuns(text: string): { next(at: number, length: number): number } {
  const byLength = new Map<number, number[]>();
  for (const m of text.matchAll(/`+/g)) {
    const list = byLength.get(m[0].length) ?? [];
    list.push(m.index);
    byLength.set(m[0].length, list);
  }
  const cursor = new Map<number, number>();
  return {
    next(at, length) {
      const list = byLength.get(length) ?? [];
      let i = cursor.get(length) ?? 0;
      while (i < list.length && list[i]! <= at) i++;
      cursor.set(length, i);
      return i < list.length ? list[i]! : -1;
    },
  };
}

export function scanHtml(input: string, options: ScanOptions): ScanResult {
  const markdown = options.mode === 'markdown';
  const pieces: string[] = [];
  let out: string[] = [];
  let outLength = 0;
  const emit = (chunk: string) => {
    out.push(chunk);
    outLength += chunk.length;
  };
  /** Ends the piece between two tokens when it is long enough: closes all, reopens in the next. */
  function maybeCut(): void {
    if (options.pieceChars === undefined || outLength < options.pieceChars) return;
    const reopen: string[] = [];
    for (let k = stack.length - 1; k >= 0; k--) {
      const element = stack[k]!;
      if (element.emitted === undefined) continue;
      out.push(`</${element.name}>`);
      reopen.push(element.emitted);
    }
    pieces.push(out.join(''));
    out = reopen.reverse();
    outLength = 0;
  }
  const hidden = new Set<string>();
  const stack: Open[] = [];
  const openCount = new Map<string, number>();
  let emittedDepth = 0;
  let flattened = 0;
  const runs = markdown ? backtickRuns(input) : undefined;

  const top = (): Open | undefined => stack[stack.length - 1];
  const style = (): TextStyle => top()?.style ?? ROOT_STYLE;
  const skipping = (): boolean => top()?.skip ?? false;

  function text(chunk: string): void {
    if (chunk === '' || skipping()) return;
    const why = textHiddenBy(style());
    if (why) {
      if (/\S/.test(chunk)) hidden.add(why);
      return;
    }
    emit(chunk);
  }

  function pop(): void {
    const element = stack.pop()!;
    openCount.set(element.name, openCount.get(element.name)! - 1);
    if (element.emitted !== undefined) {
      emit(`</${element.name}>`);
      emittedDepth--;
    }
  }

  /** Closes the nearest open element of this name (and what is open inside it); returns it. */
  function close(name: string): Open | undefined {
    if (!openCount.get(name)) return undefined;
    while (stack.length > 0) {
      const element = top()!;
      pop();
      if (element.name === name) return element;
    }
    return undefined;
  }

  function open(name: string, attributes: Map<string, string>, raw: string): void {
    const closes = CLOSES_ON_OPEN[name];
    if (closes?.includes(top()?.name ?? '')) pop();
    if (CLOSES_P.has(name) && top()?.name === 'p') pop();
    const declarations = parseDeclarations(decodeAttribute(attributes.get('style') ?? ''));
    const parent = style();
    let why: string | undefined;
    if (NEVER_SHOWN.has(name)) why = `<${name}>`;
    else if (attributes.has('hidden')) why = 'hidden attribute';
    else if ((attributes.get('aria-hidden') ?? '').toLowerCase() === 'true') why = 'aria-hidden';
    else if (name === 'input' && (attributes.get('type') ?? '').toLowerCase() === 'hidden')
      why = 'hidden input';
    else if (name === 'details' && options.dropCollapsedDetails && !attributes.has('open'))
      why = 'collapsed <details>';
    else why = boxHiddenBy(declarations, parent.fontPx);
    const skip = skipping() || why !== undefined;
    if (why !== undefined && !skipping()) hidden.add(why);
    if (VOID.has(name)) {
      if (skip) return;
      if (markdown) emit(raw);
      else emit(`<${name}${attributeText(attributes)}>`);
      return;
    }
    const childText = skip
      ? parent
      : childStyle(
          parent,
          declarations,
          name === 'font' ? decodeAttribute(attributes.get('color') ?? '') || undefined : undefined,
          decodeAttribute(attributes.get('bgcolor') ?? '') || undefined,
        );
    let emitted: string | undefined;
    if (!skip && !markdown) {
      if (emittedDepth < options.maxDepth) {
        emitted = `<${name}${attributeText(attributes)}>`;
        emit(emitted);
        emittedDepth++;
      } else {
        flattened++;
      }
    } else if (!skip && markdown) {
      emit(raw);
    }
    stack.push({ name, style: childText, emitted, skip });
    openCount.set(name, (openCount.get(name) ?? 0) + 1);
  }

  let i = 0;
  let textStart = 0;
  const flushText = (end: number) => {
    text(input.slice(textStart, end));
  };
  while (i < input.length) {
    if (textStart === i) maybeCut();
    const lt = input.indexOf('<', i);
    const tick = runs ? input.indexOf('`', i) : -1;
    if (runs && tick >= 0 && (lt < 0 || tick < lt)) {
      // A Markdown code span or fence: literal text, even when it shows a tag.
      let length = 1;
      while (input[tick + length] === '`') length++;
      const end = runs.next(tick, length);
      i = end < 0 ? tick + length : end + length;
      continue;
    }
    if (lt < 0) break;
    const next = input[lt + 1] ?? '';
    if (input.startsWith('<!--', lt)) {
      flushText(lt);
      const end = input.indexOf('-->', lt + 4);
      i = textStart = end < 0 ? input.length : end + 3;
      continue;
    }
    if (next === '!' || next === '?') {
      flushText(lt);
      const cdata = input.startsWith('<![CDATA[', lt) ? input.indexOf(']]>', lt) : -1;
      const end = cdata >= 0 ? cdata + 2 : input.indexOf('>', lt);
      i = textStart = end < 0 ? input.length : end + 1;
      continue;
    }
    const closing = next === '/';
    NAME.lastIndex = lt + (closing ? 2 : 1);
    const nameMatch = NAME.exec(input);
    if (!nameMatch) {
      // A lone `<` is text.
      if (!markdown) {
        flushText(lt);
        text('&lt;');
        textStart = lt + 1;
      }
      i = lt + 1;
      continue;
    }
    const name = nameMatch[0].toLowerCase();
    const attributes = new Map<string, string>();
    let at = NAME.lastIndex;
    for (;;) {
      ATTRIBUTE.lastIndex = at;
      const m = ATTRIBUTE.exec(input);
      if (!m || m[0] === '') break;
      const attrName = m[1]!.toLowerCase();
      if (!attributes.has(attrName)) attributes.set(attrName, m[2] ?? m[3] ?? m[4] ?? '');
      at = ATTRIBUTE.lastIndex;
    }
    while (at < input.length && (input[at] === '/' || /\s/.test(input[at]!))) at++;
    if (input[at] !== '>') {
      // No tag ends after this point: HTML drops the rest; in Markdown the rest is text (read
      // once, not again from every later `<`).
      if (!markdown) textStart = input.length;
      break;
    }
    flushText(lt);
    const raw = input.slice(lt, at + 1);
    i = textStart = at + 1;
    if (closing) {
      const wasSkipping = skipping();
      const closed = close(name);
      // Markdown keeps a closing tag as written, unless it belongs to what is hidden.
      if (markdown && (closed ? !closed.skip : !wasSkipping)) emit(raw);
      continue;
    }
    if (RAW_TEXT.has(name)) {
      const endTag = new RegExp(`</${name}[\\s/>]`, 'gi');
      endTag.lastIndex = i;
      const found = endTag.exec(input);
      const contentEnd = found ? found.index : input.length;
      open(name, attributes, raw);
      const content = input.slice(i, contentEnd);
      text(markdown ? content : escapeText(content));
      close(name);
      const after = found ? input.indexOf('>', found.index) : -1;
      i = textStart = after < 0 ? input.length : after + 1;
      if (markdown && found && !skipping() && !NEVER_SHOWN.has(name))
        emit(input.slice(found.index, i));
      continue;
    }
    open(name, attributes, raw);
  }
  flushText(input.length);
  while (stack.length > 0) pop();
  pieces.push(out.join(''));
  return { pieces, hidden, flattened };
}

function attributeText(attributes: ReadonlyMap<string, string>): string {
  let text = '';
  for (const [name, value] of attributes) {
    if (!/^[a-z][a-z0-9_:.-]*$/.test(name)) continue;
    text += value === '' ? ` ${name}` : ` ${name}="${quoteAttribute(value)}"`;
  }
  return text;
}
