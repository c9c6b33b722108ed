/**
 * Pull requests that reached the end of their life: completed (merged) or abandoned, with the merge
 * the service made. The "server side" of a repository is its bare `file://` remote, so the merge is a
 * real commit there, made with git plumbing the way the service makes it: a merge commit of the
 * target's head (first parent) and the source's head (second parent). Completing moves the target
 * branch to it; an active or abandoned PR keeps its last merge on refs/pull/{id}/merge only, as the
 * service's "test merge" does.
 *
 * Field names, enum texts and shapes: GitPullRequest, GitCommitRef and GitPullRequestCompletionOptions
 * in vsts-rest-api-specs specification/git/7.2/git.json (api-version 7.2-preview), the subset in
 * test/contract/specs/azure-devops/git-7.2/git.json.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SimIdentity, SimPullRequest, SimRepository } from './state.js';

export interface CloseOptions {
  /** 'completed' merges into the target branch; 'abandoned' and 'active' keep the test merge only. */
  readonly status: 'completed' | 'abandoned' | 'active';
  readonly closedBy: SimIdentity;
  readonly closedDate: Date;
  /** Default false (the completion option deleteSourceBranch). */
  readonly deleteSourceBranch?: boolean;
}

function gitIn(dir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
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

/**
 * Merges the PR's source into its target in the bare remote and records the result on the PR. The
 * merge commit's message is the service's default for a completed PR: "Merged PR {id}: {title}".
 */
export function closePullRequest(
  pr: SimPullRequest,
  repo: SimRepository,
  options: CloseOptions,
): SimPullRequest {
  const dir = bareDir(repo);
  const target = gitIn(dir, ['rev-parse', '--verify', `${pr.targetRefName}^{commit}`]);
  const source = gitIn(dir, ['rev-parse', '--verify', `${pr.sourceRefName}^{commit}`]);
  // Exit status 1 with conflicts: the service would report mergeStatus "conflicts"; tests don't seed those.
  const tree = gitIn(dir, ['merge-tree', '--write-tree', target, source]).split('\n')[0]!;
  const date = options.closedDate.toISOString();
  const who = {
    GIT_AUTHOR_NAME: options.closedBy.displayName,
    GIT_AUTHOR_EMAIL: options.closedBy.uniqueName,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: options.closedBy.displayName,
    GIT_COMMITTER_EMAIL: options.closedBy.uniqueName,
    GIT_COMMITTER_DATE: date,
  };
  const merge = gitIn(
    dir,
    [
      'commit-tree',
      tree,
      '-p',
      target,
      '-p',
      source,
      '-m',
      `Merged PR ${pr.pullRequestId}: ${pr.title}`,
    ],
    who,
  );
  if (options.status === 'completed') {
    gitIn(dir, ['update-ref', pr.targetRefName, merge, target]);
    if (options.deleteSourceBranch) gitIn(dir, ['update-ref', '-d', pr.sourceRefName]);
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
 * completed PR its completionOptions.mergeStrategy "noFastForward" (GitPullRequestMergeStrategy).
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
    ...(pr.status === 'completed' ? { completionOptions: { mergeStrategy: 'noFastForward' } } : {}),
  };
}
