/**
 * Pull request iterations and commits: "Iterations are created as a result of creating and pushing
 * updates to a pull request" (git-7.2/git.json `GitPullRequestIteration`). The simulator sees a push
 * when it next looks: a source tip that differs from the last iteration's is a new iteration. Tips
 * and commits come from the repository's bare `file://` remote when it has one (the e2e world),
 * else from the seeded branch table. Also tracks a thread's line across iterations the way
 * `$iteration` asks ("thread positions will be tracked using this iteration as the right side of
 * the diff", Pull Request Threads_List). Test code only.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RequestContext } from './context.js';
import type { SimPullRequest, SimRepository } from './state.js';

export interface SimIteration {
  readonly id: number;
  readonly sourceCommit: string;
  readonly targetCommit?: string;
  readonly createdDate: string;
}

const iterations = new WeakMap<SimPullRequest, SimIteration[]>();

const branchOf = (ref: string) => ref.replace(/^refs\/heads\//, '');

function bareDir(repo: SimRepository): string | undefined {
  return repo.remoteUrl.startsWith('file://') ? fileURLToPath(repo.remoteUrl) : undefined;
}

function git(dir: string, ...args: string[]): string | undefined {
  try {
    return execFileSync('git', ['--git-dir', dir, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
}

function tipOf(repo: SimRepository, ref: string): string | undefined {
  const dir = bareDir(repo);
  const fromGit = dir ? git(dir, 'rev-parse', '--verify', '--quiet', ref)?.trim() : undefined;
  return fromGit || repo.branches.get(branchOf(ref));
}

/** The pull request's iterations, oldest first, with a new one for a push seen since the last look. */
export function iterationsOf(
  ctx: Pick<RequestContext, 'now'>,
  repo: SimRepository,
  pr: SimPullRequest,
): readonly SimIteration[] {
  const list = iterations.get(pr) ?? [];
  iterations.set(pr, list);
  const source = pr.sourceCommit ?? tipOf(repo, pr.sourceRefName);
  if (source && list.at(-1)?.sourceCommit !== source) {
    const target = tipOf(repo, pr.targetRefName);
    list.push({
      id: list.length + 1,
      sourceCommit: source,
      ...(target ? { targetCommit: target } : {}),
      createdDate: ctx.now().toISOString(),
    });
  }
  return list;
}

/** `GET .../pullRequests/{id}/iterations`: `{ value: GitPullRequestIteration[], count }`. */
export function listIterations(
  ctx: RequestContext,
  repo: SimRepository,
  pr: SimPullRequest,
): { status: number; body: unknown } {
  const value = iterationsOf(ctx, repo, pr).map((it, i) => ({
    id: it.id,
    description: pr.title,
    author: { id: pr.createdBy.id, displayName: pr.createdBy.displayName },
    createdDate: it.createdDate,
    updatedDate: it.createdDate,
    reason: i === 0 ? 'create' : 'push',
    sourceRefCommit: { commitId: it.sourceCommit },
    ...(it.targetCommit ? { targetRefCommit: { commitId: it.targetCommit } } : {}),
    hasMoreCommits: false,
  }));
  return { status: 200, body: { value, count: value.length } };
}

/**
 * `GET .../pullRequests/{id}/commits`: the commits on the source branch that the target lacks,
 * newest first, as `GitCommitRef` (commitId, comment, author, committer).
 */
export function listPullRequestCommits(
  repo: SimRepository,
  pr: SimPullRequest,
): { status: number; body: unknown } {
  const dir = bareDir(repo);
  const range = `${pr.targetRefName}..${pr.sourceCommit ?? pr.sourceRefName}`;
  const log = dir ? git(dir, 'log', '-z', '--format=%H%x01%an%x01%ae%x01%aI%x01%B', range) : '';
  const value = (log ?? '')
    .split('\0')
    .filter((entry) => entry.trim() !== '')
    .map((entry) => {
      const [commitId, name, email, date, message] = entry.split('\x01');
      const who = { name, email, date };
      return { commitId, comment: (message ?? '').trim(), author: who, committer: who };
    });
  return { status: 200, body: { value, count: value.length } };
}

/**
 * Where `line` of `path` at `from` is at `to`: moved by the lines added or removed above it, or
 * undefined when the line itself was changed or removed (git diff -U0 hunks).
 */
export function trackLine(
  repo: SimRepository,
  from: string,
  to: string,
  path: string,
  line: number,
): number | undefined {
  if (from === to) return line;
  const dir = bareDir(repo);
  const diff = dir ? git(dir, 'diff', '-U0', from, to, '--', path.replace(/^\/+/, '')) : undefined;
  if (diff === undefined) return undefined;
  let shift = 0;
  for (const m of diff.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
    const oldStart = Number(m[1]);
    const oldCount = m[2] === undefined ? 1 : Number(m[2]);
    const newCount = m[4] === undefined ? 1 : Number(m[4]);
    // A pure insertion (-n,0) goes after old line n; a change covers old lines n..n+count-1.
    const lastOld = oldCount === 0 ? oldStart : oldStart + oldCount - 1;
    if (oldCount > 0 && line >= oldStart && line <= lastOld) return undefined;
    if (lastOld < line) shift += newCount - oldCount;
  }
  return line + shift;
}
