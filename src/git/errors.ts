import { OutcomeError } from '../shared/errors.js';

/** A git command failed in a way the workspace does not expect. The message is already masked. */
export class GitError extends OutcomeError {
  constructor(
    message: string,
    readonly exitCode: number | null,
  ) {
    super('error', message);
    this.name = 'GitError';
  }
}

/** Why the remote refused a push. */
export type PushRejection =
  /** The remote branch moved since we looked (someone else pushed): never forced. */
  | 'stale'
  /** A server-side hook or branch protection declined it. */
  | 'declined'
  /** The token may not push (401/403, or "Permission ... denied"). */
  | 'permission';

/**
 * The remote refused our push. Nothing was forced; the remote branch is as it was.
 * A stale branch means a human got there first (needs-human); a declined push or a missing
 * permission needs an operator.
 */
export class PushRejectedError extends OutcomeError {
  constructor(
    readonly branch: string,
    readonly rejection: PushRejection,
    reason: string,
  ) {
    super(
      rejection === 'stale' ? 'needs-human' : rejection === 'permission' ? 'config-error' : 'error',
      reason,
    );
    this.name = 'PushRejectedError';
  }
}

/** Someone other than ticket-to-pr committed to the ticket's branch: it is left alone. */
export class ForeignBranchError extends OutcomeError {
  constructor(
    readonly branch: string,
    reason: string,
  ) {
    super('needs-human', reason);
    this.name = 'ForeignBranchError';
  }
}

/** A revision could not be re-applied on commits pushed to the branch meanwhile: a human decides. */
export class RevisionConflictError extends OutcomeError {
  constructor(
    readonly branch: string,
    reason: string,
  ) {
    super('needs-human', reason);
    this.name = 'RevisionConflictError';
  }
}

/**
 * The repository's own commands changed git's files (config, hooks, info/, alternates): they were
 * put back as they were before verification, and the job stops before any network command.
 */
export class GitFilesChangedError extends OutcomeError {
  constructor(
    readonly changes: readonly string[],
    /** When it was found: 'after the verification run "round 2"', 'before git push'. */
    readonly when: string,
  ) {
    super(
      'needs-human',
      `The repository's commands changed git's own files (found ${when}): ${listed(changes)}. ` +
        'ticket-to-pr restored them as they were before verification and stopped; nothing was pushed. ' +
        'Code that rewrites git configuration or hooks needs a human to look at it.',
    );
    this.name = 'GitFilesChangedError';
  }
}

/** At most ten paths, then how many more: the tests choose how many files they add. */
export function listed(paths: readonly string[]): string {
  const shown = paths.slice(0, 10).join(', ');
  return paths.length > 10 ? `${shown}, and ${paths.length - 10} more` : shown;
}
