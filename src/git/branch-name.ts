/** Every branch ticket-to-pr creates lives under this prefix. */
export const BRANCH_PREFIX = 'ticket-to-pr/';

const MAX_SLUG_LENGTH = 40;

/**
 * The one branch name a ticket ever gets: `ticket-to-pr/<id>-<slug>`. A rerun finds the same
 * branch (and its pull request) instead of opening a second one.
 */
export function branchNameFor(ticketId: number, title: string): string {
  const slug = slugify(title);
  return slug ? `${BRANCH_PREFIX}${ticketId}-${slug}` : `${BRANCH_PREFIX}${ticketId}`;
}

/** Lower-case ASCII words joined by hyphens, at most 40 characters, never ending in a hyphen. */
export function slugify(title: string): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents split off by NFKD
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (ascii.length <= MAX_SLUG_LENGTH) return ascii;
  const cut = ascii.slice(0, MAX_SLUG_LENGTH);
  // Cut at a word boundary when one is close enough, so the slug does not end mid-word.
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen >= MAX_SLUG_LENGTH / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/, '');
}

/** The ticket id encoded in one of our branch names, or undefined for any other branch. */
export function ticketIdFromBranch(branch: string): number | undefined {
  if (!branch.startsWith(BRANCH_PREFIX)) return undefined;
  const match = /^(\d+)(?:-|$)/.exec(branch.slice(BRANCH_PREFIX.length));
  return match ? Number(match[1]) : undefined;
}
