import { describe, expect, it } from '@jest/globals';
import { detectForgeKind } from '../../../src/forge/create-forge.js';
import { resolveGitHubRepository } from '../../../src/forge/github-forge.js';
import {
  AZURE_REPOS_DESCRIPTION_LIMIT,
  fitAzureDescription,
  resolveAzureReposTarget,
} from '../../../src/forge/azure-repos-forge.js';
import { makeConfig } from '../../integration/git/fixtures.js';

const remote = (url: string) => ({ remoteUrl: async () => url });

describe('detectForgeKind', () => {
  const auto = makeConfig({
    path: '/r',
    prTarget: 'auto',
    githubApiUrl: 'https://ghe.corp.example/api/v3',
  });

  it.each([
    ['https://github.com/o/r.git', 'github'],
    ['https://ghe.corp.example/o/r.git', 'github'],
    ['https://contoso@dev.azure.com/contoso/P/_git/r', 'azure-repos'],
    ['https://contoso.visualstudio.com/P/_git/r', 'azure-repos'],
    ['https://tfs.corp.example/tfs/Coll/P/_git/r', 'azure-repos'],
  ])('auto: %s → %s', (url, kind) => {
    expect(detectForgeKind(auto, url)).toBe(kind);
  });

  it('auto with an unknown host is a ConfigError that says to set pr-target', () => {
    expect(() => detectForgeKind(auto, 'file:///tmp/remote.git')).toThrow(
      /Set pr-target to 'github' or 'azure-repos'/,
    );
  });

  it('an explicit pr-target wins over the URL', () => {
    expect(
      detectForgeKind(
        makeConfig({ path: '/r', prTarget: 'azure-repos' }),
        'https://github.com/o/r',
      ),
    ).toBe('azure-repos');
  });
});

describe('resolveGitHubRepository', () => {
  it('prefers github-repository, then the remote URL, then GITHUB_REPOSITORY', async () => {
    const configured = makeConfig({ path: '/r', githubRepository: 'a/b' });
    expect(await resolveGitHubRepository(configured, remote('https://github.com/x/y'), {})).toEqual(
      { owner: 'a', repo: 'b' },
    );
    const plain = makeConfig({ path: '/r' });
    expect(await resolveGitHubRepository(plain, remote('git@github.com:x/y.git'), {})).toEqual({
      owner: 'x',
      repo: 'y',
    });
    expect(
      await resolveGitHubRepository(plain, remote('file:///tmp/r.git'), {
        GITHUB_REPOSITORY: 'e/f',
      }),
    ).toEqual({
      owner: 'e',
      repo: 'f',
    });
    await expect(resolveGitHubRepository(plain, remote('file:///tmp/r.git'), {})).rejects.toThrow(
      /github-repository/,
    );
    await expect(
      resolveGitHubRepository(
        makeConfig({ path: '/r', githubRepository: 'not-a-slug' }),
        remote(''),
        {},
      ),
    ).rejects.toThrow(/'not-a-slug' is not 'owner\/name'/);
  });
});

describe('resolveAzureReposTarget', () => {
  it('reads organization, project and repository from the remote URL, else the config and BUILD_REPOSITORY_NAME', async () => {
    const config = makeConfig({ path: '/r' });
    expect(
      await resolveAzureReposTarget(
        config,
        remote('https://contoso@dev.azure.com/contoso/My%20Proj/_git/web'),
        {},
      ),
    ).toEqual({
      orgUrl: 'https://dev.azure.com/contoso',
      orgUrlFrom: "the repository's remote URL",
      project: 'My Proj',
      repository: 'web',
    });
    expect(
      await resolveAzureReposTarget(config, remote('file:///x'), { BUILD_REPOSITORY_NAME: 'api' }),
    ).toEqual({
      orgUrl: config.tracker.orgUrl,
      orgUrlFrom: 'azure-devops-org-url',
      project: config.tracker.project,
      repository: 'api',
    });
    await expect(resolveAzureReposTarget(config, remote('file:///x'), {})).rejects.toThrow(
      /azure-repos-repository/,
    );
  });
});

describe('fitAzureDescription', () => {
  it('leaves a short description alone and cuts a long one at a line end, with a note', () => {
    expect(fitAzureDescription('short')).toBe('short');
    const long = Array.from({ length: 600 }, (_, i) => `line ${i}`).join('\n');
    const cut = fitAzureDescription(long);
    expect(cut.length).toBeLessThanOrEqual(AZURE_REPOS_DESCRIPTION_LIMIT);
    expect(cut).toMatch(/\nline \d+\n\n_\(cut to Azure Repos’ 4000-character limit\)_$/);
  });
});
