import { describe, expect, it } from '@jest/globals';
import { Timeline } from '../../../src/pipeline/timeline.js';
import { recordingLogger } from '../../fakes/logger.js';

describe('Timeline', () => {
  const clock = () => {
    let t = Date.parse('2025-03-01T10:00:00.000Z');
    return () => new Date((t += 1500));
  };

  it('records a stage that returned but failed at its task as failed, and logs it with ✖', async () => {
    const logger = recordingLogger();
    const timeline = new Timeline(clock(), logger);
    await timeline.run(
      'edit',
      async () => 'failed',
      (status) => ({ note: `${status} after 3 round(s)`, failed: status !== 'verified' }),
    );
    expect(timeline.stages()[0]).toMatchObject({ name: 'edit', status: 'failed' });
    expect(logger.lines).toContain('info: ✖ edit (1.5 s): failed after 3 round(s)');
    expect(logger.lines.join('\n')).not.toMatch(/✔ edit/);
  });

  it('records a stage that succeeded as ok with ✔, and one that threw as failed', async () => {
    const logger = recordingLogger();
    const timeline = new Timeline(clock(), logger);
    await timeline.run(
      'triage',
      async () => 1,
      () => 'bug, small',
    );
    await expect(
      timeline.run('publish', async () => Promise.reject(new Error('push refused'))),
    ).rejects.toThrow('push refused');
    expect(timeline.stages().map((s) => s.status)).toEqual(['ok', 'failed']);
    expect(logger.lines).toContain('info: ✔ triage (1.5 s): bug, small');
    expect(logger.lines).toContain('info: ✖ publish (1.5 s): failed');
  });
});
