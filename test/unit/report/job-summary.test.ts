import { describe, expect, it } from '@jest/globals';
import { renderJobSummary } from '../../../src/report/job-summary.js';
import { SecretMasker } from '../../../src/shared/secrets.js';
import { TOKEN, fencedBlocks, sampleReport, tableShapes } from './report-fixtures.js';

const masker = new SecretMasker([TOKEN]);

/** A structural check of a Mermaid gantt: header, dateFormat, and well-formed task lines in time order. */
function checkGantt(lines: string[]): { tasks: number } {
  const body = lines.map((l) => l.trim()).filter(Boolean);
  expect(body[0]).toBe('gantt');
  expect(body).toContain('dateFormat HH:mm:ss.SSS');
  let tasks = 0;
  let last = 0;
  const ms = (clock: string) => {
    const [h, m, s] = clock.split(':').map(Number);
    return ((h! * 60 + m!) * 60 + s!) * 1000;
  };
  for (const line of body.slice(1)) {
    if (/^(title|dateFormat|axisFormat|tickInterval|section) /.test(line)) continue;
    const m =
      /^([a-z]+ \((ok|failed|skipped)\)) :(done, |crit, )?(s\d+), (\d\d:\d\d:\d\d\.\d{3}), (\d\d:\d\d:\d\d\.\d{3})$/.exec(
        line,
      );
    expect(m).not.toBeNull();
    const [start, end] = [ms(m![5]!), ms(m![6]!)];
    expect(end).toBeGreaterThan(start);
    expect(start).toBeGreaterThanOrEqual(last);
    last = start;
    tasks += 1;
  }
  return { tasks };
}

describe('renderJobSummary', () => {
  const summary = renderJobSummary(sampleReport(), masker);

  it('puts the outcome and reason on top', () => {
    const lines = summary.split('\n');
    expect(lines[0]).toBe('## ✅ ticket-to-pr: pr-opened');
    expect(lines[2]).toMatch(/^\*\*Outcome:\*\* `pr-opened` — Verified change opened as a draft/);
    expect(summary).toContain(
      '**Pull request:** [#7](https://github.com/octo-org/widgets/pull/7) (opened, draft)',
    );
  });

  it('names a dry run by its outcome, once; another outcome of a dry run says dry run beside it', () => {
    const { pullRequest: _none, ...noPr } = sampleReport();
    const dry = renderJobSummary({ ...noPr, outcome: 'dry-run', dryRun: true }, masker);
    expect(dry.split('\n')[0]).toBe('## ✅ ticket-to-pr: dry-run');
    expect(dry).not.toContain('pr-opened');
    const human = renderJobSummary({ ...noPr, outcome: 'needs-human', dryRun: true }, masker);
    expect(human.split('\n')[0]).toBe('## ℹ️ ticket-to-pr: needs-human (dry run)');
  });

  it('has a Mermaid gantt of every stage that parses structurally', () => {
    const mermaid = fencedBlocks(summary).filter((b) => b.lang === 'mermaid');
    expect(mermaid).toHaveLength(1);
    expect(checkGantt(mermaid[0]!.body).tasks).toBe(7);
    expect(mermaid[0]!.body).toContain('    verify (failed) :crit, s5, 00:04:00.000, 00:06:00.000');
  });

  it('draws the axis as time since the job began, with ticks that never repeat', () => {
    const body = fencedBlocks(summary).find((b) => b.lang === 'mermaid')!.body;
    expect(body).toContain('    preflight (ok) :done, s0, 00:00:00.000, 00:00:05.000');
    expect(body).toContain('    axisFormat %M:%S');
    // 6 min 30 s at most ten ticks: one a minute, each a distinct mm:ss.
    expect(body).toContain('    tickInterval 1minute');
    const short = renderJobSummary(
      sampleReport({
        startedAt: '2025-03-01T10:34:36.000Z',
        finishedAt: '2025-03-01T10:34:37.500Z',
        stages: [
          {
            name: 'preflight',
            startedAt: '2025-03-01T10:34:36.100Z',
            endedAt: '2025-03-01T10:34:37.400Z',
            status: 'ok',
          },
        ],
      }),
      masker,
    );
    const shortBody = fencedBlocks(short).find((b) => b.lang === 'mermaid')!.body;
    expect(shortBody).toContain('    tickInterval 1second');
    expect(shortBody).toContain('    preflight (ok) :done, s0, 00:00:00.100, 00:00:01.400');
    expect(short).not.toMatch(/34:36/);
  });

  it('has the model, verification, stage and server tables with consistent columns', () => {
    expect(summary).toContain('### Models');
    expect(summary).toContain('### Verification');
    expect(summary).toContain(
      '| triage | `qwen2.5-coder:7b` | triage, pick-files | 2 | 4,200 | 230 | 5.1 s |',
    );
    expect(summary).toContain('| edit | `qwen2.5-coder:32b` | 16,384 | 32,768 | 21.0 GiB |');
    const shapes = tableShapes(summary);
    expect(shapes.length).toBe(4);
    for (const shape of shapes) expect(new Set(shape).size).toBe(1);
    expect(summary).toContain('| triage | ok | +6.0 s | 14.0 s | ok \\| \\*\\*\\* |');
  });

  it('marks operator outcomes and copes with a job that stopped in preflight', () => {
    const stopped = renderJobSummary(
      {
        outcome: 'model-capacity',
        reason: 'qwen2.5-coder:32b at num_ctx 32768 needs 27 GiB; 24 GiB available',
        dryRun: true,
        startedAt: '2025-03-01T10:00:00.000Z',
        finishedAt: '2025-03-01T10:00:02.000Z',
        stages: [
          {
            name: 'preflight',
            startedAt: '2025-03-01T10:00:00.000Z',
            endedAt: '2025-03-01T10:00:02.000Z',
            status: 'failed',
          },
        ],
        models: [],
      },
      masker,
    );
    expect(stopped.split('\n')[0]).toBe('## 🛑 ticket-to-pr: model-capacity (dry run)');
    expect(checkGantt(fencedBlocks(stopped)[0]!.body).tasks).toBe(1);
    expect(stopped).not.toContain('### Models');
  });
});
