// The Azure DevOps choke point: what a final failure tells the operator, the job's deadline as the
// bound of every retry wait, and 'checked' writes that are repeated only when they did not land.
import { describe, expect, it, jest } from '@jest/globals';
import { ConfigError, OutcomeError } from '../../../src/shared/errors.js';
import { createAzureConnection } from '../../../src/azure-devops/connection.js';
import { recordingLogger } from '../../fakes/logger.js';

const ORG = 'http://127.0.0.1:9/org';

function connection(options: { deadline?: number; now?: () => number } = {}) {
  const sleeps: number[] = [];
  const logger = recordingLogger();
  const conn = createAzureConnection({
    orgUrl: ORG,
    token: 't',
    logger,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  return { conn, sleeps, logger };
}

const httpError = (statusCode: number, retryAfter?: number) =>
  Object.assign(new Error(`HTTP ${statusCode}`), {
    statusCode,
    ...(retryAfter ? { rateLimit: { retryAfter } } : {}),
  });

/** Node's own error for a refused connection, as azure-devops-node-api passes it on. */
const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
    code: 'ECONNREFUSED',
    address: '127.0.0.1',
    port: 9,
  });

const READ = { retry: 'idempotent', permission: 'Work Items (Read) (scope vso.work)' } as const;

describe('final failures an operator can act on', () => {
  it('401: the token was rejected (expired, revoked, another organization), naming the input', async () => {
    const { conn } = connection();
    const error = await conn
      .call('run the WIQL query', READ, () => Promise.reject(httpError(401)))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /^azure-devops-token: Azure DevOps rejected the token \(HTTP 401\) when asked to run the WIQL query on http:\/\/127\.0\.0\.1:9\/org\. Check that it has not expired or been revoked, and that it was made for this organization\./,
    );
  });

  it('403: the token was accepted and lacks the permission, which is named', async () => {
    const { conn } = connection();
    const error = await conn
      .call('run the WIQL query', READ, () => Promise.reject(httpError(403)))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /^azure-devops-token: Azure DevOps accepted the token but refused to run the WIQL query \(HTTP 403\): the identity behind it needs Work Items \(Read\) \(scope vso\.work\)/,
    );
    expect((error as Error).message).not.toMatch(/rejected|expired/);
  });

  it('an organization that never answers names azure-devops-org-url and what to check, after the retries', async () => {
    const { conn, sleeps } = connection();
    const fn = jest.fn<() => Promise<string>>().mockRejectedValue(refused());
    const error = await conn.call('discover the work item API', READ, fn).catch((e: unknown) => e);
    expect(fn).toHaveBeenCalledTimes(4);
    expect(sleeps).toHaveLength(3);
    expect(error).toBeInstanceOf(OutcomeError);
    expect(error).not.toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      'Azure DevOps is not reachable at http://127.0.0.1:9/org: could not discover the work item API (connect ECONNREFUSED 127.0.0.1:9). ' +
        'Check that azure-devops-org-url names the organization (https://dev.azure.com/{organization}, or an Azure DevOps Server collection URL), ' +
        'and that this machine can reach it: the host name resolves, and no firewall or proxy stops the connection.',
    );
    expect((error as Error).message).not.toMatch(/^Unexpected error/);
  });

  it('a host name that does not resolve (not retried) says the same', async () => {
    const { conn } = connection();
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND dev.azure.example'), {
      code: 'ENOTFOUND',
    });
    await expect(
      conn.call('read work item 1', READ, () => Promise.reject(notFound)),
    ).rejects.toThrow(
      /not reachable at http:\/\/127\.0\.0\.1:9\/org: could not read work item 1 \(getaddrinfo ENOTFOUND dev\.azure\.example\)\. Check that azure-devops-org-url/,
    );
  });

  it('other statuses stay as the client threw them (callers read 404, 409, 412)', async () => {
    const { conn } = connection();
    const conflict = httpError(412);
    await expect(conn.call('claim', READ, () => Promise.reject(conflict))).rejects.toBe(conflict);
  });
});

describe("the job's deadline bounds every retry wait", () => {
  it('retries while the wait ends before the deadline, then gives up instead of waiting past it', async () => {
    let clock = 1_000_000;
    const { conn, sleeps, logger } = connection({ now: () => clock, deadline: 1_000_000 + 10_000 });
    const fn = jest
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(httpError(429, 4))
      .mockRejectedValueOnce(httpError(429, 7))
      .mockResolvedValue('never reached');
    const failure = conn.call('list pull requests', READ, async () => {
      const result = fn();
      clock += 4_000;
      return result;
    });
    await expect(failure).rejects.toThrow('HTTP 429');
    expect(sleeps).toEqual([4000]);
    expect(fn).toHaveBeenCalledTimes(2);
    expect(logger.lines).toContainEqual(
      expect.stringMatching(
        /^warning: Azure DevOps \(list pull requests\): 429: HTTP 429; not retrying: a wait of 7000 ms would end after the job's deadline\.$/,
      ),
    );
  });

  it('without a deadline the policy alone bounds the retries', async () => {
    const { conn, sleeps } = connection();
    const fn = jest.fn<() => Promise<string>>().mockRejectedValue(httpError(503));
    await expect(conn.call('read', READ, fn)).rejects.toThrow('HTTP 503');
    expect(sleeps).toEqual([500, 1000, 2000]);
  });
});

describe("'checked' writes", () => {
  it('a failure whose write landed returns what it left behind and does not repeat the write', async () => {
    const { conn, sleeps } = connection();
    const create = jest.fn<() => Promise<string>>().mockRejectedValue(httpError(503));
    const result = await conn.call(
      'create a pull request',
      { retry: 'checked', permission: 'p', tookEffect: async () => 'PR 7 (found)' },
      create,
    );
    expect(result).toBe('PR 7 (found)');
    expect(create).toHaveBeenCalledTimes(1);
    expect(sleeps).toEqual([500]);
  });

  it('a failure that left nothing is repeated', async () => {
    const { conn } = connection();
    const create = jest
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(refused())
      .mockResolvedValue('PR 8');
    const tookEffect = jest.fn(async (): Promise<string | undefined> => undefined);
    await expect(
      conn.call('create a pull request', { retry: 'checked', permission: 'p', tookEffect }, create),
    ).resolves.toBe('PR 8');
    expect(tookEffect).toHaveBeenCalledTimes(1);
    expect(create).toHaveBeenCalledTimes(2);
  });

  it('the retry class may be decided after the failure (by what the call did)', async () => {
    const { conn } = connection();
    let wrote = false;
    const fn = jest.fn(async (): Promise<string> => {
      wrote = true;
      throw httpError(503);
    });
    await expect(
      conn.call('reply', { retry: () => (wrote ? 'once' : 'idempotent'), permission: 'p' }, fn),
    ).rejects.toThrow('HTTP 503');
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
