/**
 * The GitHub simulator's review answers (review comments, replies, reviews, PR comments, the
 * collaborator permission endpoint, a pull request's commits and the token's own account) validated against GitHub's OpenAPI description
 * (@octokit/openapi 23.0.2; specs/github, see its README).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  startGitHubSimulator,
  type GitHubSimulator,
} from '../simulators/github/github-simulator.js';
import type { SimReviewer } from '../simulators/github/review.js';
import {
  loadGitHubOperations,
  type Operation,
  schemaChecker,
  simulatorCall,
} from './github-openapi.js';

/**
 * Statuses GitHub answers that the description leaves out of these operations: 401 (Bad
 * credentials), 403 (a token without pull-requests: write, or without access to collaborators)
 * and 404 carry the Basic Error body; 422 the Validation Error body of issues/create-comment.
 */
const UNDOCUMENTED: Record<string, [string, string]> = {
  '401': ['repos/get', '404'],
  '403': ['issues/create-comment', '403'],
  '404': ['repos/get', '404'],
  '422': ['issues/create-comment', '422'],
};

const EXPECTED_KINDS = [
  'pulls/get 200',
  'pulls/list-review-comments 200',
  'pulls/list-review-comments 401',
  'pulls/create-reply-for-review-comment 201',
  'pulls/create-reply-for-review-comment 403',
  'pulls/create-reply-for-review-comment 404',
  'pulls/create-reply-for-review-comment 422',
  'pulls/list-reviews 200',
  'issues/list-comments 200',
  'issues/list-comments 404',
  'issues/create-comment 201',
  'issues/create-comment 403',
  'issues/create-comment 404',
  'issues/create-comment 422',
  'repos/get-collaborator-permission-level 200',
  'repos/get-collaborator-permission-level 403',
  'repos/get-collaborator-permission-level 404',
  'pulls/list-commits 200',
  'users/get-authenticated 200',
  'users/get-authenticated 403',
];

const WRITER: SimReviewer = { login: 'wendy', id: 101, type: 'User', role: 'write' };
const TRIAGER: SimReviewer = { login: 'tia', id: 103, type: 'User', role: 'triage' };

