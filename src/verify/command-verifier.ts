import type { Config } from '../config/config.js';
import type { CommandSetting } from '../sandbox/choose.js';
import type { Logger } from '../shared/logger.js';
import { describe as describeCheck } from './pass-rule.js';
import { runCommand } from './run-command.js';
import { readResults, snapshotResults } from './test-results.js';
import type { CheckName, CheckResult, VerificationRun, Verifier } from './verifier.js';

/** Characters of output kept per check (head + tail): enough for a failure summary, bounded for memory and the report. */
export const CHECK_OUTPUT_LIMIT = 60_000;

/**
 * The verifier that runs the repository's own setup/build/test commands, taken from the config only,
 * through a shell in the repository root, each in the sandbox chosen at preflight, with the
 * configured timeout, output bounded, and only the allowlisted environment. A failed setup stops
 * the run: later checks are reported as not run. Every run says which isolation it ran under.
 */
export function createCommandVerifier(options: {
  config: Config;
  repoRoot: string;
  logger: Logger;
  /** The sandbox and the allowlisted environment (see chooseSandbox). */
  commands: CommandSetting;
  /** Time between SIGTERM and SIGKILL of a timed-out command (default 2 s). */
  killGraceMs?: number;
  /** Characters of output kept per check (default CHECK_OUTPUT_LIMIT). */
  outputLimit?: number;
}): Verifier {
  const { config, repoRoot, logger } = options;
  const v = config.verification;
  const checks: { name: CheckName; command: string }[] = (
    [
      { name: 'setup', command: v.setupCommand },
      { name: 'build', command: v.buildCommand },
      { name: 'test', command: v.testCommand },
    ] as const
  ).filter((c) => c.command.trim() !== '');
  const { sandbox, env } = options.commands;

  return {
    canVerify: v.testCommand.trim() !== '',
    async run(label: string): Promise<VerificationRun> {
      return logger.group(`Verify (${label})`, async () => {
        const results: CheckResult[] = [];
        let stopped = '';
        for (const check of checks) {
          if (stopped !== '') {
            results.push({
              ...check,
              exitCode: null,
              timedOut: false,
              durationMs: 0,
              passed: false,
              output: `not run: ${stopped}`,
            });
            continue;
          }
          logger.info(`$ ${check.command}`);
          const readsResults = check.name === 'test' && v.testResults.length > 0;
          // Files that match before the run are stale unless the run rewrites them (see test-results.ts).
          const before = readsResults ? await snapshotResults(repoRoot, v.testResults) : undefined;
          const run = await runCommand(check.command, {
            cwd: repoRoot,
            env,
            sandbox,
            timeoutMs: v.commandTimeoutMs,
            outputLimit: options.outputLimit ?? CHECK_OUTPUT_LIMIT,
            killGraceMs: options.killGraceMs,
          });
          const read = before ? await readResults(repoRoot, v.testResults, before) : undefined;
          for (const note of read?.notes ?? []) logger.warning(`test-results: ${note}`);
          if (before && !read?.report)
            logger.info(
              'test-results: no results file was written by this run; test names are read from the console output',
            );
          const result: CheckResult = {
            ...check,
            exitCode: run.exitCode,
            timedOut: run.timedOut,
            durationMs: run.durationMs,
            passed: run.exitCode === 0 && !run.timedOut,
            output: run.output,
            ...(read?.report ? { testResults: read.report } : {}),
          };
          results.push(result);
          logger.info(
            `${check.name}: ${result.passed ? 'passed' : 'FAILED'} (${describeCheck(result)}, ${run.durationMs} ms)`,
          );
          if (!result.passed && check.name === 'setup') stopped = 'setup failed';
        }
        return { label, checks: results, isolation: sandbox.isolation.description };
      });
    },
  };
}
