/** `sandbox` input: use the strongest isolation found, insist on one, or run without. */
export type SandboxMode = 'auto' | 'required' | 'off';

/** The sandbox inputs, as parsed in src/config. */
export interface SandboxSettings {
  readonly mode: SandboxMode;
  /** `sandbox-network: off` gives the commands their own, empty network namespace. */
  readonly network: boolean;
  /** Absolute paths the commands may write besides the work tree (tool caches such as ~/.npm). */
  readonly writable: readonly string[];
  /** Environment variable names passed to the commands besides the built-in allowlist. */
  readonly envNames: readonly string[];
}

/** Which isolation the repository's commands ran under, in the words the reports use. */
export interface Isolation {
  readonly level: 'bubblewrap' | 'none';
  /** One sentence: what is isolated, or, without a sandbox, what the commands could reach. */
  readonly description: string;
}

/** A program and its arguments, ready for spawn without a shell. */
export interface Launch {
  readonly file: string;
  readonly args: readonly string[];
}

/** Runs one shell command of the repository in its work tree, isolated as `isolation` says. */
export interface Sandbox {
  readonly isolation: Isolation;
  launch(command: string, repoRoot: string): Launch;
}

/** What untrusted commands can reach when nothing isolates them, said in every report. */
export const UNSANDBOXED_REACH =
  "the commands could read this job's own environment through /proc (the tokens in it), write .git (config and hooks ticket-to-pr's git then runs), write the runner's command files (GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) and read or change HOME (~/.npmrc, ~/.gitconfig, ~/.ssh)";

/** The commands run as they are, through /bin/sh (what spawn's `shell: true` does on Unix). */
export function unsandboxed(why: string): Sandbox {
  return {
    isolation: { level: 'none', description: `none (${why}): ${UNSANDBOXED_REACH}.` },
    launch: (command) => ({ file: '/bin/sh', args: ['-c', command] }),
  };
}
