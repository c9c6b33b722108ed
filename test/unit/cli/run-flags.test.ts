import { describe, expect, it } from '@jest/globals';
import type { CliIo } from '../../../src/cli/command.js';
import { runHost } from '../../../src/cli/commands/run.js';
import { runCli } from '../../../src/cli/main.js';
import { parseConfig } from '../../../src/config/parse-config.js';

/** The inputs a job cannot start without, as flags. */
const REQUIRED = [
  '--azure-devops-org-url',
  'https://dev.azure.com/contoso',
  '--azure-devops-project',
  'Fabrikam',
  '--azure-devops-token',
  'pat-secret-value-1234',
];

function terminal(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
    cwd: '/work/repo',
  };
}

/** The configuration a `run` with these flags would start with. */
function configOf(argv: readonly string[]) {
  const host = runHost([...REQUIRED, ...argv], terminal());
  return parseConfig((name) => host.getInput(name), {}, '/work/repo');
}

describe('ticket-to-pr run --edit-mode', () => {
  it('reaches the configuration: pipeline, agent or auto, in any case; the default is pipeline', () => {
    expect(configOf(['--edit-mode', 'agent']).editing.mode).toBe('agent');
    expect(configOf(['--edit-mode=auto']).editing.mode).toBe('auto');
    expect(configOf(['--edit-mode', 'Agent']).editing.mode).toBe('agent');
    expect(configOf(['--edit-mode', 'pipeline']).editing.mode).toBe('pipeline');
    expect(configOf([]).editing.mode).toBe('pipeline');
    // Empty is "not given", as for every input: a script's unset variable gives the default.
    expect(configOf(['--edit-mode', '']).editing.mode).toBe('pipeline');
  });

  it('a bad value exits 2 naming the flag and the accepted values, before any job starts', async () => {
    for (const argv of [
      ['run', '--edit-mode', 'agnet'],
      ['run', '--edit-mode=agents'],
    ]) {
      const io = terminal();
      expect(await runCli(argv, io)).toBe(2);
      const value = argv.at(-1)!.replace('--edit-mode=', '');
      expect(io.err.join('')).toBe(
        `run: --edit-mode '${value}': expected one of: 'pipeline', 'agent', 'auto'.\nRun 'ticket-to-pr run --help' for usage.\n`,
      );
      // No job ran: it would have printed its outcome and the summary file it wrote.
      expect(io.out).toEqual([]);
    }
  });

  it('a long bad value is cut in the message', async () => {
    const io = terminal();
    expect(await runCli(['run', '--edit-mode', `x${'y'.repeat(500)}`], io)).toBe(2);
    expect(io.err.join('')).toMatch(/--edit-mode 'xy{58}…': expected one of/);
  });

  it('--help lists it with its default and the accepted values', async () => {
    const io = terminal();
    expect(await runCli(['run', '--help'], io)).toBe(0);
    const help = io.out.join('');
    expect(help).toContain('  --edit-mode (default: pipeline; one of: pipeline, agent, auto)\n');
    for (const flag of [
      '--agent-max-turns',
      '--agent-max-test-runs',
      '--agent-max-tokens',
      '--agent-time-limit',
    ])
      expect(help).toContain(`  ${flag} (default: `);
  });
});
