import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGitWorkspace } from '../../../src/git/git-workspace.js';
import { branchNameFor } from '../../../src/git/branch-name.js';
import { ForeignBranchError, PushRejectedError } from '../../../src/git/errors.js';
import {
  BOT_AUTHOR,
  HUMAN,
  createGitFixture,
  git,
  makeConfig,
  recordingLogger,
  type GitFixture,
} from './fixtures.js';

const TOKEN = 'ghp_FAKEtoken0123456789abcdefghijklmnopqrs';
const BRANCH = branchNameFor(42, 'Fix the add function');

let fx: GitFixture;
beforeEach(async () => {
  fx = await createGitFixture();
});
afterEach(async () => {
  await fx.cleanup();
});

async function open(options: { dryRun?: boolean; baseBranch?: string } = {}) {
  const logger = recordingLogger();
  const config = makeConfig(
    { path: fx.work, githubToken: TOKEN, baseBranch: options.baseBranch ?? '' },
    { dryRun: options.dryRun ?? false },
  );
  const workspace = await createGitWorkspace({
    config,
    logger,
    token: { kind: 'github', value: TOKEN },
  });
  return { workspace, logger };
}

async function editCalc(content = 'export const add = (a, b) => a + b;\n'): Promise<void> {
  await writeFile(join(fx.work, 'src', 'calc.js'), content);
}

/** A first run: the fix committed on BRANCH and pushed. */
async function firstRun() {
  const { workspace } = await open();
  await editCalc();
  const pushed = await workspace.commitAndPush({
    branch: BRANCH,
    message: 'AB#42: Fix',
    author: BOT_AUTHOR,
    paths: ['src/calc.js'],
  });
  return { workspace, pushed };
}

/** The git commands a workspace logged, by subcommand (after any `-c` pairs). */
function gitCommands(lines: readonly string[], subcommand: string): string[] {
  return lines.filter((line) => new RegExp(`^debug: git (-c \\S+ )*${subcommand} `).test(line));
}

const remoteHead = (branch: string) => git(fx.remote, ['rev-parse', `refs/heads/${branch}`]);
const remoteBranches = async () =>
  (await git(fx.remote, ['for-each-ref', '--format=%(refname:short)', 'refs/heads'])).split('\n');

