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

/** The revision marks in a comment, or undefined when it holds none. */
export function revisionMarkIn(body: string): RevisionMark | undefined {
  let revision: number | undefined;
  const answered: string[] = [];
  for (const match of body.matchAll(
    /<!--\s*ticket-to-pr:revision (\d+)(?: answered ([^\s>][^>]*?))?\s*-->/g,
  )) {
    const n = Number(match[1]);
    if (revision === undefined || n > revision) revision = n;
    for (const id of (match[2] ?? '').split(' ').filter(Boolean)) {
      try {
        answered.push(decodeURIComponent(id));
      } catch {
        // Not one of ours: a marker is written only by revisionMarker.
      }
    }
  }
  return revision === undefined ? undefined : { revision, answered };
}

export function holdsLimitMarker(body: string): boolean {
  return body.includes(REVISION_LIMIT_MARKER);
}
