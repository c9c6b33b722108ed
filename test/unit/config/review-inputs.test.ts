import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../../src/config/parse-config.js';
import type { HostEvent } from '../../../src/shared/host.js';
import { ConfigError } from '../../../src/shared/errors.js';
import { testConfig } from '../../fakes/config.js';

const base: Record<string, string> = {
  'azure-devops-org-url': 'https://dev.azure.com/contoso',
  'azure-devops-project': 'Proj',
  'azure-devops-token': 'ado-token-secret-0001',
  'test-command': 'npm test',
};

function withEvent(event: HostEvent) {
  return parseConfig((name) => base[name] ?? '', {}, '/repo', event);
}

const pr = (extra: Record<string, unknown> = {}) => ({
  number: 7,
  state: 'open',
  head: { ref: 'ticket-to-pr/42-date-parser', repo: { full_name: 'o/r' } },
  base: { repo: { full_name: 'o/r' } },
  ...extra,
});
const alice = { login: 'alice', type: 'User' };

describe('pull-request and max-revisions', () => {
  it('takes a number or a GitHub or Azure Repos pull request URL', () => {
    expect(testConfig({ 'pull-request': '7' }).review.pullRequest).toBe(7);
    expect(
      testConfig({ 'pull-request': 'https://github.com/o/r/pull/12' }).review.pullRequest,
    ).toBe(12);
    expect(
      testConfig({ 'pull-request': 'https://dev.azure.com/org/p/_git/r/pullrequest/31?_a=files' })
        .review.pullRequest,
    ).toBe(31);
    expect(testConfig().review).toEqual({
      maxRevisions: 3,
      pullRequest: undefined,
      trigger: undefined,
    });
  });

  it('names the input and the fix for a bad value', () => {
    expect(() => testConfig({ 'pull-request': 'the last one' })).toThrow(
      /Input 'pull-request' has an invalid value 'the last one': expected a pull request number/,
    );
    expect(() => testConfig({ 'max-revisions': '0' })).toThrow(
      /Input 'max-revisions'.*from 1 to 20/,
    );
    expect(() => testConfig({ 'pull-request': '7', 'ticket-id': '42' })).toThrow(/Set only one/);
  });
});

describe('GitHub review events', () => {
  it('a submitted change request revises the pull request', () => {
    const config = withEvent({
      name: 'pull_request_review',
      payload: {
        action: 'submitted',
        pull_request: pr(),
        review: { state: 'changes_requested', body: null, user: alice },
      },
    });
    expect(config.review.trigger).toEqual({
      kind: 'revise',
      pullRequest: 7,
      event: 'pull_request_review',
    });
  });

  it('an approval, another branch, a fork or the bot itself is not feedback, and says why', () => {
    const cases: [HostEvent, RegExp][] = [
      [
        {
          name: 'pull_request_review',
          payload: {
            action: 'submitted',
            pull_request: pr(),
            review: { state: 'approved', body: 'LGTM', user: alice },
          },
        },
        /'approved', not a change request/,
      ],
      [
        {
          name: 'pull_request_review',
          payload: {
            action: 'submitted',
            pull_request: pr({ head: { ref: 'feature/x', repo: { full_name: 'o/r' } } }),
            review: { state: 'changes_requested', body: '', user: alice },
          },
        },
        /branch 'feature\/x', not one of ticket-to-pr's/,
      ],
      [
        {
          name: 'pull_request_review_comment',
          payload: {
            action: 'created',
            pull_request: pr({ head: { ref: 'ticket-to-pr/42-x', repo: { full_name: 'fork/r' } } }),
            comment: { body: '/ticket-to-pr revise', user: alice },
          },
        },
        /fork/,
      ],
      [
        {
          name: 'issue_comment',
          payload: {
            action: 'created',
            issue: { number: 7, pull_request: { url: 'u' } },
            comment: {
              body: '/ticket-to-pr revise\nDone. <!-- ticket-to-pr:revision 1 -->',
              user: { login: 'github-actions[bot]', type: 'Bot' },
            },
          },
        },
        /ticket-to-pr's own/,
      ],
      [
        {
          name: 'issue_comment',
          payload: {
            action: 'created',
            issue: { number: 7 },
            comment: { body: '/ticket-to-pr revise', user: alice },
          },
        },
        /not a pull request/,
      ],
      [
        {
          name: 'issue_comment',
          payload: {
            action: 'created',
            issue: { number: 7, pull_request: { url: 'u' } },
            comment: { body: 'nice', user: alice },
          },
        },
        /does not begin with '\/ticket-to-pr revise'/,
      ],
    ];
    for (const [event, why] of cases) {
      const trigger = withEvent(event).review.trigger;
      expect(trigger).toMatchObject({ kind: 'not-feedback' });
      expect(trigger?.kind === 'not-feedback' && trigger.reason).toMatch(why);
    }
  });

  it('a command on a pull request revises it', () => {
    const config = withEvent({
      name: 'issue_comment',
      payload: {
        action: 'created',
        issue: { number: 9, pull_request: { url: 'u' } },
        comment: { body: '  /ticket-to-pr revise please', user: alice },
      },
    });
    expect(config.review.trigger).toEqual({
      kind: 'revise',
      pullRequest: 9,
      event: 'issue_comment',
    });
  });

  it('any other event is no review trigger; a malformed payload is a config error naming GITHUB_EVENT_PATH', () => {
    expect(withEvent({ name: 'schedule', payload: {} }).review.trigger).toBeUndefined();
    expect(() =>
      withEvent({ name: 'pull_request_review', payload: { action: 'submitted' } }),
    ).toThrow(ConfigError);
    expect(() => withEvent({ name: 'pull_request_review', payload: undefined })).toThrow(
      /GITHUB_EVENT_PATH/,
    );
  });
});
