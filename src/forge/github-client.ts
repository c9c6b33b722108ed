/**
 * The Octokit that talks to GitHub. @octokit/rest alone neither waits nor retries; GitHub's rate
 * limits (primary: 403/429 with x-ratelimit-remaining 0 and x-ratelimit-reset; secondary: 403/429
 * with a "secondary rate limit" message and often retry-after — docs.github.com, "Rate limits for
 * the REST API") are waited out by @octokit/plugin-throttling, and 5xx answers retried by
 * @octokit/plugin-retry. Both stay inside the job's budget, with a bounded number of retries.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { Logger } from '../shared/logger.js';

/** Retries after a rate limit, per request. */
export const MAX_RATE_LIMIT_RETRIES = 2;
/** Retries after a 5xx, per request (plugin-retry waits 1 s, then 4 s). */
const MAX_SERVER_ERROR_RETRIES = 2;

const GitHubOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof GitHubOctokit>;

export interface GitHubClientOptions {
  readonly token: string;
  readonly baseUrl: string;
  readonly logger: Logger;
  /** Masks secrets in Octokit's own log lines. */
  readonly mask: (text: string) => string;
  /** Epoch milliseconds: no wait may end after it. */
  readonly deadline: number;
  readonly now?: () => number;
  /** Milliseconds per second of GitHub's retry-after (tests shorten the waits). Default 1000. */
  readonly msPerSecond?: number;
}

/** Whether a rate-limited request is tried again after `waitMs`: bounded, and only within the job. */
export function waitOutRateLimit(
  retryCount: number,
  waitMs: number,
  now: number,
  deadline: number,
): boolean {
  return retryCount < MAX_RATE_LIMIT_RETRIES && now + waitMs < deadline;
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const { logger, mask } = options;
  const now = options.now ?? Date.now;
  const msPerSecond = options.msPerSecond ?? 1000;
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _octokit: unknown,
      retryCount: number,
    ) => {
      const waitMs = retryAfter * msPerSecond;
      const what = `${request.method} ${request.url}`;
      if (waitOutRateLimit(retryCount, waitMs, now(), options.deadline)) {
        logger.warning(
          `GitHub ${kind} rate limit on ${what}: waiting ${retryAfter} s as GitHub asks (retry ${retryCount + 1} of ${MAX_RATE_LIMIT_RETRIES}).`,
        );
        return true;
      }
      logger.warning(
        `GitHub ${kind} rate limit on ${what}: not waiting ${retryAfter} s more (${retryCount} retries so far; the job's budget ends sooner or the retries are used up).`,
      );
      return false;
    };
  return new GitHubOctokit({
    auth: options.token,
    baseUrl: options.baseUrl,
    userAgent: 'ticket-to-pr',
    log: {
      debug: (m: string) => logger.debug(mask(m)),
      info: (m: string) => logger.debug(mask(m)),
      warn: (m: string) => logger.warning(mask(m)),
      error: (m: string) => logger.error(mask(m)),
    },
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      retryAfterBaseValue: msPerSecond,
    },
    retry: { retries: MAX_SERVER_ERROR_RETRIES, retryAfterBaseValue: msPerSecond },
  });
}
