/**
 * Instances from Azure Boards: finished work items that link a completed pull request of --repo's
 * repository. The base is the target branch's head when the pull request merged
 * (lastMergeTargetCommit), the fix everything from there to lastMergeCommit, whatever the merge
 * strategy (merge, squash, rebase, rebase and merge); its changed files split into the fix (gold)
 * and the tests (held out). Whatever is wrong with one work item —
 * no link, a pull request never merged, a commit the clone cannot get, a refused read — skips that
 * one with its reason; the rest go on.
 */
import { getErrorMessage } from '../shared/errors.js';
import type { ClosedWorkItemReader, LinkedPullRequest } from '../tracker/closed-work-items.js';
import { toTicket } from '../tracker/ticket-reader.js';
import { pullRequestArtifacts, sameRemote, splitChangedFiles } from './boards-links.js';
import { classifyChangedPath, filesOfPatch, heldOutTestFiles } from './changed-paths.js';
import type { BacktestGit } from './git-tools.js';
import type { Instance } from './instance.js';

export interface SkippedInstance {
  /** workitem-{id}, or workitem-{id}-pr-{pullRequestId} for one of its pull requests. */
  readonly id: string;
  readonly reason: string;
}

export interface BoardsSource {
  readonly reader: ClosedWorkItemReader;
  readonly git: BacktestGit;
  readonly query: string;
  /** States a work item must be in (the query's, checked again for a custom query). */
  readonly states: readonly string[];
  /** Stop after this many instances. */
  readonly limit?: number;
  /** The job's `test-paths`, besides the backtest's own test patterns. */
  readonly isTestPath: (path: string) => boolean;
  /** Where each skip is reported as it happens. */
  readonly onSkip: (skip: SkippedInstance) => void;
}

/** WIQL returns at most this many ids. */
const WIQL_MAX = 20_000;

/** Reads the instances; throws only when the query itself fails (bad connection settings). */
export async function boardsInstances(
  source: BoardsSource,
): Promise<{ instances: Instance[]; skipped: SkippedInstance[] }> {
  const instances: Instance[] = [];
  const skipped: SkippedInstance[] = [];
  const skip = (id: string, reason: string) => {
    const entry = { id, reason };
    skipped.push(entry);
    source.onSkip(entry);
  };
  const origin = await source.git.originUrl();
  const ids = await source.reader.query(source.query, WIQL_MAX);
  for (const workItemId of ids) {
    if (source.limit !== undefined && instances.length >= source.limit) break;
    const itemKey = `workitem-${workItemId}`;
    let item;
    try {
      item = await source.reader.workItem(workItemId);
    } catch (error) {
      skip(itemKey, `could not be read: ${getErrorMessage(error)}`);
      continue;
    }
    if (!item) {
      skip(itemKey, 'was not found (deleted, or the token cannot see it).');
      continue;
    }
    const state = String(item.fields?.['System.State'] ?? '');
    if (!source.states.some((s) => s.toLowerCase() === state.toLowerCase())) {
      skip(itemKey, `is '${state}', not one of ${source.states.join(', ')}.`);
      continue;
    }
    const links = pullRequestArtifacts(item.relations);
    if (links.length === 0) {
      skip(itemKey, 'links no pull request (no "Pull Request" artifact link).');
      continue;
    }
    const ticket = toTicket(item, [], source.reader.webUrl(workItemId));
    const body = [
      ticket.description,
      ticket.reproSteps && `Repro steps:\n${ticket.reproSteps}`,
      ticket.acceptanceCriteria && `Acceptance criteria:\n${ticket.acceptanceCriteria}`,
    ]
      .filter(Boolean)
      .join('\n\n');
    for (const link of links) {
      if (source.limit !== undefined && instances.length >= source.limit) break;
      const key = `${itemKey}-pr-${link.pullRequestId}`;
      let pr: LinkedPullRequest | undefined;
      try {
        pr = await source.reader.pullRequest(link.projectId, link.pullRequestId);
      } catch (error) {
        skip(
          key,
          `pull request ${link.pullRequestId} could not be read: ${getErrorMessage(error)}`,
        );
        continue;
      }
      const made = pr
        ? await fromPullRequest(source, origin, pr)
        : `pull request ${link.pullRequestId} was not found (deleted, or the token cannot see it).`;
      if (typeof made === 'string') {
        skip(key, made);
        continue;
      }
      instances.push({
        instanceId: key,
        ticketId: workItemId,
        repo: pr!.repositoryName,
        title: ticket.title,
        body,
        ...made,
      });
    }
  }
  return { instances, skipped };
}

