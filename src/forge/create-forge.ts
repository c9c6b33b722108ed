import type { Config } from '../config/config.js';
import { ConfigError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Workspace } from '../git/workspace.js';
import { githubHostOfApiUrl, parseRemoteUrl } from '../git/remote-url.js';
import type { Forge, ForgeKind } from './forge.js';
import type { ReviewForge } from './review.js';
import { AzureReposForge } from './azure-repos-forge.js';
import { GitHubForge } from './github-forge.js';

/**
 * Where the pull request goes: `pr-target`, or for 'auto' the remote URL (github.com or the
 * GitHub API URL's host → GitHub; dev.azure.com, *.visualstudio.com or a `/_git/` path → Azure Repos).
 */
export function detectForgeKind(config: Config, remoteUrl: string): ForgeKind {
  if (config.repository.prTarget !== 'auto') return config.repository.prTarget;
  const host = githubHostOfApiUrl(config.repository.githubApiUrl);
  const info = parseRemoteUrl(remoteUrl, host ? [host] : []);
  if (info.kind !== 'unknown') return info.kind;
  throw new ConfigError(
    `pr-target: 'auto' cannot tell GitHub from Azure Repos by the remote URL '${remoteUrl}'. Set pr-target to 'github' or 'azure-repos'.`,
  );
}

/** The forge adapter for this repository. Throws ConfigError for a missing token or repository. */
export async function createForge(options: {
  config: Config;
  workspace: Workspace;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** Epoch milliseconds: the job's deadline, which bounds every retry wait (GitHub and Azure DevOps). */
  deadline?: number;
}): Promise<Forge & ReviewForge> {
  const kind = detectForgeKind(options.config, await options.workspace.remoteUrl());
  return kind === 'github' ? GitHubForge.create(options) : AzureReposForge.create(options);
}
