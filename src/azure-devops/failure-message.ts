/**
 * What an operator reads when an Azure DevOps call fails for good: which input to check and what
 * the status means. azure-devops-node-api 17.0.1 passes Node's own network error through (e.g.
 * `connect ECONNREFUSED 127.0.0.1:1`, `getaddrinfo ENOTFOUND host`, with `code` set and no
 * `statusCode`), which alone names neither the input nor what to look at.
 */
import { ConfigError, OutcomeError, getErrorMessage } from '../shared/errors.js';

interface NetworkError {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly message?: unknown;
}

/** Node's network error codes (ECONNREFUSED, ENOTFOUND, ETIMEDOUT, EAI_AGAIN, …) and hang-ups. */
export function isNetworkFailure(error: unknown): boolean {
  const e = error as NetworkError | undefined;
  if (e?.statusCode !== undefined) return false;
  return (
    (typeof e?.code === 'string' && /^E[A-Z_]+$/.test(e.code)) ||
    /socket hang up|ECONNRESET|ECONNREFUSED|ETIMEDOUT|ENOTFOUND/i.test(String(e?.message ?? ''))
  );
}

/**
 * The message for an organization that never answered: the URL tried, what failed (`failed`, e.g.
 * "could not read work item 4"), and where the URL came from (`source`: the input, or the remote URL).
 */
export function unreachableMessage(
  orgUrl: string,
  source: string,
  failed: string,
  error: unknown,
): string {
  const cause = getErrorMessage(error);
  return (
    `Azure DevOps is not reachable at ${orgUrl}: ${failed} (${cause}). ` +
    `Check that ${source} names the organization (https://dev.azure.com/{organization}, or an ` +
    `Azure DevOps Server collection URL), and that this machine can reach it: the host name ` +
    `resolves, and no firewall or proxy stops the connection.`
  );
}

/**
 * The tracker's reading of a failure that will not be retried: an unreachable organization, a
 * rejected token (401) or a missing permission (403) become errors an operator can act on; any
 * other error is returned as it is (callers read its statusCode, e.g. 412 or 404).
 */
export function trackerFailure(
  error: unknown,
  what: string,
  permission: string,
  orgUrl: string,
): unknown {
  const status = (error as NetworkError | undefined)?.statusCode;
  if (status === 401) {
    return new ConfigError(
      `azure-devops-token: Azure DevOps rejected the token (HTTP 401) when asked to ${what} on ${orgUrl}. ` +
        `Check that it has not expired or been revoked, and that it was made for this organization. ` +
        `A personal access token limited to chosen scopes is refused the same way when it lacks ${permission}. ` +
        `The service said: ${getErrorMessage(error)}`,
    );
  }
  if (status === 403) {
    return new ConfigError(
      `azure-devops-token: Azure DevOps accepted the token but refused to ${what} (HTTP 403): the identity ` +
        `behind it needs ${permission} on ${orgUrl}. The service said: ${getErrorMessage(error)}`,
    );
  }
  if (isNetworkFailure(error)) {
    return new OutcomeError(
      'error',
      unreachableMessage(orgUrl, 'azure-devops-org-url', `could not ${what}`, error),
      {
        cause: error,
      },
    );
  }
  return error;
}
