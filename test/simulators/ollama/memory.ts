import type { SimModelSpec } from './models.js';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
/** CUDA reserves this much per GPU on top of OLLAMA_GPU_OVERHEAD. */
export const CUDA_RESERVE = 457 * MiB;

export type KvCacheType = 'f16' | 'q8_0' | 'q4_0';
const KV_BYTES: Record<KvCacheType, number> = { f16: 2, q8_0: 1, q4_0: 0.5 };

function kvHeads(spec: SimModelSpec): number {
  const heads = spec.headCountKv;
  return typeof heads === 'number' ? heads : Math.max(...heads);
}

/** The server's KV estimate (fs/ggml GraphSize): layers × ctx×parallel × kv heads × (k+v) × bytes. */
export function kvBytes(
  spec: SimModelSpec,
  numCtx: number,
  parallel: number,
  kvType: KvCacheType,
): number {
  const headDim = spec.embeddingLength / spec.headCount;
  return spec.blockCount * numCtx * parallel * kvHeads(spec) * 2 * headDim * KV_BYTES[kvType];
}

/** Compute graph: a few hundred MiB, growing with the context. */
export function graphBytes(spec: SimModelSpec, numCtx: number, parallel: number): number {
  return 192 * MiB + numCtx * parallel * spec.embeddingLength * 4;
}

/** What the server believes one runner needs: the `size` /api/ps reports. */
export function serverEstimate(
  spec: SimModelSpec,
  numCtx: number,
  env: { parallel: number; kvType: KvCacheType; gpuOverheadBytes: number },
): number {
  return (
    spec.weightBytes +
    kvBytes(spec, numCtx, env.parallel, env.kvType) +
    graphBytes(spec, numCtx, env.parallel) +
    CUDA_RESERVE +
    env.gpuOverheadBytes
  );
}

/** Go's format.HumanBytes2 for the system-memory error, e.g. "5.3 GiB". */
export function humanBytes(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(1)} GiB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
