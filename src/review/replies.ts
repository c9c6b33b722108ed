import { modelBlock } from '../report/markdown.js';
import { REVISION_LIMIT_MARKER, revisionMarker, withoutHtmlComments } from './markers.js';

/** What a revision did, for the replies, the pull request body and the ticket's history. */
export type RevisionResult =
  | {
      readonly kind: 'pushed';
      readonly commit: string;
      readonly changedFiles: readonly string[];
      /** The editor's own account (untrusted: quoted, never as ticket-to-pr's words). */
      readonly modelSummary: string;
      readonly verdict: string;
      /** The pull request's head the change was verified on. */
      readonly verifiedOn: string;
      /** Set when a human pushed meanwhile and the revision was re-applied on their commit. */
      readonly rebasedOnto?: string;
    }
  | {
      readonly kind: 'not-pushed';
      readonly why: string;
      /** The run itself failed (model server, lock, configuration), not the revision. */
      readonly runFailed?: boolean;
    };

/** The reply on a thread: what changed, or why not. Never resolves the thread. */
export function revisionReply(
  revision: number,
  result: RevisionResult,
  /** The comments of the thread this reply answers (answerKey). */
  answered: readonly string[],
): string {
  const marker = revisionMarker(revision, answered);
  if (result.kind === 'not-pushed') {
    return [
      `ticket-to-pr could not revise this pull request (revision ${revision}): ${withoutHtmlComments(result.why)}`,
      '',
      result.runFailed
        ? "The branch is unchanged. This is a problem on ticket-to-pr's runner, not with the comment: once it is fixed, ask again with a new comment."
        : 'The branch is unchanged. A human should take this comment over.',
      '',
      marker,
    ].join('\n');
  }
  const files = withoutHtmlComments(result.changedFiles.map((f) => `\`${f}\``).join(', '));
  const summary = withoutHtmlComments(result.modelSummary.trim());
  return [
    `ticket-to-pr pushed ${result.commit.slice(0, 12)} for this comment (revision ${revision}), changing ${files}. ${result.verdict}`,
    ...(result.rebasedOnto
      ? [
          '',
          `It was re-applied on ${result.rebasedOnto.slice(0, 12)}, pushed to the branch meanwhile; the verification above ran on ${result.verifiedOn.slice(0, 12)}, so the two together are not verified yet.`,
        ]
      : []),
    ...(summary
      ? [
          '',
          "The edit model's own account (unverified, shown as plain text):",
          '',
          modelBlock(summary),
        ]
      : []),
    '',
    'Please check the change and resolve this thread if it answers you.',
    '',
    marker,
  ].join('\n');
}

/** The one comment posted when max-revisions is reached. */
export function revisionLimitComment(maxRevisions: number): string {
  return [
    `ticket-to-pr revised this pull request ${maxRevisions} time(s), its max-revisions limit. A human should take it over from here; ticket-to-pr will not revise it again.`,
    '',
    REVISION_LIMIT_MARKER,
  ].join('\n');
}

/** The pull request body with its Verification section replaced by the revision's (or added). */
export function withVerificationSection(body: string, section: string, limit: number): string {
  const heading = /^## Verification[^\n]*$/m.exec(body);
  let next: string;
  if (!heading) {
    next = `${body.trimEnd()}\n\n${section}`;
  } else {
    const start = heading.index;
    const rest = body.slice(start + heading[0].length);
    const following = /\n## /.exec(rest);
    const end = following ? start + heading[0].length + following.index + 1 : body.length;
    next = `${body.slice(0, start)}${section}\n\n${body.slice(end)}`.trimEnd();
  }
  if (next.length <= limit) return next;
  const note = '\n\n[Body cut to the forge limit; the full report is in the job summary.]';
  return next.slice(0, limit - note.length) + note;
}
