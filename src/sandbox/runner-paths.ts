import path from 'node:path';

/** The runner's per-step command files: what a step writes there changes later steps. */
export const COMMAND_FILE_VARIABLES = [
  'GITHUB_ENV',
  'GITHUB_PATH',
  'GITHUB_OUTPUT',
  'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY',
] as const;

/**
 * Files in a runner's or agent's root that hold its registration and credentials. The GitHub
 * runner names them in actions/runner src/Runner.Common/HostContext.cs (GetConfigFile: `.runner`,
 * `.credentials`, `.credentials_migrated`, `.credentials_rsaparams`, `.credential_store`); the
 * Azure Pipelines agent keeps `.agent` in place of `.runner` beside the same credential files.
 */
export const CREDENTIAL_FILE_NAMES = [
  '.runner',
  '.agent',
  '.credentials',
  '.credentials_migrated',
  '.credentials_rsaparams',
  '.credential_store',
] as const;

export interface RunnerPaths {
  readonly dirs: readonly string[];
  readonly files: readonly string[];
}

/**
 * What the sandbox hides of the runner, from the step's environment and the node that runs the
 * action: the temp dirs (RUNNER_TEMP, AGENT_TEMPDIRECTORY), the command files and their folder,
 * and the credential files in the runner's root. Both runners start a JavaScript action with their
 * own node, `<root>/externals/<node>/bin/node` (actions/runner HostContext.cs,
 * GetDefaultShellForScript), so that path names the root; Azure also says it in
 * AGENT_HOMEDIRECTORY. Pure: the caller keeps the ones that exist.
 */
export function runnerPaths(env: NodeJS.ProcessEnv, execPath: string): RunnerPaths {
  const absolute = (p: string | undefined): p is string => !!p && path.isAbsolute(p);
  const commandFiles = COMMAND_FILE_VARIABLES.map((name) => env[name]).filter(absolute);
  const dirs = [
    env.RUNNER_TEMP,
    env.AGENT_TEMPDIRECTORY,
    ...commandFiles.map((file) => path.dirname(file)),
  ].filter(absolute);
  const roots = [env.AGENT_HOMEDIRECTORY, runnerRootOf(execPath)].filter(absolute);
  const files = [
    ...commandFiles,
    ...roots.flatMap((root) => CREDENTIAL_FILE_NAMES.map((name) => path.join(root, name))),
  ];
  return { dirs: unique(dirs.map(clean)), files: unique(files.map(clean)) };
}

/** `<root>/externals/<node>/bin/node` → `<root>`; anything else → undefined. */
export function runnerRootOf(execPath: string): string | undefined {
  const parts = path.resolve(execPath).split(path.sep);
  const at = parts.length - 4;
  if (at < 1 || parts[at] !== 'externals' || parts[at + 2] !== 'bin') return undefined;
  return parts.slice(0, at).join(path.sep) || path.sep;
}

function clean(p: string): string {
  return path.resolve(p);
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}