describe('git workspace against a bare file:// remote', () => {
  it('finds the base branch from the remote HEAD and lists tracked files', async () => {
    const { workspace } = await open();
    expect(await workspace.baseBranch()).toBe('main');
    expect(await workspace.baseCommit()).toBe(await git(fx.remote, ['rev-parse', 'main']));
    expect((await workspace.listTrackedFiles()).sort()).toEqual([
      '.gitignore',
      'README.md',
      'src/calc.js',
    ]);
  });

  it('creates the branch with one commit by the configured author and pushes it', async () => {
    const { workspace } = await open();
    const base = await workspace.baseCommit();
    expect(await workspace.branchState(BRANCH)).toEqual({ kind: 'absent' });
    await editCalc();
    const result = await workspace.commitAndPush({
      branch: BRANCH,
      message: 'AB#42: Fix the add function',
      author: BOT_AUTHOR,
      paths: ['src/calc.js'],
    });

    expect(result).toEqual({ branch: BRANCH, commit: expect.any(String), pushed: true });
    expect(await remoteHead(BRANCH)).toBe(result.commit);
    expect(await git(fx.remote, ['log', '--format=%P', '-1', result.commit])).toBe(base);
    expect(await git(fx.remote, ['log', '--format=%an <%ae>|%cn <%ce>', '-1', result.commit])).toBe(
      `${BOT_AUTHOR.name} <${BOT_AUTHOR.email}>|${BOT_AUTHOR.name} <${BOT_AUTHOR.email}>`,
    );
    expect(await git(fx.remote, ['log', '--format=%B', '-1', result.commit])).toBe(
      'AB#42: Fix the add function\n\nTicket-To-Pr: 42',
    );
    expect(await git(fx.remote, ['show', `${result.commit}:src/calc.js`])).toContain('a + b');
    expect(await workspace.branchState(BRANCH)).toEqual({ kind: 'ours', head: result.commit });
    // The user's checkout is untouched: still on main, edit still in the working tree.
    expect(await git(fx.work, ['rev-parse', '--abbrev-ref', 'HEAD'])).toBe('main');
    expect(await git(fx.work, ['config', '--local', '--get', 'user.email']).catch(() => '')).toBe(
      '',
    );
  });

  it('commits the edited paths (a new file, a deletion) and nothing the verification left behind', async () => {
    const { workspace } = await open();
    await editCalc();
    await writeFile(join(fx.work, 'src', 'new.js'), 'export const x = 1;\n');
    await rm(join(fx.work, 'README.md'));
    // What a test command might leave: build output and a rewritten tracked file.
    await writeFile(join(fx.work, 'build-output.txt'), 'artifact\n');
    await mkdir(join(fx.work, 'out', 'deep'), { recursive: true });
    await writeFile(join(fx.work, 'out', 'deep', 'report.txt'), 'artifact\n');
    await writeFile(join(fx.work, '.gitignore'), 'changed by a build\n');
    const result = await workspace.commitAndPush({
      branch: BRANCH,
      message: 'AB#42: Fix',
      author: BOT_AUTHOR,
      paths: ['src/calc.js', 'src/new.js', 'README.md'],
    });
    const base = await workspace.baseCommit();
    expect(
      (await git(fx.remote, ['diff', '--name-status', base, result.commit])).split('\n'),
    ).toEqual(['D\tREADME.md', 'M\tsrc/calc.js', 'A\tsrc/new.js']);
    // The user's index is untouched: the new file is still untracked there.
    expect(await git(fx.work, ['status', '--porcelain', '--', 'src/new.js'])).toBe('?? src/new.js');

    await workspace.discardChanges();
    expect(await readFile(join(fx.work, 'src', 'calc.js'), 'utf8')).toContain('a - b');
    await expect(readFile(join(fx.work, 'src', 'new.js'))).rejects.toThrow();
    await expect(readFile(join(fx.work, 'build-output.txt'))).rejects.toThrow();
    await expect(stat(join(fx.work, 'out'))).rejects.toThrow(); // emptied directories go too
    expect(await readFile(join(fx.work, 'README.md'), 'utf8')).not.toBe('');
    expect(await workspace.uncommittedChanges()).toEqual([]);
  });

  it('resets the whole checkout when the verification staged a change', async () => {
    const { workspace } = await open();
    await editCalc();
    await writeFile(join(fx.work, 'staged.js'), 'export {};\n');
    await git(fx.work, ['add', 'staged.js', 'src/calc.js']);
    await workspace.discardChanges();
    expect(await readFile(join(fx.work, 'src', 'calc.js'), 'utf8')).toContain('a - b');
    await expect(readFile(join(fx.work, 'staged.js'))).rejects.toThrow();
    expect(await workspace.uncommittedChanges()).toEqual([]);
  });

  it('on a rerun adds a commit on top of its own branch (fast-forward), never a second branch', async () => {
    const { workspace: first, pushed: one } = await firstRun();
    await first.discardChanges();

    const second = await open();
    expect(await second.workspace.branchState(BRANCH)).toEqual({ kind: 'ours', head: one.commit });
    await editCalc('export const add = (a, b) => b + a;\n');
    const two = await second.workspace.commitAndPush({
      branch: BRANCH,
      message: 'AB#42: Fix',
      author: BOT_AUTHOR,
      paths: ['src/calc.js'],
    });

    expect(two.commit).not.toBe(one.commit);
    expect(await git(fx.remote, ['log', '--format=%P', '-1', two.commit])).toBe(one.commit);
    expect(await remoteHead(BRANCH)).toBe(two.commit);
    expect((await remoteBranches()).sort()).toEqual(['main', BRANCH]);
    // branchState then commitAndPush: the remote is listed twice, the unchanged branch fetched once.
    expect(gitCommands(second.logger.lines, 'ls-remote')).toHaveLength(2);
    expect(gitCommands(second.logger.lines, 'fetch')).toHaveLength(1);
  });

  it('when the base moved since the last run, the new commit also has the base as a parent', async () => {
    const { pushed: one } = await firstRun();

    const other = await fx.clone('other');
    await writeFile(join(other, 'README.md'), '# demo\n\nmore\n');
    await git(other, ['commit', '--quiet', '-am', 'docs'], HUMAN);
    await git(other, ['push', '--quiet', 'origin', 'main']);
    await git(fx.work, ['pull', '--quiet', '--ff-only']);

    const second = await open();
    const newBase = await second.workspace.baseCommit();
    await editCalc();
    const two = await second.workspace.commitAndPush({
      branch: BRANCH,
      message: 'AB#42: Fix',
      author: BOT_AUTHOR,
      paths: ['src/calc.js'],
    });
    expect(await git(fx.remote, ['log', '--format=%P', '-1', two.commit])).toBe(
      `${one.commit} ${newBase}`,
    );
    // The diff against the new base is only our change.
    expect(await git(fx.remote, ['diff', '--name-only', newBase, two.commit])).toBe('src/calc.js');
  });

  it('leaves a branch a human committed to alone: foreign, nothing pushed', async () => {
    const { pushed: ours } = await firstRun();

    const human = await fx.clone('human');
    await git(human, ['checkout', '--quiet', BRANCH]);
    await writeFile(join(human, 'README.md'), '# demo\n\nhuman touch\n');
    await git(human, ['commit', '--quiet', '-am', 'tweak'], HUMAN);
    await git(human, ['push', '--quiet', 'origin', BRANCH]);
    const humanHead = await remoteHead(BRANCH);
    expect(humanHead).not.toBe(ours.commit);

    const rerun = await open();
    const state = await rerun.workspace.branchState(BRANCH);
    expect(state.kind).toBe('foreign');
    expect(state.kind === 'foreign' && state.reason).toContain('dana@example.com');
    await editCalc('export const add = (a, b) => b + a;\n');
    await expect(
      rerun.workspace.commitAndPush({
        branch: BRANCH,
        message: 'AB#42: Fix',
        author: BOT_AUTHOR,
        paths: ['src/calc.js'],
      }),
    ).rejects.toBeInstanceOf(ForeignBranchError);
    expect(await remoteHead(BRANCH)).toBe(humanHead);
  });

  it('treats a commit that imitates our author but lacks our trailer as foreign', async () => {
    const human = await fx.clone('human');
    await git(human, ['checkout', '--quiet', '-b', BRANCH]);
    await writeFile(join(human, 'README.md'), 'x\n');
    await git(human, ['commit', '--quiet', '-am', 'AB#42: Fix'], {
      GIT_AUTHOR_NAME: BOT_AUTHOR.name,
      GIT_AUTHOR_EMAIL: BOT_AUTHOR.email,
      GIT_COMMITTER_NAME: BOT_AUTHOR.name,
      GIT_COMMITTER_EMAIL: BOT_AUTHOR.email,
    });
    await git(human, ['push', '--quiet', 'origin', BRANCH]);
    const { workspace } = await open();
    expect((await workspace.branchState(BRANCH)).kind).toBe('foreign');
  });

  it('reports a push declined by a pre-receive hook as a typed error, and forces nothing', async () => {
    const hook = join(fx.remote, 'hooks', 'pre-receive');
    await writeFile(
      hook,
      '#!/bin/sh\necho "GH006: Protected branch update failed for refs/heads/ticket-to-pr." >&2\nexit 1\n',
    );
    await chmod(hook, 0o755);
    const { workspace } = await open();
    await editCalc();
    const error = await workspace
      .commitAndPush({
        branch: BRANCH,
        message: 'AB#42: Fix',
        author: BOT_AUTHOR,
        paths: ['src/calc.js'],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PushRejectedError);
    expect((error as PushRejectedError).rejection).toBe('declined');
    expect((error as PushRejectedError).message).toContain('pre-receive hook declined');
    expect((error as PushRejectedError).message).toContain('GH006');
    expect(await remoteBranches()).toEqual(['main']);
  });

  it('reports a push to a branch that moved after it was read (stale remote) without forcing', async () => {
    // The first run pushes our branch; a human then adds a commit on the real remote, while this
    // checkout fetches from a mirror that still shows only our commit (a stale view).
    const { pushed: ours } = await firstRun();
    const mirror = join(fx.dir, 'mirror.git');
    await git(fx.dir, ['clone', '--quiet', '--mirror', fx.remoteUrl, mirror]);
    const human = await fx.clone('human');
    await git(human, ['checkout', '--quiet', BRANCH]);
    await writeFile(join(human, 'README.md'), 'human\n');
    await git(human, ['commit', '--quiet', '-am', 'human change'], HUMAN);
    await git(human, ['push', '--quiet', 'origin', BRANCH]);
    const humanHead = await remoteHead(BRANCH);
    await git(fx.work, ['remote', 'set-url', 'origin', `file://${mirror}`]);
    await git(fx.work, ['remote', 'set-url', '--push', 'origin', fx.remoteUrl]);

    const rerun = await open();
    expect(await rerun.workspace.branchState(BRANCH)).toEqual({ kind: 'ours', head: ours.commit });
    await editCalc('export const add = (a, b) => b + a;\n');
    const error = await rerun.workspace
      .commitAndPush({
        branch: BRANCH,
        message: 'AB#42: Fix',
        author: BOT_AUTHOR,
        paths: ['src/calc.js'],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PushRejectedError);
    expect((error as PushRejectedError).rejection).toBe('stale');
    expect((error as PushRejectedError).outcome).toBe('needs-human');
    expect(await remoteHead(BRANCH)).toBe(humanHead);
  });

  it('in dry-run commits on the local branch but pushes nothing', async () => {
    const { workspace } = await open({ dryRun: true });
    await editCalc();
    const result = await workspace.commitAndPush({
      branch: BRANCH,
      message: 'AB#42: Fix',
      author: BOT_AUTHOR,
      paths: ['src/calc.js'],
    });
    expect(result.pushed).toBe(false);
    expect(await git(fx.work, ['rev-parse', `refs/heads/${BRANCH}`])).toBe(result.commit);
    expect(await remoteBranches()).toEqual(['main']);
  });

  it('keeps the token out of .git/config, the logged git command lines and every log line', async () => {
    const { workspace, logger } = await open();
    await editCalc();
    await workspace.commitAndPush({
      branch: BRANCH,
      message: 'AB#42: Fix',
      author: BOT_AUTHOR,
      paths: ['src/calc.js'],
    });
    await workspace.branchState(BRANCH);

    const base64 = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    const gitConfig = await readFile(join(fx.work, '.git', 'config'), 'utf8');
    for (const text of [gitConfig, logger.lines.join('\n')]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(base64);
      expect(text.toLowerCase()).not.toContain('authorization: basic');
    }
    const pushLine = logger.lines.find((l) => l.includes(' push '));
    expect(pushLine).toContain('-c http.extraheader= -c http.extraheader=***');
    expect(pushLine).not.toMatch(/--force|\s-f\s|\+[0-9a-f]{40}:/);
    expect(await remoteUrlHasNoCredentials(workspace.remoteUrl())).toBe(true);
  });

  it('refuses a directory that is not a git checkout with a ConfigError', async () => {
    const config = makeConfig({ path: fx.dir });
    await expect(createGitWorkspace({ config, logger: recordingLogger() })).rejects.toMatchObject({
      outcome: 'config-error',
    });
  });
});

async function remoteUrlHasNoCredentials(url: Promise<string>): Promise<boolean> {
  return !(await url).includes('@');
}
