import { createForge } from '../../../src/forge/create-forge.js';
import type { Logger } from '../../../src/shared/logger.js';
import type { GitHubSimulator } from '../../simulators/github/github-simulator.js';
import { makeConfig } from '../git/fixtures.js';

/** The GitHub forge as a job builds it, pointed at the simulator's repository, acting as `token`. */
export function githubForgeFor(sim: GitHubSimulator, token: string, logger: Logger) {
  const config = makeConfig({
    path: '/tmp/unused',
    prTarget: 'github',
    githubToken: token,
    githubApiUrl: sim.url,
    githubRepository: `${sim.owner}/${sim.repo}`,
  });
  return createForge({
    config,
    workspace: { remoteUrl: async () => 'file:///tmp/widgets.git' } as never,
    logger,
  });
}
