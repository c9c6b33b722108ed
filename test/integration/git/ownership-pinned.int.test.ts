import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { branchNameFor } from '../../../src/git/branch-name.js';
import { createGitWorkspace } from '../../../src/git/git-workspace.js';
import {
  BOT_AUTHOR,
  HUMAN,
  createGitFixture,
  git,
  makeConfig,
  recordingLogger,
  type GitFixture,
} from './fixtures.js';

const BRANCH = branchNameFor(42, 'Fix the add function');
const BOT = {
  GIT_AUTHOR_NAME: BOT_AUTHOR.name,
  GIT_AUTHOR_EMAIL: BOT_AUTHOR.email,
  GIT_COMMITTER_NAME: BOT_AUTHOR.name,
  GIT_COMMITTER_EMAIL: BOT_AUTHOR.email,
};

let fx: GitFixture;
beforeEach(async () => {
  fx = await createGitFixture();
});
afterEach(async () => {
  await fx.cleanup();
});

async function open(dryRun = false) {
  const config = makeConfig({ path: fx.work }, { dryRun });
  return createGitWorkspace({ config, logger: recordingLogger() });
}

const fix = (content: string) => writeFile(join(fx.work, 'src', 'calc.js'), content);
const commitFix = async (dryRun = false) =>
  (await open(dryRun)).commitAndPush({
    branch: BRANCH,
    message: 'AB#42: Fix',
    author: BOT_AUTHOR,
    paths: ['src/calc.js'],
  });

/** Pushes a commit on BRANCH from another clone, made by `identity` with `message`. */
async function pushCommit(identity: Record<string, string>, message: string): Promise<void> {
  const other = await fx.clone('other');
  await git(other, ['checkout', '--quiet', '-b', BRANCH]);
  await writeFile(join(other, 'README.md'), '# changed\n');
  await git(other, ['commit', '--quiet', '-am', message], identity);
  await git(other, ['push', '--quiet', 'origin', BRANCH]);
}

describe('branch ownership', () => {
  it('our author and committer with our trailer for this ticket: ours', async () => {
    await pushCommit(BOT, 'AB#42: Fix\n\nTicket-To-Pr: 42');
    const state = await (await open()).branchState(BRANCH);
    expect(state.kind).toBe('ours');
  });

  it('a commit by another committer makes the branch foreign, though author and trailer are ours', async () => {
    await pushCommit(
      {
        ...BOT,
        GIT_COMMITTER_NAME: HUMAN.GIT_COMMITTER_NAME,
        GIT_COMMITTER_EMAIL: HUMAN.GIT_COMMITTER_EMAIL,
      },
      'AB#42: Fix\n\nTicket-To-Pr: 42',
    );
    const state = await (await open()).branchState(BRANCH);
    expect(state.kind).toBe('foreign');
    expect(state.kind === 'foreign' && state.reason).toMatch(
      /^branch ticket-to-pr\/42-\S+ has commit [0-9a-f]{12} by ticket-to-pr@users\.noreply\.github\.com that ticket-to-pr did not make; it is left alone$/,
    );
  });

  it('a commit by another author makes the branch foreign, though committer and trailer are ours', async () => {
    await pushCommit(
      { ...BOT, GIT_AUTHOR_NAME: HUMAN.GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL: HUMAN.GIT_AUTHOR_EMAIL },
      'AB#42: Fix\n\nTicket-To-Pr: 42',
    );
    const state = await (await open()).branchState(BRANCH);
    expect(state.kind === 'foreign' && state.reason).toContain('by dana@example.com');
  });

  it('a trailer naming another ticket makes the branch foreign', async () => {
    await pushCommit(BOT, 'AB#99: Something else\n\nTicket-To-Pr: 99');
    expect((await (await open()).branchState(BRANCH)).kind).toBe('foreign');
  });

  it('a trailer that is not a line of its own does not count', async () => {
    await pushCommit(BOT, 'AB#42: Fix (see Ticket-To-Pr: 42)');
    expect((await (await open()).branchState(BRANCH)).kind).toBe('foreign');
  });
});

describe('a branch checked out somewhere is never moved', () => {
  it('not when it is checked out in another worktree of the checkout', async () => {
    await fix('export const add = (a, b) => a + b;\n');
    const first = await commitFix();
    const worktree = join(fx.dir, 'human-worktree');
    await git(fx.work, ['worktree', 'add', '--quiet', worktree, BRANCH]);

    await fix('export const add = (a, b) => b + a;\n');
    const second = await commitFix();
    expect(second.pushed).toBe(true);
    expect(second.commit).not.toBe(first.commit);
    // The remote moved on; the human's worktree and its branch did not.
    expect(await git(fx.remote, ['rev-parse', `refs/heads/${BRANCH}`])).toBe(second.commit);
    expect(await git(fx.work, ['rev-parse', `refs/heads/${BRANCH}`])).toBe(first.commit);
    expect(await git(worktree, ['rev-parse', 'HEAD'])).toBe(first.commit);
    expect(await git(worktree, ['status', '--porcelain'])).toBe('');
  });

  it('not when it is checked out in the checkout itself, in a dry run either', async () => {
    await fix('export const add = (a, b) => a + b;\n');
    const first = await commitFix(true);
    expect(await git(fx.work, ['rev-parse', `refs/heads/${BRANCH}`])).toBe(first.commit);
    await git(fx.work, ['checkout', '--quiet', '--force', BRANCH]);

    await fix('export const add = (a, b) => b + a;\n');
    const second = await commitFix(true);
    expect(second.commit).not.toBe(first.commit);
    expect(await git(fx.work, ['rev-parse', `refs/heads/${BRANCH}`])).toBe(first.commit);
  });

  it('a branch checked out nowhere follows the new commit', async () => {
    await fix('export const add = (a, b) => a + b;\n');
    const { commit } = await commitFix();
    expect(await git(fx.work, ['rev-parse', `refs/heads/${BRANCH}`])).toBe(commit);
  });
});
