import type { JobReport } from '../../../src/report/job-report.js';
import type { TranscriptEntry } from '../../../src/shared/transcript.js';

/** A fake token with an underscore, as GitHub tokens have: escaping must not hide it from the masker. */
export const TOKEN = 'ghp_SECRETtoken_0123456789abcdefABCDEF';

const check = (name: 'build' | 'test', passed: boolean, command: string) => ({
  name,
  command,
  exitCode: passed ? 0 : 1,
  timedOut: false,
  durationMs: 4200,
  passed,
  output: passed ? 'ok' : `FAIL add.test.js (token ${TOKEN})`,
});

/** A full report with the token planted in every untrusted text. */
export function sampleReport(overrides: Partial<JobReport> = {}): JobReport {
  return {
    outcome: 'pr-opened',
    reason: `Verified change opened as a draft (the ticket mentioned ${TOKEN})`,
    dryRun: false,
    startedAt: '2025-03-01T10:00:00.000Z',
    finishedAt: '2025-03-01T10:06:30.000Z',
    ticket: {
      id: 42,
      title: `Fix add() | returns a - b <script>alert(1)</script> ${TOKEN}`,
      type: 'Bug',
      webUrl: 'https://dev.azure.com/contoso/Fabrikam/_workitems/edit/42',
    },
    stages: [
      {
        name: 'preflight',
        startedAt: '2025-03-01T10:00:00.000Z',
        endedAt: '2025-03-01T10:00:05.000Z',
        status: 'ok',
      },
      {
        name: 'claim',
        startedAt: '2025-03-01T10:00:05.000Z',
        endedAt: '2025-03-01T10:00:06.000Z',
        status: 'ok',
      },
      {
        name: 'triage',
        startedAt: '2025-03-01T10:00:06.000Z',
        endedAt: '2025-03-01T10:00:20.000Z',
        status: 'ok',
        note: `ok | ${TOKEN}`,
      },
      {
        name: 'localize',
        startedAt: '2025-03-01T10:00:20.000Z',
        endedAt: '2025-03-01T10:00:40.000Z',
        status: 'ok',
      },
      {
        name: 'edit',
        startedAt: '2025-03-01T10:00:40.000Z',
        endedAt: '2025-03-01T10:04:00.000Z',
        status: 'ok',
      },
      {
        name: 'verify',
        startedAt: '2025-03-01T10:04:00.000Z',
        endedAt: '2025-03-01T10:06:00.000Z',
        status: 'failed',
      },
      {
        name: 'publish',
        startedAt: '2025-03-01T10:06:00.000Z',
        endedAt: '2025-03-01T10:06:30.000Z',
        status: 'ok',
      },
    ],
    preflight: {
      serverVersion: '0.6.5',
      models: [
        {
          role: 'triage',
          name: 'qwen2.5-coder:7b',
          numCtx: 8192,
          contextLimit: 32768,
          estimatedBytes: 6 * 2 ** 30,
        },
        {
          role: 'edit',
          name: 'qwen2.5-coder:32b',
          numCtx: 16384,
          contextLimit: 32768,
          estimatedBytes: 21 * 2 ** 30,
        },
      ],
      swapModels: true,
      notes: ['both models do not fit together'],
    },
    triage: {
      actionable: true,
      kind: 'bug',
      size: 'small',
      clarity: 'clear',
      reason: `The ticket names the function and the expected result. @alice said ${TOKEN}`,
    },
    localization: [{ path: 'src/calc.js', score: 3.2, reasons: ['named in the ticket', 'BM25'] }],
    edit: {
      modelSummary: `Changed add() to return a + b.\nFixes #12 and pings @octocat. <img src=x onerror=alert(1)> ${TOKEN}\n| not | a | table |`,
      changedFiles: ['src/calc.js'],
      diff: `-  return a - b;\n+  return a + b; // ${TOKEN}`,
      rounds: 2,
      linesAdded: 1,
      linesRemoved: 1,
    },
    verification: {
      baseline: {
        label: 'baseline',
        checks: [check('build', true, 'npm run build'), check('test', false, 'npm test -- --ci')],
      },
      rounds: [
        {
          label: 'round 1',
          checks: [
            check('build', false, 'npm run build'),
            check('test', false, 'npm test -- --ci'),
          ],
        },
        {
          label: 'round 2',
          checks: [check('build', true, 'npm run build'), check('test', true, 'npm test -- --ci')],
        },
      ],
    },
    pullRequest: {
      url: 'https://github.com/octo-org/widgets/pull/7',
      id: 7,
      branch: 'ticket-to-pr/42-fix-add',
      kind: 'github',
      created: true,
      isDraft: true,
    },
    branch: 'ticket-to-pr/42-fix-add',
    models: [
      {
        role: 'triage',
        model: 'qwen2.5-coder:7b',
        purpose: 'triage',
        promptTokens: 1200,
        outputTokens: 150,
        loadMs: 2000,
        promptMs: 300,
        generateMs: 1500,
        totalMs: 3800,
        doneReason: 'stop',
      },
      {
        role: 'triage',
        model: 'qwen2.5-coder:7b',
        purpose: 'pick-files',
        promptTokens: 3000,
        outputTokens: 80,
        loadMs: 0,
        promptMs: 500,
        generateMs: 800,
        totalMs: 1300,
        doneReason: 'stop',
      },
      {
        role: 'edit',
        model: 'qwen2.5-coder:32b',
        purpose: 'edit round 1',
        promptTokens: 9000,
        outputTokens: 700,
        loadMs: 9000,
        promptMs: 4000,
        generateMs: 60000,
        totalMs: 73000,
        doneReason: 'stop',
      },
      {
        role: 'edit',
        model: 'qwen2.5-coder:32b',
        purpose: 'edit round 2',
        promptTokens: 9900,
        outputTokens: 400,
        loadMs: 0,
        promptMs: 4200,
        generateMs: 35000,
        totalMs: 39200,
        doneReason: 'stop',
      },
    ],
    runUrl: 'https://github.com/octo-org/widgets/actions/runs/1',
    ...overrides,
  };
}

