/**
 * A bare entry for timing `ticket-to-pr localize` cold: `npx tsx bench/localize/speed-entry.ts <flags>`
 * or bundled with ncc. Prints the command's output and exits with its code.
 */
import { localizeCommand } from '../../src/cli/commands/localize.js';

const code = await localizeCommand.run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;
