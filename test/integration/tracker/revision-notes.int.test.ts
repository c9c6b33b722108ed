import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startAzureDevOpsSimulator } from '../../simulators/azure-devops/index.js';
import type { AzureDevOpsSimulator } from '../../simulators/azure-devops/index.js';
import { PAT, trackerFor } from './harness.js';

/** What a revision job asks of the board: the ticket read without a claim, one note added. */
describe('Azure Boards tracker: a revision reads the ticket and notes the revision', () => {
  let sim: AzureDevOpsSimulator;
  beforeEach(async () => {
    sim = await startAzureDevOpsSimulator({ token: PAT });
    sim.addWorkItem({
      id: 7,
      title: 'Date parser drops the time zone',
      tags: ['autofix:pr-opened'],
    });
  });
  afterEach(() => sim.close());

  it('reads the ticket without claiming it, and adds one comment leaving the tags alone', async () => {
    const { tracker } = trackerFor(sim);
    const ticket = await tracker.readTicket(7);
    expect(ticket).toMatchObject({ id: 7, title: 'Date parser drops the time zone' });
    expect(await tracker.readTicket(8)).toBeUndefined();
    await tracker.addComment(7, '<p>ticket-to-pr revised pull request 3 after review.</p>');
    const item = sim.state.workItems.get(7)!;
    expect(item.comments.map((c) => c.text)).toEqual([
      '<p>ticket-to-pr revised pull request 3 after review.</p>',
    ]);
    expect(sim.tagsOf(7)).toEqual(['autofix:pr-opened']);
  });

  it('writes nothing in a dry run', async () => {
    const { tracker } = trackerFor(sim, { inputs: { 'dry-run': 'true' } });
    await tracker.addComment(7, '<p>note</p>');
    expect(sim.state.workItems.get(7)!.comments).toEqual([]);
  });
});
