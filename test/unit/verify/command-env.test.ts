import { describe, expect, it } from '@jest/globals';
import { ALLOWED_NAMES, commandEnvironment } from '../../../src/verify/scrub-env.js';

const runnerEnv: NodeJS.ProcessEnv = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/runner',
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  CI: 'true',
  npm_config_cache: '/home/runner/.npm',
  GOMODCACHE: '/home/runner/go/pkg/mod',
  // What a runner holds that the tests must not get:
  GITHUB_TOKEN: 'ghs_runner_token_value',
  SYSTEM_ACCESSTOKEN: 'azure-job-token-value',
  'INPUT_AZURE-DEVOPS-TOKEN': 'ado-pat-value-0123456789',
  ACTIONS_RUNTIME_TOKEN: 'runtime',
  GITHUB_ENV: '/home/runner/work/_temp/_runner_file_commands/set_env_x',
  GITHUB_OUTPUT: '/home/runner/work/_temp/_runner_file_commands/set_output_x',
  GITHUB_STEP_SUMMARY: '/home/runner/work/_temp/_runner_file_commands/step_summary_x',
  RUNNER_TEMP: '/home/runner/work/_temp',
  PIP_EXTRA_INDEX_URL: 'https://build:piptoken@pypi.example.com/simple',
  DATABASE_URL: 'postgres://app:dbpw@db.example.com/app',
  HTTPS_PROXY: 'http://proxyuser:proxypw@proxy.example.com:3128',
  SONAR_LOGIN: 'sonar-token-value',
  VSS_NUGET_EXTERNAL_FEED_ENDPOINTS: '{"endpointCredentials":[{"password":"feedpw"}]}',
  NODE_OPTIONS: '--require /tmp/evil.js',
  HARMLESS_LOOKING: 'anything',
};

describe('commandEnvironment: an allowlist, not a denylist', () => {
  it('passes only the allowlisted names (PATH, HOME, locale, CI, the tool caches)', () => {
    const { env, leftOut } = commandEnvironment(runnerEnv, { secrets: [] });
    expect(env).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/runner',
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      CI: 'true',
      npm_config_cache: '/home/runner/.npm',
      GOMODCACHE: '/home/runner/go/pkg/mod',
    });
    expect(leftOut).toContain('GITHUB_TOKEN');
    expect(leftOut).toContain('GITHUB_ENV');
    expect(leftOut).toContain('HARMLESS_LOOKING');
    expect(leftOut).toEqual([...leftOut].sort());
  });

  it('passes the proxy and CA settings setup needs to download, but never a proxy with credentials', () => {
    const proxied = {
      HTTPS_PROXY: 'http://proxy.example.com:3128',
      NO_PROXY: 'localhost,.corp.example.com',
      NODE_EXTRA_CA_CERTS: '/etc/ssl/corp-ca.pem',
      SSL_CERT_FILE: '/etc/ssl/certs/ca-certificates.crt',
    };
    expect(commandEnvironment(proxied, { secrets: [] }).env).toEqual(proxied);
    const { env, refused } = commandEnvironment(runnerEnv, { secrets: [] });
    expect(env.HTTPS_PROXY).toBeUndefined();
    expect(refused).toContain('HTTPS_PROXY');
  });

  it('passes a name listed in sandbox-env', () => {
    const { env } = commandEnvironment(runnerEnv, {
      secrets: [],
      extraNames: ['HARMLESS_LOOKING', 'NODE_OPTIONS'],
    });
    expect(env.HARMLESS_LOOKING).toBe('anything');
    expect(env.NODE_OPTIONS).toBe('--require /tmp/evil.js');
  });

  it('never passes a value with user:password@ in a URL, even when listed', () => {
    const listed = ['PIP_EXTRA_INDEX_URL', 'DATABASE_URL', 'HTTPS_PROXY'];
    const { env, refused } = commandEnvironment(runnerEnv, { secrets: [], extraNames: listed });
    for (const name of listed) expect(env[name]).toBeUndefined();
    expect(refused).toEqual([...listed].sort());
    // A token alone as the user part is a credential too.
    const tokenOnly = commandEnvironment(
      { HTTPS_PROXY: 'https://ghp_abc@proxy.example.com' },
      { secrets: [], extraNames: ['HTTPS_PROXY'] },
    );
    expect(tokenOnly.env).toEqual({});
    // A URL without user information passes.
    const plain = commandEnvironment(
      { HTTPS_PROXY: 'http://proxy.example.com:3128' },
      { secrets: [], extraNames: ['HTTPS_PROXY'] },
    );
    expect(plain.env).toEqual({ HTTPS_PROXY: 'http://proxy.example.com:3128' });
  });

  it('never passes a value holding a configured secret, in any form, under any name', () => {
    const secret = 'tok/en+with=chars';
    const { env, refused } = commandEnvironment(
      {
        PATH: `/usr/bin:/opt/${secret}`,
        HOME: `/home/${encodeURIComponent(secret)}`,
        LANG: `Basic ${Buffer.from(`:${secret}`).toString('base64')}`,
        TERM: 'xterm',
      },
      { secrets: [secret] },
    );
    expect(env).toEqual({ TERM: 'xterm' });
    expect(refused).toEqual(['HOME', 'LANG', 'PATH']);
  });

  it('refuses a value equal to a secret too short to mask', () => {
    const { env } = commandEnvironment({ TERM: 'ab', CI: 'abc' }, { secrets: ['ab'] });
    expect(env).toEqual({ CI: 'abc' });
  });

  it('allows no name that carries a credential by convention', () => {
    for (const name of ALLOWED_NAMES)
      expect(name).not.toMatch(/TOKEN|KEY|SECRET|PASSWORD|CREDENTIAL|AUTH|LOGIN|(?<!C)URL/i);
  });
});
