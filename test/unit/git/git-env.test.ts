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
    expect(gitEnvironment(job, { GIT_INDEX_FILE: '/tmp/i', GIT_EDITOR: 'vi' })).toMatchObject({
      GIT_INDEX_FILE: '/tmp/i',
      GIT_EDITOR: 'vi',
    });
  });

  it('passes each name git, curl and ssh read, in either case, and no LC_ look-alike', () => {
    const names = [
      'PATH',
      'HOME',
      'TMPDIR',
      'TMP',
      'TEMP',
      'LANG',
      'LANGUAGE',
      'XDG_CONFIG_HOME',
      'GIT_CONFIG_GLOBAL',
      'GIT_CONFIG_SYSTEM',
      'GIT_CONFIG_NOSYSTEM',
      'GIT_EXEC_PATH',
      'HTTP_PROXY',
      'HTTPS_PROXY',
      'ALL_PROXY',
      'NO_PROXY',
      'GIT_SSL_CAINFO',
      'GIT_SSL_CAPATH',
      'GIT_SSL_NO_VERIFY',
      'SSL_CERT_FILE',
      'SSL_CERT_DIR',
      'CURL_CA_BUNDLE',
      'SSH_AUTH_SOCK',
      'GIT_SSH',
      'GIT_SSH_COMMAND',
      'GIT_SSH_VARIANT',
      'SYSTEMROOT',
      'WINDIR',
      'COMSPEC',
      'PATHEXT',
      'USERPROFILE',
      'HOMEDRIVE',
      'HOMEPATH',
      'APPDATA',
      'LOCALAPPDATA',
    ];
    const source = Object.fromEntries(names.map((n) => [n, `v-${n}`]));
    const env = gitEnvironment({
      ...source,
      http_proxy: 'lower',
      LC_TIME: 'C',
      XLC_TIME: 'x',
      LC_TIMEx: 'x',
      LC_: 'x',
    });
    for (const name of names) expect(env[name]).toBe(`v-${name}`);
    expect(env.http_proxy).toBe('lower');
    expect(env.LC_TIME).toBe('C');
    expect(env).not.toHaveProperty('XLC_TIME');
    expect(env).not.toHaveProperty('LC_TIMEx');
    expect(env).not.toHaveProperty('LC_');
  });
});
