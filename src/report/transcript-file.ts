import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SecretMasker } from '../shared/secrets.js';
import type { Transcript, TranscriptEntry } from '../shared/transcript.js';
import type { JobReport } from './job-report.js';
import { maskDeep } from './mask.js';
import { modelTotals } from './sections.js';

export const TRANSCRIPT_FORMAT_VERSION = 1;

/**
 * Writes the job's transcript as JSON for upload as an artifact: every prompt and answer, the
 * token counts of each model call, and the outcome. Every string is masked first.
 */
export async function writeTranscriptFile(
  path: string,
  transcript: Transcript | readonly TranscriptEntry[],
  report: JobReport,
  masker: SecretMasker,
): Promise<void> {
  // Arrays have an entries() method too, so test for the array first.
  const entries: readonly TranscriptEntry[] = Array.isArray(transcript)
    ? (transcript as readonly TranscriptEntry[])
    : (transcript as Transcript).entries();
  const document = maskDeep(
    {
      tool: 'ticket-to-pr',
      formatVersion: TRANSCRIPT_FORMAT_VERSION,
      outcome: report.outcome,
      reason: report.reason,
      dryRun: report.dryRun,
      startedAt: report.startedAt,
      finishedAt: report.finishedAt,
      ticket: report.ticket ?? null,
      pullRequest: report.pullRequest ?? null,
      branch: report.branch ?? null,
      evidence: report.evidence ?? null,
      tokens: modelTotals(report.models),
      modelCalls: report.models,
      stages: report.stages,
      entries,
    },
    masker,
  );
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`, 'utf8');
}
