import { withoutUrlCredentials } from '../shared/secrets.js';

/**
 * A git config as the sandboxed commands may read it: without the credentials a checkout step
 * leaves there. actions/checkout (persist-credentials, the default) and Azure Pipelines
 * (persistCredentials) keep the job's token as an `http.<url>.extraheader` in `.git/config`,
 * and a remote URL can carry `user:token@`. Read-only is not enough: the tests could read them.
 * Pure: every `extraheader` line is dropped and URL user information is cut.
 */
export function withoutCredentials(config: string): string {
  return config
    .split('\n')
    .filter((line) => !/^\s*extraheader\s*=/i.test(line))
    .map(withoutUrlCredentials)
    .join('\n');
}
