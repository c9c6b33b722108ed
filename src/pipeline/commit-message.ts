/** `AB#<id>: <title>` on one line: Azure Boards links the commit to the work item. */
export function commitMessageFor(ticketId: number, title: string): string {
  const oneLine = title.replace(/\s+/g, ' ').trim().slice(0, 200);
  return `AB#${ticketId}: ${oneLine}`;
}

/** The subject of a revision's commit: it names the revision's number, which the branch keeps. */
export function revisionCommitMessage(ticketId: number, revision: number): string {
  return `AB#${ticketId}: Revise after review (revision ${revision})`;
}

const REVISION_SUBJECT = /^AB#\d+: Revise after review \(revision (\d+)\)\s*$/;

/**
 * The highest revision the pull request's commits record (0: none). Its own commits keep the count
 * whichever identity posts the replies; a commit anyone else writes can only raise it, which stops
 * the bot sooner, never later.
 */
export function revisionsInCommits(messages: readonly string[]): number {
  let highest = 0;
  for (const message of messages) {
    const subject = message.split('\n', 1)[0] ?? '';
    const match = REVISION_SUBJECT.exec(subject);
    const n = match ? Number(match[1]) : 0;
    if (Number.isSafeInteger(n)) highest = Math.max(highest, n);
  }
  return highest;
}
