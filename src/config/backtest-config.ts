import type { Config } from './config.js';
import { INPUTS } from './inputs.js';
import { parseConfig, type InputReader } from './parse-config.js';

/**
 * The action's inputs a backtest takes as flags: the models, the lock, verification, safety and
 * budgets, so a backtest runs with exactly the settings a job would.
 */
export const BACKTEST_JOB_INPUTS: readonly string[] = INPUTS.filter((i) =>
  ['models', 'verification', 'safety', 'budgets'].includes(i.group),
)
  .map((i) => i.name)
  .concat(['edit-format']);

/** A backtest of a dataset asks no tracker: its required inputs get values that are never used. */
const UNUSED_TRACKER: Readonly<Record<string, string>> = {
  'azure-devops-org-url': 'https://tracker-not-used.invalid',
  'azure-devops-project': 'not-used',
  'azure-devops-token': 'not-used',
};

/**
 * Parses a backtest's job settings with the action's own parser, in dry run. `tracker` false means
 * the instances come from a file and the tracker inputs are not needed.
 */
export function parseBacktestConfig(
  read: InputReader,
  options: { readonly tracker: boolean; readonly env: NodeJS.ProcessEnv; readonly cwd: string },
): Config {
  const reader: InputReader = (name) =>
    name === 'dry-run'
      ? 'true'
      : !options.tracker && name in UNUSED_TRACKER
        ? UNUSED_TRACKER[name]!
        : read(name);
  const config = parseConfig(reader, options.env, options.cwd);
  return options.tracker
    ? config
    : {
        ...config,
        secrets: config.secrets.filter((s) => s !== UNUSED_TRACKER['azure-devops-token']),
      };
}
