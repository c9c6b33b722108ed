import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGitWorkspace } from '../../../src/git/git-workspace.js';
import { RevisionConflictError } from '../../../src/git/errors.js';
import {
  BOT_AUTHOR,
  HUMAN,
  createGitFixture,
  git,
  makeConfig,
  recordingLogger,
  type GitFixture,
} from './fixtures.js';

const BRANCH = 'ticket-to-pr/42-fix-the-add-function';

let fx: GitFixture;
beforeEach(async () => {
  fx = await createGitFixture();
});
afterEach(async () => {
  await fx.cleanup();
});

async function open() {
  const config = makeConfig({ path: fx.work }, { dryRun: false });
  return createGitWorkspace({ config, logger: recordingLogger() });
}

/** The pull request branch as a first job left it: one commit of ours on main. */
async function pullRequestBranch(): Promise<string> {
  const workspace = await open();
  await writeFile(join(fx.work, 'src', 'calc.js'), 'export const add = (a, b) => a + b;\n');
  const first = await workspace.commitAndPush({
    branch: BRANCH,
    message: 'AB#42: Fix',
    author: BOT_AUTHOR,
    paths: ['src/calc.js'],
  });
  await workspace.discardChanges();
  return first.commit;
}

/** A human pushes one commit to the pull request branch; returns it. */
async function humanPushes(file: string, content: string): Promise<string> {
  const human = await fx.clone(`human-${Math.random().toString(36).slice(2)}`);
  await git(human, ['checkout', '--quiet', BRANCH]);
  await writeFile(join(human, file), content);
  await git(human, ['add', file]);
  await git(human, ['commit', '--quiet', '-m', 'human change'], HUMAN);
  await git(human, ['push', '--quiet', 'origin', BRANCH]);
  return git(human, ['rev-parse', 'HEAD']);
}

const remoteHead = () => git(fx.remote, ['rev-parse', `refs/heads/${BRANCH}`]);

describe('revising a pull request branch', () => {
  it('checks out the newest head, human commits included, and commits on top of it', async () => {
    await pullRequestBranch();
    const human = await humanPushes('README.md', '# demo by a human\n');
    const workspace = await open();
    const head = await workspace.checkoutBranchHead(BRANCH);
    expect(head).toBe(human);
    expect(await readFile(join(fx.work, 'README.md'), 'utf8')).toBe('# demo by a human\n');
    expect(await workspace.diffAgainstBase()).toContain('+export const add = (a, b) => a + b;');

    await writeFile(join(fx.work, 'src', 'calc.js'), 'export const add = (a, b) => b + a;\n');
    const pushed = await workspace.commitOnTop({
      branch: BRANCH,
      onto: head,
      message: 'AB#42: Revise after review',
      author: BOT_AUTHOR,
      paths: ['src/calc.js'],
    });
    expect(pushed.rebasedOnto).toBeUndefined();
    expect(await remoteHead()).toBe(pushed.commit);
    expect(await git(fx.remote, ['rev-parse', `${pushed.commit}^`])).toBe(human);
    expect(await git(fx.remote, ['show', `${pushed.commit}:README.md`])).toBe('# demo by a human');
  });

  it('re-applies its one commit on a human commit pushed meanwhile, never forcing', async () => {
    await pullRequestBranch();
    const workspace = await open();
    const head = await workspace.checkoutBranchHead(BRANCH);
    await writeFile(join(fx.work, 'src', 'calc.js'), 'export const add = (a, b) => b + a;\n');
    const human = await humanPushes('README.md', '# meanwhile\n');

    const pushed = await workspace.commitOnTop({
      branch: BRANCH,
      onto: head,
      message: 'AB#42: Revise after review',
      author: BOT_AUTHOR,
      paths: ['src/calc.js'],
    });
    expect(pushed.rebasedOnto).toBe(human);
    expect(await remoteHead()).toBe(pushed.commit);
    expect(await git(fx.remote, ['rev-parse', `${pushed.commit}^`])).toBe(human);
    expect(await git(fx.remote, ['show', `${pushed.commit}:README.md`])).toBe('# meanwhile');
    expect(await git(fx.remote, ['show', `${pushed.commit}:src/calc.js`])).toBe(
      'export const add = (a, b) => b + a;',
    );
  });

  it('stops on a conflict with a human commit, and the branch stays as the human left it', async () => {
    await pullRequestBranch();
    const workspace = await open();
    const head = await workspace.checkoutBranchHead(BRANCH);
    await writeFile(join(fx.work, 'src', 'calc.js'), 'export const add = (a, b) => b + a;\n');
    const human = await humanPushes('src/calc.js', 'export const add = (x, y) => x + y;\n');

    await expect(
      workspace.commitOnTop({
        branch: BRANCH,
        onto: head,
        message: 'AB#42: Revise after review',
        author: BOT_AUTHOR,
        paths: ['src/calc.js'],
      }),
    ).rejects.toThrow(RevisionConflictError);
    expect(await remoteHead()).toBe(human);
    await workspace.discardChanges();
    expect(await readFile(join(fx.work, 'src', 'calc.js'), 'utf8')).toBe(
      'export const add = (a, b) => a - b;\n',
    );
  });
});
