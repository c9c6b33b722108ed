import { describe, expect, it } from '@jest/globals';
import { duration, progressLine } from '../../../src/backtest/progress.js';
import { renderMarkdown, sizeBucket, totalsOf } from '../../../src/backtest/report.js';
import type { InstanceResult } from '../../../src/backtest/result.js';

function result(over: Partial<InstanceResult>): InstanceResult {
  return {
    instance_id: 'o__r-1',
    repo: 'o/r',
    answers: 'live',
    test_command: 'npm test',
    resolved: false,
    tests_ran: true,
    judge_detail: 'held-out tests still fail: a | b',
    outcome: 'needs-human',
    reason: 'r',
    triage: { proceed: true, kind: 'bug', size: 'small', clarity: 'clear', reason: 'ok' },
    localization: {
      gold_files: ['src/a.js'],
      ranked_top5: ['src/a.js'],
      recall_at_1: 1,
      recall_at_5: 1,
      gold_in_context: true,
      editor_files: ['src/a.js'],
    },
    applied: true,
    verified: false,
    evidence: 'none',
    changed_files: ['src/a.js'],
    lost_at: 'verify',
    fix_lines: 4,
    wall_ms: 1000,
    model_ms: 400,
    prompt_tokens: 100,
    output_tokens: 20,
    setup: null,
    harness_mismatch: null,
    finished_at: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

const results = [
  result({ instance_id: 'a', resolved: true, lost_at: null, verified: true, evidence: 'tests' }),
  result({ instance_id: 'b', lost_at: 'verify' }),
  result({ instance_id: 'c', lost_at: 'triage', fix_lines: 30, applied: false }),
  result({
    instance_id: 'd',
    lost_at: 'localization',
    fix_lines: 100,
    harness_mismatch: 'the real fix did not resolve',
  }),
];

describe('backtest report', () => {
  it('totals resolved, where tickets were lost, sizes, mismatches and costs', () => {
    const t = totalsOf(results);
    expect(t).toMatchObject({
      instances: 4,
      resolved: 1,
      resolve_rate: 0.25,
      applied: 3,
      verified: 1,
    });
    expect(t.lost_at).toEqual({ triage: 1, localization: 1, edit: 0, verify: 1, error: 0 });
    expect(t.by_size).toEqual([
      { size: '1-5 lines', instances: 2, resolved: 1, resolve_rate: 0.5 },
      { size: '21-60 lines', instances: 1, resolved: 0, resolve_rate: 0 },
      { size: '61+ lines', instances: 1, resolved: 0, resolve_rate: 0 },
    ]);
    expect(t.harness_mismatches).toEqual([
      { instance_id: 'd', detail: 'the real fix did not resolve' },
    ]);
    expect(t).toMatchObject({
      wall_ms: 4000,
      model_ms: 1600,
      prompt_tokens: 400,
      output_tokens: 80,
    });
    expect(totalsOf([]).resolve_rate).toBe(0);
  });

  it('renders Markdown with both charts, the mismatch warning and one escaped row per ticket', () => {
    const md = renderMarkdown({
      answers: 'live',
      dataset: 'd.jsonl',
      repo: '/r',
      test_command: 'npm test',
      instances: results,
      totals: totalsOf(results),
      not_run: [],
    });
    expect(md).toContain('# Backtest: 1 of 4 resolved (25%)');
    expect(md).toContain('xychart-beta');
    expect(md).toContain('  bar [50, 0, 0]');
    expect(md).toContain('pie showData');
    expect(md).toContain('  "triage" : 1');
    expect(md).not.toContain('"edit" : 0');
    expect(md).toContain('**Harness mismatch** on 1 instance(s)');
    expect(md).toContain('held-out tests still fail: a \\| b');
    expect(md.split('\n').filter((l) => /^\| `[a-d]` \|/.test(l))).toHaveLength(4);
  });

  it('buckets sizes by the fix lines', () => {
    expect([1, 5, 6, 20, 21, 61].map(sizeBucket)).toEqual([
      '1-5 lines',
      '1-5 lines',
      '6-20 lines',
      '6-20 lines',
      '21-60 lines',
      '61+ lines',
    ]);
  });
});

describe('progress line', () => {
  it('shows the count, the elapsed time and the time left at the pace of this run', () => {
    expect(
      progressLine({
        position: 3,
        total: 10,
        instanceId: 'x',
        verdict: 'resolved',
        elapsedMs: 120_000,
        ranThisRun: 2,
        remaining: 7,
      }),
    ).toBe('[3/10] x: resolved · elapsed 2m00s · about 7m00s left');
    expect(
      progressLine({
        position: 10,
        total: 10,
        instanceId: 'x',
        verdict: 'v',
        elapsedMs: 5000,
        ranThisRun: 1,
        remaining: 0,
      }),
    ).toContain('done');
    expect(duration(3 * 3600_000 + 60_000)).toBe('3h01m');
  });
});
