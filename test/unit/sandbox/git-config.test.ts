import { describe, expect, it } from '@jest/globals';
import { withoutCredentials } from '../../../src/sandbox/git-config.js';

describe('withoutCredentials', () => {
  it("drops the checkout's extraheader and the user information of remote URLs, keeping the rest", () => {
    const config = [
      '[core]',
      '\trepositoryformatversion = 0',
      '[remote "origin"]',
      '\turl = https://x-access-token:ghs_secretvalue@github.com/o/r.git',
      '\tfetch = +refs/heads/*:refs/remotes/origin/*',
      '[http "https://github.com/"]',
      '\textraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hz',
      '[http]',
      '\tExtraHeader = AUTHORIZATION: bearer azure-pat',
    ].join('\n');
    const clean = withoutCredentials(config);
    expect(clean).not.toMatch(/ghs_secretvalue|eC1hY2Nlc3MtdG9rZW46Z2hz|azure-pat/);
    expect(clean).toContain('\turl = https://github.com/o/r.git');
    expect(clean).toContain('\tfetch = +refs/heads/*:refs/remotes/origin/*');
    expect(clean).toContain('[http "https://github.com/"]');
  });
});
