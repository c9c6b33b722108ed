/**
 * How the Azure Repos forge's calls fail and retry: its texts for a final failure (secrets masked,
 * the input named) and the watch that tells a read from a write for the review side's calls.
 */
import type { IGitApi } from 'azure-devops-node-api/GitApi.js';
import { ConfigError, OutcomeError, getErrorMessage } from '../shared/errors.js';
import type { SecretMasker } from '../shared/secrets.js';
import { isNetworkFailure, unreachableMessage } from '../azure-devops/failure-message.js';

interface Where {
  readonly orgUrl: string;
  readonly orgUrlFrom: string;
  readonly project: string;
  readonly repository: string;
}

/** The error a failed Azure Repos call ends with, `action` being e.g. "creating a pull request". */
export function azureReposFailure(
  error: unknown,
  action: string,
  target: Where,
  masker: SecretMasker,
): OutcomeError {
  const status = (error as { statusCode?: number } | undefined)?.statusCode;
  const text = masker.mask(getErrorMessage(error)).replace(/\.$/, '');
  const where = `${target.project}/${target.repository}`;
  if (status === 401) {
    return new ConfigError(
      `azure-devops-token: Azure DevOps rejected the token (401) while ${action} in ${where}: ${text}. ` +
        `Check that it has not expired or been revoked, and that it was made for ${target.orgUrl}; ` +
        `a personal access token limited to chosen scopes is refused the same way without Code (read & write).`,
    );
  }
  if (status === 403) {
    return new ConfigError(
      `azure-devops-token may not ${action} in ${where} (403: ${text}). A PAT needs Code (read & write); the build service identity needs "Contribute to pull requests".`,
    );
  }
  if (isNetworkFailure(error)) {
    return new OutcomeError(
      'error',
      masker.mask(unreachableMessage(target.orgUrl, target.orgUrlFrom, `${action} failed`, error)),
      { cause: error },
    );
  }
  return new OutcomeError(
    'error',
    `Azure Repos answered ${status ?? 'an error'} while ${action} in ${where}: ${text}`,
    { cause: error },
  );
}

/** Git API methods that only read. */
const READ_METHOD = /^get[A-Z]/;

/** The Git API as a call sees it, reporting through `onWrite` any method called that is not a read. */
export function watchingWrites(api: IGitApi, onWrite: () => void): IGitApi {
  return new Proxy(api, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return (...args: unknown[]): unknown => {
        if (!READ_METHOD.test(key)) onWrite();
        return Reflect.apply(value, target, args);
      };
    },
  });
}
