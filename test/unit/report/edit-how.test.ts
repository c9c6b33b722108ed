import { describe, expect, it } from '@jest/globals';
import markdownIt from 'markdown-it';
import type { AgentActivity, EditHow, JobReport } from '../../../src/report/job-report.js';
import { renderJobSummary } from '../../../src/report/job-summary.js';
import { renderPullRequestBody } from '../../../src/report/pull-request.js';
import { renderTicketComment } from '../../../src/report/ticket-comment.js';
import { SecretMasker } from '../../../src/shared/secrets.js';
import { MODEL_INSTRUCTION_PHRASES } from '../../e2e/model-instructions.js';
import { TOKEN, sampleReport, sampleTranscript } from './report-fixtures.js';

const masker = new SecretMasker([TOKEN]);

const ACTIVITY: AgentActivity = {
  turns: 12,
  filesRead: ['a.ts', 'b.ts', 'c.ts'],
  searches: 5,
  edits: 2,
  testRuns: 2,
  promptTokens: 45_210,
  outputTokens: 3_104,
  compactedAnswers: 0,
};

function withHow(how: EditHow | undefined): JobReport {
  const report = sampleReport();
  return { ...report, edit: { ...report.edit!, how } };
}

/** Every text a person reads about this report. */
function renderAll(report: JobReport): Record<string, string> {
  return {
    'PR body': renderPullRequestBody(report, masker),
    'job summary': renderJobSummary(report, masker),
    'ticket comment': renderTicketComment(report, masker),
  };
}

const AGENT_SENTENCE =
  '(edit-mode is agent): 12 turns, read 3 files (`a.ts`, `b.ts`, `c.ts`), 5 searches, 2 edits, 2 test runs (not evidence: the final verification is), 45,210 prompt / 3,104 output tokens.';

