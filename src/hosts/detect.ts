import type { Host } from '../shared/host.js';
import { AzurePipelinesHost } from './azure-pipelines.js';
import { GitHubActionsHost } from './github-actions.js';

/** Azure Pipelines sets TF_BUILD=True; anything else is treated as GitHub Actions. */
export function detectActionHost(env: NodeJS.ProcessEnv = process.env): Host {
  return env.TF_BUILD?.toLowerCase() === 'true'
    ? new AzurePipelinesHost(env)
    : new GitHubActionsHost(env);
}
