/**
 * One choke point for every Azure DevOps call (the tracker, the backtest's reader and the Azure Repos
 * forge): authentication, the retry policy bounded by the job's deadline, and the translation of
 * final failures into errors an operator can act on. azure-devops-node-api itself never retries 429
 * and retries nothing for work item calls, so the policy lives here.
 */
import * as azdev from 'azure-devops-node-api';
import type { IGitApi } from 'azure-devops-node-api/GitApi.js';
import type { IWorkItemTrackingApi } from 'azure-devops-node-api/WorkItemTrackingApi.js';
import { OutcomeError, getErrorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { isAzureDevOpsPat } from '../git/auth-header.js';
import { trackerFailure } from './failure-message.js';

/**
 * azure-devops-node-api 17.0.1 calls Node's legacy `url.parse`: VsoClient.js:23, in the VsoClient
 * constructor `new WebApi` runs (WebApi.js:177; the first call, as --trace-deprecation shows) and
 * every API client after it, WebApi.js:110 when `no_proxy` is set, and `url.resolve` (which parses
 * the same way) at VsoClient.js:142 and :196. Node 24 (v24.21.0,
 * lib/url.js `urlParse`) warns DEP0169 once per process unless the caller sits in node_modules;
 * bundled into dist/ it does not, so every job printed the warning. The calls are the library's;
 * exactly this warning is dropped, every other one goes on, and our own code may not call
 * `url.parse` (eslint.config.js) so nothing of ours hides behind it.
 */
export const URL_PARSE_DEPRECATION = 'DEP0169';

/** `emit` without DEP0169, whichever way it is called: (message, type, code) or (message, options). */
export function withoutUrlParseDeprecation(
  emit: typeof process.emitWarning,
): typeof process.emitWarning {
  function emitWarning(this: unknown, warning: string | Error, ...rest: unknown[]): void {
    const [typeOrOptions, code] = rest;
    const given =
      typeof typeOrOptions === 'object' && typeOrOptions !== null
        ? (typeOrOptions as { code?: unknown }).code
        : (code ?? (warning as { code?: unknown }).code);
    if (given === URL_PARSE_DEPRECATION) return;
    Reflect.apply(emit, this, [warning, ...rest]);
  }
  return emitWarning as typeof process.emitWarning;
}

const FILTERED = Symbol.for('ticket-to-pr.url-parse-warning-filtered');

/** Installs the filter once per process, before any client is built (the forge builds its own). */
export function dropUrlParseDeprecation(target: NodeJS.Process = process): void {
  const holder = target as NodeJS.Process & { [FILTERED]?: true };
  if (holder[FILTERED]) return;
  holder[FILTERED] = true;
  target.emitWarning = withoutUrlParseDeprecation(target.emitWarning);
}
dropUrlParseDeprecation();

export type AuthScheme = 'pat' | 'bearer';

/**
 * How a token is sent, by the client's own rule (getHandlerFromToken): a personal access token
 * (see isAzureDevOpsPat) goes as Basic with user "PAT"; anything else — System.AccessToken, an
 * Entra ID token — goes as Bearer.
 */
export function authSchemeFor(token: string): AuthScheme {
  return isAzureDevOpsPat(token) ? 'pat' : 'bearer';
}

/** Whether a call may be repeated after a 429, a 5xx or a lost connection. */
export type RetryClass =
  /** Reads and queries. */
  | 'idempotent'
  /** A JSON Patch that `test`s /rev: a repeat after success fails with 412, never doubles a write. */
  | 'rev-guarded'
  /**
   * A write that must not happen twice (e.g. creating a pull request): after a failure its
   * `tookEffect` reads whether the attempt landed all the same (its answer lost); it is repeated
   * only when it did not.
   */
  | 'checked'
  /** Anything else (e.g. a plain comment POST): tried once. */
  | 'once';

export interface CallOptions<T = never> {
  /** The class, or a function that decides it once the call failed (by what the call did). */
  readonly retry: RetryClass | (() => RetryClass);
  /** The permission the call needs, named in the ConfigError on 401/403. */
  readonly permission: string;
  /** For 'checked': the result the failed attempt left behind, or undefined when it left none. */
  readonly tookEffect?: () => Promise<T | undefined>;
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  /** Longest Retry-After honoured; a longer one fails the call. */
  readonly maxRetryAfterMs: number;
  readonly baseBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  maxRetryAfterMs: 60_000,
  baseBackoffMs: 1_000,
};

interface ClientError {
  statusCode?: number;
  code?: string;
  message?: string;
  rateLimit?: { retryAfter?: number };
  responseHeaders?: Record<string, string | string[] | undefined>;
}

const CONNECTION_ERRORS = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ESOCKETTIMEDOUT',
]);

export function statusOf(error: unknown): number | undefined {
  return (error as ClientError | undefined)?.statusCode;
}

function isConnectionError(error: unknown): boolean {
  const e = error as ClientError | undefined;
  return (
    (e?.code !== undefined && CONNECTION_ERRORS.has(e.code)) ||
    /socket hang up|ECONNRESET|ECONNREFUSED|ETIMEDOUT/i.test(e?.message ?? '')
  );
}

