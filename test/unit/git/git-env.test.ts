import { describe, expect, it } from '@jest/globals';
import { gitEnvironment } from '../../../src/git/git-env.js';

describe('gitEnvironment', () => {
  const job = {
    PATH: '/usr/bin',
    HOME: '/home/runner',
    LC_CTYPE: 'C.UTF-8',
    https_proxy: 'http://proxy:3128',
    NO_PROXY: 'localhost',
    GIT_SSL_CAINFO: '/etc/ca.pem',
    SSH_AUTH_SOCK: '/tmp/agent.sock',
    'INPUT_AZURE-DEVOPS-TOKEN': 'pat',
    INPUT_GITHUB_TOKEN: 'ghs',
    SYSTEM_ACCESSTOKEN: 'sys',
    GITHUB_TOKEN: 'gh',
    GITHUB_ENV: '/runner/env',
    NODE_OPTIONS: '--require x',
    GIT_DIR: '/elsewhere',
    GIT_CONFIG_COUNT: '1',
    LD_PRELOAD: '/tmp/x.so',
  };

  it('passes what git needs and nothing else', () => {
    const env = gitEnvironment(job);
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      LC_CTYPE: 'C.UTF-8',
      https_proxy: 'http://proxy:3128',
      NO_PROXY: 'localhost',
      GIT_SSL_CAINFO: '/etc/ca.pem',
      SSH_AUTH_SOCK: '/tmp/agent.sock',
      GIT_TERMINAL_PROMPT: '0',
      GCM_INTERACTIVE: 'never',
      GIT_PAGER: 'cat',
      GIT_EDITOR: 'true',
      LC_ALL: 'C',
    });
  });

  it("adds the caller's settings last", () => {
    expect(gitEnvironment(job, { GIT_INDEX_FILE: '/tmp/i', LC_ALL: 'C' })).toMatchObject({
      GIT_INDEX_FILE: '/tmp/i',
    });
  });
});
