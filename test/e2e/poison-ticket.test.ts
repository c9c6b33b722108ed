// A poison ticket through `node dist/index.js`, run after run, against the Azure DevOps and Ollama
// simulators and a real bare git remote: the triage model's answers for ticket 1 always loop until
// the server ends the stream without `done`. Tickets 2 and 3 are fine. Attempt memory on the ticket
// must keep ticket 1 from blocking the queue and from being tried forever. The runs are played hours
// apart by preloading test/e2e/shift-clock.mjs, which moves the whole process's clock ahead.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseClaimMarker } from '../../src/tracker/claim-marker.js';
import { parseFailureMarker, backoffMs } from '../../src/tracker/attempts.js';
import { modelRequests, type SimChatRequest } from '../simulators/ollama/index.js';
import { SAMPLE_TICKET, scriptedEditModel, scriptedTriageModel } from './sample/scripted-model.js';
import { startWorld, type RunResult, type World } from './world.js';

const HOUR = 3_600_000;
const SHIFT_CLOCK = pathToFileURL(
  path.join(path.dirname(fileURLToPath(import.meta.url)), 'shift-clock.mjs'),
).href;
const POISON_TITLE = 'Invoice export hangs on an empty invoice';
/** What a small model stuck on newlines and one word sends until the server stops it. */
const LOOPING = `{"actionable": true, "reason": "${'empty '.repeat(50)}`;

const tickets = [
  {
    id: 1,
    title: POISON_TITLE,
    type: 'Bug',
    tags: ['autofix'],
    priority: 1,
    description: '<p>Exporting an invoice without lines never finishes.</p>',
  },
  { ...SAMPLE_TICKET, id: 2, priority: 2 },
  {
    id: 3,
    title: 'Cart total ignores a 25 percent coupon',
    type: 'Bug',
    tags: ['autofix'],
    priority: 3,
    description:
      '<p>With coupon SPRING25 on a basket of 80.00 the checkout shows 79.75, not 60.00.</p>',
  },
];

const asksAboutPoison = (request: SimChatRequest): boolean =>
  request.messages.some((m) => m.content.includes(POISON_TITLE));

describe('a poison ticket across scheduled runs (dist/index.js)', () => {
  let w: World;
  const runs: { shiftHours: number; result: RunResult }[] = [];

  beforeAll(async () => {
    const triage = scriptedTriageModel();
    w = await startWorld({
      tickets,
      triageAnswer: (request) => (asksAboutPoison(request) ? LOOPING : triage(request)),
      editAnswer: scriptedEditModel({ fixes: true }),
    });
  });
  afterAll(() => w.close());

  async function run(shiftHours: number): Promise<RunResult> {
    const result = await w.run({
      env: {
        NODE_OPTIONS: `--import ${SHIFT_CLOCK}`,
        TTP_TEST_CLOCK_SHIFT_MS: String(Math.round(shiftHours * HOUR)),
      },
    });
    runs.push({ shiftHours, result });
    for (const id of w.ado.state.workItems.keys())
      expect(w.ado.tagsOf(id)).not.toContain('autofix:working');
    return result;
  }
  const comments = (id: number) => w.ado.state.workItems.get(id)!.comments;

  it('opens PRs for 2 and 3, tries 1 at most max-attempts times, never within its backoff, then settles it needs-human', async () => {
    // Run 1 takes ticket 1 (highest priority); triage loops twice; the attempt is recorded.
    const first = await run(0);
    expect(first.outputs).toMatchObject({ outcome: 'error', 'ticket-id': '1' });
    expect(first.code).toBe(1);
    expect(first.outputs.reason).toContain('degenerated twice');
    expect(w.ado.tagsOf(1)).toEqual(['autofix']);

    // The next runs pass over ticket 1 during its backoff and take 2, then 3.
    const second = await run(0.1);
    expect(second.outputs).toMatchObject({ outcome: 'pr-opened', 'ticket-id': '2' });
    expect(second.stdout).toMatch(
      /Passing over ticket 1: attempt 1 of 3 failed \(error\) and it is backed off until /,
    );
    const third = await run(0.2);
    expect(third.outputs).toMatchObject({ outcome: 'pr-opened', 'ticket-id': '3' });
    expect(w.ado.state.pullRequests.size).toBe(2);
    expect((await run(0.5)).outputs.outcome).toBe('no-ticket'); // 1 is still backed off

    // Past the 1 h backoff: attempt 2; then 4 h of backoff; then attempt 3, the last.
    expect((await run(1.1)).outputs).toMatchObject({ outcome: 'error', 'ticket-id': '1' });
    expect((await run(3)).outputs.outcome).toBe('no-ticket');
    expect((await run(5.2)).outputs).toMatchObject({ outcome: 'error', 'ticket-id': '1' });
    expect(w.ado.tagsOf(1)).toEqual(expect.arrayContaining(['autofix', 'autofix:needs-human']));

    // The ticket's own record: three claims, each after the previous attempt's backoff.
    const claims = comments(1)
      .map((c) => parseClaimMarker(c.text))
      .filter((m) => m !== undefined);
    const failures = comments(1)
      .map((c) => parseFailureMarker(c.text))
      .filter((m) => m !== undefined);
    expect(claims.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(failures.map((f) => [f.attempt, f.outcome])).toEqual([
      [1, 'error'],
      [2, 'error'],
      [3, 'error'],
    ]);
    for (let i = 1; i < claims.length; i++) {
      const waited = claims[i]!.claimedAt.getTime() - failures[i - 1]!.failedAt.getTime();
      expect(waited).toBeGreaterThanOrEqual(backoffMs(i));
      expect(claims[i]!.claimedAt.getTime()).toBeGreaterThanOrEqual(
        failures[i - 1]!.eligibleAt!.getTime(),
      );
    }
    const last = comments(1).at(-1)!.text;
    expect(last).toContain('settled autofix:needs-human');
    for (const n of [1, 2, 3]) expect(last).toMatch(new RegExp(`<li>Attempt ${n}: error at `));

    // Each attempt asked the triage model twice (the second time with a repeat penalty) and the
    // looping answer was never retried as a lost connection: six requests about ticket 1 in all.
    const poisonChats = modelRequests(w.ollama.requests).filter(
      (r) =>
        r.path === '/api/chat' &&
        ((r.body?.messages as { content: string }[] | undefined) ?? []).some((m) =>
          m.content.includes(POISON_TITLE),
        ),
    );
    expect(poisonChats).toHaveLength(6);
    expect(poisonChats.every((r) => r.status === 200 && r.repeatAborted)).toBe(true);
    expect(runs.map((r) => r.result.outputs.outcome)).not.toContain('model-unavailable');
  }, 300_000); // eight runs of the bundled action, two of them with real verification
});
