// The Azure Repos forge's final failures (input named, secrets masked) and the watch that keeps a
// review write from being retried.
import { describe, expect, it } from '@jest/globals';
import type { IGitApi } from 'azure-devops-node-api/GitApi.js';
import { azureReposFailure, watchingWrites } from '../../../src/forge/azure-repos-calls.js';
import { ConfigError, OutcomeError } from '../../../src/shared/errors.js';
import { SecretMasker } from '../../../src/shared/secrets.js';

const SECRET = 's3cr3t-token-value-0123456789';
const masker = new SecretMasker([SECRET]);
const fromRemote = {
  orgUrl: 'https://dev.azure.com/contoso',
  orgUrlFrom: "the repository's remote URL",
  project: 'Shop',
  repository: 'web',
};
const status = (statusCode: number, message: string) =>
  Object.assign(new Error(message), { statusCode });

describe('azureReposFailure', () => {
  it('401: the token was rejected; what to check; no secret', () => {
    const error = azureReposFailure(
      status(401, `TF400813: not authorized (${SECRET}).`),
      'creating a pull request',
      fromRemote,
      masker,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(
      /^azure-devops-token: Azure DevOps rejected the token \(401\) while creating a pull request in Shop\/web: TF400813: not authorized \(\*+\)\. Check that it has not expired or been revoked, and that it was made for https:\/\/dev\.azure\.com\/contoso;/,
    );
    expect(error.message).not.toContain(SECRET);
  });

  it('403: the permission to grant', () => {
    const error = azureReposFailure(
      status(403, 'TF401027: You need the Git PullRequestContribute permission.'),
      'creating a pull request',
      fromRemote,
      masker,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('"Contribute to pull requests"');
  });

  it('an organization that never answers: where its URL came from (here the remote URL)', () => {
    const refused = Object.assign(new Error('connect ETIMEDOUT 13.107.42.20:443'), {
      code: 'ETIMEDOUT',
    });
    const error = azureReposFailure(refused, 'reading the repository', fromRemote, masker);
    expect(error).toBeInstanceOf(OutcomeError);
    expect(error.outcome).toBe('error');
    expect(error.message).toBe(
      "Azure DevOps is not reachable at https://dev.azure.com/contoso: reading the repository failed (connect ETIMEDOUT 13.107.42.20:443). Check that the repository's remote URL names the organization (https://dev.azure.com/{organization}, or an Azure DevOps Server collection URL), and that this machine can reach it: the host name resolves, and no firewall or proxy stops the connection.",
    );
  });

  it('any other status keeps the service text', () => {
    const error = azureReposFailure(
      status(400, 'TF401398: bad refs'),
      'creating a pull request',
      fromRemote,
      masker,
    );
    expect(error.message).toBe(
      'Azure Repos answered 400 while creating a pull request in Shop/web: TF401398: bad refs',
    );
  });
});

describe('watchingWrites', () => {
  it('reports any method that is not a get…, and passes calls through', async () => {
    const api = {
      getThreads: async (repositoryId: string) => `threads of ${repositoryId}`,
      createComment: async (text: string) => `posted ${text}`,
    } as unknown as IGitApi;
    let wrote = 0;
    const watched = watchingWrites(api, () => {
      wrote += 1;
    });
    expect(await watched.getThreads('repo', 7)).toBe('threads of repo');
    expect(wrote).toBe(0);
    expect(
      await (watched as unknown as { createComment(t: string): Promise<string> }).createComment(
        'hi',
      ),
    ).toBe('posted hi');
    expect(wrote).toBe(1);
  });
});
