import type { ModelsConfig } from '../config/config.js';
import { ModelCapacityError } from '../shared/errors.js';
import { findMeasurement, type CapacityFile } from './capacity-file.js';
import type { ModelRole } from './gateway.js';
import {
  estimateModelBytes,
  gib,
  graphBytes,
  kvCacheBytes,
  CUDA_RESERVE_BYTES,
  type ModelLimits,
} from './memory-estimate.js';

/** Share of GPU memory a plan may use: estimates have undershot in the field (#8471, #1952). */
export const GPU_HEADROOM = 0.9;
const DEFAULT_CONTEXT: Record<ModelRole, number> = { triage: 8192, edit: 16384 };
const MIN_CONTEXT = 2048;

export interface ModelFacts {
  readonly role: ModelRole;
  readonly name: string;
  readonly weightBytes: number;
  readonly limits: ModelLimits;
}

export interface PlannedModel extends ModelFacts {
  readonly numCtx: number;
  readonly estimatedBytes: number;
  /** True when the bytes come from a probe measurement rather than the estimate. */
  readonly measured: boolean;
}

export interface MemoryPlan {
  readonly models: readonly PlannedModel[];
  readonly swapModels: boolean;
  readonly gpuBytes?: number;
  readonly notes: readonly string[];
}

function chooseContext(
  facts: ModelFacts,
  config: ModelsConfig,
  capacity: CapacityFile | undefined,
  notes: string[],
): number {
  const setting = facts.role === 'triage' ? config.triageContext : config.editContext;
  let wanted: number;
  if (setting === 'auto') {
    const recommended = capacity?.models.find((m) => m.name === facts.name)?.recommendedContext;
    wanted = recommended ?? DEFAULT_CONTEXT[facts.role];
    if (recommended) notes.push(`${facts.name}: num_ctx ${recommended} from the capacity file.`);
  } else {
    wanted = setting;
  }
  if (wanted > facts.limits.contextLength) {
    notes.push(
      `${facts.name}: num_ctx ${wanted} capped at the model's context length ${facts.limits.contextLength}.`,
    );
    return facts.limits.contextLength;
  }
  return wanted;
}

const FEWER_MODELS = 'fewer models kept loaded at once on the server (OLLAMA_MAX_LOADED_MODELS=1)';
const Q8_SETTINGS = 'OLLAMA_FLASH_ATTENTION=1 and OLLAMA_KV_CACHE_TYPE=q8_0 on the server';

/**
 * What would help a model that ran out of memory or does not fit in `usableBytes`, decided from
 * the numbers, each option once and in the right direction:
 * - the plan fits the GPU (`estimate <= usable`): the memory is held by something else, so free
 *   it, or keep fewer models loaded; a smaller num_ctx only as a margin;
 * - it does not: the largest num_ctx that fits, a q8_0 KV cache when that fits, and a smaller
 *   model only when this one's weights leave too little room (never a "smaller" model larger than it);
 * - GPU memory unknown: the options that lower memory, and the probe that measures it.
 */
export function whatWouldFit(
  facts: ModelFacts,
  numCtx: number,
  usableBytes: number | undefined,
  capacity?: CapacityFile,
): string {
  const options: string[] = [];
  const smallerContext = (limit: number): string | undefined => {
    for (let ctx = numCtx / 2; ctx >= MIN_CONTEXT; ctx /= 2) {
      const bytes = estimateModelBytes(facts.weightBytes, facts.limits, ctx);
      if (bytes <= limit) return `num_ctx ${ctx} (about ${gib(bytes)})`;
    }
    return undefined;
  };
  if (usableBytes === undefined) {
    options.push(
      `a smaller num_ctx (e.g. ${Math.max(MIN_CONTEXT, numCtx / 2)})`,
      `a q8_0 KV cache (${Q8_SETTINGS})`,
      FEWER_MODELS,
      'measuring what this server holds with `ticket-to-pr probe --json FILE`',
    );
    return options.join('; or ');
  }
  const estimate = estimateModelBytes(facts.weightBytes, facts.limits, numCtx);
  if (estimate <= usableBytes) {
    options.push(
      `free GPU memory: this plan needs about ${gib(estimate)} of the ${gib(usableBytes)} usable, so other processes or models hold the rest (see \`nvidia-smi\` and \`ollama ps\`)`,
      FEWER_MODELS,
    );
    const margin = smallerContext(estimate * 0.75);
    if (margin) options.push(`a smaller ${margin}`);
  } else {
    const ctx = smallerContext(usableBytes);
    if (ctx) options.push(ctx);
    const q8 = estimateModelBytes(facts.weightBytes, facts.limits, numCtx, 'q8_0');
    if (q8 <= usableBytes)
      options.push(`a q8_0 KV cache at num_ctx ${numCtx} (about ${gib(q8)}; ${Q8_SETTINGS})`);
    const rest =
      kvCacheBytes(facts.limits, numCtx) + graphBytes(facts.limits, numCtx) + CUDA_RESERVE_BYTES;
    const room = usableBytes - rest;
    if (room > 0 && room < facts.weightBytes)
      options.push(
        `a smaller model whose weights are at most ${gib(room)} (now ${gib(facts.weightBytes)})`,
      );
  }
  const probed = capacity?.models.find((m) => m.name === facts.name)?.recommendedContext;
  if (probed && probed !== numCtx)
    options.push(`the probe's recommendation for this model, num_ctx ${probed}`);
  return options.length > 0
    ? options.join('; or ')
    : 'nothing with this model on this GPU: pick a smaller model';
}

