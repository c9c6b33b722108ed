/** `AB#<id>: <title>` on one line: Azure Boards links the commit to the work item. */
export function commitMessageFor(ticketId: number, title: string): string {
  const oneLine = title.replace(/\s+/g, ' ').trim().slice(0, 200);
  return `AB#${ticketId}: ${oneLine}`;
}
