/**
 * Which inline CSS hides text from the person reading a ticket. Pure. Two kinds:
 * - a whole box is hidden and no descendant can show again (display:none, opacity:0, off-screen,
 *   clipped away, a zero-size box that hides its overflow, scaled to nothing);
 * - the text looks like nothing, but a descendant may undo it (visibility:hidden, transparent or
 *   background-coloured text, a tiny font): tracked as inherited state.
 */

export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

/** What the text inside an element inherits. */
export interface TextStyle {
  readonly color: Rgba;
  /** The nearest opaque background behind the text (the page is white). */
  readonly background: Rgba;
  readonly visible: boolean;
  readonly fontPx: number;
}

export const ROOT_STYLE: TextStyle = {
  color: { r: 0, g: 0, b: 0, a: 1 },
  background: { r: 255, g: 255, b: 255, a: 1 },
  visible: true,
  fontPx: 16,
};

/** Below this size text cannot be read. */
const TINY_FONT_PX = 4;
/** Offsets beyond this push a box out of the page. */
const OFF_SCREEN_PX = -500;
/** Opacity below this cannot be seen. */
const FAINT = 0.1;

const NAMED: Record<string, string> = {
  black: '000000',
  white: 'ffffff',
  snow: 'fffafa',
  ivory: 'fffff0',
  ghostwhite: 'f8f8ff',
  whitesmoke: 'f5f5f5',
  floralwhite: 'fffaf0',
  mintcream: 'f5fffa',
  azure: 'f0ffff',
  aliceblue: 'f0f8ff',
  seashell: 'fff5ee',
  honeydew: 'f0fff0',
  lavenderblush: 'fff0f5',
  linen: 'faf0e6',
  oldlace: 'fdf5e6',
  cornsilk: 'fff8dc',
  beige: 'f5f5dc',
  lightyellow: 'ffffe0',
  red: 'ff0000',
  green: '008000',
  blue: '0000ff',
  gray: '808080',
  grey: '808080',
  silver: 'c0c0c0',
  yellow: 'ffff00',
  orange: 'ffa500',
  navy: '000080',
  darkgray: 'a9a9a9',
  lightgray: 'd3d3d3',
};

/** CSS comments and escapes (`n\6f ne`, `\:`) removed, so a hidden declaration cannot hide. */
export function cssUnescape(value: string): string {
  return value
    .replace(/\/\*[^]*?(?:\*\/|$)/g, '')
    .replace(/\\([0-9a-f]{1,6})[ \t\n]?|\\(.)/gi, (_m, hex: string | undefined, ch: string) =>
      hex ? String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff) || 0xfffd) : ch,
    );
}

export function parseDeclarations(style: string): Map<string, string> {
  const declarations = new Map<string, string>();
  for (const declaration of cssUnescape(style).split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration
      .slice(colon + 1)
      .replace(/!\s*important/i, '')
      .trim()
      .toLowerCase();
    declarations.set(property, value);
  }
  return declarations;
}

function channel(text: string, max: number): number {
  const n = parseFloat(text);
  if (!Number.isFinite(n)) return NaN;
  return text.trim().endsWith('%') ? (n / 100) * max : n;
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [f(0) * 255, f(8) * 255, f(4) * 255];
}

export function parseColor(raw: string | undefined): Rgba | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim().toLowerCase();
  if (value === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const hex = NAMED[value] ?? (/^#([0-9a-f]{3,8})$/.exec(value)?.[1] || undefined);
  if (hex) {
    const full =
      hex.length === 3 || hex.length === 4
        ? [...hex].map((c) => c + c).join('')
        : hex.length === 6 || hex.length === 8
          ? hex
          : undefined;
    if (!full) return undefined;
    const at = (i: number) => parseInt(full.slice(i, i + 2), 16);
    return { r: at(0), g: at(2), b: at(4), a: full.length === 8 ? at(6) / 255 : 1 };
  }
  const fn = /^(rgba?|hsla?)\(([^)]*)\)$/.exec(value);
  if (!fn) return undefined;
  const parts = fn[2]!.split(/[\s,/]+/).filter(Boolean);
  if (parts.length < 3) return undefined;
  const alpha = parts[3] === undefined ? 1 : channel(parts[3], 1);
  let rgb: [number, number, number];
  if (fn[1]!.startsWith('rgb')) {
    rgb = [channel(parts[0]!, 255), channel(parts[1]!, 255), channel(parts[2]!, 255)];
  } else {
    rgb = hslToRgb(parseFloat(parts[0]!), channel(parts[1]!, 1), channel(parts[2]!, 1));
  }
  if ([...rgb, alpha].some((n) => !Number.isFinite(n))) return undefined;
  return { r: rgb[0], g: rgb[1], b: rgb[2], a: alpha };
}

