import { Ollama } from 'ollama';
import type { OllamaSimulator } from '../../test/simulators/ollama/index.js';
import { EDIT_PROMPT, SCENARIO, TRIAGE_PROMPT } from './scenario.js';

const RETRY_DELAY_MS = 1000;
const MAX_TRIES = 5;

/**
 * The naive design: a consumer with the plain client and its own immediate retry loop (any error,
 * 1 s later, up to 5 tries per call), unaware of the other consumer on the same server.
 */
export async function naiveConsumer(
  sim: OllamaSimulator,
  queue: number[],
  endAt: number,
): Promise<{ finished: number }> {
  const client = new Ollama({ host: sim.url });
  const call = async (
    model: string,
    content: string,
    numCtx: number,
    maxTokens: number,
  ): Promise<boolean> => {
    for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
      try {
        await client.chat({
          model,
          messages: [{ role: 'user', content }],
          options: { num_ctx: numCtx, num_predict: maxTokens },
        });
        return true;
      } catch {
        if (sim.clock.now() >= endAt) return false;
        await sim.clock.sleep(RETRY_DELAY_MS);
      }
    }
    return false;
  };
  let finished = 0;
  while (queue.length > 0 && sim.clock.now() < endAt) {
    queue.shift();
    const ok =
      (await call(SCENARIO.triageModel, TRIAGE_PROMPT, SCENARIO.triageContext, 200)) &&
      (await call(SCENARIO.editModel, EDIT_PROMPT, SCENARIO.editContext, 1200)) &&
      (await call(
        SCENARIO.editModel,
        `${EDIT_PROMPT}\nThe tests failed; fix it.`,
        SCENARIO.editContext,
        1200,
      ));
    if (ok) finished++;
  }
  return { finished };
}
