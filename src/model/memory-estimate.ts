/**
 * GPU memory a model needs, per reference/ollama.md §4: weights (≈ /api/tags size) + KV cache for
 * num_ctx + compute graph + the 457 MiB CUDA reserves. Estimates like this have undershot in the
 * field (#8471, #11997), so the plan keeps headroom and prefers probe measurements.
 */
export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
export const CUDA_RESERVE_BYTES = 457 * MiB;

export type KvCacheType = 'f16' | 'q8_0';
const KV_ELEMENT_BYTES: Record<KvCacheType, number> = { f16: 2, q8_0: 1 };

/** What /api/show's model_info says about the model's shape. */
export interface ModelLimits {
  readonly architecture: string;
  readonly contextLength: number;
  readonly blockCount: number;
  readonly headCount: number;
  readonly headCountKv: number;
  readonly embeddingLength: number;
  readonly keyLength?: number;
  readonly valueLength?: number;
}

export function kvCacheBytes(limits: ModelLimits, numCtx: number, kv: KvCacheType = 'f16'): number {
  const headDim = limits.embeddingLength / limits.headCount;
  const perHead = (limits.keyLength ?? headDim) + (limits.valueLength ?? headDim);
  return limits.blockCount * numCtx * limits.headCountKv * perHead * KV_ELEMENT_BYTES[kv];
}

/** The compute graph: hundreds of MiB, more at a large context. */
export function graphBytes(limits: ModelLimits, numCtx: number): number {
  return 256 * MiB + numCtx * limits.embeddingLength * 4;
}

export function estimateModelBytes(
  weightBytes: number,
  limits: ModelLimits,
  numCtx: number,
  kv: KvCacheType = 'f16',
): number {
  return (
    weightBytes + kvCacheBytes(limits, numCtx, kv) + graphBytes(limits, numCtx) + CUDA_RESERVE_BYTES
  );
}

export function gib(bytes: number): string {
  return `${(bytes / GiB).toFixed(1)} GiB`;
}

/** Reads the limits from /api/show `model_info`; `head_count_kv` may be one number per layer. */
export function readModelLimits(modelInfo: Record<string, unknown>, model: string): ModelLimits {
  const arch = String(modelInfo['general.architecture'] ?? '');
  const num = (key: string): number | undefined => {
    const value = modelInfo[`${arch}.${key}`];
    if (typeof value === 'number') return value;
    if (Array.isArray(value) && value.every((v) => typeof v === 'number'))
      return Math.max(...(value as number[]));
    return undefined;
  };
  const need = (key: string): number => {
    const value = num(key);
    if (value === undefined || !(value > 0)) {
      throw new Error(
        `Ollama's /api/show for ${model} has no ${arch}.${key}; cannot plan its memory.`,
      );
    }
    return value;
  };
  const headCount = need('attention.head_count');
  return {
    architecture: arch,
    contextLength: need('context_length'),
    blockCount: need('block_count'),
    headCount,
    headCountKv: num('attention.head_count_kv') ?? headCount,
    embeddingLength: need('embedding_length'),
    keyLength: num('attention.key_length'),
    valueLength: num('attention.value_length'),
  };
}