/** A length in px; em and % relative to `fontPx`. */
export function parseLength(value: string | undefined, fontPx: number): number | undefined {
  if (value === undefined) return undefined;
  const m =
    /^([-+]?(?:\d+\.?\d*|\.\d+))(px|pt|pc|em|rem|ex|ch|%|in|cm|mm|q|vw|vh|vmin|vmax)?$/.exec(
      value.trim(),
    );
  if (!m) return undefined;
  const n = parseFloat(m[1]!);
  const unit = m[2] ?? 'px';
  const factor: Record<string, number> = {
    px: 1,
    pt: 4 / 3,
    pc: 16,
    em: fontPx,
    rem: 16,
    ex: fontPx / 2,
    ch: fontPx / 2,
    '%': fontPx / 100,
    in: 96,
    cm: 96 / 2.54,
    mm: 96 / 25.4,
    q: 96 / 101.6,
    vw: 12.8,
    vh: 7.2,
    vmin: 7.2,
    vmax: 12.8,
  };
  return n * factor[unit]!;
}

const FONT_KEYWORDS: Record<string, number> = {
  'xx-small': 9,
  'x-small': 10,
  small: 13,
  medium: 16,
  large: 18,
  'x-large': 24,
  'xx-large': 32,
  'xxx-large': 48,
};

function fontSizeOf(declarations: Map<string, string>, parentPx: number): number | undefined {
  let size = declarations.get('font-size');
  // `font: 0/0 a`: the size is the token before an optional `/line-height`.
  if (size === undefined && declarations.has('font')) {
    size = /(?:^|\s)([-+]?[\d.]+[a-z%]*)(?:\/\S+)?(?:\s|$)/.exec(declarations.get('font')!)?.[1];
  }
  if (size === undefined) return undefined;
  if (size in FONT_KEYWORDS) return FONT_KEYWORDS[size];
  if (size === 'smaller') return parentPx / 1.2;
  if (size === 'larger') return parentPx * 1.2;
  if (/^(?:min|max|clamp|calc)\(/.test(size)) {
    // A computed size: the smallest number in it bounds what min()/clamp() can give.
    const lengths = [...size.matchAll(/[-+]?[\d.]+[a-z%]*/g)]
      .map((m) => parseLength(m[0], parentPx))
      .filter((n): n is number => n !== undefined);
    return size.startsWith('max(') || lengths.length === 0 ? undefined : Math.min(...lengths);
  }
  return parseLength(size, parentPx);
}

function firstColorIn(value: string | undefined): Rgba | undefined {
  if (value === undefined) return undefined;
  const direct = parseColor(value);
  if (direct) return direct;
  for (const token of value.match(/#[0-9a-f]{3,8}|(?:rgba?|hsla?)\([^)]*\)|[a-z]+/g) ?? []) {
    const color = parseColor(token);
    if (color) return color;
  }
  return undefined;
}

function isZero(value: string | undefined, fontPx: number): boolean {
  const px = parseLength(value, fontPx);
  return px !== undefined && px <= 1;
}

function offScreen(value: string | undefined, fontPx: number): boolean {
  const px = parseLength(value, fontPx);
  return px !== undefined && px <= OFF_SCREEN_PX;
}

/** `rect(top, right, bottom, left)` that leaves at most one pixel. */
function clipRectHides(value: string | undefined, fontPx: number): boolean {
  const m = /^rect\(([^)]*)\)$/.exec(value ?? '');
  if (!m) return false;
  const [top, right, bottom, left] = m[1]!
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((v) => (v === 'auto' ? undefined : parseLength(v, fontPx)));
  const height = bottom !== undefined && top !== undefined ? bottom - top : Infinity;
  const width = right !== undefined && left !== undefined ? right - left : Infinity;
  return height <= 1 || width <= 1;
}

function clipPathHides(value: string | undefined): boolean {
  if (value === undefined) return false;
  const inset = /^inset\(\s*([\d.]+)%/.exec(value);
  if (inset) return parseFloat(inset[1]!) >= 50;
  if (/^(circle|ellipse)\(\s*0(?:px|%)?(?:\s+0(?:px|%)?)?\s*(?:at\b[^)]*)?\)/.test(value))
    return true;
  const polygon = /^polygon\(([^)]*)\)$/.exec(value);
  if (polygon) {
    const points = new Set(polygon[1]!.split(',').map((p) => p.trim().replace(/\s+/g, ' ')));
    return points.size <= 2;
  }
  return false;
}

