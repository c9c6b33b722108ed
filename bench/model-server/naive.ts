import { Ollama } from 'ollama';
import type { OllamaSimulator } from '../../test/simulators/ollama/index.js';
import { EDIT_PROMPT, SCENARIO, triagePrompt } from './scenario.js';

const RETRY_DELAY_MS = 1000;
const MAX_TRIES = 5;

/**
 * The naive design: a consumer with the plain client and its own immediate retry loop (any error,
 * 1 s later, up to 5 tries per call), unaware of the other consumer on the same server. A ticket
 * whose calls keep failing is dropped after its tries (it takes each ticket from the queue once).
 */
export async function naiveConsumer(
  sim: OllamaSimulator,
  queue: number[],
  endAt: number,
  attempts: Map<number, number>,
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
        const answer = await client.chat({
          model,
          messages: [{ role: 'user', content }],
          options: { num_ctx: numCtx, num_predict: maxTokens },
        });
        // Not streamed, a looping answer the server stopped comes back with done: false.
        if (!answer.done) throw new Error('the answer ended without done');
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
    const ticket = queue.shift()!;
    attempts.set(ticket, (attempts.get(ticket) ?? 0) + 1);
    const ok =
      (await call(SCENARIO.triageModel, triagePrompt(ticket), SCENARIO.triageContext, 200)) &&
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
