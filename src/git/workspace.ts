/** What we know about the ticket's branch on the remote before publishing. */
export type BranchState =
  | { readonly kind: 'absent' }
  /** Every commit on it past the base was made by ticket-to-pr: safe to update (fast-forward). */
  | { readonly kind: 'ours'; readonly head: string }
  /** Someone else committed to it: never overwritten. */
  | { readonly kind: 'foreign'; readonly reason: string };

export interface PushResult {
  readonly branch: string;
  readonly commit: string;
  /** False in dry-run. */
  readonly pushed: boolean;
}

/** The git checkout, through one choke point. Tokens go as an HTTP header, never in a URL or a log. */
export interface Workspace {
  readonly root: string;
  /**
   * Compares git's own files (config, hooks, info/, the alternates list) with how they were when
   * the checkout was opened, before any of the repository's commands ran; puts back whatever
   * differs and says what did (empty when nothing). Network commands refuse to run while they
   * differ, so a caller checks this after every run of the repository's commands.
   */
  restoreGitFiles(): Promise<readonly string[]>;
  /** The branch the PR targets (configured, else the remote's default). */
  baseBranch(): Promise<string>;
  baseCommit(): Promise<string>;
  /** Tracked files, relative paths with forward slashes. */
  listTrackedFiles(): Promise<string[]>;
  remoteUrl(): Promise<string>;
  branchState(branch: string): Promise<BranchState>;
  /** Paths with uncommitted changes or untracked files (ignored files do not count); empty when clean. */
  uncommittedChanges(): Promise<string[]>;
  /** Checks out the base commit (detached) when HEAD is elsewhere; a checkout already there is left as it is. */
  checkoutBase(): Promise<void>;
  /** Back to the base commit: edits reverted, untracked files removed. */
  discardChanges(): Promise<void>;
  /**
   * One commit on `branch` from the base (or on top of our existing branch), pushed without force.
   * It holds `paths` (the edited files, repository-relative) as they are in the working tree, and
   * nothing else.
   */
  commitAndPush(input: {
    readonly branch: string;
    readonly message: string;
    readonly author: { readonly name: string; readonly email: string };
    readonly paths: readonly string[];
  }): Promise<PushResult>;
  /**
   * Fetches `branch` fresh from the remote and checks out its newest commit (detached); returns
   * it. Never an older commit: whatever the remote holds now, human commits included.
   */
  checkoutBranchHead(branch: string): Promise<string>;
  /** The change of the checked-out commit against the base branch (from their merge base). */
  diffAgainstBase(): Promise<string>;
  /**
   * One commit holding `paths` as they are in the working tree, on top of `onto` (the head the
   * work started from), pushed fast-forward, never forced. When the branch moved meanwhile (a
   * human pushed), the one commit is re-applied once on the new head; a conflict throws
   * RevisionConflictError and the branch stays as the human left it.
   */
  commitOnTop(input: {
    readonly branch: string;
    readonly onto: string;
    readonly message: string;
    readonly author: { readonly name: string; readonly email: string };
    readonly paths: readonly string[];
  }): Promise<PushResult & { readonly rebasedOnto?: string }>;
}
