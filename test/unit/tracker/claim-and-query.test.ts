import { describe, expect, it, jest } from '@jest/globals';
import { authSchemeFor, createAzureConnection } from '../../../src/azure-devops/connection.js';
import { ConfigError } from '../../../src/shared/errors.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { claimMarkerHtml, parseClaimMarker } from '../../../src/tracker/claim-marker.js';
import {
  defaultCandidateQuery,
  recentlyHandledQuery,
  wiqlString,
} from '../../../src/tracker/wiql.js';
import { testConfig } from '../../fakes/config.js';

describe('claim marker', () => {
  it('round-trips runner, claim time and lease, even with HTML-special characters', () => {
    const marker = {
      by: 'https://ci.example/runs/1?a=1&b=<2>',
      claimedAt: new Date('2025-03-01T10:00:00.123Z'),
      leaseUntil: new Date('2025-03-01T11:15:00.123Z'),
    };
    const html = claimMarkerHtml(marker);
    expect(html).not.toContain('<2>');
    expect(parseClaimMarker(html)).toEqual(marker);
  });

  it('ignores other comments and forged markers without valid dates', () => {
    expect(parseClaimMarker('<p>Looks good</p>')).toBeUndefined();
    expect(
      parseClaimMarker(
        '<p>[ticket-to-pr claim] Working on this ticket: runner x; claimed at soon; lease until never.</p>',
      ),
    ).toBeUndefined();
  });
});

describe('WIQL', () => {
  it('escapes quotes', () => {
    expect(wiqlString("it's")).toBe("'it''s'");
  });

  it('builds the default query from tag, states and area, excluding final status tags', () => {
    const config = testConfig({
      'eligible-tag': "ai's",
      'allowed-states': 'New,Active',
      'area-path': 'Proj\\Web',
    });
    expect(defaultCandidateQuery(config.tracker)).toBe(
      "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.Tags] CONTAINS 'ai''s' " +
        "AND [System.State] IN ('New', 'Active') AND [System.AreaPath] UNDER 'Proj\\Web' " +
        "AND [System.Tags] NOT CONTAINS 'autofix:pr-opened' AND [System.Tags] NOT CONTAINS 'autofix:needs-human' " +
        "AND [System.Tags] NOT CONTAINS 'autofix:skipped' ORDER BY [Microsoft.VSTS.Common.Priority] ASC, [System.CreatedDate] ASC",
    );
    expect(recentlyHandledQuery()).toContain('ORDER BY [System.ChangedDate] DESC');
  });
});

describe('auth scheme', () => {
  it('follows the client rule: 52 characters or the AZDO signature is a PAT, anything else Bearer', () => {
    expect(authSchemeFor('a'.repeat(52))).toBe('pat');
    expect(authSchemeFor(`${'a'.repeat(76)}AZDO${'b'.repeat(4)}`)).toBe('pat');
    expect(authSchemeFor('eyJhbGciOi.system.access.token')).toBe('bearer');
    expect(authSchemeFor('a'.repeat(53))).toBe('bearer');
  });
});

describe('retry policy', () => {
  function connection() {
    const sleeps: number[] = [];
    const conn = createAzureConnection({
      orgUrl: 'http://127.0.0.1:9/org',
      token: 't',
      logger: silentLogger,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
    });
    return { conn, sleeps };
  }
  const error = (statusCode: number, retryAfter?: number) =>
    Object.assign(new Error(`HTTP ${statusCode}`), {
      statusCode,
      ...(retryAfter ? { rateLimit: { retryAfter } } : {}),
    });

  it('waits Retry-After on 429 for idempotent calls, then succeeds', async () => {
    const { conn, sleeps } = connection();
    const fn = jest
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(error(429, 7))
      .mockResolvedValueOnce('ok');
    await expect(conn.call('read', { retry: 'idempotent', permission: 'p' }, fn)).resolves.toBe(
      'ok',
    );
    expect(sleeps).toEqual([7000]);
  });

  it('never retries a call that is neither idempotent nor rev-guarded', async () => {
    const { conn, sleeps } = connection();
    const fn = jest.fn<() => Promise<string>>().mockRejectedValue(error(429, 1));
    await expect(conn.call('post', { retry: 'once', permission: 'p' }, fn)).rejects.toThrow(
      'HTTP 429',
    );
    expect(fn).toHaveBeenCalledTimes(1);
    expect(sleeps).toEqual([]);
  });

  it('bounds retries on 5xx with jittered backoff, and does not retry other 4xx', async () => {
    const { conn, sleeps } = connection();
    const failing = jest.fn<() => Promise<string>>().mockRejectedValue(error(503));
    await expect(
      conn.call('read', { retry: 'rev-guarded', permission: 'p' }, failing),
    ).rejects.toThrow('HTTP 503');
    expect(failing).toHaveBeenCalledTimes(4);
    expect(sleeps).toEqual([500, 1000, 2000]);
    const bad = jest.fn<() => Promise<string>>().mockRejectedValue(error(400));
    await expect(conn.call('read', { retry: 'idempotent', permission: 'p' }, bad)).rejects.toThrow(
      'HTTP 400',
    );
    expect(bad).toHaveBeenCalledTimes(1);
  });

  it('turns 401 and 403 into a ConfigError naming the permission', async () => {
    const { conn } = connection();
    for (const status of [401, 403]) {
      const failure = conn.call(
        'claim work item 1',
        { retry: 'rev-guarded', permission: 'Work Items (Read & write) (scope vso.work_write)' },
        () => Promise.reject(error(status)),
      );
      await expect(failure).rejects.toThrow(ConfigError);
      await expect(failure).rejects.toThrow(/vso\.work_write/);
    }
  });
});
