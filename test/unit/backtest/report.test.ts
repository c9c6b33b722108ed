import { describe, expect, it } from '@jest/globals';
import { duration, progressLine } from '../../../src/backtest/progress.js';
import {
  cell,
  everyInstanceJudged,
  renderMarkdown,
  sizeBucket,
  totalsOf,
  type BacktestReport,
} from '../../../src/backtest/report.js';
import type { InstanceResult } from '../../../src/backtest/result.js';

function result(over: Partial<InstanceResult>): InstanceResult {
  return {
    instance_id: 'o__r-1',
    repo: 'o/r',
    answers: 'live',
    test_command: 'npm test',
    verdict: 'not-fixed',
    resolved: false,
    would_open_pr: false,
    held_out_tests: 'fail',
    not_judged_reason: null,
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
  result({
    instance_id: 'a',
    verdict: 'resolved',
    resolved: true,
    would_open_pr: true,
    held_out_tests: 'pass',
    outcome: 'pr-opened',
    lost_at: null,
    verified: true,
    evidence: 'tests',
  }),
  result({ instance_id: 'b', lost_at: 'verify' }),
  result({ instance_id: 'c', lost_at: 'triage', fix_lines: 30, applied: false }),
  result({
    instance_id: 'd',
    lost_at: 'localization',
    fix_lines: 100,
    harness_mismatch: 'the real fix did not resolve',
  }),
  result({
    instance_id: 'e',
    verdict: 'pr-would-be-wrong',
    would_open_pr: true,
    outcome: 'pr-opened',
    lost_at: 'verify',
  }),
  result({ instance_id: 'f', verdict: 'missed-fix', held_out_tests: 'pass', lost_at: 'verify' }),
  result({
    instance_id: 'g',
    verdict: 'not-judged',
    held_out_tests: null,
    outcome: 'model-unavailable',
    not_judged_reason: 'the job ended model-unavailable (connection refused)',
    lost_at: null,
  }),
];

const report = (over: Partial<BacktestReport> = {}): BacktestReport => ({
  answers: 'live',
  dataset: 'd.jsonl',
  repo: '/r',
  test_command: 'npm test',
  instances: results,
  totals: totalsOf(results),
  not_run: [],
  stopped: null,
  ...over,
});

describe('backtest report', () => {
  it('totals verdicts over the judged instances, and lists what was not judged', () => {
    const t = totalsOf(results);
    expect(t).toMatchObject({
      instances: 7,
      judged: 6,
      not_judged: [
        { instance_id: 'g', reason: 'the job ended model-unavailable (connection refused)' },
      ],
      resolved: 1,
      resolve_rate: 0.167,
      would_open_pr: 2,
      pr_would_be_wrong: 1,
      missed_fix: 1,
      not_fixed: 3,
      applied: 5,
    });
    expect(t.lost_at).toEqual({ triage: 1, localization: 1, edit: 0, verify: 3, error: 0 });
    expect(t.by_size).toEqual([
      { size: '1-5 lines', judged: 4, resolved: 1, resolve_rate: 0.25 },
      { size: '21-60 lines', judged: 1, resolved: 0, resolve_rate: 0 },
      { size: '61+ lines', judged: 1, resolved: 0, resolve_rate: 0 },
    ]);
    expect(t.harness_mismatches).toEqual([
      { instance_id: 'd', detail: 'the real fix did not resolve' },
    ]);
    expect(t).toMatchObject({
      wall_ms: 7000,
      model_ms: 2800,
      prompt_tokens: 700,
      output_tokens: 140,
    });
    expect(totalsOf([]).resolve_rate).toBe(0);
  });

  it('an instance is judged only with a verdict; every other line makes the run incomplete', () => {
    const judged = results.filter((r) => r.verdict !== 'not-judged' && !r.harness_mismatch);
    expect(everyInstanceJudged(report({ instances: judged, totals: totalsOf(judged) }))).toBe(true);
    const withNotJudged = results.filter((r) => !r.harness_mismatch);
    expect(
      everyInstanceJudged(report({ instances: withNotJudged, totals: totalsOf(withNotJudged) })),
    ).toBe(false);
    const withMismatch = results.filter((r) => r.verdict !== 'not-judged');
    expect(
      everyInstanceJudged(report({ instances: withMismatch, totals: totalsOf(withMismatch) })),
    ).toBe(false);
    const [first] = judged;
    const one = [first!];
    expect(
      everyInstanceJudged(report({ instances: one, totals: totalsOf(one), not_run: ['x'] })),
    ).toBe(false);
  });

  it('renders Markdown: verdict chart with wrong PRs apart, the not-judged list, eight columns per table', () => {
    const md = renderMarkdown(
      report({ stopped: 'two instances in a row ended model-unavailable.', not_run: ['h'] }),
    );
    expect(md).toContain('# Backtest: 1 of 6 judged instances resolved (17%)');
    expect(md).toContain('| 6 of 7 | 1 (17%) | 2 | 1 | 1 |');
    // Every figure carries its unit: recall as a share, times in seconds.
    expect(md).toMatch(
      /\| 6 of 7 \| 1 \(17%\) \| 2 \| 1 \| 1 \| \d+% \| \d+\.\d s \| \d+\.\d s \|/,
    );
    expect(md).toContain('pie showData');
    expect(md).toContain('  "resolved" : 1');
    expect(md).toContain('  "PR would be wrong" : 1');
    expect(md).toContain('  "missed fix" : 1');
    expect(md).toContain('  "not fixed" : 3');
    expect(md).toContain('xychart-beta');
    expect(md).toContain('  bar [25, 0, 0]');
    expect(md).toContain('**Not judged: 1 of 7 instance(s)**');
    expect(md).toContain('> - `g`: the job ended model-unavailable (connection refused)');
    expect(md).toContain(
      '**Stopped early:** two instances in a row ended model-unavailable. 1 instance(s) did not run',
    );
    expect(md).toContain('**Harness mismatch** on 1 instance(s)');
    expect(md).toContain('- Judge: held-out tests still fail: a | b');
    const rows = md.split('\n').filter((l) => /^\| `[a-g]` \|/.test(l));
    expect(rows).toHaveLength(7);
    for (const line of md.split('\n').filter((l) => l.startsWith('| ')))
      expect(line.split(' | ').length).toBeLessThanOrEqual(8);
    expect(rows.find((l) => l.startsWith('| `e`'))).toContain('| PR would be wrong |');
  });

  it('says the edit mode, and what the agent did per ticket and in total', () => {
    const agent = (over: Partial<NonNullable<InstanceResult['agent']>> = {}) => ({
      turns: 10,
      files_read: ['src/a.js'],
      searches: 2,
      edits: 1,
      test_runs: 1,
      prompt_tokens: 100,
      output_tokens: 20,
      stopped_by: null,
      oracle_misses: [],
      ...over,
    });
    const ran = [
      result({ instance_id: 'x', edit_mode: 'agent', agent: agent() }),
      result({
        instance_id: 'y',
        edit_mode: 'agent',
        agent: agent({
          turns: 30,
          files_read: [],
          stopped_by: 'its limit of 30 turns (agent-max-turns)',
          oracle_misses: ['block 1 of 1: no file shows its SEARCH lines'],
        }),
      }),
      result({ instance_id: 'z', edit_mode: 'agent', agent: null }),
    ];
    const t = totalsOf(ran);
    expect(t.agent).toEqual({
      instances: 2,
      turns: 40,
      mean_turns: 20,
      files_read: 1,
      test_runs: 2,
      prompt_tokens: 200,
      output_tokens: 40,
      stopped_early: 1,
      oracle_missed: 1,
    });
    expect(totalsOf(results).agent).toBeNull();
    const md = renderMarkdown(report({ edit_mode: 'agent', instances: ran, totals: t }));
    expect(md).toContain('Edit mode: **agent**.');
    expect(md).toContain(
      'Agent editor on 2 instance(s): 40 turns (20 per instance), 1 file(s) read, 2 test run(s), 200 + 40 tokens; stopped before a finish passed on 1. The scripted oracle agent could not place the real fix on 1.',
    );
    expect(md).toContain(
      '- Agent: 10 turns, read `src/a.js`, 2 search(es), 1 edit(s), 1 test run(s), 100 + 20 tokens\n',
    );
    expect(md).toContain(
      '- Agent: 30 turns, read no file, 2 search(es), 1 edit(s), 1 test run(s), 100 + 20 tokens; stopped by its limit of 30 turns (agent-max-turns); the oracle could not place block 1 of 1: no file shows its SEARCH lines',
    );
    // A report from before edit modes: a pipeline run, and no agent line.
    const old = renderMarkdown(report());
    expect(old).toContain('Edit mode: **pipeline**.');
    expect(old).not.toContain('Agent');
  });

  it('cuts a table cell at a word, never mid-word', () => {
    expect(cell('alpha beta gamma delta', 14)).toBe('alpha beta…');
    expect(cell('a|b\nc', 80)).toBe('a\\|b c');
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
