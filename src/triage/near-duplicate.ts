import MiniSearch from 'minisearch';
import type { HandledTicket } from '../tracker/tracker.js';

export interface NearDuplicate {
  readonly twin: HandledTicket;
  /** BM25 score of the ticket against the twin, relative to the twin's score against itself (0..1+). */
  readonly similarity: number;
}

/** Above this relative score two tickets are treated as the same request. */
export const DEFAULT_DUPLICATE_THRESHOLD = 0.6;

/**
 * Finds a recently handled ticket that reads like this one (BM25 via MiniSearch). Raw BM25 scores
 * are not comparable across documents, so each hit's score is divided by the score the twin gets
 * when it is its own query, and the check only fires when both directions agree.
 */
export function findNearDuplicate(
  ticket: { readonly id: number; readonly title: string; readonly text: string },
  recent: readonly HandledTicket[],
  threshold = DEFAULT_DUPLICATE_THRESHOLD,
): NearDuplicate | undefined {
  const candidates = recent.filter((handled) => handled.id !== ticket.id);
  if (candidates.length === 0) return undefined;
  const documents = [
    ...candidates,
    { id: ticket.id, title: ticket.title, text: ticket.text, webUrl: '' },
  ];
  const index = new MiniSearch<HandledTicket>({
    fields: ['title', 'text'],
    storeFields: [],
    idField: 'id',
  });
  index.addAll(documents);
  const options = { boost: { title: 2 }, combineWith: 'OR' as const };
  const scoreOf = (query: string, id: number): number =>
    index.search(query, options).find((result) => result.id === id)?.score ?? 0;

  const query = `${ticket.title}\n${ticket.text}`;
  const selfScore = scoreOf(query, ticket.id);
  let best: NearDuplicate | undefined;
  for (const twin of candidates) {
    const twinQuery = `${twin.title}\n${twin.text}`;
    const forward = scoreOf(query, twin.id) / Math.max(scoreOf(twinQuery, twin.id), Number.EPSILON);
    const backward = scoreOf(twinQuery, ticket.id) / Math.max(selfScore, Number.EPSILON);
    const similarity = Math.min(forward, backward);
    if (similarity >= threshold && (!best || similarity > best.similarity))
      best = { twin, similarity };
  }
  return best;
}
