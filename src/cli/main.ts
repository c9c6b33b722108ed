import { VERSION } from '../version.js';
import { EXIT, type CliCommand, type CliIo } from './command.js';
import { applyCommand } from './commands/apply.js';
import { backtestCommand } from './commands/backtest.js';
import { localizeCommand } from './commands/localize.js';
import { probeCommand } from './commands/probe.js';
import { UsageError } from './path-flags.js';
import { runCommand } from './commands/run.js';

const COMMANDS: readonly CliCommand[] = [
  runCommand,
  probeCommand,
  localizeCommand,
  applyCommand,
  backtestCommand,
];

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 'version'.length);
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    `ticket-to-pr ${VERSION}: one Azure Boards ticket → local models → verified draft pull request.`,
    '',
    'Usage: ticket-to-pr <command> [flags]',
    '',
    'Commands:',
    ...lines,
    `  ${'version'.padEnd(width)}  Print the version.`,
    `  ${'help'.padEnd(width)}  Show this help, or 'help <command>' for a command's flags.`,
    '',
    "Run 'ticket-to-pr <command> --help' for a command's flags.",
    '',
    'Exit codes: 0 success (or a normal outcome), 1 failure (an operator outcome), 2 bad flags or configuration.',
    '',
  ].join('\n');
}

/** Dispatches `ticket-to-pr <command> ...`; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // No command is a usage error: a script that forgot it should not pass.
    io.stderr(usage());
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic === undefined) {
      io.stdout(usage());
      return EXIT.ok;
    }
    const target = COMMANDS.find((c) => c.name === topic);
    if (!target) {
      io.stderr(
        `No help topic '${topic}'. Topics: ${COMMANDS.map((c) => c.name).join(', ')}. Run 'ticket-to-pr help' for the overview.\n`,
      );
      return EXIT.usage;
    }
    io.stdout(target.help);
    return EXIT.ok;
  }
  if (name === 'version' || name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(
      `Unknown command '${name}'. Expected one of: ${[...COMMANDS.map((c) => c.name), 'version', 'help'].join(', ')}.\n`,
    );
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // One rule for every command: a flag it cannot use (a path that is not there) exits 2.
    if (!(error instanceof UsageError)) throw error;
    io.stderr(
      `${command.name}: ${error.message}\nRun 'ticket-to-pr ${command.name} --help' for usage.\n`,
    );
    return EXIT.usage;
  }
}
