import { INPUTS, type InputGroup } from '../../config/inputs.js';
import { InvalidValue, parseEnum } from '../../config/values.js';
import { CliHost } from '../../hosts/cli-host.js';
import { runAction } from '../../main.js';
import { EDIT_MODES } from '../../pipeline/edit-mode.js';
import { defaultWiring } from '../../wiring.js';
import type { CliCommand, CliIo } from '../command.js';
import { parseFlags } from '../flags.js';
import { UsageError } from '../path-flags.js';

const GROUP_TITLES: Record<InputGroup, string> = {
  tracker: 'Tracker (Azure Boards)',
  models: 'Models (Ollama)',
  repository: 'Repository and pull request',
  verification: 'Verification',
  safety: 'Safety',
  budgets: 'Budgets and locking',
  run: 'Run',
};

/**
 * Flags whose value is one of a few words, checked before the job starts: a typo is a usage error
 * naming the flag, not a config-error job that writes a summary and a transcript. It uses
 * parseConfig's own parseEnum, so both accept the same words (any case, trimmed).
 */
const CHOICES: Readonly<Record<string, readonly string[]>> = { 'edit-mode': EDIT_MODES };

/** Longest value echoed in a usage error: enough to see the typo. */
const SHOWN_VALUE_CHARS = 60;

function checkChoices(flags: ReadonlyMap<string, string>): void {
  for (const [name, accepted] of Object.entries(CHOICES)) {
    // Empty is "not given", as parseConfig reads it: `--edit-mode "$MODE"` with MODE unset is the default.
    const value = flags.get(name)?.trim() ?? '';
    if (value === '') continue;
    try {
      parseEnum(value, accepted);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      const flat = value.replace(/\s+/g, ' ');
      const echoed =
        flat.length > SHOWN_VALUE_CHARS ? `${flat.slice(0, SHOWN_VALUE_CHARS - 1)}…` : flat;
      throw new UsageError(`--${name} '${echoed}': ${error.message}.`);
    }
  }
}

/** The terminal host for `run`'s flags; a flag it cannot use throws a UsageError first. */
export function runHost(argv: readonly string[], io: CliIo): CliHost {
  const parsed = parseFlags(argv, { values: INPUTS.map((i) => i.name), switches: ['verbose'] });
  // cli/main.ts prints a UsageError with the command's name and help, and exits 2.
  if ('error' in parsed) throw new UsageError(parsed.error);
  checkChoices(parsed.flags);
  return new CliHost(parsed.flags, io.env, io.stdout, io.stderr, parsed.switches.has('verbose'));
}

function help(): string {
  const lines = [
    'Usage: ticket-to-pr run [--<input> value ...] [--verbose]',
    '',
    'Runs one job: preflight, pick and claim a ticket, triage, localize, edit, verify, publish, report.',
    'Every flag is an input of the action with the same name; a flag not given falls back to the',
    'INPUT_<NAME> environment variable (INPUT_AZURE_DEVOPS_TOKEN, ...), then to the default.',
    'Prefer the environment for tokens: flags are visible to other users of the machine.',
    '',
  ];
  for (const [group, title] of Object.entries(GROUP_TITLES)) {
    lines.push(`${title}:`);
    for (const input of INPUTS.filter((i) => i.group === group)) {
      const choices = CHOICES[input.name];
      const def = input.required
        ? ' (required)'
        : input.default
          ? ` (default: ${input.default.replace(/\n/g, ', ')}${choices ? `; one of: ${choices.join(', ')}` : ''})`
          : '';
      lines.push(`  --${input.name}${def}`, `      ${input.description}`);
    }
    lines.push('');
  }
  lines.push(
    '  --verbose',
    '      Print debug lines too.',
    '',
    'Exit codes: 0 the job ended with a normal outcome (pr-opened, pr-updated, pr-revised, dry-run,',
    'no-ticket, skipped, needs-human); 1 an operator outcome (model-capacity, model-unavailable, error);',
    '2 config-error or bad flags.',
    '',
  );
  return lines.join('\n');
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'Run one job: take a ticket, fix it, verify it, open a draft pull request.',
  help: help(),
  async run(argv, io) {
    const host = runHost(argv, io);
    const result = await runAction(host, defaultWiring);
    return result.exitCode;
  },
};
