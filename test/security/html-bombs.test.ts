// Ticket HTML built to stall or crash the reader, through `node dist/index.js` with a 60 s
// job-budget: 9,000 unclosed <div>s (183 s to sanitise before, after the claim) and 3,000 nested
// <div>s (a stack overflow). The job must end well within its budget, the ticket settled, and the
// model told that the ticket's structure was flattened.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { modelRequests } from '../simulators/ollama/index.js';
import {
  SAMPLE_TICKET,
  scriptedEditModel,
  scriptedTriageModel,
} from '../e2e/sample/scripted-model.js';
import { startWorld, type World } from '../e2e/world.js';

const UNCLOSED = '<div>x'.repeat(9000);
const NESTED = `${'<div>'.repeat(3000)}deep${'</div>'.repeat(3000)}`;

describe('HTML bombs in a ticket (dist/index.js)', () => {
  let w: World;

  beforeAll(async () => {
    w = await startWorld({
      tickets: [
        { ...SAMPLE_TICKET, id: 1, priority: 1, description: SAMPLE_TICKET.description + UNCLOSED },
        { ...SAMPLE_TICKET, id: 2, priority: 2, reproSteps: NESTED },
      ],
      triageAnswer: scriptedTriageModel(),
      editAnswer: scriptedEditModel({ fixes: true }),
    });
  });
  afterAll(() => w.close());

  it.each([
    [1, 'System.Description'],
    [2, 'Microsoft.VSTS.TCM.ReproSteps'],
  ])(
    'ticket %i: ends within its job-budget, settled, and says what was flattened',
    async (id, field) => {
      const seen = w.ollama.requests.length;
      const started = Date.now();
      const result = await w.run({ inputs: { 'job-budget': '60s' } });
      const elapsed = Date.now() - started;
      expect(result.outputs['ticket-id']).toBe(String(id));
      expect(result.outputs.outcome).toBe('pr-opened');
      expect(elapsed).toBeLessThan(60_000);
      expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/Maximum call stack|RangeError/);
      expect(w.ado.tagsOf(id)).not.toContain('autofix:working');
      expect(result.stdout).toMatch(
        new RegExp(
          `Ticket ${id}: ${field.replace(/\./g, '\\.')}: \\d+ HTML element\\(s\\) nested deeper than 40 levels were flattened`,
        ),
      );
      // This job's own prompts (the world is shared): the model is told what was flattened.
      const prompts = modelRequests(w.ollama.requests.slice(seen))
        .filter((r) => r.path === '/api/chat')
        .map((r) => JSON.stringify(r.body?.messages ?? []));
      expect(prompts.some((p) => p.includes(`${field}: `) && p.includes('were flattened'))).toBe(
        true,
      );
    },
    200_000,
  );
});