export function sampleTranscript(size = 6): TranscriptEntry[] {
  return Array.from({ length: size }, (_, i) => ({
    at: `2025-03-01T10:0${i % 10}:00.000Z`,
    stage: i % 2 ? 'edit' : 'triage',
    kind: i % 2 ? ('answer' as const) : ('prompt' as const),
    text: `${i % 2 ? 'answer' : 'prompt'} ${i}: \`\`\`js\ncode\n\`\`\` ${TOKEN}`,
    data: { promptTokens: 100 + i, secret: TOKEN },
  }));
}

/** Column counts of every Markdown table row (escaped pipes are not separators). */
export function tableShapes(markdown: string): number[][] {
  const tables: number[][] = [];
  let current: number[] | undefined;
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^`{3,}/.test(line)) inFence = !inFence;
    if (!inFence && line.startsWith('|')) {
      const cells = line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 2;
      (current ??= []).push(cells);
    } else if (current) {
      tables.push(current);
      current = undefined;
    }
  }
  if (current) tables.push(current);
  return tables;
}

/** Fenced blocks by language, with their content. */
export function fencedBlocks(markdown: string): { lang: string; body: string[] }[] {
  const blocks: { lang: string; body: string[] }[] = [];
  let open: { fence: string; lang: string; body: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    const m = /^(`{3,})(\S*)\s*$/.exec(line);
    if (open) {
      if (m && m[1] === open.fence && !m[2]) {
        blocks.push({ lang: open.lang, body: open.body });
        open = undefined;
      } else open.body.push(line);
    } else if (m) open = { fence: m[1]!, lang: m[2]!, body: [] };
  }
  if (open) throw new Error(`unclosed ${open.fence}${open.lang} fence`);
  return blocks;
}