function retryAfterMs(error: unknown): number | undefined {
  const e = error as ClientError;
  const seconds =
    e.rateLimit?.retryAfter ??
    Number.parseInt(String(e.responseHeaders?.['retry-after'] ?? ''), 10);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

export interface AzureConnectionOptions {
  readonly orgUrl: string;
  readonly token: string;
  readonly logger: Logger;
  readonly sleep: (ms: number) => Promise<void>;
  readonly policy?: RetryPolicy;
  /** For jitter; injectable for tests. */
  readonly random?: () => number;
  /** Epoch milliseconds: no retry wait may end after it (the job's deadline). */
  readonly deadline?: number;
  readonly now?: () => number;
  /**
   * Turns a failure that is not retried into the error thrown; default: the tracker's texts
   * (trackerFailure). The forge passes its own, which names its inputs and masks secrets.
   */
  readonly explain?: (
    error: unknown,
    what: string,
    options: Pick<CallOptions, 'permission'>,
  ) => unknown;
}

export interface AzureConnection {
  readonly scheme: AuthScheme;
  workItemTracking(): Promise<IWorkItemTrackingApi>;
  /** The Git API (pull requests) on the same connection; `what` names the step in a failure. */
  git(what?: string): Promise<IGitApi>;
  call<T>(what: string, options: CallOptions<NoInfer<T>>, fn: () => Promise<T>): Promise<T>;
}

/**
 * The one Azure DevOps choke point: every call is retried by its class after a 429 (Retry-After),
 * a 5xx or a lost connection, a bounded number of times, and never waits past the deadline.
 */
export function createAzureConnection(options: AzureConnectionOptions): AzureConnection {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const explain =
    options.explain ??
    ((error: unknown, what: string, callOptions: Pick<CallOptions, 'permission'>) =>
      trackerFailure(error, what, callOptions.permission, options.orgUrl));
  const scheme = authSchemeFor(options.token);
  const handler =
    scheme === 'pat'
      ? azdev.getPersonalAccessTokenHandler(options.token)
      : azdev.getBearerHandler(options.token);
  const api = new azdev.WebApi(options.orgUrl, handler, { socketTimeout: 60_000 });
  let wit: Promise<IWorkItemTrackingApi> | undefined;
  let git: Promise<IGitApi> | undefined;

  /** How long to wait before the next attempt, or undefined when the failure is final. */
  function retryDelay(error: unknown, attempt: number, what: string): number | undefined {
    const status = statusOf(error);
    if (status === 429) {
      const asked = retryAfterMs(error) ?? policy.baseBackoffMs * 2 ** (attempt - 1);
      if (asked <= policy.maxRetryAfterMs) return asked;
      options.logger.warning(
        `Azure DevOps (${what}): the rate limit asks for a wait of ${asked / 1000}s, more than allowed; giving up.`,
      );
      return undefined;
    }
    if ((status !== undefined && status >= 500 && status <= 504) || isConnectionError(error)) {
      // Full jitter keeps runners that failed together from retrying together.
      return Math.round(random() * policy.baseBackoffMs * 2 ** (attempt - 1));
    }
    return undefined;
  }

  async function call<T>(
    what: string,
    callOptions: CallOptions<NoInfer<T>>,
    fn: () => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        // Already explained by a call inside this one (e.g. the API discovery): final.
        if (error instanceof OutcomeError) throw error;
        const retry =
          typeof callOptions.retry === 'function' ? callOptions.retry() : callOptions.retry;
        const delay =
          retry !== 'once' && attempt < policy.maxAttempts
            ? retryDelay(error, attempt, what)
            : undefined;
        if (delay === undefined) throw explain(error, what, callOptions);
        const failure = `Azure DevOps (${what}): ${statusOf(error) ?? 'connection'}: ${getErrorMessage(error)}`;
        if (options.deadline !== undefined && now() + delay >= options.deadline) {
          options.logger.warning(
            `${failure}; not retrying: a wait of ${delay} ms would end after the job's deadline.`,
          );
          throw explain(error, what, callOptions);
        }
        options.logger.warning(
          `${failure}; retrying in ${delay} ms (attempt ${attempt + 1} of ${policy.maxAttempts}).`,
        );
        await options.sleep(delay);
        if (retry === 'checked' && callOptions.tookEffect) {
          const left = await callOptions.tookEffect();
          if (left !== undefined) {
            options.logger.info(
              `Azure DevOps (${what}): the failed attempt had taken effect; not repeating it.`,
            );
            return left;
          }
        }
      }
    }
  }

  return {
    scheme,
    call,
    workItemTracking() {
      wit ??= call(
        'discover the work item API',
        { retry: 'idempotent', permission: 'Work Items (Read) (vso.work)' },
        () => api.getWorkItemTrackingApi(),
      ).catch((error: unknown) => {
        wit = undefined;
        throw error;
      });
      return wit;
    },
    git(what = 'discover the Git API') {
      git ??= call(what, { retry: 'idempotent', permission: 'Code (Read) (vso.code)' }, () =>
        api.getGitApi(),
      ).catch((error: unknown) => {
        git = undefined;
        throw error;
      });
      return git;
    },
  };
}
