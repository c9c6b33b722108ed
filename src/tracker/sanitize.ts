/**
 * Ticket text is untrusted: whoever can edit a work item can try to hide instructions for the model
 * in it. These pure functions turn a work item's HTML into the Markdown the model sees, without the
 * parts a human reading the ticket in the browser would not see.
 */
import { NodeHtmlMarkdown } from 'node-html-markdown';
import { scanHtml } from './html-scan.js';

/**
 * Characters that render as nothing (or reorder what is shown): zero-width spaces and joiners, the
 * byte-order mark, soft hyphen, bidirectional controls, invisible operators, variation selectors,
 * Hangul fillers, and the Unicode "tag" block used to smuggle ASCII.
 */
// Combining marks (U+034F, U+180B-F, U+FE00-F) sit outside the class: inside one they would attach
// to their neighbour (no-misleading-character-class).
const INVISIBLE =
  /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\u{E0000}-\u{E007F}]|\u034F|\u115F|\u1160|\u17B4|\u17B5|\u180B|\u180C|\u180D|\u180E|\u180F|\uFE00|\uFE01|\uFE02|\uFE03|\uFE04|\uFE05|\uFE06|\uFE07|\uFE08|\uFE09|\uFE0A|\uFE0B|\uFE0C|\uFE0D|\uFE0E|\uFE0F/gu;

/** Deeper nesting than this is flattened: real tickets stay far below it. */
export const MAX_HTML_DEPTH = 40;
/** Balanced HTML handed to the Markdown converter at a time. */
const HTML_PIECE_CHARS = 8_000;

export function stripInvisibleCharacters(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Text as the model may see it, with what was hidden and what was cut or flattened. */
export interface SanitizedText {
  readonly text: string;
  /** How text was hidden from a reader, e.g. `display:none`; empty when nothing was. */
  readonly hidden: readonly string[];
  /** Notes for the model and the log, e.g. "312 elements nested deeper than 40 levels were flattened". */
  readonly notes: readonly string[];
}

function tidy(markdown: string): string {
  return markdown
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function flattenedNote(flattened: number): string[] {
  return flattened > 0
    ? [
        `${flattened} HTML element(s) nested deeper than ${MAX_HTML_DEPTH} levels were flattened (their text kept, their structure lost)`,
      ]
    : [];
}

/**
 * Work item HTML → Markdown, without what a reader of the ticket cannot see: HTML comments, hidden
 * elements (display:none, the `hidden` attribute, opacity 0, off-screen, clipped, zero-size boxes,
 * scripts and styles), hidden text (visibility:hidden, transparent or background-coloured text, tiny
 * fonts) and invisible characters. Linear in the input: a hostile field cannot stall the job or
 * overflow the stack (see html-scan.ts). Pure; safe on malformed HTML.
 */
export function readTicketHtml(html: string): SanitizedText {
  if (!html) return { text: '', hidden: [], notes: [] };
  const scan = scanHtml(stripInvisibleCharacters(html), {
    mode: 'html',
    maxDepth: MAX_HTML_DEPTH,
    pieceChars: HTML_PIECE_CHARS,
  });
  // node-html-parser (under node-html-markdown) appends each child with a filter over its siblings:
  // quadratic in a piece, so pieces stay small and the whole stays linear.
  const markdown = scan.pieces
    .map((piece) => NodeHtmlMarkdown.translate(piece, { keepDataImages: false }))
    .join('\n\n');
  // Entities such as &#8203; decode into invisible characters only now.
  return {
    text: tidy(stripInvisibleCharacters(markdown)),
    hidden: [...scan.hidden],
    notes: flattenedNote(scan.flattened),
  };
}

/**
 * A field stored as Markdown (multilineFieldsFormat "markdown"), or a review comment: HTML
 * comments, invisible characters and inline HTML that hides text are removed; the rest is kept as
 * written (code spans too). `dropCollapsedDetails`: `<details>` a reader has not opened go as well.
 */
export function readTicketMarkdown(
  markdown: string,
  options: { readonly dropCollapsedDetails?: boolean } = {},
): SanitizedText {
  if (!markdown) return { text: '', hidden: [], notes: [] };
  const scan = scanHtml(stripInvisibleCharacters(markdown), {
    mode: 'markdown',
    maxDepth: MAX_HTML_DEPTH,
    ...options,
  });
  return { text: tidy(scan.pieces.join('')), hidden: [...scan.hidden], notes: [] };
}

export function sanitizeTicketMarkdown(markdown: string): string {
  return readTicketMarkdown(markdown).text;
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
