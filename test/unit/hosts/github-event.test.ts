import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitHubActionsHost } from '../../../src/hosts/github-actions.js';

describe('GitHub Actions host: the event that started the job', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-event-'));
  const file = path.join(dir, 'event.json');
  fs.writeFileSync(file, JSON.stringify({ action: 'created', issue: { number: 3 } }));

  it('hands a review event over with its parsed payload', () => {
    const host = new GitHubActionsHost({
      GITHUB_EVENT_NAME: 'issue_comment',
      GITHUB_EVENT_PATH: file,
    });
    expect(host.event).toEqual({
      name: 'issue_comment',
      payload: { action: 'created', issue: { number: 3 } },
    });
  });

  it('reads no other event, and gives an unreadable file as a payload the config rejects', () => {
    expect(
      new GitHubActionsHost({ GITHUB_EVENT_NAME: 'schedule', GITHUB_EVENT_PATH: file }).event,
    ).toBeUndefined();
    expect(
      new GitHubActionsHost({
        GITHUB_EVENT_NAME: 'pull_request_review',
        GITHUB_EVENT_PATH: path.join(dir, 'missing.json'),
      }).event,
    ).toEqual({ name: 'pull_request_review', payload: undefined });
  });
});
