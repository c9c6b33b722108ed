/**
 * Who holds a claim, and until when, travels with the claim itself: the claiming JSON Patch also
 * writes System.History, which the service turns into a comment in the same atomic revision. The next
 * runner reads the newest marker comment to decide whether an `autofix:working` tag is live or
 * abandoned. The marker is plain visible text (rich-text sanitising on the service keeps it), so
 * humans see who is working on the ticket too.
 */
import { escapeHtml } from '../shared/html.js';

export interface ClaimMarker {
  /** Run URL or host name of the claimer. */
  readonly by: string;
  readonly claimedAt: Date;
  readonly leaseUntil: Date;
  /** Which attempt at the ticket this claim is (1 for the first); absent in markers older than attempt memory. */
  readonly attempt?: number;
}

const PREFIX = '[ticket-to-pr claim]';

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;|&apos;/g, "'")
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&amp;/g, '&');
}

/** The System.History HTML that records a claim. */
export function claimMarkerHtml(marker: ClaimMarker): string {
  return (
    `<p>${PREFIX} Working on this ticket: runner ${escapeHtml(marker.by)}; ` +
    `claimed at ${marker.claimedAt.toISOString()}; lease until ${marker.leaseUntil.toISOString()}` +
    `${marker.attempt === undefined ? '' : `; attempt ${marker.attempt}`}.</p>`
  );
}

/** A comment's visible text: tags dropped, entities decoded, whitespace folded. */
export function plainText(html: string): string {
  return unescapeHtml(html.replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The marker in a comment's HTML, or undefined when the comment is not a claim marker. */
export function parseClaimMarker(html: string): ClaimMarker | undefined {
  const text = plainText(html);
  if (!text.startsWith(PREFIX)) return undefined;
  const match =
    /Working on this ticket: runner (.*); claimed at (\S+); lease until (\S+?)(?:; attempt (\d+))?\.?$/.exec(
      text,
    );
  if (!match) return undefined;
  const claimedAt = new Date(match[2]!);
  const leaseUntil = new Date(match[3]!);
  if (Number.isNaN(claimedAt.getTime()) || Number.isNaN(leaseUntil.getTime())) return undefined;
  const marker = { by: match[1]!, claimedAt, leaseUntil };
  return match[4] === undefined ? marker : { ...marker, attempt: Number(match[4]) };
}

export function isClaimMarker(html: string): boolean {
  return parseClaimMarker(html) !== undefined;
}
