/** Work item JSON → Ticket: sanitised, budgeted text. Pure. */
import type { Ticket, TicketComment } from '../shared/ticket.js';
import { parseFailureMarker } from './attempts.js';
import { isClaimMarker } from './claim-marker.js';
import type { SanitizedText } from './sanitize.js';
import {
  readTicketHtml,
  readTicketMarkdown,
  stripInvisibleCharacters,
  truncateText,
} from './sanitize.js';

/** Character budgets per field; the model's prompt budget is counted later, these keep one field from crowding out the rest. */
export interface TicketTextBudgets {
  readonly title: number;
  readonly description: number;
  readonly reproSteps: number;
  readonly acceptanceCriteria: number;
  /** How many of the newest comments are kept. */
  readonly comments: number;
  readonly commentText: number;
}

export const DEFAULT_TICKET_BUDGETS: TicketTextBudgets = {
  title: 300,
  description: 8_000,
  reproSteps: 6_000,
  acceptanceCriteria: 4_000,
  comments: 5,
  commentText: 1_500,
};

/**
 * Raw HTML larger than this is cut before it is read (and the cut is noted for the model and the
 * log): reading is linear, this bounds the constant. Far above what the text budgets keep.
 */
export const MAX_RAW_HTML = 300_000;

export interface RawWorkItem {
  readonly id?: number;
  readonly rev?: number;
  readonly fields?: Record<string, unknown>;
  /** Present when the service stores some long-text fields as Markdown. */
  readonly multilineFieldsFormat?: Record<string, string>;
}

export interface RawComment {
  readonly text?: string;
  readonly createdDate?: Date | string;
  readonly createdBy?: { displayName?: string };
}

export const FIELDS = {
  title: 'System.Title',
  type: 'System.WorkItemType',
  state: 'System.State',
  tags: 'System.Tags',
  areaPath: 'System.AreaPath',
  priority: 'Microsoft.VSTS.Common.Priority',
  description: 'System.Description',
  reproSteps: 'Microsoft.VSTS.TCM.ReproSteps',
  acceptanceCriteria: 'Microsoft.VSTS.Common.AcceptanceCriteria',
  changedDate: 'System.ChangedDate',
} as const;

export function tagsOf(item: RawWorkItem): string[] {
  const raw = item.fields?.[FIELDS.tags];
  return typeof raw === 'string'
    ? raw
        .split(';')
        .map((t) => t.trim())
        .filter(Boolean)
    : [];
}

function stringField(item: RawWorkItem, field: string): string {
  const value = item.fields?.[field];
  return typeof value === 'string'
    ? value
    : value === undefined || value === null
      ? ''
      : String(value);
}

/** Collects how text was hidden, across the fields and comments of one ticket. */
function noteHidden(read: SanitizedText, where: string, hidden: Map<string, Set<string>>): string {
  if (read.hidden.length > 0) {
    const ways = hidden.get(where) ?? new Set<string>();
    for (const way of read.hidden) ways.add(way);
    hidden.set(where, ways);
  }
  return read.text;
}

/** A long-text field as Markdown, sanitised by its stored format. */
export function longTextField(
  item: RawWorkItem,
  field: string,
  truncations: string[],
  hidden: Map<string, Set<string>> = new Map(),
): string {
  const format = Object.entries(item.multilineFieldsFormat ?? {}).find(
    ([name]) => name.toLowerCase() === field.toLowerCase(),
  )?.[1];
  const markdown = format?.toLowerCase() === 'markdown';
  return readCapped(stringField(item, field), field, markdown, truncations, hidden);
}

/**
 * Untrusted text read as the model may see it: cut at MAX_RAW_HTML first, then sanitised; the cut,
 * what was flattened and where text was hidden are recorded under `label`.
 */
function readCapped(
  text: string,
  label: string,
  markdown: boolean,
  truncations: string[],
  hidden: Map<string, Set<string>>,
): string {
  let raw = text;
  if (raw.length > MAX_RAW_HTML) {
    truncations.push(`${label} cut at ${MAX_RAW_HTML} of ${raw.length} characters before reading`);
    raw = raw.slice(0, MAX_RAW_HTML);
  }
  const read = markdown ? readTicketMarkdown(raw) : readTicketHtml(raw);
  truncations.push(...read.notes.map((note) => `${label}: ${note}`));
  return noteHidden(read, label, hidden);
}

/** "System.Description (display:none, tiny font)" for each place text was hidden. */
function hiddenNotes(hidden: Map<string, Set<string>>): string[] {
  return [...hidden].map(([where, ways]) => `${where} (${[...ways].join(', ')})`);
}

function budgeted(text: string, budget: number, label: string, truncations: string[]): string {
  const result = truncateText(text, budget, label);
  if (result.note) truncations.push(result.note);
  return result.text;
}

export function toTicket(
  item: RawWorkItem,
  comments: readonly RawComment[],
  webUrl: string,
  budgets: TicketTextBudgets = DEFAULT_TICKET_BUDGETS,
): Ticket {
  const truncations: string[] = [];
  const hidden = new Map<string, Set<string>>();
  const priority = Number(item.fields?.[FIELDS.priority]);
  // Newest first from the service; the pipeline reads them oldest first. Our own claim markers are noise.
  // Our own bookkeeping (claim and attempt markers) is not part of the ticket.
  const kept = comments
    .filter((c) => c.text && !isClaimMarker(c.text) && !parseFailureMarker(c.text))
    .slice(0, budgets.comments);
  const ticketComments: TicketComment[] = kept.reverse().map((c, index) => ({
    author: stripInvisibleCharacters(c.createdBy?.displayName ?? 'unknown'),
    date: c.createdDate instanceof Date ? c.createdDate.toISOString() : String(c.createdDate ?? ''),
    text: budgeted(
      readCapped(c.text ?? '', `comment ${index + 1}`, false, truncations, hidden),
      budgets.commentText,
      `comment ${index + 1}`,
      truncations,
    ),
  }));
  return {
    id: Number(item.id),
    rev: Number(item.rev),
    title: budgeted(
      stripInvisibleCharacters(stringField(item, FIELDS.title)).trim(),
      budgets.title,
      'title',
      truncations,
    ),
    type: stringField(item, FIELDS.type),
    state: stringField(item, FIELDS.state),
    ...(Number.isFinite(priority) && item.fields?.[FIELDS.priority] !== undefined
      ? { priority }
      : {}),
    areaPath: stringField(item, FIELDS.areaPath),
    tags: tagsOf(item),
    webUrl,
    description: budgeted(
      longTextField(item, FIELDS.description, truncations, hidden),
      budgets.description,
      'description',
      truncations,
    ),
    reproSteps: budgeted(
      longTextField(item, FIELDS.reproSteps, truncations, hidden),
      budgets.reproSteps,
      'repro steps',
      truncations,
    ),
    acceptanceCriteria: budgeted(
      longTextField(item, FIELDS.acceptanceCriteria, truncations, hidden),
      budgets.acceptanceCriteria,
      'acceptance criteria',
      truncations,
    ),
    comments: ticketComments,
    truncations,
    ...(hidden.size > 0 ? { hiddenText: hiddenNotes(hidden) } : {}),
  };
}