describe('GitHub simulator review responses match api.github.com’s OpenAPI description', () => {
  let sim: GitHubSimulator;
  let operations: Map<string, Operation>;
  const check = schemaChecker();
  const token = 'ghs_contractReviewToken00000000000000000000';
  /** A personal access token: it acts as a user, so GET /user answers it. */
  const userToken = 'ghp_contractUserToken000000000000000000000';

  beforeAll(async () => {
    operations = loadGitHubOperations();
    sim = await startGitHubSimulator({
      token,
      tokenUser: { login: 'ttp-app[bot]', id: 41, type: 'Bot' },
      moreTokens: [{ token: userToken, user: { login: 'release-robot', id: 42, type: 'User' } }],
      branches: { main: 'a'.repeat(40), 'ticket-to-pr/1-x': 'b'.repeat(40) },
    });
  });
  afterAll(() => sim?.close());

  const call = simulatorCall(() => sim.url, token);

  it('produces every kind of review response, each valid against its operation’s schema', async () => {
    const repo = `/repos/${sim.owner}/${sim.repo}`;
    await call('POST', `${repo}/pulls`, {
      title: 'AB#1: x',
      head: 'ticket-to-pr/1-x',
      base: 'main',
      draft: true,
    });
    const root = sim.review.addReviewComment({
      pull: 1,
      user: WRITER,
      body: 'Rename this.',
      path: 'src/a.js',
      line: 2,
    });
    const reply = sim.review.addReviewComment({
      pull: 1,
      user: TRIAGER,
      body: 'Agreed.',
      inReplyTo: root.id,
    });
    sim.review.addReviewComment({
      pull: 1,
      user: TRIAGER,
      body: 'Outdated.',
      path: 'src/b.js',
      line: null,
      originalLine: 4,
    });
    for (const state of ['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED'] as const) {
      sim.review.addReview({
        pull: 1,
        user: WRITER,
        state,
        body: state === 'COMMENTED' ? '' : state,
      });
    }
    sim.review.addIssueComment({
      pull: 1,
      user: { ...TRIAGER, association: 'MEMBER' },
      body: '/ticket-to-pr revise',
    });

    // A pull request from a fork, and a merged one, as pulls/get describes them.
    const fork = {
      id: 777,
      owner: { login: 'outsider', id: 999, type: 'User' as const },
      name: 'widgets',
      defaultBranch: 'main',
      private: false,
      createdAt: '2025-01-01T00:00:00Z',
    };
    sim.pulls.push({ ...sim.pulls[0]!, number: 2, id: 2, headRepository: fork });
    sim.pulls.push({
      ...sim.pulls[0]!,
      number: 3,
      id: 3,
      state: 'closed',
      closedAt: '2026-01-02T00:00:00Z',
      mergedAt: '2026-01-02T00:00:00Z',
    });
    await call('GET', `${repo}/pulls/2`);
    await call('GET', `${repo}/pulls/3`);
    await call('GET', `${repo}/pulls/1/comments?per_page=2`);
    await call('GET', `${repo}/pulls/1/comments`, undefined, 'ghs_wrong');
    await call('POST', `${repo}/pulls/1/comments/${root.id}/replies`, { body: 'Done.' });
    await call('POST', `${repo}/pulls/1/comments/${reply.id}/replies`, {
      body: 'Reply to a reply.',
    });
    await call('POST', `${repo}/pulls/1/comments/${root.id}/replies`, { body: '' });
    await call('GET', `${repo}/pulls/1/reviews`);
    await call('GET', `${repo}/issues/1/comments`);
    await call('GET', `${repo}/issues/99/comments`);
    await call('POST', `${repo}/issues/1/comments`, { body: '> quoted\n\nanswer' });
    await call('POST', `${repo}/issues/99/comments`, { body: 'x' });
    await call('POST', `${repo}/issues/1/comments`, { body: 'x'.repeat(65537) });
    await call('GET', `${repo}/pulls/1/commits`);
    // The job's own account: a user's token is answered; an installation token is refused.
    await call('GET', '/user', undefined, userToken);
    await call('GET', '/user');
    await call('GET', `${repo}/collaborators/wendy/permission`);
    await call('GET', `${repo}/collaborators/stranger/permission`);
    await call('GET', `/repos/${sim.owner}/other/collaborators/wendy/permission`);
    sim.review.permissionApiForbidden = true;
    await call('GET', `${repo}/collaborators/wendy/permission`);
    sim.settings.pullRequestsWrite = false;
    await call('POST', `${repo}/issues/1/comments`, { body: 'x' });
    await call('POST', `${repo}/pulls/1/comments/${root.id}/replies`, { body: 'x' });

    const failures: string[] = [];
    const kinds = new Set<string>();
    for (const entry of sim.requests) {
      const op = entry.operation;
      if (!op || op === 'pulls/create') continue;
      const operation = operations.get(op);
      if (!operation) {
        failures.push(`${op}: not in the description`);
        continue;
      }
      expect(operation.method).toBe(entry.method);
      expect(operation.pattern.test(entry.path)).toBe(true);
      const status = String(entry.status);
      kinds.add(`${op} ${status}`);
      let schema = operation.responses[status];
      if (schema === undefined && UNDOCUMENTED[status]) {
        const [from, fromStatus] = UNDOCUMENTED[status];
        schema = operations.get(from)!.responses[fromStatus];
      }
      if (schema === undefined) {
        failures.push(`${op} ${status}: the description has no such response`);
        continue;
      }
      const problems = check(schema, entry.response);
      if (problems) failures.push(`${op} ${status}: ${problems}`);
    }
    expect(failures).toEqual([]);
    expect([...kinds].sort()).toEqual([...EXPECTED_KINDS].sort());
  });

  it('pages with a Link header, and answers permissions in both vocabularies', async () => {
    const repo = `/repos/${sim.owner}/${sim.repo}`;
    sim.review.permissionApiForbidden = false;
    const first = await call('GET', `${repo}/pulls/1/comments?per_page=2`);
    expect(first.link).toMatch(/page=2>; rel="next"/);
    const perm = (await call('GET', `${repo}/collaborators/tia/permission`)).body as Record<
      string,
      unknown
    >;
    // role_name is the role; permission the legacy base (triage → read).
    expect(perm).toMatchObject({ role_name: 'triage', permission: 'read' });
    const texts = sim.requests.map((r) => JSON.stringify(r.response));
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringContaining('"message":"Resource not accessible by integration"'),
        expect.stringContaining('body is too long (maximum is 65536 characters)'),
      ]),
    );
  });
});
