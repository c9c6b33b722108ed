/**
 * Attempt memory, kept on the ticket itself (the tracker is the only durable state; a runner's
 * disk is not). Every claim marker says which attempt it is; every failed attempt (an operator
 * outcome after the claim) is released with a failure marker comment saying why and when the ticket
 * is eligible again. The next run reads both from the newest comments, so a ticket whose prompt
 * reliably breaks the server is passed over during its backoff instead of blocking the queue, and
 * is settled `autofix:needs-human` after `max-attempts` failures.
 *
 * Markers are plain visible text that must START with their exact prefix (like the claim marker),
 * and a failure counts only when it answers the claim of the same attempt by the same author: a
 * human quoting or forging a marker adds no failure. (Whoever may comment on a work item may also
 * edit its tags, so a forged claim that restarts the count gives nobody a power they lacked.)
 */
import { escapeHtml } from '../shared/html.js';
import { cutAtWord, inlineHtml, splitRemedy } from '../shared/people-html.js';
import { STATUS_TAGS } from '../shared/outcome.js';
import type { ClaimMarker } from './claim-marker.js';
import { parseClaimMarker, plainText } from './claim-marker.js';

/** Why an attempt failed: the job's operator outcome and its one-sentence reason (secrets masked). */
export interface AttemptFailure {
  readonly outcome: string;
  readonly reason: string;
}

export interface FailureMarker extends AttemptFailure {
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly failedAt: Date;
  /** When the ticket may be picked again; undefined when this failure settled the ticket. */
  readonly eligibleAt?: Date;
}

/** A comment as the tracker reads it: its HTML and who wrote it. */
export interface MarkerComment {
  readonly html: string;
  readonly authorId?: string;
}

export interface AttemptHistory {
  /** The failed attempts since the ticket last started afresh, oldest first. */
  readonly failures: readonly FailureMarker[];
  /** The attempt number the next claim gets. */
  readonly nextAttempt: number;
  /** Until when the ticket is backed off (the newest failure's eligibility), if it failed before. */
  readonly eligibleAt?: Date;
}

const PREFIX = '[ticket-to-pr attempt]';
const HOUR = 3_600_000;
/** The reason is cut to this many characters in a comment: the job summary has the whole story. */
const REASON_LIMIT = 400;

/** The backoff after failed attempt `attempt` (1-based): 1 h, 4 h, 16 h, then at most 24 h. */
export function backoffMs(attempt: number): number {
  return Math.min(24 * HOUR, HOUR * 4 ** Math.max(0, attempt - 1));
}

/** What happened, cut at a word end: what would help is listed apart and kept whole. */
function shortReason(reason: string): string {
  return cutAtWord(splitRemedy(reason).cause, REASON_LIMIT);
}

/** "What would help" as a short list, when the reason names remedies. */
function remedyList(reason: string): string {
  const { remedies } = splitRemedy(reason);
  if (remedies.length === 0) return '';
  return `<p><b>What would help:</b></p><ul>${remedies.map((r) => `<li>${inlineHtml(r)}</li>`).join('')}</ul>`;
}

function markerSentence(marker: FailureMarker): string {
  const next = marker.eligibleAt
    ? `eligible again after ${marker.eligibleAt.toISOString()}`
    : `settled ${STATUS_TAGS.needsHuman}`;
  return (
    `${PREFIX} Attempt ${marker.attempt} of ${marker.maxAttempts} failed (${marker.outcome}) ` +
    `at ${marker.failedAt.toISOString()}; ${next}. Reason: ${shortReason(marker.reason)}`
  );
}

/**
 * The System.History HTML that releases a ticket after a failed attempt: the marker sentence in
 * the first paragraph (the only part read back), then what would help as a list.
 */
export function failureMarkerHtml(marker: FailureMarker): string {
  return `<p>${escapeHtml(markerSentence(marker))}</p>${remedyList(marker.reason)}`;
}

/** The comment that settles a ticket `autofix:needs-human` after its last allowed failure: every attempt's failure. */
export function settledAfterAttemptsHtml(
  last: FailureMarker,
  earlier: readonly FailureMarker[],
): string {
  const items = [...earlier, last]
    .map(
      (f) =>
        `<li>Attempt ${f.attempt}: ${escapeHtml(f.outcome)} at ${f.failedAt.toISOString()}: ${escapeHtml(shortReason(f.reason))}</li>`,
    )
    .join('');
  return (
    `${failureMarkerHtml(last)}<p>ticket-to-pr gave up on this ticket after ${earlier.length + 1} failed attempt(s):</p>` +
    `<ul>${items}</ul><p>Each failure was on the runner's side, not a verdict on the ticket. ` +
    `Fix the cause, then remove the ${STATUS_TAGS.needsHuman} tag (or dispatch the job with this ticket-id) to start again.</p>`
  );
}

/** The failure marker in a comment's HTML, or undefined when the comment is not one. */
export function parseFailureMarker(html: string): FailureMarker | undefined {
  // Only the first paragraph is the marker; what follows it (what would help, the history) is not.
  const text = plainText(/^\s*<p>([^]*?)<\/p>/i.exec(html)?.[1] ?? html);
  if (!text.startsWith(PREFIX)) return undefined;
  const match =
    /^ Attempt (\d+) of (\d+) failed \(([a-z-]+)\) at (\S+); (?:eligible again after (\S+)|settled autofix:needs-human)\. Reason: (.*)$/.exec(
      text.slice(PREFIX.length),
    );
  if (!match) return undefined;
  const failedAt = new Date(match[4]!);
  const eligibleAt = match[5] === undefined ? undefined : new Date(match[5]);
  if (Number.isNaN(failedAt.getTime()) || (eligibleAt && Number.isNaN(eligibleAt.getTime())))
    return undefined;
  return {
    attempt: Number(match[1]),
    maxAttempts: Number(match[2]),
    outcome: match[3]!,
    failedAt,
    ...(eligibleAt ? { eligibleAt } : {}),
    reason: match[6]!,
  };
}

/**
 * The attempt history from a ticket's comments, newest first. Walking back in time, each claim
 * marker is paired with the failure marker that released it; the history ends at a claim that
 * ended otherwise (a settled or successful run: the ticket starts afresh after it), or at a failure
 * that settled the ticket. `takingOver`: the ticket still carries `autofix:working` from a runner
 * that died, so its newest claim ended without a verdict and neither counts nor ends the history.
 */
export function attemptHistory(
  commentsNewestFirst: readonly MarkerComment[],
  takingOver = false,
): AttemptHistory {
  const failures: FailureMarker[] = [];
  let pending: { marker: FailureMarker; authorId?: string } | undefined;
  let skipAbandoned = takingOver;
  for (const comment of commentsNewestFirst) {
    const failure = parseFailureMarker(comment.html);
    if (failure) {
      if (!failure.eligibleAt) break; // it settled the ticket: what came before is history
      pending ??= { marker: failure, authorId: comment.authorId };
      continue;
    }
    const claim: ClaimMarker | undefined = parseClaimMarker(comment.html);
    if (!claim) continue;
    const abandoned = skipAbandoned && !pending;
    skipAbandoned = false;
    if (
      pending &&
      claim.attempt === pending.marker.attempt &&
      pending.authorId === comment.authorId
    ) {
      failures.unshift(pending.marker);
      pending = undefined;
      continue;
    }
    if (abandoned) continue;
    break;
  }
  const eligibleAt = failures.at(-1)?.eligibleAt;
  return {
    failures,
    nextAttempt: failures.length + 1,
    ...(eligibleAt ? { eligibleAt } : {}),
  };
}
