import { ConfigError } from '../shared/errors.js';
import type { Config } from './config.js';
import { INPUTS } from './inputs.js';
import { parseConfig, type InputReader } from './parse-config.js';
import { InvalidValue, parseInteger, parseList } from './values.js';

/**
 * The action's inputs a backtest takes as flags: the models, the lock, verification, safety and
 * budgets, so a backtest runs with exactly the settings a job would.
 */
export const BACKTEST_JOB_INPUTS: readonly string[] = INPUTS.filter((i) =>
  ['models', 'verification', 'safety', 'budgets'].includes(i.group),
)
  .map((i) => i.name)
  .concat([
    'edit-format',
    // The agent editor's limits, for --edit-mode agent.
    'agent-max-turns',
    'agent-max-test-runs',
    'agent-max-tokens',
    'agent-time-limit',
  ]);

/** The edit modes a backtest compares; `auto` decides per ticket and would blur the comparison. */
export const BACKTEST_EDIT_MODES = ['pipeline', 'agent'] as const;

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

/** The action's inputs a backtest from Azure Boards also takes: the connection and the selection. */
export const BACKTEST_BOARDS_INPUTS: readonly string[] = [
  'azure-devops-org-url',
  'azure-devops-project',
  'azure-devops-token',
  'area-path',
  'wiql-query',
];

/** The states a finished work item is in, in the Agile, Scrum, CMMI and Basic processes. */
export const DEFAULT_CLOSED_STATES: readonly string[] = ['Closed', 'Resolved', 'Done'];

export interface BoardsSelection {
  /** Work item states that count as finished. */
  readonly states: readonly string[];
  /** Stop after this many instances (none: all). */
  readonly limit?: number;
}

/** The backtest's own Boards flags, `--states` and `--limit` ('' when not given). */
export function parseBoardsSelection(flags: {
  readonly states: string;
  readonly limit: string;
}): BoardsSelection {
  const states = flags.states.trim() === '' ? DEFAULT_CLOSED_STATES : parseList(flags.states);
  if (states.length === 0)
    throw new ConfigError(
      `--states '${flags.states}' names no state: expected comma-separated work item states such as 'Closed,Resolved,Done'.`,
    );
  if (flags.limit.trim() === '') return { states };
  try {
    return { states, limit: parseInteger(flags.limit.trim(), 1, 100_000) };
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    throw new ConfigError(`--limit '${flags.limit}' is not valid: ${error.message}.`);
  }
}
