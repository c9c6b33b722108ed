/**
 * Pull requests that reached the end of their life: completed (merged) or abandoned, with the merge
 * the service made. The "server side" of a repository is its bare `file://` remote, so the merge is a
 * real commit there, made with git plumbing the way the service makes it for the completion's merge
 * strategy (a two-parent merge by default; squash, rebase and rebase-merge as described below).
 * Completing moves the target branch to it; an active or abandoned PR keeps its last merge on
 * refs/pull/{id}/merge only, as the service's "test merge" does.
 *
 * Field names, enum texts and shapes: GitPullRequest, GitCommitRef and GitPullRequestCompletionOptions
 * in vsts-rest-api-specs specification/git/7.2/git.json (api-version 7.2-preview), the subset in
 * test/contract/specs/azure-devops/git-7.2/git.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimIdentity, SimPullRequest, SimRepository } from './state.js';

/** GitPullRequestMergeStrategy: how a completion puts the source into the target. */
export type MergeStrategy = 'noFastForward' | 'squash' | 'rebase' | 'rebaseMerge';

export interface CloseOptions {
  /** 'completed' merges into the target branch; 'abandoned' and 'active' keep the test merge only. */
  readonly status: 'completed' | 'abandoned' | 'active';
  readonly closedBy: SimIdentity;
  readonly closedDate: Date;
  /** Default false (the completion option deleteSourceBranch). */
  readonly deleteSourceBranch?: boolean;
  /** completionOptions.mergeStrategy of a completed PR. Default 'noFastForward'. */
  readonly mergeStrategy?: MergeStrategy;
}

function gitIn(
  dir: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  input?: string,
): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    ...(input === undefined ? { stdio: ['ignore', 'pipe', 'pipe'] } : { input }),
  }).trim();
}

/** The bare repository behind a `file://` remote URL. */
function bareDir(repo: SimRepository): string {
  if (!repo.remoteUrl.startsWith('file://')) {
    throw new Error(
      `closePullRequest: repository ${repo.name} has no file:// remote to merge in (${repo.remoteUrl})`,
    );
  }
  return fileURLToPath(repo.remoteUrl);
}

type Who = Record<string, string>;

/**
 * The source's own commits replayed one by one on top of `onto` (a rebase): each keeps its
 * author and message, gets the completer as committer, and a new id. Done with a temporary index
 * (`git apply --cached`), as a bare repository has no working tree; tests seed no conflicts.
 */
