// A work item that disappears between the WIQL query and the batch read costs only itself: the batch
// asks for errorPolicy omit, the others stay candidates, and the log names what was left out.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { STATUS_TAGS } from '../../../src/shared/outcome.js';
import { startAzureDevOpsSimulator } from '../../simulators/azure-devops/index.js';
import type { AzureDevOpsSimulator } from '../../simulators/azure-devops/index.js';
import { PAT, trackerFor } from './harness.js';

const T0 = new Date('2025-03-01T10:00:00.000Z');

describe('candidate batch read with a work item gone', () => {
  let sim: AzureDevOpsSimulator;

  beforeEach(async () => {
    sim = await startAzureDevOpsSimulator({
      token: PAT,
      now: () => T0,
      tagDefinitions: Object.values(STATUS_TAGS),
    });
    for (const id of [1, 2, 3]) sim.addWorkItem({ id, title: `ticket ${id}`, tags: ['autofix'] });
  });
  afterEach(() => sim.close());

  /** Deletes `id` once the query has listed it, just before the batch read. */
  function deleteBeforeBatch(id: number): void {
    sim.onRequest(({ path }) => {
      if (/\/workItemsBatch$/i.test(path)) sim.state.workItems.delete(id);
    });
  }

  it('claims one of the others and logs the one left out', async () => {
    deleteBeforeBatch(1);
    const { tracker, logger } = trackerFor(sim, { now: () => T0 });
    const ticket = await tracker.pickAndClaim();
    expect(ticket?.id).toBe(2);
    const batch = sim.requests.find((r) => /workItemsBatch/i.test(r.url))!;
    expect(JSON.parse(batch.body)).toMatchObject({ ids: [1, 2, 3], errorPolicy: 2 });
    expect(batch.status).toBe(200);
    expect(logger.lines).toContainEqual(
      expect.stringMatching(/^warning: Left out work item\(s\) 1: the query listed them/),
    );
    expect(logger.lines).toContainEqual('info: 2 candidate ticket(s): 2, 3.');
  });

  it('the simulator answers null in place with omit (batch and list), and 404 TF401232 without it', async () => {
    sim.state.workItems.delete(2);
    const post = (body: unknown) =>
      fetch(`${sim.orgUrl}/${sim.project.name}/_apis/wit/workitemsbatch?api-version=7.1`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`:${PAT}`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    const omitted = await post({ ids: [1, 2, 3], errorPolicy: 'omit' });
    expect(omitted.status).toBe(200);
    const answer = (await omitted.json()) as { count: number; value: ({ id: number } | null)[] };
    expect(answer.count).toBe(3);
    expect(answer.value.map((item) => item?.id ?? null)).toEqual([1, null, 3]);
    const listed = await fetch(
      `${sim.orgUrl}/${sim.project.name}/_apis/wit/workitems?ids=1,2,3&errorPolicy=2&api-version=7.1`,
      { headers: { authorization: `Basic ${Buffer.from(`:${PAT}`).toString('base64')}` } },
    );
    expect(((await listed.json()) as { value: unknown[] }).value[1]).toBeNull();
    const failed = await post({ ids: [1, 2, 3] });
    expect(failed.status).toBe(404);
    expect(((await failed.json()) as { message: string }).message).toBe(
      'TF401232: Work item 2 does not exist, or you do not have permissions to read it.',
    );
  });
});
