/**
 * Ticket text is untrusted: whoever can edit a work item can try to hide instructions for the model
 * in it. These pure functions turn a work item's HTML into the Markdown the model sees, without the
 * parts a human reading the ticket in the browser would not see.
 */
import { NodeHtmlMarkdown } from 'node-html-markdown';
// node-html-markdown parses with node-html-parser; using the same parser means we remove exactly the
// nodes it would otherwise convert.
import { parse } from 'node-html-parser';
import type { HTMLElement } from 'node-html-parser';

/**
 * Characters that render as nothing (or reorder what is shown): zero-width spaces and joiners, the
 * byte-order mark, soft hyphen, bidirectional controls, invisible operators, variation selectors,
 * Hangul fillers, and the Unicode "tag" block used to smuggle ASCII.
 */
// Combining marks (U+034F, U+180B-F, U+FE00-F) sit outside the class: inside one they would attach
// to their neighbour (no-misleading-character-class).
const INVISIBLE =
  /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\u{E0000}-\u{E007F}]|\u034F|\u115F|\u1160|\u17B4|\u17B5|\u180B|\u180C|\u180D|\u180E|\u180F|\uFE00|\uFE01|\uFE02|\uFE03|\uFE04|\uFE05|\uFE06|\uFE07|\uFE08|\uFE09|\uFE0A|\uFE0B|\uFE0C|\uFE0D|\uFE0E|\uFE0F/gu;

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

/** True when inline CSS hides the element's text from a reader. */
function styleHides(style: string): boolean {
  const declarations = new Map<string, string>();
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration
      .slice(colon + 1)
      .replace(/!important/i, '')
      .trim()
      .toLowerCase();
    declarations.set(property, value);
  }
  const zero = (property: string) => {
    const value = declarations.get(property);
    return value !== undefined && /^[-+]?0*\.?0+[a-z%]*$/.test(value);
  };
  return (
    declarations.get('display') === 'none' ||
    ['hidden', 'collapse'].includes(declarations.get('visibility') ?? '') ||
    declarations.get('content-visibility') === 'hidden' ||
    zero('opacity') ||
    zero('font-size') ||
    ((zero('height') || zero('max-height')) && declarations.get('overflow') === 'hidden')
  );
}

const COMMENT = /<!--[^]*?(?:-->|$)|<!\[CDATA\[[^]*?\]\]>|<![^>]*>|<\?[^>]*>/g;

export function stripInvisibleCharacters(text: string): string {
  return text.replace(INVISIBLE, '');
}

function isHidden(element: HTMLElement): boolean {
  const tag = element.tagName?.toLowerCase() ?? '';
  if (NEVER_SHOWN.has(tag)) return true;
  if (element.hasAttribute('hidden')) return true;
  if ((element.getAttribute('aria-hidden') ?? '').toLowerCase() === 'true') return true;
  if (tag === 'input' && (element.getAttribute('type') ?? '').toLowerCase() === 'hidden')
    return true;
  const style = element.getAttribute('style');
  return style !== undefined && styleHides(style);
}

function removeHidden(element: HTMLElement): void {
  for (const child of [...element.childNodes]) {
    if (child.nodeType !== 1) continue;
    const childElement = child as HTMLElement;
    if (isHidden(childElement)) childElement.remove();
    else removeHidden(childElement);
  }
}

function tidy(markdown: string): string {
  return markdown
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Work item HTML → Markdown, without HTML comments, hidden elements (display:none, visibility:hidden,
 * zero size or opacity, the `hidden` attribute, aria-hidden, scripts and styles) and invisible
 * characters. Pure; safe on malformed HTML.
 */
export function sanitizeTicketHtml(html: string): string {
  if (!html) return '';
  const visible = stripInvisibleCharacters(html).replace(COMMENT, '');
  const root = parse(visible, { comment: false, lowerCaseTagName: false });
  removeHidden(root);
  const markdown = NodeHtmlMarkdown.translate(root.toString(), { keepDataImages: false });
  // Entities such as &#8203; decode into invisible characters only now.
  return tidy(stripInvisibleCharacters(markdown));
}

/**
 * A field stored as Markdown (multilineFieldsFormat "markdown"): HTML comments and invisible
 * characters are removed; inline HTML elements that hide text are removed too.
 */
export function sanitizeTicketMarkdown(markdown: string): string {
  if (!markdown) return '';
  const visible = stripInvisibleCharacters(markdown).replace(COMMENT, '');
  const withoutHidden = visible.replace(
    /<([a-z][a-z0-9]*)\b([^>]*)>[^]*?<\/\1\s*>/gi,
    (element: string, tag: string, attributes: string) => {
      const root = parse(`<${tag}${attributes}></${tag}>`);
      const first = root.firstChild as HTMLElement | undefined;
      return first && first.nodeType === 1 && isHidden(first) ? '' : element;
    },
  );
  return tidy(withoutHidden);
}

export interface Truncated {
  readonly text: string;
  /** Set when the text was cut, e.g. "description truncated at 8000 of 200000 characters". */
  readonly note?: string;
}

/**
 * Cuts `text` to at most `budget` characters, at a line or word boundary when one is near, and says
 * so both in the text (for the model) and in `note` (for Ticket.truncations).
 */
export function truncateText(text: string, budget: number, label: string): Truncated {
  if (text.length <= budget) return { text };
  let cut = text.lastIndexOf('\n', budget);
  if (cut < budget * 0.8) cut = text.lastIndexOf(' ', budget);
  if (cut < budget * 0.8) cut = budget;
  const note = `${label} truncated at ${cut} of ${text.length} characters`;
  return { text: `${text.slice(0, cut).trimEnd()}\n\n[… ${note}]`, note };
}
