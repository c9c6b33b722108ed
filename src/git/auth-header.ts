/** The token a push or fetch authenticates with, and which service issued it. */
export interface GitToken {
  readonly kind: 'github' | 'azure-devops';
  readonly value: string;
}

/**
 * A personal access token, as azure-devops-node-api tells them apart: 52 characters (classic) or
 * the 84-character format with `AZDO` at position 76. Anything else (System.AccessToken, an Entra
 * token) is sent as a bearer token.
 */
export function isAzureDevOpsPat(token: string): boolean {
  return token.length === 52 || /^.{76}AZDO.{4}$/.test(token);
}

/**
 * The HTTP header git sends with `-c http.extraHeader=...`, so the token never sits in a URL, in
 * `.git/config` or in a credential store.
 * - GitHub: `basic base64(x-access-token:TOKEN)`, as actions/checkout does.
 * - Azure DevOps: `bearer TOKEN` for System.AccessToken; `basic base64(:PAT)` for a PAT.
 */
export function authorizationHeader(token: GitToken): string {
  if (token.kind === 'github') {
    return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token.value}`).toString('base64')}`;
  }
  if (isAzureDevOpsPat(token.value)) {
    return `AUTHORIZATION: basic ${Buffer.from(`:${token.value}`).toString('base64')}`;
  }
  return `AUTHORIZATION: bearer ${token.value}`;
}
