import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_TEST_PATHS } from '../../../src/config/inputs.js';
import type { Config, RepositoryConfig } from '../../../src/config/config.js';
import { recordingLogger } from '../../fakes/logger.js';

const exec = promisify(execFile);

/** Runs git directly (test setup only; the code under test goes through src/git). */
export async function git(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  const { stdout } = await exec('git', args, {
    cwd,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...env },
  });
  return stdout.trim();
}

export const HUMAN = {
  GIT_AUTHOR_NAME: 'Dana Human',
  GIT_AUTHOR_EMAIL: 'dana@example.com',
  GIT_COMMITTER_NAME: 'Dana Human',
  GIT_COMMITTER_EMAIL: 'dana@example.com',
};

export const BOT_AUTHOR = { name: 'ticket-to-pr', email: 'ticket-to-pr@users.noreply.github.com' };

/** A Config with test values; `repository` fields can be overridden. */
export function makeConfig(
  repository: Partial<RepositoryConfig> & { path: string },
  rest: Partial<Omit<Config, 'repository'>> = {},
): Config {
  const repo: RepositoryConfig = {
    baseBranch: '',
    prTarget: 'github',
    githubToken: '',
    githubApiUrl: 'https://api.github.com',
    githubRepository: '',
    azureReposRepository: '',
    draft: true,
    commitAuthor: BOT_AUTHOR,
    editFormat: 'auto',
    ...repository,
  };
  return {
    tracker: {
      orgUrl: 'https://dev.azure.com/contoso',
      project: 'Fabrikam',
      token: '',
      eligibleTag: 'autofix',
      allowedStates: ['New'],
      areaPath: '',
      maxAttempts: 3,
      wiqlQuery: '',
    },
    models: {
      host: 'http://127.0.0.1:11434',
      triageModel: 't',
      editModel: 'e',
      triageContext: 'auto',
      editContext: 'auto',
      keepAliveSeconds: 600,
    },
    repository: repo,
    verification: {
      setupCommand: '',
      buildCommand: '',
      testCommand: '',
      testResults: [],
      commandTimeoutMs: 1000,
      maxRepairAttempts: 2,
      testPaths: [...DEFAULT_TEST_PATHS],
      reproduce: 'auto',
      minEvidence: 'no-regression',
    },
    editing: {
      mode: 'pipeline',
      agent: { maxTurns: 30, maxTestRuns: 4, maxTokens: 600_000, timeLimitMs: 20 * 60_000 },
    },
    safety: { protectedPaths: [], maxChangedFiles: 5, maxChangedLines: 500, allowNewFiles: true },
    sandbox: { mode: 'off', network: true, writable: [], envNames: [] },
    budgets: { jobBudgetMs: 60_000, lockWaitMs: 1000, lockFile: '/tmp/x.lock' },
    review: { maxRevisions: 3 },
    dryRun: false,
    outputDir: '/tmp',
    secrets: [repo.githubToken, rest.tracker?.token ?? ''].filter(Boolean),
    ...rest,
  };
}

export { recordingLogger };

export interface GitFixture {
  readonly dir: string;
  /** Bare repository, reached as file://. */
  readonly remote: string;
  readonly remoteUrl: string;
  /** The checkout ticket-to-pr works in. */
  readonly work: string;
  /** Clones the remote into a new directory (a human's checkout). */
  clone(name: string): Promise<string>;
  cleanup(): Promise<void>;
}

/** A bare `file://` remote with one commit on main, and a clone of it. */
export async function createGitFixture(): Promise<GitFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'ticket-to-pr-git-'));
  const remote = join(dir, 'remote.git');
  const remoteUrl = `file://${remote}`;
  await git(dir, ['init', '--quiet', '--bare', '--initial-branch=main', remote]);
  const seed = join(dir, 'seed');
  await git(dir, ['init', '--quiet', '--initial-branch=main', seed]);
  await mkdir(join(seed, 'src'));
  await writeFile(join(seed, 'src', 'calc.js'), 'export const add = (a, b) => a - b;\n');
  await writeFile(join(seed, 'README.md'), '# demo\n');
  await writeFile(join(seed, '.gitignore'), 'node_modules/\n');
  await git(seed, ['add', '.']);
  await git(seed, ['commit', '--quiet', '-m', 'initial'], HUMAN);
  await git(seed, ['push', '--quiet', remoteUrl, 'main']);
  const clone = async (name: string): Promise<string> => {
    const path = join(dir, name);
    await git(dir, ['clone', '--quiet', remoteUrl, path]);
    return path;
  };
  const work = await clone('work');
  return {
    dir,
    remote,
    remoteUrl,
    work,
    clone,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
