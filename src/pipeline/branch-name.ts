/** The one branch a ticket ever gets: `ticket-to-pr/<id>-<slug>`. */
export function branchNameFor(ticketId: number, title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return `ticket-to-pr/${ticketId}${slug ? '-' + slug : ''}`;
}

/** `AB#<id>: <title>` on one line: Azure Boards links the commit to the work item. */
export function commitMessageFor(ticketId: number, title: string): string {
  const oneLine = title.replace(/\s+/g, ' ').trim().slice(0, 200);
  return `AB#${ticketId}: ${oneLine}`;
}
