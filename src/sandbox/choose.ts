import { ConfigError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { commandEnvironment } from '../verify/scrub-env.js';
import { probeBubblewrap } from './bubblewrap.js';
import { unsandboxed, type Sandbox, type SandboxSettings } from './sandbox.js';

/** How the repository's commands run: the isolation and the environment they get. */
export interface CommandSetting {
  readonly sandbox: Sandbox;
  readonly env: NodeJS.ProcessEnv;
}

export const INSTALL_BUBBLEWRAP =
  "install bubblewrap (Debian/Ubuntu: 'sudo apt-get install bubblewrap') and allow unprivileged user namespaces (Ubuntu 24.04: 'sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0' or an AppArmor profile for bwrap)";

/**
 * Decides once, before any ticket is claimed, how the repository's commands run. `auto` takes
 * bubblewrap when it works here and otherwise runs them bare, warning what they could reach;
 * `required` refuses to go on without it (config-error); `off` runs them bare and says so.
 */
export async function chooseSandbox(options: {
  readonly settings: SandboxSettings;
  readonly hostEnv: NodeJS.ProcessEnv;
  readonly secrets: readonly string[];
  readonly repoRoot: string;
  readonly logger: Logger;
}): Promise<CommandSetting> {
  const { settings, logger } = options;
  const { env, leftOut, refused } = commandEnvironment(options.hostEnv, {
    secrets: options.secrets,
    extraNames: settings.envNames,
  });
  if (leftOut.length > 0)
    logger.debug(`Left out of the commands' environment: ${leftOut.join(', ')}`);
  if (refused.length > 0)
    logger.warning(
      `Not passed to the commands, although allowed, because the value holds a credential (a URL with user:password@ or a configured secret): ${refused.join(', ')}.`,
    );

  if (settings.mode === 'off') {
    if (!settings.network)
      throw new ConfigError(
        "Input 'sandbox-network' is 'off', but 'sandbox' is 'off': nothing would take the network away from the commands. To fix it, set 'sandbox: auto' (or 'required') with bubblewrap installed, or set 'sandbox-network: on'.",
      );
    return bare(env, 'sandbox: off', logger);
  }
  const probe = await probeBubblewrap({
    settings,
    env,
    hostEnv: options.hostEnv,
    repoRoot: options.repoRoot,
  });
  if (probe.ok) {
    logger.info(`Repository commands run sandboxed: ${probe.sandbox.isolation.description}`);
    return { sandbox: probe.sandbox, env };
  }
  if (settings.mode === 'required') {
    throw new ConfigError(
      `Input 'sandbox' is 'required', but no sandbox can run here: ${probe.why}. To fix it, ${INSTALL_BUBBLEWRAP}; or set 'sandbox: auto' to run the tests unsandboxed with a warning.`,
    );
  }
  if (!settings.network) {
    // Running bare would quietly give the commands the network they were denied.
    throw new ConfigError(
      `Input 'sandbox-network' is 'off', but no sandbox can run here to take the network away: ${probe.why}. To fix it, ${INSTALL_BUBBLEWRAP}; or set 'sandbox-network: on'.`,
    );
  }
  return bare(env, `no sandbox available: ${probe.why}`, logger);
}

function bare(env: NodeJS.ProcessEnv, why: string, logger: Logger): CommandSetting {
  const sandbox = unsandboxed(why);
  logger.warning(
    `The repository's commands run without a sandbox. Isolation: ${sandbox.isolation.description}`,
  );
  return { sandbox, env };
}
