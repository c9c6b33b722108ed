import { afterEach, describe, expect, it } from '@jest/globals';
import { ModelCapacityError, OutcomeError } from '../../../src/shared/errors.js';
import {
  CRASH_TEXTS,
  GiB,
  modelRequests,
  QWEN_CODER_32B,
  QWEN_CODER_7B,
  startOllamaSimulator,
  TEXTS,
  type OllamaSimulator,
} from '../../simulators/ollama/index.js';
import { EDIT, makeConfig, simulatorGateway, user } from './helpers.js';

let sim: OllamaSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function chatError(server: OllamaSimulator, model = EDIT): Promise<unknown> {
  const config = makeConfig(server.url, { editModel: model });
  const gateway = simulatorGateway(server, config);
  try {
    await gateway.preflight();
    return await gateway
      .chat({ role: 'edit', purpose: 'edit', messages: user('fix it'), maxOutputTokens: 64 })
      .catch((e: unknown) => e);
  } finally {
    await gateway.close();
  }
}

describe('a runner crash without memory wording', () => {
  // Sources of each text: test/simulators/ollama/texts.ts (v0.24.0 llm/server.go:1241, 1396, 1655;
  // main fb30760 llm/llama_server.go:1309 with llm/exit_status.go).
  it.each(CRASH_TEXTS)(
    '"%s" ends with the error outcome, sent once, quoting the server',
    async (text) => {
      sim = await startOllamaSimulator({ timeScale: 2000 });
      sim.faults.crashAtLoad(text);
      const error = await chatError(sim);
      expect(error).toBeInstanceOf(OutcomeError);
      expect(error).not.toBeInstanceOf(ModelCapacityError);
      expect((error as OutcomeError).outcome).toBe('error');
      expect((error as OutcomeError).reason).toContain(text);
      expect(modelRequests(sim.requests)).toHaveLength(1);
      expect(sim.loads.at(-1)).toMatchObject({ outcome: 'crash', error: text });
    },
  );
});

describe("the Go engine's memory errors", () => {
  // v0.24.0 fs/ggml/ggml.go:277: qwen3 runs on the Go engine, whose load fails with
  // "memory layout cannot be allocated" (v0.24.0 llm/server.go:909) when it does not fit.
  const QWEN3_8B = { ...QWEN_CODER_7B, name: 'qwen3:8b', architecture: 'qwen3', family: 'qwen3' };

  it('a qwen3 load that the server wrongly believes fits fails once with model-capacity, its text quoted', async () => {
    // Each model fits alone; the server's estimate says both fit together, the real use does not.
    sim = await startOllamaSimulator({
      timeScale: 2000,
      vramBytes: 30 * GiB,
      underEstimate: 1.1,
      models: [QWEN3_8B, QWEN_CODER_32B],
    });
    const config = makeConfig(sim.url, { triageModel: QWEN3_8B.name, gpuMemoryBytes: 40 * GiB });
    const gateway = simulatorGateway(sim, config);
    try {
      await gateway.preflight();
      await gateway.chat({
        role: 'edit',
        purpose: 'edit',
        messages: user('hi'),
        maxOutputTokens: 64,
      });
      const error = await gateway
        .chat({ role: 'triage', purpose: 'triage', messages: user('hi'), maxOutputTokens: 64 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelCapacityError);
      expect((error as ModelCapacityError).reason).toContain(`"${TEXTS.goEngineLayout}"`);
      expect(modelRequests(sim.requests)).toHaveLength(2);
      expect(sim.loads.at(-1)).toMatchObject({ model: QWEN3_8B.name, outcome: 'oom' });
    } finally {
      await gateway.close();
    }
  });

  it.each([TEXTS.goEngineLayoutWithNumGpu(33), TEXTS.goEngineCommit])(
    '"%s" (v0.24.0 llm/server.go:900, 930) is model-capacity, sent once',
    async (text) => {
      sim = await startOllamaSimulator({ timeScale: 2000 });
      sim.faults.oomAtLoad(text);
      const error = await chatError(sim);
      expect(error).toBeInstanceOf(ModelCapacityError);
      expect((error as ModelCapacityError).outcome).toBe('model-capacity');
      expect((error as ModelCapacityError).reason).toContain(text);
      expect(modelRequests(sim.requests)).toHaveLength(1);
    },
  );
});
