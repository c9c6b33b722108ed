/* The terminal entry: bundled as dist/terminal.js, which the dist/cli.js loader runs. */
import { runCli } from './cli/main.js';
import { neutralizeLogText } from './shared/log-text.js';

// A terminal run is often a CI step: whatever a command prints goes through the same choke point
// as the action's log, so no ticket, model or test text becomes a runner's log command.
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(neutralizeLogText(text)),
  stderr: (text) => process.stderr.write(neutralizeLogText(text)),
  env: process.env,
  cwd: process.cwd(),
  readStdin: async (maxBytes) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > maxBytes) return undefined;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  },
});
