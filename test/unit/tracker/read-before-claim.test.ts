// The ticket's text is read and sanitised before the claim, so hostile HTML costs its (bounded)
// work while nothing is held; the claim's `test /rev` makes the read the ticket as claimed.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { STATUS_TAGS } from '../../../src/shared/outcome.js';
import { startAzureDevOpsSimulator } from '../../simulators/azure-devops/index.js';
import type { AzureDevOpsSimulator } from '../../simulators/azure-devops/index.js';
import { trackerFor } from '../../integration/tracker/harness.js';

describe('the ticket is read before it is claimed', () => {
  let sim: AzureDevOpsSimulator;

  beforeEach(async () => {
    sim = await startAzureDevOpsSimulator({
      token: 'p'.repeat(52),
      tagDefinitions: Object.values(STATUS_TAGS),
    });
  });
  afterEach(() => sim.close());

  it('reads the item and its comments before the claim patch, and returns it as claimed', async () => {
    sim.addWorkItem({
      id: 7,
      title: 'the one',
      tags: ['autofix'],
      description: `<p>Fix it.</p>${'<div>x'.repeat(100)}`,
      comments: [{ text: '<p style="color:white">secret</p><p>a comment</p>' }],
    });
    const { tracker, logger } = trackerFor(sim);
    const ticket = await tracker.pickAndClaim();
    const claimAt = sim.requests.findIndex((r) => r.method === 'PATCH');
    const readAt = sim.requests.findIndex(
      (r) =>
        r.method === 'GET' && /\/workitems\/7\b(?!\/)/i.test(r.url) && !/validateOnly/.test(r.url),
    );
    const commentsAt = sim.requests.findLastIndex(
      (r) => r.method === 'GET' && /\/workitems\/7\/comments/i.test(r.url),
    );
    expect(claimAt).toBeGreaterThan(0);
    expect(readAt).toBeGreaterThanOrEqual(0);
    expect(readAt).toBeLessThan(claimAt);
    expect(commentsAt).toBeLessThan(claimAt);
    expect(sim.requests.slice(claimAt + 1).filter((r) => r.method === 'GET')).toEqual([]);
    expect(ticket?.tags).toContain(STATUS_TAGS.working);
    expect(ticket?.rev).toBe(2);
    expect(ticket?.comments.map((c) => c.text)).toEqual(['a comment']);
    expect(ticket?.hiddenText).toEqual(['comment 1 (text coloured like its background)']);
    expect(ticket?.truncations.join()).toMatch(/flattened/);
    expect(logger.lines.join('\n')).toMatch(/Ticket 7: System\.Description: \d+ HTML element/);
    expect(logger.lines.join('\n')).toMatch(/Ticket 7: text hidden from readers was ignored/);
  });
});
