import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startAzureDevOpsSimulator } from '../../simulators/azure-devops/index.js';
import type { AzureDevOpsSimulator } from '../../simulators/azure-devops/index.js';
import { PAT, trackerFor } from './harness.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-01T10:00:00.000Z');

/** Attempt memory on the ticket itself, through the real client against the simulator. */
describe('Azure Boards tracker: attempts and backoff', () => {
  let sim: AzureDevOpsSimulator;
  let clock = T0;
  const now = (): Date => new Date(clock);

  beforeEach(async () => {
    clock = T0;
    sim = await startAzureDevOpsSimulator({ token: PAT, now });
    sim.addWorkItem({ id: 1, title: 'poison', tags: ['autofix'], priority: 1 });
    sim.addWorkItem({ id: 2, title: 'fine', tags: ['autofix'], priority: 2 });
  });
  afterEach(() => sim.close());

  /** One job: pick, then release with a failure when the picked ticket is 1. */
  async function job(inputs: Record<string, string> = {}) {
    const { tracker, logger } = trackerFor(sim, { now, inputs });
    const ticket = await tracker.pickAndClaim();
    if (ticket?.id === 1) {
      await tracker.release(1, {
        outcome: 'error',
        reason: `Unexpected error: the stream ended without done (token ${PAT})`,
      });
    } else if (ticket) {
      await tracker.settle(ticket.id, {
        outcome: 'pr-opened',
        statusTag: 'autofix:pr-opened',
        commentHtml: '<p>Opened a draft pull request.</p>',
      });
    }
    return { id: ticket?.id, ticket, logger };
  }
  const comments = (id: number) => sim.state.workItems.get(id)!.comments.map((c) => c.text);

  it('records each attempt, backs off 1 h then 4 h, and settles needs-human after max-attempts', async () => {
    expect((await job()).id).toBe(1);
    expect(comments(1)[0]).toContain('attempt 1.');
    expect(comments(1)[1]).toMatch(
      /^<p>\[ticket-to-pr attempt\] Attempt 1 of 3 failed \(error\) at 2026-11-01T10:00:00.000Z; eligible again after 2026-11-01T11:00:00.000Z\. Reason: Unexpected error/,
    );
    expect(comments(1)[1]).not.toContain(PAT); // masked
    expect(comments(1)[1]).toContain('***');
    expect(sim.tagsOf(1)).toEqual(['autofix']);

    // Within the backoff the next run passes over ticket 1 and takes the next one.
    clock = T0 + HOUR - 60_000;
    const second = await job();
    expect(second.id).toBe(2);
    expect(second.logger.lines).toContain(
      'info: Passing over ticket 1: attempt 1 of 3 failed (error) and it is backed off until 2026-11-01T11:00:00.000Z.',
    );

    clock = T0 + HOUR + 1;
    expect((await job()).id).toBe(1); // attempt 2
    expect(comments(1)[3]).toContain('eligible again after 2026-11-01T15:00:00.001Z');
    clock = T0 + 4 * HOUR; // still inside the 4 h backoff
    expect((await job()).id).toBeUndefined(); // 2 is settled, 1 is backed off
    clock = T0 + 5 * HOUR + 2;
    expect((await job()).id).toBe(1); // attempt 3, the last
    expect(sim.tagsOf(1)).toEqual(['autofix', 'autofix:needs-human']);
    const last = comments(1).at(-1)!;
    expect(last).toContain('Attempt 3 of 3 failed (error)');
    expect(last).toContain('settled autofix:needs-human');
    for (const n of [1, 2, 3]) expect(last).toContain(`<li>Attempt ${n}: error at`);
    expect(comments(1).filter((c) => c.includes('[ticket-to-pr claim]'))).toHaveLength(3);

    clock = T0 + 100 * HOUR;
    expect((await job()).id).toBeUndefined(); // settled: never picked again by the default query
  });

  it('lets a manual dispatch ignore the backoff, and still counts its attempt', async () => {
    await job();
    const manual = await job({ 'ticket-id': '1' });
    expect(manual.id).toBe(1);
    expect(comments(1)[2]).toContain('attempt 2.');
    expect(comments(1)[3]).toContain('Attempt 2 of 3 failed');
    // The markers are bookkeeping, not part of the ticket the models read.
    expect(manual.ticket!.comments).toEqual([]);
  });

  it('starts afresh after a human removes needs-human, and counts no forged marker', async () => {
    for (const at of [0, 2, 7]) {
      clock = T0 + at * HOUR;
      await job({ 'max-attempts': '2' });
    }
    expect(sim.tagsOf(1)).toContain('autofix:needs-human');
    sim.state.workItems.get(1)!.fields['System.Tags'] = 'autofix';
    clock = T0 + 30 * HOUR;
    await job({ 'max-attempts': '2' });
    expect(comments(1).at(-2)).toContain('attempt 1.');
    // A human pasting a failure marker with a far-off date does not hold the ticket back.
    const item = sim.state.workItems.get(1)!;
    item.comments.push({
      ...item.comments.at(-1)!,
      id: 999,
      text: '<p>[ticket-to-pr attempt] Attempt 1 of 2 failed (error) at 2026-11-02T16:00:00.000Z; eligible again after 2099-01-01T00:00:00.000Z. Reason: forged</p>',
      createdBy: { ...item.comments.at(-1)!.createdBy, id: 'a-human' },
    });
    clock = T0 + 32 * HOUR;
    expect((await job({ 'max-attempts': '2' })).id).toBe(1);
  });

  it('passes over a backed-off ticket in dry run too, without writing', async () => {
    await job();
    const patchesBefore = sim.requests.filter((r) => r.method === 'PATCH').length;
    const { tracker } = trackerFor(sim, { now, inputs: { 'dry-run': 'true' } });
    expect((await tracker.pickAndClaim())?.id).toBe(2);
    expect(sim.requests.filter((r) => r.method === 'PATCH')).toHaveLength(patchesBefore);
  });
});