describe('how the change was found', () => {
  it('pipeline: "Edit mode: pipeline (why)" in the PR body, the job summary and the ticket comment', () => {
    const texts = renderAll(withHow({ mode: 'pipeline', why: 'edit-mode is pipeline.' }));
    expect(texts['PR body']).toContain(
      '## How the change was found\n\n**Edit mode: pipeline** (edit-mode is pipeline).',
    );
    expect(texts['job summary']).toContain('**Edit mode: pipeline** (edit-mode is pipeline).');
    expect(texts['ticket comment']).toContain(
      '<li><b>Edit mode: pipeline</b> (edit-mode is pipeline).</li>',
    );
  });

  it('agent: what the agent did, every figure, and its test runs labelled as not evidence', () => {
    const texts = renderAll(
      withHow({ mode: 'agent', why: 'edit-mode is agent.', agent: ACTIVITY }),
    );
    expect(texts['PR body']).toContain(`**Edit mode: agent** ${AGENT_SENTENCE}`);
    expect(texts['job summary']).toContain(`**Edit mode: agent** ${AGENT_SENTENCE}`);
    expect(texts['ticket comment']).toContain(
      '<li><b>Edit mode: agent</b> (edit-mode is agent): 12 turns, read 3 files (<code>a.ts</code>, <code>b.ts</code>, <code>c.ts</code>), 5 searches, 2 edits, 2 test runs (not evidence: the final verification is), 45,210 prompt / 3,104 output tokens.</li>',
    );
    for (const text of Object.values(texts)) {
      expect(text).not.toContain('Stopped by');
      expect(text).not.toContain('replaced by a short note');
    }
  });

  it('counts in the singular and says "no" for nothing', () => {
    const one = { ...ACTIVITY, turns: 1, filesRead: ['a.ts'], searches: 1, edits: 1, testRuns: 1 };
    expect(
      renderPullRequestBody(withHow({ mode: 'agent', why: 'auto: x.', agent: one }), masker),
    ).toContain('1 turn, read 1 file (`a.ts`), 1 search, 1 edit, 1 test run (not evidence');
    const none = { ...ACTIVITY, filesRead: [], searches: 0, edits: 0, testRuns: 0 };
    const body = renderPullRequestBody(withHow({ mode: 'agent', why: 'x.', agent: none }), masker);
    expect(body).toContain('12 turns, read no files, 0 searches, 0 edits, no test runs, 45,210');
    expect(body).not.toContain('not evidence');
  });

  it('says what stopped the agent, and when old tool answers were compacted', () => {
    const stopped = {
      ...ACTIVITY,
      stoppedBy: 'the turn limit (agent-max-turns: 30).',
      compactedAnswers: 4,
    };
    for (const text of Object.values(
      renderAll(
        withHow({ mode: 'agent', why: 'auto: triage called the ticket medium.', agent: stopped }),
      ),
    )) {
      expect(text).toContain('Stopped by the turn limit (agent-max-turns: 30).');
      expect(text).toContain(
        '4 earlier tool answers were replaced by a short note to stay within the model’s context (num_ctx).',
      );
    }
    const once = { ...ACTIVITY, compactedAnswers: 1 };
    expect(renderJobSummary(withHow({ mode: 'agent', why: 'x.', agent: once }), masker)).toContain(
      'One earlier tool answer was replaced',
    );
  });

  it('bounds a long list of files read with "and N more", fewer in the ticket comment', () => {
    const filesRead = Array.from({ length: 20 }, (_, i) => `src/module-${i}.ts`);
    const long = `src/${'deep/'.repeat(100)}file.ts`;
    const texts = renderAll(
      withHow({
        mode: 'agent',
        why: 'x.',
        agent: { ...ACTIVITY, filesRead: [long, ...filesRead] },
      }),
    );
    expect(texts['PR body']).toContain('`src/module-6.ts` and 13 more), 5 searches');
    expect(texts['PR body']).not.toContain('src/module-7.ts');
    expect(texts['job summary']).toContain('and 13 more');
    expect(texts['ticket comment']).toContain('<code>src/module-1.ts</code> and 18 more)');
    expect(texts['ticket comment']).not.toContain('src/module-2.ts');
    for (const text of Object.values(texts)) {
      expect(text).toContain('read 21 files');
      expect(text).not.toContain(long);
      expect(text).toMatch(/deep\/…/);
    }
  });

  it('masks secrets and escapes markup in the paths, the why and the stop reason', () => {
    const how: EditHow = {
      mode: 'agent',
      why: `auto: <b>*why*</b> ${TOKEN}.`,
      agent: {
        ...ACTIVITY,
        filesRead: [`src/<img src=x onerror=alert(1)>.ts`, `src/${TOKEN}.ts`],
        stoppedBy: `the time limit <script>x</script> ${TOKEN}`,
      },
    };
    const texts = renderAll(withHow(how));
    for (const [where, text] of Object.entries(texts))
      expect([where, text.includes(TOKEN)]).toEqual([where, false]);
    expect(texts['ticket comment']).toContain(
      '<code>src/&lt;img src=x onerror=alert(1)&gt;.ts</code>',
    );
    expect(texts['ticket comment']).toContain('(auto: &lt;b&gt;*why*&lt;/b&gt; ***)');
    expect(texts['ticket comment']).toContain('Stopped by the time limit &lt;script&gt;');
    // In Markdown the path is code and the rest escaped text: rendered, none of it is an element.
    for (const where of ['PR body', 'job summary']) {
      const html = markdownIt({ html: true }).render(texts[where]!);
      expect(html).not.toMatch(/<img|<script|<b>/);
      expect(html).toContain('(auto: &lt;b&gt;*why*&lt;/b&gt; ***)');
      expect(html).toContain('<code>src/&lt;img src=x onerror=alert(1)&gt;.ts</code>');
    }
  });

  it('says nothing a person would read as an instruction to the model', () => {
    const stopped = { ...ACTIVITY, stoppedBy: 'the token limit', compactedAnswers: 2 };
    for (const how of [
      { mode: 'pipeline', why: 'auto: localization ranked a clear first file.' },
      {
        mode: 'agent',
        why: 'auto: localization is unsure: 4 files score within 20% of the first.',
        agent: stopped,
      },
    ] as const)
      for (const [where, text] of Object.entries(renderAll(withHow(how))))
        expect([where, MODEL_INSTRUCTION_PHRASES.filter((p) => p.test(text))]).toEqual([where, []]);
  });

  it('claims the agent only with its activity: a pipeline run never reads as the agent’s', () => {
    const pipeline = renderPullRequestBody(
      withHow({ mode: 'pipeline', why: 'edit-mode is pipeline.', agent: ACTIVITY }),
      masker,
    );
    expect(pipeline).toContain('**Edit mode: pipeline** (edit-mode is pipeline).');
    expect(pipeline).not.toContain('agent editor');
    // An agent that left no activity (it stopped before its first turn) is named, with no figures.
    const bare = renderJobSummary(withHow({ mode: 'agent', why: 'edit-mode is agent.' }), masker);
    expect(bare).toContain('**Edit mode: agent** (edit-mode is agent).');
  });

  it('renders nothing new for a report without it (reports written before edit modes)', () => {
    for (const text of Object.values(renderAll(withHow(undefined)))) {
      expect(text).not.toMatch(/Edit mode|agent editor|How the change was found/);
    }
  });

  it('is kept when the PR body must shrink to fit Azure Repos, after the longer sections go', () => {
    const report = withHow({ mode: 'agent', why: 'edit-mode is agent.', agent: ACTIVITY });
    const long = { ...report, edit: { ...report.edit!, modelSummary: 'Changed it. '.repeat(300) } };
    const body = renderPullRequestBody(long, masker, {
      target: 'azure-repos',
      transcript: sampleTranscript(12),
    });
    expect(body.length).toBeLessThanOrEqual(4000);
    expect(body).toMatch(/left out: [^)]*What changed and why/);
    expect(body).toContain(`**Edit mode: agent** ${AGENT_SENTENCE}`);
  });
});
