import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ModelCapacityError } from '../../../src/shared/errors.js';
import type { ModelGateway } from '../../../src/model/gateway.js';
import {
  GiB,
  LOAD_OOM_TEXTS,
  modelRequests,
  RUN_OOM_TEXTS,
  startOllamaSimulator,
  type OllamaSimulator,
} from '../../simulators/ollama/index.js';
import { EDIT, makeConfig, simulatorGateway, TRIAGE, user } from './helpers.js';

const SERVER_SETUPS: ['0.24' | '0.30', 'status' | 'in-stream'][] = [
  ['0.24', 'status'],
  ['0.30', 'status'],
  ['0.24', 'in-stream'],
];
describe.each(SERVER_SETUPS)(
  'out of memory (server %s, early errors as %s)',
  (flavour, earlyStreamErrors) => {
    let sim: OllamaSimulator;
    let gateway: ModelGateway;

    beforeAll(async () => {
      sim = await startOllamaSimulator({
        flavour,
        earlyStreamErrors,
        timeScale: 2000,
        answers: { [EDIT]: 'a long enough answer with many words in it' },
      });
      gateway = simulatorGateway(sim, makeConfig(sim.url));
      await gateway.preflight();
    });
    afterAll(async () => {
      await gateway.close();
      await sim.close();
    });

    async function expectOneRequestThenCapacityError(arm: () => void): Promise<ModelCapacityError> {
      const before = modelRequests(sim.requests).length;
      arm();
      const error = await gateway
        .chat({
          role: 'edit',
          purpose: 'edit',
          messages: user('change the code'),
          maxOutputTokens: 512,
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelCapacityError);
      expect(modelRequests(sim.requests).length - before).toBe(1);
      return error as ModelCapacityError;
    }

    it.each(LOAD_OOM_TEXTS)(
      'at load, "%s" reaches the server once and names the model and num_ctx',
      async (text) => {
        const error = await expectOneRequestThenCapacityError(() => sim.faults.oomAtLoad(text));
        expect(error.outcome).toBe('model-capacity');
        expect(error.message).toContain(EDIT);
        expect(error.message).toContain('num_ctx 16384');
        expect(error.message).toContain(text);
        expect(error.message).toMatch(/What would help/);
        expect(modelRequests(sim.requests).at(-1)!.oom).toBe(true);
      },
    );

    it.each(RUN_OOM_TEXTS)(
      'mid-stream, "%s" reaches the server once and names the model and num_ctx',
      async (text) => {
        const error = await expectOneRequestThenCapacityError(() =>
          sim.faults.oomMidStream(2, text),
        );
        expect(error.outcome).toBe('model-capacity');
        expect(error.message).toContain(`${EDIT} with num_ctx 16384 during edit:`);
        expect(error.message).not.toContain(`(${EDIT}))`); // labels never nest
        const last = modelRequests(sim.requests).at(-1)!;
        expect(last.oom).toBe(true);
        expect(last.status).toBe(200); // the answer had started: the error came inside the stream
      },
    );
  },
);

describe('out of memory from the memory model itself', () => {
  it('a second model the server wrongly believes fits fails once, with the triage model named', async () => {
    // Each model fits alone; the server's estimate says both fit together, the real use does not.
    const sim = await startOllamaSimulator({
      timeScale: 2000,
      vramBytes: 30 * GiB,
      underEstimate: 1.1,
    });
    const gateway = simulatorGateway(sim, makeConfig(sim.url, { gpuMemoryBytes: 40 * GiB }));
    try {
      await gateway.preflight();
      await gateway.chat({
        role: 'edit',
        purpose: 'edit',
        messages: user('hello'),
        maxOutputTokens: 64,
      });
      const error = await gateway
        .chat({ role: 'triage', purpose: 'triage', messages: user('hello'), maxOutputTokens: 64 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelCapacityError);
      expect((error as Error).message).toContain(`${TRIAGE} with num_ctx 8192`);
      expect(sim.loads.filter((l) => l.outcome === 'oom')).toHaveLength(1);
    } finally {
      await gateway.close();
      await sim.close();
    }
  });
});

describe('out of memory while preflight loads the triage model', () => {
  it.each(LOAD_OOM_TEXTS.slice(0, 3))(
    '"%s" ends preflight with model-capacity, sent once, lock released',
    async (text) => {
      const sim = await startOllamaSimulator({ timeScale: 2000 });
      try {
        const gateway = simulatorGateway(sim, makeConfig(sim.url), { warmUp: true });
        sim.faults.oomAtLoad(text);
        const error = await gateway.preflight().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ModelCapacityError);
        expect((error as ModelCapacityError).reason).toContain(TRIAGE);
        expect(modelRequests(sim.requests)).toHaveLength(1);
        await gateway.close();
      } finally {
        await sim.close();
      }
    },
  );

  it('loads the triage model with its pinned num_ctx when it fits', async () => {
    const sim = await startOllamaSimulator({ timeScale: 2000 });
    try {
      const gateway = simulatorGateway(sim, makeConfig(sim.url), { warmUp: true });
      const report = await gateway.preflight();
      const triage = report.models.find((m) => m.role === 'triage')!;
      expect(sim.loaded()).toEqual([
        expect.objectContaining({ name: TRIAGE, numCtx: triage.numCtx }),
      ]);
      await gateway.close();
    } finally {
      await sim.close();
    }
  });
});
