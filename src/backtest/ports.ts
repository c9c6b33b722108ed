import type { GitRunner } from '../git/git-runner.js';
import type { BranchState, PushResult, Workspace } from '../git/workspace.js';
import type { Ticket } from '../shared/ticket.js';
import { sanitizeTicketMarkdown } from '../tracker/sanitize.js';
import type { Tracker } from '../tracker/tracker.js';
import type { Instance } from './instance.js';

/**
 * The job's checkout, for a backtest: a throwaway worktree at the instance's base. Nothing is
 * committed or reset — the model's change must stay in the worktree for the judge, and the
 * worktree is removed afterwards.
 */
export function worktreeWorkspace(git: GitRunner, base: string): Workspace {
  return {
    root: git.root,
    // A backtest fetches and pushes nothing with a token; its worktree is removed afterwards.
    restoreGitFiles: async () => [],
    baseBranch: async () => base,
    baseCommit: async () => base,
    async listTrackedFiles() {
      const { stdout } = await git.run(['ls-files', '-z']);
      return stdout.split('\0').filter(Boolean);
    },
    remoteUrl: async () => '',
    branchState: async (): Promise<BranchState> => ({ kind: 'absent' }),
    uncommittedChanges: async () => [], // the worktree is the backtest's own; setup output is expected
    checkoutBase: async () => undefined, // made at the base
    discardChanges: async () => undefined, // the judge needs the change; the worktree goes afterwards
    commitAndPush: async ({ branch }): Promise<PushResult> => ({
      branch,
      commit: '',
      pushed: false,
    }),
    checkoutBranchHead: () => notInBacktest('check out a pull request branch'),
    diffAgainstBase: () => notInBacktest('diff a pull request'),
    commitOnTop: () => notInBacktest('revise a pull request'),
  };
}

/** A backtest takes tickets only: it never revises a pull request. */
async function notInBacktest(what: string): Promise<never> {
  throw new Error(`A backtest does not ${what}.`);
}

/** The instance as the one ticket a job takes; nothing is ever written back. */
export function instanceTracker(ticket: Ticket): Tracker {
  const never = async (): Promise<never> => {
    throw new Error('A backtest runs in dry run and never settles or releases a ticket.');
  };
  return {
    pickAndClaim: async () => ticket,
    settle: never,
    release: never,
    recentlyHandled: async () => [],
    readTicket: async () => ticket,
    addComment: never,
  };
}

/** The numeric id a ticket needs: its own, else the instance id's trailing number, else its position. */
export function ticketOf(instance: Instance, position: number): Ticket {
  const trailing = /(\d+)\D*$/.exec(instance.instanceId)?.[1];
  const id =
    instance.ticketId ??
    (trailing && Number(trailing) <= 2_147_483_647 ? Number(trailing) : position);
  return {
    id,
    rev: 1,
    title: sanitizeTicketMarkdown(instance.title),
    type: 'Issue',
    state: 'Closed',
    areaPath: '',
    tags: [],
    webUrl: '',
    description: sanitizeTicketMarkdown(instance.body),
    reproSteps: '',
    acceptanceCriteria: '',
    comments: [],
    truncations: [],
  };
}
