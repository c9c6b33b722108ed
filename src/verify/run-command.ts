import { spawn } from 'node:child_process';
import type { Sandbox } from '../sandbox/sandbox.js';
import { BoundedOutput } from './bounded-output.js';

export interface CommandResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  readonly output: string;
}

export interface RunCommandOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** What isolates the command (bubblewrap, or nothing); it also says how to start it. */
  readonly sandbox: Sandbox;
  readonly timeoutMs: number;
  /** Characters of combined stdout/stderr kept (head + tail). */
  readonly outputLimit: number;
  /** Time between SIGTERM and SIGKILL when the timeout fires. */
  readonly killGraceMs?: number;
}

/** Process groups of the commands still running: an interrupted process ends them (see below). */
const running = new Set<number>();

/**
 * Kills every command still running, with its whole process group. Each runs in its own group, so a
 * Ctrl-C at the terminal does not reach it: a process that stops on SIGINT calls this first.
 */
export function killRunningCommands(): void {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  running.clear();
}

/**
 * Runs one shell command, through the sandbox, in its own process group. At the timeout the whole
 * group is killed (SIGTERM, then SIGKILL), so a test runner's forked children die with it. When the
 * command ends, the group is killed and our ends of its pipes are closed: a daemon it left behind
 * (`setsid sleep 45 &`, which leaves the group) can then hold neither the run nor the process that
 * runs it, and inside bubblewrap's PID namespace it dies with the command. Never throws for a
 * failing command; the result says what happened.
 */
export function runCommand(command: string, options: RunCommandOptions): Promise<CommandResult> {
  const started = Date.now();
  const output = new BoundedOutput(options.outputLimit);
  return new Promise((resolve) => {
    const launch = options.sandbox.launch(command, options.cwd);
    const child = spawn(launch.file, [...launch.args], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) running.add(child.pid);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => output.append(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => output.append(chunk));

    let timedOut = false;
    let settled = false;
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    };
    let forceKill: NodeJS.Timeout | undefined;
    let afterExit: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      output.append(
        `\n[ticket-to-pr: timed out after ${options.timeoutMs} ms; process group killed]\n`,
      );
      killGroup('SIGTERM');
      forceKill = setTimeout(() => killGroup('SIGKILL'), options.killGraceMs ?? 2000);
    }, options.timeoutMs);

    const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      if (child.pid !== undefined) running.delete(child.pid);
      clearTimeout(timer);
      if (forceKill) clearTimeout(forceKill);
      if (afterExit) clearTimeout(afterExit);
      // Children left behind by a command that exited on its own are not ours to keep running.
      killGroup('SIGKILL');
      // A child that left the group may still hold the pipes: our ends must not keep node alive.
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({
        exitCode,
        signal,
        timedOut,
        durationMs: Date.now() - started,
        output: output.toString(),
      });
    };
    child.on('error', (error) => {
      output.append(`\n[ticket-to-pr: could not start the command: ${error.message}]\n`);
      finish(null, null);
    });
    // 'close' waits for the pipes; a grandchild that keeps them open is killed with the group above.
    child.on('close', (code, signal) => finish(code, signal));
    // A background child that keeps the pipes open after the command exited must not hold the run.
    child.on('exit', (code, signal) => {
      afterExit = setTimeout(() => finish(code, signal), timedOut ? 200 : 1000);
    });
  });
}
