import { INPUTS, type InputGroup } from '../../config/inputs.js';
import { CliHost } from '../../hosts/cli-host.js';
import { runAction } from '../../main.js';
import { defaultWiring } from '../../wiring.js';
import type { CliCommand } from '../command.js';
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
      const def = input.required
        ? ' (required)'
        : input.default
          ? ` (default: ${input.default.replace(/\n/g, ', ')})`
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
    const parsed = parseFlags(argv, { values: INPUTS.map((i) => i.name), switches: ['verbose'] });
    // cli/main.ts prints a UsageError with the command's name and help, and exits 2.
    if ('error' in parsed) throw new UsageError(parsed.error);
    const host = new CliHost(
      parsed.flags,
      io.env,
      io.stdout,
      io.stderr,
      parsed.switches.has('verbose'),
    );
    const result = await runAction(host, defaultWiring);
    return result.exitCode;
  },
};
