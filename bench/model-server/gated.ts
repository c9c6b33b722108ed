import { DegenerateAnswerError } from '../../src/model/model-errors.js';
import type { ModelGateway } from '../../src/model/gateway.js';
import { createOllamaGateway } from '../../src/model/ollama-gateway.js';
import { OutcomeError } from '../../src/shared/errors.js';
import { silentLogger } from '../../src/shared/logger.js';
import { DEGENERATE_RETRY_REPEAT_PENALTY } from '../../src/triage/triage.js';
import type { OllamaSimulator } from '../../test/simulators/ollama/index.js';
import type { Board } from './board.js';
import { EDIT_PROMPT, SCHEDULE_MS, scenarioConfig, triagePrompt } from './scenario.js';

export interface JobRecord {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly outcome: string;
}

/** Triage as the product asks it: once more with a repeat penalty after a degenerate answer. */
async function triage(gateway: ModelGateway, ticket: number): Promise<void> {
  const ask = (repeatPenalty?: number) =>
    gateway.chat({
      role: 'triage',
      purpose: 'triage',
      messages: [{ role: 'user', content: triagePrompt(ticket) }],
      maxOutputTokens: 200,
      ...(repeatPenalty === undefined ? {} : { repeatPenalty }),
    });
  try {
    await ask();
  } catch (error) {
    if (!(error instanceof DegenerateAnswerError)) throw error;
    try {
      await ask(DEGENERATE_RETRY_REPEAT_PENALTY);
    } catch (again) {
      if (again instanceof DegenerateAnswerError) throw new OutcomeError('error', again.reason);
      throw again;
    }
  }
}

/**
 * A runner that starts one ticket-to-pr job after another; each job takes one ticket through the
 * gateway: preflight (host-wide lock), claim, triage on the small model, two edit calls on the big
 * one. A job whose ticket failed, or that found nothing eligible, leaves the runner idle until the
 * next scheduled run.
 */
export async function gatedRunner(
  sim: OllamaSimulator,
  board: Board,
  endAt: number,
  lockFile: string,
  jobs: JobRecord[],
): Promise<{ finished: number }> {
  const config = scenarioConfig(sim.url, lockFile);
  let finished = 0;
  while (board.remaining > 0 && sim.clock.now() < endAt) {
    const startedAt = sim.clock.now();
    const gateway = createOllamaGateway({
      config,
      logger: silentLogger,
      deadline: startedAt + config.budgets.jobBudgetMs,
      now: sim.clock.now,
      sleep: (ms) => sim.clock.sleep(ms),
    });
    let outcome = 'pr-opened';
    let ticket: number | undefined;
    try {
      await gateway.preflight();
      // Claimed only after preflight: a job that cannot have the server touches no ticket.
      ticket = board.claim();
      if (ticket === undefined) {
        outcome = 'no-ticket';
      } else {
        await gateway.prepareFor('triage');
        await triage(gateway, ticket);
        await gateway.prepareFor('edit');
        await gateway.chat({
          role: 'edit',
          purpose: 'edit',
          messages: [{ role: 'user', content: EDIT_PROMPT }],
          maxOutputTokens: 1200,
        });
        await gateway.chat({
          role: 'edit',
          purpose: 'repair 1',
          messages: [{ role: 'user', content: `${EDIT_PROMPT}\nThe tests failed; fix it.` }],
          maxOutputTokens: 1200,
        });
        board.finish(ticket);
        finished++;
      }
    } catch (error) {
      outcome = error instanceof OutcomeError ? error.outcome : 'error';
      if (ticket !== undefined) board.fail(ticket);
    } finally {
      await gateway.close();
    }
    jobs.push({ startedAt, endedAt: sim.clock.now(), outcome });
    // Nothing to do, or the claimed ticket failed: the runner waits for its next scheduled run.
    // A job that could not have the server (preflight) touched no ticket; the next one starts now.
    if (outcome === 'no-ticket' || (ticket !== undefined && outcome !== 'pr-opened')) {
      await sim.clock.sleep(Math.max(0, SCHEDULE_MS - (sim.clock.now() - startedAt)));
    }
  }
  return { finished };
}
