import { describe, expect, it } from '@jest/globals';
import { authorizationHeader, isAzureDevOpsPat } from '../../../src/git/auth-header.js';

const decode = (header: string) =>
  Buffer.from(header.split(' ').at(-1)!, 'base64').toString('utf8');

describe('authorizationHeader', () => {
  it('sends a GitHub token as basic x-access-token, like actions/checkout', () => {
    const header = authorizationHeader({ kind: 'github', value: 'ghs_abc123' });
    expect(header).toMatch(/^AUTHORIZATION: basic /);
    expect(decode(header)).toBe('x-access-token:ghs_abc123');
  });

  it('sends an Azure DevOps PAT as basic with an empty user, and System.AccessToken as bearer', () => {
    const pat = 'a'.repeat(52);
    expect(decode(authorizationHeader({ kind: 'azure-devops', value: pat }))).toBe(`:${pat}`);
    const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.payload.signature';
    expect(authorizationHeader({ kind: 'azure-devops', value: jwt })).toBe(
      `AUTHORIZATION: bearer ${jwt}`,
    );
  });

  it('recognises both PAT formats the Azure DevOps client recognises', () => {
    expect(isAzureDevOpsPat('x'.repeat(52))).toBe(true);
    expect(isAzureDevOpsPat(`${'x'.repeat(76)}AZDO${'y'.repeat(4)}`)).toBe(true);
    expect(isAzureDevOpsPat('x'.repeat(84))).toBe(false);
    expect(isAzureDevOpsPat('x'.repeat(51))).toBe(false);
  });
});