/**
 * Pins num_ctx per model for the run and checks the plan against measured capacity (a probe's
 * capacity file) or the configured GPU memory. A plan that cannot fit throws ModelCapacityError
 * saying what would; two models that fit alone but not together get `swapModels`.
 */
export function planModels(
  facts: readonly ModelFacts[],
  config: ModelsConfig,
  capacity?: CapacityFile,
): MemoryPlan {
  const notes: string[] = [];
  const gpuBytes = capacity?.gpuMemoryBytes ?? config.gpuMemoryBytes;
  const usable = gpuBytes === undefined ? undefined : gpuBytes * GPU_HEADROOM;
  const contexts = facts.map((f) => chooseContext(f, config, capacity, notes));
  // One model for both roles: one num_ctx, or every switch of role would reload it (#8903).
  if (facts.length === 2 && facts[0]!.name === facts[1]!.name && contexts[0] !== contexts[1]) {
    const shared = Math.max(contexts[0]!, contexts[1]!);
    notes.push(
      `${facts[0]!.name} serves both roles: one num_ctx ${shared} for both, so it is never reloaded.`,
    );
    contexts[0] = contexts[1] = shared;
  }
  const models = facts.map((f, i): PlannedModel => {
    const numCtx = contexts[i]!;
    const measurement = findMeasurement(capacity, f.name, numCtx);
    if (measurement && !measurement.fullyOnGpu) {
      throw new ModelCapacityError(
        `${f.name} (${f.role}) with num_ctx ${numCtx} did not stay on the GPU when probed ` +
          `(${gib(measurement.vramBytes)} of ${gib(measurement.sizeBytes)} in VRAM). What would fit: ${whatWouldFit(f, numCtx, usable, capacity)}.`,
      );
    }
    const estimatedBytes =
      measurement?.sizeBytes ?? estimateModelBytes(f.weightBytes, f.limits, numCtx);
    if (!measurement && usable !== undefined && estimatedBytes > usable) {
      throw new ModelCapacityError(
        `${f.name} (${f.role}) with num_ctx ${numCtx} needs about ${gib(estimatedBytes)} of GPU memory, but ${gib(usable)} is usable ` +
          `(${Math.round(GPU_HEADROOM * 100)}% of ${gib(gpuBytes!)}). What would fit: ${whatWouldFit(f, numCtx, usable, capacity)}.`,
      );
    }
    return { ...f, numCtx, estimatedBytes, measured: measurement !== undefined };
  });
  let swapModels: boolean;
  const distinct = new Set(models.map((m) => m.name)).size;
  if (distinct < 2) {
    swapModels = false;
  } else if (usable === undefined) {
    swapModels = true;
    notes.push(
      'GPU memory unknown (no capacity file with it, no gpu-memory input): the models are not kept loaded together. Run `ticket-to-pr probe --json FILE` to measure.',
    );
  } else {
    const together = models.reduce((sum, m) => sum + m.estimatedBytes, 0);
    swapModels = together > usable;
    if (swapModels) {
      notes.push(
        `Both models need about ${gib(together)} together, more than the ${gib(usable)} usable: the triage model is unloaded before editing.`,
      );
    }
  }
  return { models, swapModels, gpuBytes, notes };
}
