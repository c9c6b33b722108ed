import { simpleGit } from 'simple-git';
import type { Logger } from '../shared/logger.js';
import type { SecretMasker } from '../shared/secrets.js';
import { GitError } from './errors.js';
import { gitEnvironment } from './git-env.js';

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

/**
 * Settings on every command line, where they beat any config file the repository's own commands
 * could have written: no hook runs (hooks are looked up under /dev/null, which holds none), no
 * fsmonitor program, no credential helper (an empty `credential.helper` empties the list) and no
 * askpass program. simple-git 3.28.0 refuses, among `-c` pairs, only `protocol.*.allow` (besides
 * --upload-pack, --receive-pack, clone -u and push --exec: block-unsafe-operations-plugin in its
 * dist/esm/index.js), so these need no `unsafe` option; runner-trust.int.test.ts fails if one did.
 */
const HARDENING_CONFIG: readonly string[] = [
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'credential.helper=',
  '-c',
  'core.askPass=',
];

/** No network command waits longer than this without output. */
const BLOCK_TIMEOUT_MS = 5 * 60_000;

/**
 * The one place ticket-to-pr runs git. Every command runs with HARDENING_CONFIG and only the
 * environment git needs (see git-env.ts), never the job's whole environment; every command line is
 * logged masked, secrets go in as per-command `-c` pairs (never written to .git/config), and
 * errors come back masked.
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
    }).env(gitEnvironment(process.env, options.env));

    try {
      const stdout = await git.raw([...HARDENING_CONFIG, ...configArgs, ...args]);
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
