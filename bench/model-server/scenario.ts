import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config/config.js';
// A plain module (no jest), like the simulator: the bench runs under tsx.
import { makeConfig } from '../../test/integration/model/helpers.js';
import {
  GiB,
  startOllamaSimulator,
  type OllamaSimulator,
} from '../../test/simulators/ollama/index.js';

/**
 * The field report's day, compressed: a GPU too small for both models together (each fits alone;
 * the server's own estimate says both fit, real use is 10% more, #8471), two consumers, a queue of
 * tickets. Each ticket is one triage call on the small model and two edit calls on the big one.
 * The triage answer for ticket 1 always loops until the server stops it (no `done`): a ticket whose
 * prompt reliably fails, as in the spiral across runs.
 */
export const SCENARIO = {
  vramBytes: 30 * GiB,
  underEstimate: 1.1,
  tickets: 120,
  consumers: 2,
  dayHours: 8,
  triageModel: 'qwen2.5-coder:7b',
  editModel: 'qwen2.5-coder:32b',
  triageContext: 8192,
  editContext: 16384,
} as const;

const TRIAGE_TEXT = 'the export button fails for reports with more than 1000 rows. '.repeat(40);
/** The ticket whose prompt the server fails deterministically: its answer loops on one token. */
export const FAILING_TICKET = 1;
/** How often the pipeline is scheduled: a runner whose job ended early waits for the next run. */
export const SCHEDULE_MS = 30 * 60_000;

export function triagePrompt(ticket: number): string {
  return `Ticket #${ticket}: ${TRIAGE_TEXT}`;
}

/** True for a request about the failing ticket. */
export function asksAboutFailingTicket(messages: readonly { content?: string }[]): boolean {
  return messages.some((m) => (m.content ?? '').startsWith(`Ticket #${FAILING_TICKET}:`));
}
export const EDIT_PROMPT =
  'export function exportReport(rows: Row[]): string { return rows.map(toCsv).join("\\n"); }\n'.repeat(
    60,
  );
const TRIAGE_ANSWER = JSON.stringify({
  actionable: true,
  kind: 'bug',
  size: 'small',
  search: ['exportReport', 'toCsv'],
});
/** The real server stops this at the 31st repeat of "rows" and ends the stream without done. */
const LOOPING_ANSWER = `{"actionable": true, "reason": "${'rows '.repeat(60)}`;
const EDIT_ANSWER = 'SEARCH/REPLACE block for src/export.ts with the fix and a test. '.repeat(60);

export function startScenarioServer(timeScale: number): Promise<OllamaSimulator> {
  return startOllamaSimulator({
    timeScale,
    vramBytes: SCENARIO.vramBytes,
    underEstimate: SCENARIO.underEstimate,
    answers: {
      [SCENARIO.triageModel]: (request) =>
        asksAboutFailingTicket(request.messages) ? LOOPING_ANSWER : TRIAGE_ANSWER,
      [SCENARIO.editModel]: EDIT_ANSWER,
    },
  });
}

/** The job's config for the scenario; only its models and budgets matter to the gateway. */
export function scenarioConfig(host: string, lockFile: string): Config {
  return makeConfig(
    host,
    {
      triageModel: SCENARIO.triageModel,
      editModel: SCENARIO.editModel,
      triageContext: SCENARIO.triageContext,
      editContext: SCENARIO.editContext,
      gpuMemoryBytes: SCENARIO.vramBytes,
    },
    { lockFile, lockWaitMs: 20 * 60_000 },
  );
}

export function tempLockFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'ttp-bench-')), 'model.lock');
}