function rebaseOnto(dir: string, onto: string, source: string, committer: Who): string {
  const commits = gitIn(dir, ['rev-list', '--reverse', '--no-merges', `${onto}..${source}`])
    .split('\n')
    .filter(Boolean);
  const scratch = mkdtempSync(path.join(tmpdir(), 'sim-rebase-'));
  const index = { GIT_INDEX_FILE: path.join(scratch, 'index') };
  try {
    let parent = onto;
    for (const commit of commits) {
      gitIn(dir, ['read-tree', parent], index);
      const patch = execFileSync('git', ['diff', '--binary', `${commit}^`, commit], {
        cwd: dir,
        encoding: 'utf8',
      });
      if (patch.trim() !== '') gitIn(dir, ['apply', '--cached', '-'], index, patch);
      const tree = gitIn(dir, ['write-tree'], index);
      const [name, email, date] = gitIn(dir, ['log', '-1', '--format=%an%n%ae%n%aI', commit]).split(
        '\n',
      );
      const message = gitIn(dir, ['log', '-1', '--format=%B', commit]);
      parent = gitIn(dir, ['commit-tree', tree, '-p', parent, '-m', message], {
        ...committer,
        GIT_AUTHOR_NAME: name!,
        GIT_AUTHOR_EMAIL: email!,
        GIT_AUTHOR_DATE: date!,
      });
    }
    return parent;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The commit a completion leaves at the head of the target, made the way each strategy is
 * described in GitPullRequestCompletionOptions.mergeStrategy (specification/git/7.2/git.json):
 * noFastForward "a two-parent, no-fast-forward merge"; squash "all changes from the pull request
 * into a single-parent commit"; rebase "rebase the source branch on top of the target branch HEAD
 * commit, and fast-forward the target branch"; rebaseMerge the same rebase, then "a two-parent,
 * no-fast-forward merge". Both rebases update the source branch to the rebased commits.
 */
function completionCommit(
  dir: string,
  pr: SimPullRequest,
  strategy: MergeStrategy,
  target: string,
  source: string,
  who: Who,
): { merge: string; rebasedSource?: string } {
  const message = `Merged PR ${pr.pullRequestId}: ${pr.title}`;
  // Exit status 1 with conflicts: the service would report mergeStatus "conflicts"; tests don't seed those.
  const treeOf = (head: string) =>
    gitIn(dir, ['merge-tree', '--write-tree', target, head]).split('\n')[0]!;
  switch (strategy) {
    case 'noFastForward':
      return {
        merge: gitIn(
          dir,
          ['commit-tree', treeOf(source), '-p', target, '-p', source, '-m', message],
          who,
        ),
      };
    case 'squash':
      return {
        merge: gitIn(dir, ['commit-tree', treeOf(source), '-p', target, '-m', message], who),
      };
    case 'rebase': {
      const rebased = rebaseOnto(dir, target, source, who);
      return { merge: rebased, rebasedSource: rebased };
    }
    case 'rebaseMerge': {
      const rebased = rebaseOnto(dir, target, source, who);
      const merge = gitIn(
        dir,
        ['commit-tree', treeOf(rebased), '-p', target, '-p', rebased, '-m', message],
        who,
      );
      return { merge, rebasedSource: rebased };
    }
  }
}

/**
 * Completes (merging as `mergeStrategy` says, into the target branch) or abandons the PR in the
 * bare remote and records the result on the PR. A merge commit's message is the service's default
 * for a completed PR: "Merged PR {id}: {title}". An abandoned or active PR keeps its last merge,
 * always a two-parent test merge, on refs/pull/{id}/merge only.
 */
export function closePullRequest(
  pr: SimPullRequest,
  repo: SimRepository,
  options: CloseOptions,
): SimPullRequest {
  const dir = bareDir(repo);
  const target = gitIn(dir, ['rev-parse', '--verify', `${pr.targetRefName}^{commit}`]);
  const source = gitIn(dir, ['rev-parse', '--verify', `${pr.sourceRefName}^{commit}`]);
  const date = options.closedDate.toISOString();
  const who = {
    GIT_AUTHOR_NAME: options.closedBy.displayName,
    GIT_AUTHOR_EMAIL: options.closedBy.uniqueName,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: options.closedBy.displayName,
    GIT_COMMITTER_EMAIL: options.closedBy.uniqueName,
    GIT_COMMITTER_DATE: date,
  };
  const completed = options.status === 'completed';
  const strategy = completed ? (options.mergeStrategy ?? 'noFastForward') : 'noFastForward';
  const { merge, rebasedSource } = completionCommit(dir, pr, strategy, target, source, who);
  if (completed) {
    gitIn(dir, ['update-ref', pr.targetRefName, merge, target]);
    if (options.deleteSourceBranch) gitIn(dir, ['update-ref', '-d', pr.sourceRefName]);
    else if (rebasedSource) gitIn(dir, ['update-ref', pr.sourceRefName, rebasedSource, source]);
    pr.mergeStrategy = strategy;
  } else {
    gitIn(dir, ['update-ref', `refs/pull/${pr.pullRequestId}/merge`, merge]);
  }
  pr.status = options.status;
  pr.lastMerge = { mergeCommit: merge, sourceCommit: source, targetCommit: target };
  if (options.status !== 'active') pr.closure = { closedDate: date, closedBy: options.closedBy };
  return pr;
}

/**
 * The GitPullRequest fields of a PR's last merge and closure, as the service adds them once a merge
 * ran: closedBy, closedDate, lastMergeCommit, lastMergeSourceCommit, lastMergeTargetCommit
 * (GitCommitRef: commitId and url), mergeStatus "succeeded" (PullRequestAsyncStatus), and for a
 * completed PR its completionOptions.mergeStrategy (GitPullRequestMergeStrategy).
 */
export function mergeFieldsJson(
  pr: SimPullRequest,
  repositoryUrl: string,
  identityJson: (identity: SimIdentity) => Record<string, unknown>,
): Record<string, unknown> {
  const commitRef = (commitId: string) => ({
    commitId,
    url: `${repositoryUrl}/commits/${commitId}`,
  });
  return {
    ...(pr.lastMerge
      ? {
          mergeStatus: 'succeeded',
          lastMergeCommit: commitRef(pr.lastMerge.mergeCommit),
          lastMergeSourceCommit: commitRef(pr.lastMerge.sourceCommit),
          lastMergeTargetCommit: commitRef(pr.lastMerge.targetCommit),
        }
      : {}),
    ...(pr.closure
      ? { closedDate: pr.closure.closedDate, closedBy: identityJson(pr.closure.closedBy) }
      : {}),
    ...(pr.status === 'completed'
      ? { completionOptions: { mergeStrategy: pr.mergeStrategy ?? 'noFastForward' } }
      : {}),
  };
}
