import { simpleGit } from 'simple-git';
import type { Logger } from '../shared/logger.js';
import type { SecretMasker } from '../shared/secrets.js';
import { GitError } from './errors.js';

export interface GitResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface GitRunOptions {
  /** Return a non-zero exit instead of throwing. */
  readonly allowFailure?: boolean;
  /** Extra environment for this one command (identity, a temporary index). */
  readonly env?: Readonly<Record<string, string>>;
  /** `-c key=value` pairs whose value is secret: passed to git, shown as `key=***` in logs. */
  readonly secretConfig?: readonly (readonly [string, string])[];
}

/** Environment every git command gets: never prompt, English messages, no pager, no editor. */
const BASE_ENV: Readonly<Record<string, string>> = {
  GIT_TERMINAL_PROMPT: '0',
  GCM_INTERACTIVE: 'never',
  GIT_PAGER: 'cat',
  GIT_EDITOR: 'true',
  LC_ALL: 'C',
};

/** No network command waits longer than this without output. */
const BLOCK_TIMEOUT_MS = 5 * 60_000;

/**
 * The one place ticket-to-pr runs git. Every command line is logged masked, secrets go in as
 * per-command `-c` pairs (never written to .git/config), and errors come back masked.
 *
 * simple-git waits 50 ms after a command that printed nothing, in case its output is late; in the
 * hot path the workspace prefers forms that print something (`status --branch`, `rev-parse
 * --verify` without `--quiet`, `add --verbose`).
 */
export class GitRunner {
  constructor(
    readonly root: string,
    private readonly logger: Logger,
    private readonly masker: SecretMasker,
  ) {}

  async run(args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
    const secretConfig = options.secretConfig ?? [];
    const configArgs = secretConfig.flatMap(([key, value]) => ['-c', `${key}=${value}`]);
    const shown = [
      ...secretConfig.flatMap(([key, value]) => ['-c', value ? `${key}=***` : `${key}=`]),
      ...args,
    ];
    this.logger.debug(this.masker.mask(`git ${shown.join(' ')}`));

    // simple-git wraps whatever its error hook returns, so the exit is kept here instead.
    let failure: GitResult | undefined;
    const git = simpleGit({
      baseDir: this.root,
      maxConcurrentProcesses: 1,
      trimmed: false,
      timeout: { block: BLOCK_TIMEOUT_MS },
      errors: (error, result) => {
        if (result.exitCode === 0) return undefined;
        failure = {
          exitCode: result.exitCode,
          stdout: Buffer.concat(result.stdOut).toString('utf8'),
          stderr: Buffer.concat(result.stdErr).toString('utf8'),
        };
        return error instanceof Error ? error : new Error(`git exited with ${result.exitCode}`);
      },
    }).env({ ...process.env, ...BASE_ENV, ...options.env });

    try {
      const stdout = await git.raw([...configArgs, ...args]);
      return { exitCode: 0, stdout, stderr: '' };
    } catch (error) {
      const raw: GitResult = failure ?? {
        exitCode: -1,
        stdout: '',
        stderr: error instanceof Error ? error.message : String(error),
      };
      const result: GitResult = {
        exitCode: raw.exitCode,
        stdout: this.masker.mask(raw.stdout),
        stderr: this.masker.mask(raw.stderr),
      };
      if (options.allowFailure) return result;
      const detail = (result.stderr || result.stdout).trim();
      throw new GitError(
        this.masker.mask(`git ${args[0] ?? ''} failed (exit ${result.exitCode}): ${detail}`),
        result.exitCode,
      );
    }
  }

  /** stdout of a command that must succeed, trimmed. */
  async text(args: readonly string[], options: GitRunOptions = {}): Promise<string> {
    return (await this.run(args, options)).stdout.trim();
  }
}
