/**
 * Every kind of response the GitHub simulator gives is validated against GitHub's own OpenAPI
 * description (MIT; the subset in test/contract/specs/github, see its README), so the adapter is tested against answers
 * shaped like api.github.com's.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  loadGitHubOperations,
  type Operation,
  schemaChecker,
  simulatorCall,
} from './github-openapi.js';
import {
  startGitHubSimulator,
  type GitHubSimulator,
} from '../simulators/github/github-simulator.js';

/**
 * Statuses GitHub returns for every operation that its description leaves out of some of them:
 * 401 (Bad credentials) and 404; both carry the Basic Error body the description gives for 404.
 */
const UNDOCUMENTED_BASIC_ERRORS = new Set(['401', '404']);

/** Every (operation, status) the simulator can answer with; the test fails if one is not exercised. */
const EXPECTED_KINDS = [
  'repos/get 200',
  'repos/get 401',
  'repos/get 404',
  'git/get-ref 200',
  'git/get-ref 404',
  'pulls/list 200',
  'pulls/list 422',
  'pulls/create 201',
  'pulls/create 403',
  'pulls/create 422',
  'pulls/get 200',
  'pulls/get 404',
  'pulls/update 200',
  'pulls/update 403',
  'pulls/update 404',
  'pulls/update 422',
];

describe('GitHub simulator responses match api.github.com’s OpenAPI description', () => {
  let sim: GitHubSimulator;
  let operations: Map<string, Operation>;
  let basicError: unknown;
  const check = schemaChecker();
  const token = 'ghs_contractToken0000000000000000000000000';

  beforeAll(async () => {
    operations = loadGitHubOperations();
    basicError = operations.get('repos/get')!.responses['404'];
    sim = await startGitHubSimulator({
      token,
      branches: { main: 'a'.repeat(40), 'ticket-to-pr/1-x': 'b'.repeat(40) },
    });
  });
  afterAll(() => sim?.close());

  const call = simulatorCall(() => sim.url, token);

  it('produces every kind of response, each valid against its operation’s schema', async () => {
    const repo = `/repos/${sim.owner}/${sim.repo}`;
    const pr = { title: 'AB#1: x', head: 'ticket-to-pr/1-x', base: 'main', body: 'b', draft: true };
    await call('GET', repo);
    await call('GET', repo, undefined, 'ghs_wrong');
    await call('GET', `/repos/${sim.owner}/nope`);
    await call('GET', `${repo}/git/ref/heads/main`);
    await call('GET', `${repo}/git/ref/heads/none`);
    await call('GET', `${repo}/pulls?state=open`);
    await call('GET', `${repo}/pulls?state=weird`);
    await call('POST', `${repo}/pulls`, pr);
    await call('GET', `${repo}/pulls?head=${sim.owner}:ticket-to-pr/1-x&state=open`);
    await call('POST', `${repo}/pulls`, pr); // already exists
    await call('POST', `${repo}/pulls`, { ...pr, head: 'missing' });
    await call('POST', `${repo}/pulls`, {
      ...pr,
      head: 'main',
      base: 'ticket-to-pr/1-x',
      body: 'x'.repeat(65537),
    });
    await call('GET', `${repo}/pulls/1`);
    await call('GET', `${repo}/pulls/99`);
    await call('PATCH', `${repo}/pulls/1`, { title: 'new', body: 'new body' });
    await call('PATCH', `${repo}/pulls/1`, { body: 'x'.repeat(65537) });
    await call('PATCH', `${repo}/pulls/99`, { body: 'x' });
    sim.settings.draftsSupported = false;
    await call('POST', `${repo}/pulls`, { ...pr, head: 'main', base: 'ticket-to-pr/1-x' });
    sim.settings.actionsMayCreatePullRequests = false;
    await call('POST', `${repo}/pulls`, pr);
    sim.settings.pullRequestsWrite = false;
    await call('POST', `${repo}/pulls`, pr);
    await call('PATCH', `${repo}/pulls/1`, { body: 'x' });

    const failures: string[] = [];
    const kinds = new Set<string>();
    for (const entry of sim.requests) {
      const op = entry.operation;
      if (!op) {
        failures.push(`${entry.method} ${entry.path}: no GitHub operation matched`);
        continue;
      }
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
      if (schema === undefined && UNDOCUMENTED_BASIC_ERRORS.has(status)) schema = basicError;
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

  it('uses GitHub’s texts for its refusals', () => {
    const messages = sim.requests.map((r) => JSON.stringify(r.response));
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('"message":"Bad credentials"'),
        expect.stringContaining('A pull request already exists for octo-org:ticket-to-pr/1-x.'),
        expect.stringContaining(
          'GitHub Actions is not permitted to create or approve pull requests.',
        ),
        expect.stringContaining('Resource not accessible by integration'),
        expect.stringContaining('body is too long (maximum is 65536 characters)'),
        expect.stringContaining('Draft pull requests are not supported in this repository.'),
      ]),
    );
  });
});
