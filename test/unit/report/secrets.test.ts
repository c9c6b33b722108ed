import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderJobSummary } from '../../../src/report/job-summary.js';
import { renderPullRequestBody, renderPullRequestTitle } from '../../../src/report/pull-request.js';
import { renderTicketComment } from '../../../src/report/ticket-comment.js';
import { writeTranscriptFile } from '../../../src/report/transcript-file.js';
import { SecretMasker } from '../../../src/shared/secrets.js';
import { Transcript } from '../../../src/shared/transcript.js';
import { TOKEN, sampleReport, sampleTranscript } from './report-fixtures.js';

/** Every form a token could leak in: raw, escaped for Markdown or HTML, base64, URL-encoded. */
function leaks(text: string): string[] {
  const forms = [
    TOKEN,
    TOKEN.replace(/_/g, '\\_'),
    TOKEN.replace(/_/g, '&#95;'),
    Buffer.from(`x-access-token:${TOKEN}`).toString('base64'),
    encodeURIComponent(TOKEN),
    'SECRETtoken',
  ];
  return forms.filter((f) => text.includes(f));
}

describe('no token reaches a PR body, comment, summary or transcript', () => {
  const masker = new SecretMasker([TOKEN]);
  const report = sampleReport({
    reason: `Failed with Authorization: basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`,
  });

  it.each([
    ['PR title', () => renderPullRequestTitle(report, masker)],
    [
      'PR body (GitHub)',
      () => renderPullRequestBody(report, masker, { transcript: sampleTranscript() }),
    ],
    [
      'PR body (Azure Repos)',
      () =>
        renderPullRequestBody(report, masker, {
          target: 'azure-repos',
          transcript: sampleTranscript(),
        }),
    ],
    [
      'ticket comment',
      () =>
        renderTicketComment(
          {
            ...report,
            outcome: 'skipped',
            triage: { ...report.triage!, question: `Use ${TOKEN}?` },
          },
          masker,
        ),
    ],
    ['job summary', () => renderJobSummary(report, masker)],
  ])('%s', (_name, render) => {
    const text = render();
    expect(text).toMatch(/\*\*\*|\\\*\\\*\\\*/); // the mask, raw or escaped for Markdown
    expect(leaks(text)).toEqual([]);
  });

  it('transcript file: valid JSON with every prompt, answer and token count, masked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ticket-to-pr-report-'));
    try {
      const transcript = new Transcript(() => new Date('2025-03-01T10:00:00.000Z'));
      for (const entry of sampleTranscript(4))
        transcript.add({
          stage: entry.stage,
          kind: entry.kind,
          text: entry.text,
          data: entry.data,
        });
      const path = join(dir, 'nested', 'transcript.json');
      await writeTranscriptFile(path, transcript, report, masker);
      const raw = await readFile(path, 'utf8');
      expect(leaks(raw)).toEqual([]);
      const doc = JSON.parse(raw) as Record<string, unknown> & {
        entries: { kind: string; text: string; data: Record<string, unknown> }[];
      };
      expect(doc.outcome).toBe('pr-opened');
      expect(doc.tokens).toEqual({
        calls: 4,
        promptTokens: 23100,
        outputTokens: 1330,
        totalMs: 117300,
      });
      expect(doc.modelCalls).toHaveLength(4);
      expect(doc.entries.map((e) => e.kind)).toEqual(['prompt', 'answer', 'prompt', 'answer']);
      expect(doc.entries[0]!.text).toContain('prompt 0');
      expect(doc.entries[1]!.data).toEqual({ promptTokens: 101, secret: '***' });

      // An array of entries works as well as a Transcript.
      await writeTranscriptFile(path, sampleTranscript(2), report, masker);
      expect(
        (JSON.parse(await readFile(path, 'utf8')) as { entries: unknown[] }).entries,
      ).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
