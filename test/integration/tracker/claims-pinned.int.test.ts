import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startAzureDevOpsSimulator } from '../../simulators/azure-devops/index.js';
import type { AzureDevOpsSimulator } from '../../simulators/azure-devops/index.js';
import { trackerFor } from './harness.js';

const T0 = new Date('2025-03-01T10:00:00.000Z');
const HOUR = 3_600_000;
const settlement = {
  outcome: 'needs-human' as const,
  statusTag: 'autofix:needs-human',
  commentHtml: '<p>Gave up.</p>',
};

describe('claims: who holds a ticket', () => {
  let sim: AzureDevOpsSimulator;
  beforeEach(async () => {
    sim = await startAzureDevOpsSimulator({ token: 'p'.repeat(52), now: () => T0 });
  });
  afterEach(() => sim.close());

  const markers = (id: number) =>
    sim.state.workItems
      .get(id)!
      .comments.filter((c) => c.text.includes('[ticket-to-pr claim]'))
      .map((c) => c.text);

  it('two runs with the same identity: after a 412, only the run whose claim time is on the marker holds the ticket', async () => {
    sim.addWorkItem({ id: 1, title: 'only ticket', tags: ['autofix'] });
    // Two terminal runs on one host: same identity, claims a second apart.
    const first = trackerFor(sim, { identity: 'build-host', now: () => T0 });
    const second = trackerFor(sim, {
      identity: 'build-host',
      now: () => new Date(T0.getTime() + 1000),
    });
    let firstTicket: number | undefined;
    // The second run judged the ticket free, then the first claimed it before the second wrote.
    const secondTicket = await second.tracker.pickAndClaim({
      skip: async () => {
        firstTicket = (await first.tracker.pickAndClaim())?.id;
        return undefined;
      },
    });
    expect(firstTicket).toBe(1);
    expect(secondTicket).toBeUndefined();
    expect(sim.requests.filter((r) => r.status === 412)).toHaveLength(1);
    expect(second.logger.lines.join('\n')).toContain(
      'Ticket 1 was claimed by another runner first',
    );
    expect(markers(1)).toHaveLength(1);
    expect(markers(1)[0]).toContain(`claimed at ${T0.toISOString()}`);
  });

  it('after a takeover, settling leaves the new holder’s ticket alone', async () => {
    sim.addWorkItem({ id: 1, title: 'only ticket', tags: ['autofix'] });
    const leaseMs = 2 * HOUR;
    const slow = trackerFor(sim, { identity: 'runner-slow', now: () => T0, leaseMs });
    expect((await slow.tracker.pickAndClaim())?.id).toBe(1);
    const later = new Date(T0.getTime() + leaseMs + 1000);
    const next = trackerFor(sim, { identity: 'runner-next', now: () => later, leaseMs });
    expect((await next.tracker.pickAndClaim())?.id).toBe(1);
    const comments = sim.state.workItems.get(1)!.comments.length;
    const writes = sim.requests.filter((r) => r.method === 'PATCH').length;

    // The slow runner finishes late and settles: nothing of the new holder's ticket changes.
    await slow.tracker.settle(1, settlement);
    expect(sim.tagsOf(1)).toEqual(['autofix', 'autofix:working']);
    expect(sim.state.workItems.get(1)!.comments).toHaveLength(comments);
    expect(sim.requests.filter((r) => r.method === 'PATCH')).toHaveLength(writes);
    expect(slow.logger.lines.join('\n')).toContain(
      'Ticket 1 was taken over by runner-next at 2025-03-01T12:00:01.000Z after our lease ran out; leaving it to that runner.',
    );

    // The new holder settles its own claim.
    await next.tracker.settle(1, settlement);
    expect(sim.tagsOf(1)).toEqual(['autofix', 'autofix:needs-human']);
  });

  it('a takeover by the same identity (a later run on the same host) is recognised by its claim time', async () => {
    sim.addWorkItem({ id: 1, title: 'only ticket', tags: ['autofix'] });
    const leaseMs = 2 * HOUR;
    const old = trackerFor(sim, { identity: 'build-host', now: () => T0, leaseMs });
    await old.tracker.pickAndClaim();
    const later = new Date(T0.getTime() + leaseMs + 1000);
    const fresh = trackerFor(sim, { identity: 'build-host', now: () => later, leaseMs });
    expect((await fresh.tracker.pickAndClaim())?.id).toBe(1);
    await old.tracker.settle(1, settlement);
    expect(sim.tagsOf(1)).toEqual(['autofix', 'autofix:working']);
    expect(markers(1)).toHaveLength(2);
  });
});
