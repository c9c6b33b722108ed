import { describe, expect, it } from '@jest/globals';
import {
  githubHostOfApiUrl,
  parseRemoteUrl,
  redactUrlCredentials,
} from '../../../src/git/remote-url.js';

describe('parseRemoteUrl', () => {
  it.each([
    'https://github.com/octo/widgets.git',
    'https://x-access-token:secret@github.com/octo/widgets',
    'git@github.com:octo/widgets.git',
    'ssh://git@github.com/octo/widgets.git',
  ])('reads GitHub owner and repo from %s', (url) => {
    expect(parseRemoteUrl(url)).toEqual({
      host: 'github.com',
      kind: 'github',
      github: { owner: 'octo', repo: 'widgets' },
    });
  });

  it('knows GitHub Enterprise hosts it is told about', () => {
    expect(
      parseRemoteUrl('https://ghe.corp.example/team/app.git', ['ghe.corp.example']).github,
    ).toEqual({
      owner: 'team',
      repo: 'app',
    });
    expect(parseRemoteUrl('https://ghe.corp.example/team/app.git').kind).toBe('unknown');
  });

  it.each([
    [
      'https://contoso@dev.azure.com/contoso/Fabrikam%20Fiber/_git/web',
      'https://dev.azure.com/contoso',
      'Fabrikam Fiber',
      'web',
    ],
    [
      'https://contoso.visualstudio.com/Fabrikam/_git/web',
      'https://contoso.visualstudio.com',
      'Fabrikam',
      'web',
    ],
    [
      'https://contoso.visualstudio.com/DefaultCollection/Fabrikam/_git/web',
      'https://contoso.visualstudio.com/DefaultCollection',
      'Fabrikam',
      'web',
    ],
    [
      'git@ssh.dev.azure.com:v3/contoso/Fabrikam/web',
      'https://dev.azure.com/contoso',
      'Fabrikam',
      'web',
    ],
    [
      'https://tfs.corp.example:8080/tfs/Coll/Proj/_git/repo',
      'https://tfs.corp.example:8080/tfs/Coll',
      'Proj',
      'repo',
    ],
    [
      'https://dev.azure.com/contoso/_git/Fabrikam',
      'https://dev.azure.com/contoso',
      'Fabrikam',
      'Fabrikam',
    ],
  ])('reads Azure Repos from %s', (url, orgUrl, project, repository) => {
    const info = parseRemoteUrl(url);
    expect(info.kind).toBe('azure-repos');
    expect(info.azure).toEqual({ orgUrl, project, repository });
  });

  it('says unknown for local paths, file:// and other hosts', () => {
    expect(parseRemoteUrl('file:///tmp/remote.git').kind).toBe('unknown');
    expect(parseRemoteUrl('/tmp/remote.git').kind).toBe('unknown');
    expect(parseRemoteUrl('https://gitlab.com/a/b.git').kind).toBe('unknown');
  });
});

describe('redactUrlCredentials and githubHostOfApiUrl', () => {
  it('drops user and password from URLs', () => {
    expect(redactUrlCredentials('https://user:p%40ss@github.com/o/r.git')).toBe(
      'https://github.com/o/r.git',
    );
    expect(redactUrlCredentials('git@github.com:o/r.git')).toBe('git@github.com:o/r.git');
  });

  it('maps API URLs to web hosts', () => {
    expect(githubHostOfApiUrl('https://api.github.com')).toBe('github.com');
    expect(githubHostOfApiUrl('https://ghe.corp.example/api/v3')).toBe('ghe.corp.example');
  });
});
