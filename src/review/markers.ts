/**
 * ticket-to-pr's memory on a pull request: every reply it posts carries a hidden marker. Only
 * comments by the job's own identity are read as markers, since nobody else can post as it, so no
 * other state is needed and the count survives across runs.
 */

/** Posted with every reply of revision `n` (1-based). */
export function revisionMarker(n: number): string {
  return `<!-- ticket-to-pr:revision ${n} -->`;
}

/** Posted once, with the comment saying a human should take over. */
export const REVISION_LIMIT_MARKER = '<!-- ticket-to-pr:revision-limit -->';

/** The highest revision number marked in a comment, or undefined when it holds none. */
export function revisionNumberIn(body: string): number | undefined {
  let highest: number | undefined;
  for (const match of body.matchAll(/<!--\s*ticket-to-pr:revision (\d+)\s*-->/g)) {
    const n = Number(match[1]);
    if (highest === undefined || n > highest) highest = n;
  }
  return highest;
}

export function holdsLimitMarker(body: string): boolean {
  return body.includes(REVISION_LIMIT_MARKER);
}