/**
 * Why this element's whole box is hidden, or undefined. `style` is the element's inline style;
 * `fontPx` the font size it inherits.
 */
export function boxHiddenBy(declarations: Map<string, string>, fontPx: number): string | undefined {
  const d = (p: string) => declarations.get(p);
  if (d('display') === 'none') return 'display:none';
  if (d('content-visibility') === 'hidden') return 'content-visibility:hidden';
  const opacity = d('opacity');
  if (opacity !== undefined) {
    const n = channel(opacity, 1);
    if (Number.isFinite(n) && n < FAINT) return 'opacity:0';
  }
  if (/(?:^|\s)scale[xy]?\(\s*0*\.?0+\s*(?:,|\))/.test(d('transform') ?? '') || d('scale') === '0')
    return 'scaled to nothing';
  if (
    ['left', 'top', 'right', 'text-indent', 'margin-left', 'margin-top', 'inset'].some((p) =>
      offScreen(d(p)?.split(/\s+/)[0], fontPx),
    ) ||
    /translate[xy]?\(\s*-\d{3,}/.test(d('transform') ?? '')
  ) {
    const indent = offScreen(d('text-indent'), fontPx);
    const positioned = ['absolute', 'fixed', 'relative'].includes(d('position') ?? '');
    const margin = offScreen(d('margin-left'), fontPx) || offScreen(d('margin-top'), fontPx);
    if (indent || positioned || margin || /translate/.test(d('transform') ?? ''))
      return 'off-screen';
  }
  if (clipPathHides(d('clip-path'))) return 'clip-path';
  if (clipRectHides(d('clip'), fontPx)) return 'clip';
  const overflow = d('overflow') ?? d('overflow-x') ?? d('overflow-y');
  if (overflow === 'hidden' || overflow === 'clip') {
    const zeroHeight = isZero(d('height'), fontPx) || isZero(d('max-height'), fontPx);
    const zeroWidth = isZero(d('width'), fontPx) || isZero(d('max-width'), fontPx);
    if (zeroHeight || zeroWidth) return 'zero-size box';
  }
  return undefined;
}

/** The style the element's text inherits. `colorAttribute`: `<font color>`; `bgcolor` likewise. */
export function childStyle(
  parent: TextStyle,
  declarations: Map<string, string>,
  colorAttribute?: string,
  bgcolorAttribute?: string,
): TextStyle {
  const color =
    parseColor(declarations.get('-webkit-text-fill-color')) ??
    parseColor(declarations.get('color')) ??
    parseColor(colorAttribute) ??
    parent.color;
  const background =
    firstColorIn(declarations.get('background-color')) ??
    firstColorIn(declarations.get('background')) ??
    parseColor(bgcolorAttribute);
  const visibility = declarations.get('visibility');
  return {
    color,
    // A faint background does not change what the text stands out against.
    background: background && background.a >= 0.5 ? background : parent.background,
    visible:
      visibility === 'hidden' || visibility === 'collapse'
        ? false
        : visibility === 'visible'
          ? true
          : parent.visible,
    fontPx: fontSizeOf(declarations, parent.fontPx) ?? parent.fontPx,
  };
}

/** Why text in this style cannot be seen, or undefined when it can. */
export function textHiddenBy(style: TextStyle): string | undefined {
  if (!style.visible) return 'visibility:hidden';
  if (style.fontPx < TINY_FONT_PX) return 'tiny font';
  if (style.color.a < FAINT) return 'transparent text';
  const { color: c, background: b } = style;
  const near = Math.max(Math.abs(c.r - b.r), Math.abs(c.g - b.g), Math.abs(c.b - b.b)) <= 24;
  return near ? 'text coloured like its background' : undefined;
}
