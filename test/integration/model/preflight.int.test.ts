import { afterEach, describe, expect, it } from '@jest/globals';
import { createOllamaGateway } from '../../../src/model/ollama-gateway.js';
import { ModelCapacityError, ModelUnavailableError } from '../../../src/shared/errors.js';
import {
  GiB,
  modelRequests,
  QWEN_CODER_7B,
  startOllamaSimulator,
  type OllamaSimulator,
  type OllamaSimulatorOptions,
} from '../../simulators/ollama/index.js';
import type { ModelsConfig } from '../../../src/config/config.js';
import { EDIT, makeConfig, recordingLogger, simulatorGateway, TRIAGE, user } from './helpers.js';

let sim: OllamaSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setup(models: Partial<ModelsConfig>, options: OllamaSimulatorOptions = {}) {
  sim = await startOllamaSimulator({ timeScale: 2000, ...options });
  const config = makeConfig(sim.url, models);
  const gateway = simulatorGateway(sim, config);
  return { sim, gateway, config };
}

describe('preflight', () => {
  it('names a missing model and how to pull it, and releases the lock', async () => {
    const { sim, gateway, config } = await setup({}, { models: [QWEN_CODER_7B] });
    const error = await gateway.preflight().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toContain(
      `The edit model "${EDIT}" is not on the Ollama server`,
    );
    expect((error as Error).message).toContain(`ollama pull ${EDIT}`);
    expect(modelRequests(sim.requests)).toHaveLength(0);
    const next = createOllamaGateway({
      config: { ...config, models: { ...config.models, editModel: TRIAGE } },
      logger: recordingLogger(),
      deadline: Date.now() + 60_000,
    });
    await expect(next.preflight()).resolves.toBeDefined();
    await next.close();
  });

  it('refuses a plan that cannot fit and says what would', async () => {
    const { gateway } = await setup({ gpuMemoryBytes: 16 * GiB });
    const error = await gateway.preflight().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCapacityError);
    const message = (error as Error).message;
    expect(message).toContain(
      `${EDIT} (edit) with num_ctx 16384 needs about 23.5 GiB of GPU memory, but 14.4 GiB is usable`,
    );
    // Its weights alone are 18.5 GiB: no context size helps, only a smaller model.
    expect(message).toMatch(
      /What would fit: a smaller model whose weights are at most 9\.4 GiB \(now 18\.5 GiB\)/,
    );
  });

  it('suggests a smaller context and a q8_0 KV cache when those fit', async () => {
    const { gateway } = await setup({ gpuMemoryBytes: 24 * GiB });
    const error = await gateway.preflight().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCapacityError);
    expect((error as Error).message).toContain('What would fit: num_ctx 8192 (about 21.3 GiB)');
    expect((error as Error).message).toContain('a q8_0 KV cache at num_ctx 16384');
  });

  it('reads the limits, pins num_ctx, caps it at the context length', async () => {
    const { gateway } = await setup({ gpuMemoryBytes: 80 * GiB, triageContext: 65536 });
    const report = await gateway.preflight();
    await gateway.close();
    expect(report.serverVersion).toBe('0.24.0');
    expect(report.swapModels).toBe(false);
    expect(report.models).toEqual([
      expect.objectContaining({ role: 'triage', name: TRIAGE, numCtx: 32768, contextLimit: 32768 }),
      expect.objectContaining({ role: 'edit', name: EDIT, numCtx: 16384, contextLimit: 32768 }),
    ]);
    expect(report.notes.join(' ')).toContain('capped');
  });

  it('when the models fit alone but not together, swaps them: the other model is unloaded first', async () => {
    const { sim, gateway } = await setup(
      { gpuMemoryBytes: 30 * GiB },
      { vramBytes: 30 * GiB, underEstimate: 1.1 },
    );
    const report = await gateway.preflight();
    expect(report.swapModels).toBe(true);
    await gateway.prepareFor('triage');
    await gateway.chat({
      role: 'triage',
      purpose: 'triage',
      messages: user('triage this'),
      maxOutputTokens: 32,
    });
    expect(sim.loaded().map((m) => m.name)).toEqual([TRIAGE]);
    await gateway.prepareFor('edit');
    const unload = modelRequests(sim.requests).at(-1)!;
    expect(unload.body).toMatchObject({ model: TRIAGE, messages: [], keep_alive: 0 });
    expect(unload.doneReason).toBe('unload');
    await gateway.chat({
      role: 'edit',
      purpose: 'edit',
      messages: user('edit this'),
      maxOutputTokens: 32,
    });
    expect(sim.loaded().map((m) => m.name)).toEqual([EDIT]);
    await gateway.prepareFor('triage');
    await gateway.chat({
      role: 'triage',
      purpose: 'triage',
      messages: user('next ticket'),
      maxOutputTokens: 32,
    });
    expect(sim.loaded().map((m) => m.name)).toEqual([TRIAGE]);
    expect(sim.loads.filter((l) => l.outcome === 'oom')).toEqual([]);
    await gateway.close();
  });

  it('without known GPU memory, swaps to be safe and says how to measure', async () => {
    const { gateway } = await setup({});
    const report = await gateway.preflight();
    await gateway.close();
    expect(report.swapModels).toBe(true);
    expect(report.notes.join(' ')).toContain('ticket-to-pr probe --json');
  });
});
