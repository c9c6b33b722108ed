// The applier's bounds: a file too large to search is refused, an answer's matching work is
// capped, and the work comes in slices the caller can yield between (so timers keep running).
import { describe, expect, it } from '@jest/globals';
import { performance } from 'node:perf_hooks';
import { applyEdits, applyEditsSteps, applyEditsYielding } from '../../../src/edits/apply-edits.js';
import type { WorkingFile } from '../../../src/edits/apply-edits.js';
import { renderReflection } from '../../../src/edits/feedback.js';
import { decodeText } from '../../../src/edits/text-format.js';
import type { Edit } from '../../../src/edits/types.js';
import {
  MAX_SEARCHED_FILE_CHARS,
  MAX_SEARCHED_FILE_LINES,
  WORK_SLICE,
  WorkBudget,
} from '../../../src/edits/work-budget.js';

const policy = { protectedPaths: [], allowNewFiles: true };

/** A generated source file of about `lines` lines, none of which a miss below matches. */
function bigFile(lines: number): Map<string, WorkingFile> {
  const body = Array.from(
    { length: lines },
    (_, i) => `  const value${i} = computeSomething(input${i}, options.factor * ${i}); // row ${i}`,
  );
  const { text, style } = decodeText(body.join('\n') + '\n');
  return new Map([['data/big.js', { path: 'data/big.js', text, style, binary: false }]]);
}

/** A block whose SEARCH text is nowhere in bigFile (close enough to make "did you mean" work). */
function miss(k: number, path = 'data/big.js'): Edit {
  return {
    kind: 'search-replace',
    index: k,
    path,
    rawPath: path,
    search: [
      `  const nothere${k} = computeSomething(input${k}, options.factr * ${k});`,
      `  return nothing${k};`,
    ],
    replace: [`  const fixed${k} = 1;`],
    position: { line: 1 },
  };
}

describe('applier bounds', () => {
  it('refuses SEARCH/REPLACE on a file over the line cap, with a reason the model can act on, without searching it', () => {
    const budget = new WorkBudget();
    const r = applyEdits([miss(1)], bigFile(MAX_SEARCHED_FILE_LINES + 1), policy, budget);
    expect(r.results[0]).toMatchObject({ status: 'refused', reason: 'file-too-large' });
    const message = r.results[0]?.status === 'refused' ? r.results[0].message : '';
    expect(message).toContain('too large for SEARCH/REPLACE');
    expect(message).toContain(`the limit is ${MAX_SEARCHED_FILE_LINES}`);
    expect(budget.spent).toBe(0);
    expect(r.changed).toEqual([]);
  });

  it('refuses SEARCH/REPLACE on a file over the character cap, whatever its line count', () => {
    const line = 'x'.repeat(1000);
    const { text, style } = decodeText(
      Array.from({ length: MAX_SEARCHED_FILE_CHARS / 1000 + 10 }, () => line).join('\n'),
    );
    const files = new Map([
      ['data/wide.txt', { path: 'data/wide.txt', text, style, binary: false }],
    ]);
    const r = applyEdits([miss(1, 'data/wide.txt')], files, policy);
    expect(r.results[0]).toMatchObject({ status: 'refused', reason: 'file-too-large' });
  });

  it('never searches a too-large file for a block whose file name is mangled', () => {
    const files = bigFile(MAX_SEARCHED_FILE_LINES + 1);
    const budget = new WorkBudget();
    const r = applyEdits([miss(1, 'data/bgi.js')], files, policy, budget);
    expect(r.results[0]).toMatchObject({ status: 'refused', reason: 'missing-file' });
    expect(budget.spent).toBe(0);
  });

  it('refuses the blocks left once the answer’s matching work is spent, saying so in the feedback', () => {
    const budget = new WorkBudget(400_000, 10_000);
    const edits = Array.from({ length: 30 }, (_, k) => miss(k + 1));
    const r = applyEdits(edits, bigFile(5_000), policy, budget);
    const reasons = r.results.map((x) => (x.status === 'refused' ? x.reason : x.status));
    expect(reasons.slice(0, 2)).toEqual(['no-match', 'no-match']);
    expect(reasons.at(-1)).toBe('work-budget');
    expect(reasons.filter((x) => x === 'work-budget').length).toBeGreaterThan(20);
    // Spent once, and not spent again by the blocks refused afterwards.
    const spentAtFirstRefusal = budget.spent;
    applyEdits(edits.slice(0, 5), bigFile(5_000), policy, budget);
    expect(budget.spent).toBe(spentAtFirstRefusal);
    const feedback = renderReflection(r.results, []);
    expect(feedback).toContain('used up the applier');
    expect(feedback).toContain('Send fewer SEARCH/REPLACE blocks');
  });

  it('still applies blocks that need no search after the budget is spent', () => {
    const budget = new WorkBudget(50_000, 10_000);
    const create: Edit = {
      kind: 'search-replace',
      index: 9,
      path: 'src/new.js',
      rawPath: 'src/new.js',
      search: [],
      replace: ['export const x = 1;'],
      position: { line: 1 },
    };
    const r = applyEdits([miss(1), miss(2), miss(3), create], bigFile(5_000), policy, budget);
    expect(r.results.at(-1)).toMatchObject({ status: 'applied', method: 'new-file' });
    expect(r.results.some((x) => x.status === 'refused' && x.reason === 'work-budget')).toBe(true);
  });

  it('cuts the work into slices: no slice between two yields exceeds the slice bound', () => {
    // About the largest file that is still searched (2 MB), and thirty blocks that all miss.
    const files = bigFile(22_000);
    const slice = 2_000;
    const budget = new WorkBudget(3_000_000, slice);
    const steps = applyEditsSteps(
      Array.from({ length: 30 }, (_, k) => miss(k + 1)),
      files,
      policy,
      budget,
    );
    let before = 0;
    let largest = 0;
    let slowest = 0;
    let clock = performance.now();
    for (;;) {
      const next = steps.next();
      const now = performance.now();
      largest = Math.max(largest, budget.spent - before);
      slowest = Math.max(slowest, now - clock);
      before = budget.spent;
      clock = now;
      if (next.done) {
        expect(next.value.results[0]).toMatchObject({ status: 'refused', reason: 'no-match' });
        expect(next.value.results.at(-1)).toMatchObject({ reason: 'work-budget' });
        break;
      }
    }
    // A slice ends within one charge of its bound, and no charge is more than a window's lines:
    // a whole pass over the file (22,000 lines) never runs without a yield.
    expect(largest).toBeLessThanOrEqual(slice + 100);
    expect(WORK_SLICE).toBeLessThanOrEqual(50_000);
    // Generous for a loaded machine; before slicing, one block alone took seconds.
    expect(slowest).toBeLessThan(1_000);
  });

  it('lets timers run while it works (the model lock’s heartbeat is one)', async () => {
    // Counted, not timed: a callback that re-queues itself with setImmediate runs once per turn
    // of the event loop, so it counts how often the applier let the loop (and its timers) run.
    let turns = 0;
    let working = true;
    const spin = (): void => {
      if (!working) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const budget = new WorkBudget();
    await applyEditsYielding(
      Array.from({ length: 10 }, (_, k) => miss(k + 1)),
      bigFile(20_000),
      policy,
      budget,
    );
    working = false;
    const slices = Math.floor(budget.spent / WORK_SLICE);
    expect(slices).toBeGreaterThan(3);
    // At least one turn of the event loop for every slice of work.
    expect(turns).toBeGreaterThanOrEqual(slices);
  });
});