type Fix = Pick<
  Instance,
  'baseCommit' | 'fixPatch' | 'testPatch' | 'failToPass' | 'heldOutFiles' | 'goldFiles' | 'fixLines'
>;

/**
 * Where the fix starts: the target branch's head when the pull request merged
 * (lastMergeTargetCommit), so the fix is everything between it and lastMergeCommit, whatever the
 * merge strategy. The first parent is no such base for a rebase: there lastMergeCommit is the last
 * rebased commit, whose parent is the commit before it. Only a pull request that names no target
 * commit falls back to the first parent.
 */
async function baseOf(
  source: BoardsSource,
  which: string,
  pr: LinkedPullRequest,
  merge: string,
): Promise<{ readonly commit: string } | string> {
  if (!pr.targetCommit) {
    const parent = await source.git.firstParent(merge);
    return parent ? { commit: parent } : `${which}'s merge commit ${merge} has no parent.`;
  }
  const target = await source.git.fetchCommit(pr.targetCommit);
  if (!target)
    return `${which}'s target commit ${pr.targetCommit} (lastMergeTargetCommit) is neither in --repo nor fetchable from origin.`;
  if (!(await source.git.isAncestor(target, merge)))
    return `${which}'s target commit ${target} (lastMergeTargetCommit) is not an ancestor of its merge commit ${merge}.`;
  return { commit: target };
}

/** The fix a completed pull request merged, or why it cannot be an instance. */
async function fromPullRequest(
  source: BoardsSource,
  origin: string,
  pr: LinkedPullRequest,
): Promise<Fix | string> {
  const which = `pull request ${pr.pullRequestId}`;
  if (pr.status !== 'completed')
    return `${which} is ${pr.status}, not completed: it was never merged.`;
  if (!sameRemote(pr.repositoryRemoteUrl, origin))
    return `${which} is in repository '${pr.repositoryName}', not --repo's origin (${origin || 'none'}).`;
  if (!pr.mergeCommit) return `${which} is completed but names no merge commit (lastMergeCommit).`;
  const merge = await source.git.fetchCommit(pr.mergeCommit);
  if (!merge)
    return `${which}'s merge commit ${pr.mergeCommit} is neither in --repo nor fetchable from origin.`;
  const base = await baseOf(source, which, pr, merge);
  if (typeof base === 'string') return base;
  const { fixFiles, testFiles } = splitChangedFiles(
    await source.git.changedPaths(base.commit, merge),
    source.isTestPath,
  );
  if (testFiles.length === 0)
    return `${which} changed no test file, so nothing could judge a replay of it.`;
  if (fixFiles.length === 0) return `${which} changed only tests: there is no fix to replay.`;
  const fixPatch = await source.git.diff(base.commit, merge, fixFiles);
  return {
    baseCommit: base.commit,
    fixPatch,
    testPatch: await source.git.diff(base.commit, merge, testFiles),
    // A merge says which files hold the tests, not which tests failed before it.
    failToPass: [],
    heldOutFiles: heldOutTestFiles(testFiles),
    goldFiles: fixFiles.filter((f) => classifyChangedPath(f) === 'source'),
    fixLines: filesOfPatch(fixPatch).linesChanged,
  };
}
