/**
 * ticket-to-pr's memory on a pull request: every reply it posts carries a hidden marker with the
 * revision's number and the comments it answers. Only comments by the job's own identity are read
 * as markers, since nobody else can post as it, so no other state is needed, the count survives
 * across runs, and "new" does not depend on timestamps (GitHub's have one-second resolution).
 */

/** Posted with every reply of revision `n` (1-based), naming the comments it answers. */
export function revisionMarker(n: number, answered: readonly string[] = []): string {
  const ids = answered.map((id) => encodeURIComponent(id)).join(' ');
  return `<!-- ticket-to-pr:revision ${n}${ids ? ` answered ${ids}` : ''} -->`;
}

/** Posted once, with the comment saying a human should take over. */
export const REVISION_LIMIT_MARKER = '<!-- ticket-to-pr:revision-limit -->';

export interface RevisionMark {
  /** Highest revision number marked. */
  readonly revision: number;
  readonly answered: readonly string[];
}

/**
 * ticket-to-pr ends each of its own comments with its marker. Text it quotes before that (the edit
 * model's account, a reviewer's words) can hold marker look-alikes; reading only the marker that
 * ends the comment keeps them from advancing the count or marking a comment answered.
 */
function ending(body: string): string {
  return body.trimEnd();
}

/** The revision mark that ends a comment, or undefined when it does not end with one. */
export function revisionMarkIn(body: string): RevisionMark | undefined {
  const match = /<!--\s*ticket-to-pr:revision (\d+)(?: answered ([^\s>][^>]*?))?\s*-->$/.exec(
    ending(body),
  );
  if (!match) return undefined;
  const answered: string[] = [];
  for (const id of (match[2] ?? '').split(' ').filter(Boolean)) {
    try {
      answered.push(decodeURIComponent(id));
    } catch {
      // Not one of ours: a marker is written only by revisionMarker.
    }
  }
  return { revision: Number(match[1]), answered };
}

export function holdsLimitMarker(body: string): boolean {
  return ending(body).endsWith(REVISION_LIMIT_MARKER);
}

/** Untrusted text shown in one of ticket-to-pr's comments, with no HTML comment left to hide a marker in. */
export function withoutHtmlComments(text: string): string {
  return text.replace(/<!--/g, '&lt;!--');
}
