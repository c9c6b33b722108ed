// GitHub's primary and secondary rate limits, met by the real Octokit (throttling and retry
// plugins) against the simulator. Texts and headers: see RATE_LIMIT_MESSAGES and RateLimitFault in
// test/simulators/github/github-simulator.ts (docs.github.com "Rate limits for the REST API").
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { GitHubForge } from '../../../src/forge/github-forge.js';
import { waitOutRateLimit } from '../../../src/forge/github-client.js';
import { OutcomeError } from '../../../src/shared/errors.js';
import {
  RATE_LIMIT_MESSAGES,
  startGitHubSimulator,
  type GitHubSimulator,
} from '../../simulators/github/github-simulator.js';
import { makeConfig, recordingLogger } from '../git/fixtures.js';

const TOKEN = 'ghs_FAKEinstallationToken0123456789abcdef';
const BRANCH = 'ticket-to-pr/42-fix-the-add-function';
const NEW_PR = {
  title: 'AB#42: Fix',
  body: 'b',
  sourceBranch: BRANCH,
  targetBranch: 'main',
  draft: true,
  ticketId: 42,
};
/** Each second GitHub asks for lasts 5 ms here. */
const MS_PER_SECOND = 5;

let sim: GitHubSimulator;
let logger: ReturnType<typeof recordingLogger>;

beforeEach(async () => {
  sim = await startGitHubSimulator({
    owner: 'octo-org',
    repo: 'widgets',
    token: TOKEN,
    branches: { main: 'a'.repeat(40), [BRANCH]: 'b'.repeat(40) },
  });
  logger = recordingLogger();
});
afterEach(() => sim.close());

function forge(deadline = Date.now() + 60_000): Promise<GitHubForge> {
  const config = makeConfig({
    path: '/nonexistent',
    githubToken: TOKEN,
    githubApiUrl: sim.url,
    githubRepository: 'octo-org/widgets',
  });
  return GitHubForge.create({
    config,
    logger,
    workspace: { remoteUrl: async () => '' },
    deadline,
    msPerSecond: MS_PER_SECOND,
  });
}

const creates = () => sim.requests.filter((r) => r.operation === 'pulls/create');

describe('GitHub rate limits', () => {
  const cases: [
    'primary' | 'secondary',
    403 | 429,
    { retryAfterSeconds?: number; resetInSeconds?: number },
  ][] = [
    // Both statuses occur for both kinds; one of each keeps the suite fast (writes are paced 1–3 s).
    ['secondary', 403, { retryAfterSeconds: 30 }],
    ['primary', 429, { resetInSeconds: 5 }],
  ];
  it.each(cases)(
    'a %s limit (%i) is waited out and the pull request opened once',
    async (kind, status, extra) => {
      sim.rateLimit({ kind, status, operation: 'pulls/create', ...extra });
      const pr = await (await forge()).createPullRequest(NEW_PR);
      expect(pr.id).toBe(1);
      expect(sim.pulls).toHaveLength(1);
      expect(creates().map((r) => r.status)).toEqual([status, 201]);
      expect(logger.lines.join('\n')).toMatch(
        new RegExp(`GitHub ${kind} rate limit on POST .*waiting \\d+ s`),
      );
    },
  );

  it('the simulator answers with the headers and texts GitHub documents', async () => {
    sim.rateLimit({ kind: 'primary', status: 403, operation: 'repos/get' });
    sim.rateLimit({ kind: 'secondary', status: 429, operation: 'repos/get', retryAfterSeconds: 7 });
    const get = () =>
      fetch(`${sim.url}/repos/octo-org/widgets`, { headers: { authorization: `token ${TOKEN}` } });
    const primary = await get();
    expect(primary.status).toBe(403);
    expect(primary.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(primary.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(await primary.json()).toMatchObject({
      message: RATE_LIMIT_MESSAGES.primary(41898282),
      documentation_url: RATE_LIMIT_MESSAGES.documentationUrl,
    });
    const secondary = await get();
    expect(secondary.status).toBe(429);
    expect(secondary.headers.get('retry-after')).toBe('7');
    expect(secondary.headers.get('x-ratelimit-remaining')).not.toBe('0');
    expect(((await secondary.json()) as { message: string }).message).toMatch(
      /secondary rate limit/,
    );
  });

  it('retries are bounded: a limit that keeps coming ends the job with a clear error, no PR', async () => {
    sim.rateLimit({
      kind: 'secondary',
      operation: 'pulls/create',
      retryAfterSeconds: 1,
      times: 10,
    });
    const error = await (await forge()).createPullRequest(NEW_PR).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeError);
    expect((error as OutcomeError).outcome).toBe('error');
    expect((error as OutcomeError).reason).toMatch(/rate limit still held.*2 retries/);
    expect(creates()).toHaveLength(3);
    expect(sim.pulls).toHaveLength(0);
  });

  it("a wait that would outlast the job's budget is not started", async () => {
    // retry-after 3600 s = 18 s here; the deadline is 5 s away.
    sim.rateLimit({ kind: 'secondary', operation: 'pulls/create', retryAfterSeconds: 3600 });
    const started = Date.now();
    const error = await (await forge(Date.now() + 5000))
      .createPullRequest(NEW_PR)
      .catch((e: unknown) => e);
    expect((error as OutcomeError).reason).toMatch(/rate limit still held/);
    expect(creates()).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('waitOutRateLimit: at most two retries, and only when the wait ends before the deadline', () => {
    expect(waitOutRateLimit(0, 1000, 0, 2000)).toBe(true);
    expect(waitOutRateLimit(1, 1000, 0, 2000)).toBe(true);
    expect(waitOutRateLimit(2, 1000, 0, 2000)).toBe(false);
    expect(waitOutRateLimit(0, 2000, 0, 2000)).toBe(false);
  });
});
