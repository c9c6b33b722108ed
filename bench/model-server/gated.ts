import { createOllamaGateway } from '../../src/model/ollama-gateway.js';
import { OutcomeError } from '../../src/shared/errors.js';
import { silentLogger } from '../../src/shared/logger.js';
import type { OllamaSimulator } from '../../test/simulators/ollama/index.js';
import { EDIT_PROMPT, scenarioConfig, TRIAGE_PROMPT } from './scenario.js';

export interface JobRecord {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly outcome: string;
}

/**
 * A runner that starts one ticket-to-pr job after another; each job takes one ticket through the
 * gateway: preflight (host-wide lock), triage on the small model, two edit calls on the big one.
 */
export async function gatedRunner(
  sim: OllamaSimulator,
  queue: number[],
  endAt: number,
  lockFile: string,
  jobs: JobRecord[],
): Promise<{ finished: number }> {
  const config = scenarioConfig(sim.url, lockFile);
  let finished = 0;
  while (queue.length > 0 && sim.clock.now() < endAt) {
    const startedAt = sim.clock.now();
    const gateway = createOllamaGateway({
      config,
      logger: silentLogger,
      deadline: startedAt + config.budgets.jobBudgetMs,
      now: sim.clock.now,
      sleep: (ms) => sim.clock.sleep(ms),
    });
    let outcome = 'pr-opened';
    try {
      await gateway.preflight();
      // Claimed only after preflight: a job that cannot have the server touches no ticket.
      if (queue.shift() === undefined) {
        outcome = 'no-ticket';
      } else {
        await gateway.prepareFor('triage');
        await gateway.chat({
          role: 'triage',
          purpose: 'triage',
          messages: [{ role: 'user', content: TRIAGE_PROMPT }],
          maxOutputTokens: 200,
        });
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
        finished++;
      }
    } catch (error) {
      outcome = error instanceof OutcomeError ? error.outcome : 'error';
    } finally {
      await gateway.close();
    }
    jobs.push({ startedAt, endedAt: sim.clock.now(), outcome });
  }
  return { finished };
}
