import { describe, expect, it } from '@jest/globals';
import { scrubEnvironment } from '../../../src/verify/scrub-env.js';

const scrub = (env: NodeJS.ProcessEnv, secrets: readonly string[] = []) =>
  scrubEnvironment(env, secrets);

describe('scrubEnvironment: every family of secret-looking names leaves the test environment', () => {
  it.each([
    ['*TOKEN*', ['NPM_TOKEN', 'TOKEN', 'CODECOV_TOKEN_FILE', 'npm_config_token']],
    ['*KEY*', ['OPENAI_API_KEY', 'KEY', 'SSH_KEY_PATH', 'aws_access_key_id']],
    ['*SECRET*', ['AWS_SECRET_ACCESS_KEY', 'CLIENT_SECRET', 'SECRETS', 'webhook_secret']],
    ['*PASSWORD*', ['DB_PASSWORD', 'PASSWORD', 'PGPASSWORD', 'MYSQL_PASSWD']],
    [
      '*AUTH*',
      [
        'NPM_CONFIG__AUTH',
        'AUTH',
        'HTTP_AUTHORIZATION',
        'GOOGLE_OAUTH_CLIENT',
        'BASICAUTH',
        'auth_header',
      ],
    ],
    ['*CREDENTIAL*', ['GIT_CREDENTIALS', 'GOOGLE_APPLICATION_CREDENTIALS', 'credential_helper']],
    ['PAT as a word', ['AZURE_DEVOPS_PAT', 'PAT', 'PAT_FOR_FEEDS', 'ado_pat']],
    [
      'the runner and action channels',
      [
        'ACTIONS_RUNTIME_TOKEN',
        'ACTIONS_ID_TOKEN_REQUEST_URL',
        'ACTIONS_CACHE_URL',
        'INPUT_OLLAMA_HOST',
        'input_anything',
      ],
    ],
    [
      'the always-removed names',
      ['GITHUB_TOKEN', 'SYSTEM_ACCESSTOKEN', 'GH_TOKEN', 'github_token'],
    ],
  ])('%s', (_family, names) => {
    const env = Object.fromEntries(names.map((name) => [name, 'harmless-looking-value']));
    const { env: clean, removed } = scrub({ ...env, PATH: '/usr/bin' });
    expect(clean).toEqual({ PATH: '/usr/bin' });
    expect(removed).toEqual([...names].sort());
  });

  it('keeps ordinary variables whose names only resemble a family', () => {
    const ordinary = {
      PATH: '/usr/bin',
      PATCH_LEVEL: '2',
      PATTERN: '*.ts',
      GIT_AUTHOR_NAME: 'ticket-to-pr',
      GIT_AUTHOR_EMAIL: 'bot@example.com',
      AUTHORS_FILE: 'AUTHORS',
      HOME: '/home/runner',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      MY_INPUT_DIR: '/data',
      NODE_OPTIONS: '--max-old-space-size=4096',
    };
    expect(scrub(ordinary)).toEqual({ env: ordinary, removed: [] });
  });

  it('removes any variable whose value holds a configured secret, in any form', () => {
    const secret = 'tok/en+with=chars';
    const { env, removed } = scrub(
      {
        PLAIN: secret,
        INSIDE: `https://user:${secret}@example.com`,
        ENCODED: `https://x:${encodeURIComponent(secret)}@example.com`,
        BASIC: `Basic ${Buffer.from(`:${secret}`).toString('base64')}`,
        FINE: 'nothing to see',
      },
      [secret],
    );
    expect(env).toEqual({ FINE: 'nothing to see' });
    expect(removed).toEqual(['BASIC', 'ENCODED', 'INSIDE', 'PLAIN']);
  });

  it('removes a variable equal to a secret too short to mask, but not one that merely contains it', () => {
    const { env, removed } = scrub({ SHORT: 'abc', LONGER: 'xabcx' }, ['abc', '']);
    expect(env).toEqual({ LONGER: 'xabcx' });
    expect(removed).toEqual(['SHORT']);
  });

  it('an empty secret removes nothing', () => {
    expect(scrub({ EMPTY: '', OTHER: 'x' }, [''])).toEqual({
      env: { EMPTY: '', OTHER: 'x' },
      removed: [],
    });
  });

  it('skips variables without a value and leaves the input untouched', () => {
    const input: NodeJS.ProcessEnv = { A: undefined, B: 'b', NPM_TOKEN: 't' };
    const { env } = scrub(input);
    expect(env).toEqual({ B: 'b' });
    expect(Object.keys(env)).toEqual(['B']);
    expect(input).toEqual({ A: undefined, B: 'b', NPM_TOKEN: 't' });
  });
});
