import { Ollama } from 'ollama';
import { ModelUnavailableError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { CapacityFile, CapacityMeasurement, CapacityModel } from './capacity-file.js';
import { classifyOllamaError } from './classify-error.js';
import { explainingConnectionFailures } from './connection-message.js';
import { GiB, readModelLimits } from './memory-estimate.js';
import { sameModel } from './model-name.js';

export interface ProbeOptions {
  readonly host: string;
  readonly models: readonly string[];
  readonly contexts: readonly number[];
  readonly logger: Logger;
  /** Told by the operator; otherwise learned from a load that spilled to the CPU, if any. */
  readonly gpuMemoryBytes?: number;
  readonly now?: () => number;
}

/**
 * Measures what the server holds: each model alone at each context size, loaded with a tiny
 * prompt; /api/ps gives `size` and `size_vram` (less than size = spilled to the CPU), the answer
 * gives load time and tokens/s. The caller holds the host-wide lock: probing unloads models.
 */
export async function probeModels(options: ProbeOptions): Promise<CapacityFile> {
  const now = options.now ?? Date.now;
  const client = new Ollama({ host: options.host, fetch: explainingConnectionFailures(fetch) });
  const { version } = await client.version();
  const tags = await client.list();
  const missing = options.models.filter(
    (name) => !tags.models.some((m) => sameModel(m.name, name)),
  );
  if (missing.length > 0) {
    throw new ModelUnavailableError(
      `Not on the Ollama server at ${options.host}: ${missing.join(', ')}. Pull first: ${missing.map((m) => `ollama pull ${m}`).join('; ')}`,
    );
  }
  const unloadAll = async (): Promise<void> => {
    for (const loaded of (await client.ps()).models) {
      await client.chat({ model: loaded.name, messages: [], keep_alive: 0 });
    }
    // VRAM is freed within a few seconds; /api/ps drops the model when it is.
    for (let i = 0; i < 20 && (await client.ps()).models.length > 0; i++)
      await new Promise((r) => setTimeout(r, 250));
  };

  const results: CapacityModel[] = [];
  for (const name of options.models) {
    const show = await client.show({ model: name });
    const limits = readModelLimits(show.model_info as unknown as Record<string, unknown>, name);
    const measurements: CapacityMeasurement[] = [];
    for (const numCtx of [...options.contexts].sort((a, b) => a - b)) {
      if (numCtx > limits.contextLength) {
        options.logger.info(
          `${name}: skipping num_ctx ${numCtx}, above the model's context length ${limits.contextLength}.`,
        );
        continue;
      }
      await unloadAll();
      options.logger.info(`${name}: loading with num_ctx ${numCtx}…`);
      const started = now();
      try {
        const answer = await client.chat({
          model: name,
          messages: [{ role: 'user', content: 'Reply with the word OK.' }],
          think: false,
          keep_alive: '5m',
          options: { num_ctx: numCtx, num_predict: 16 },
        });
        const running = (await client.ps()).models.find((m) => sameModel(m.name, name));
        const sizeBytes = running?.size ?? 0;
        const vramBytes = running?.size_vram ?? 0;
        const evalSeconds = (answer.eval_duration ?? 0) / 1e9;
        measurements.push({
          numCtx,
          sizeBytes,
          vramBytes,
          fullyOnGpu: sizeBytes > 0 && vramBytes >= sizeBytes,
          loadMs: Math.round((answer.load_duration ?? (now() - started) * 1e6) / 1e6),
          tokensPerSecond:
            evalSeconds > 0 ? Math.round(((answer.eval_count ?? 0) / evalSeconds) * 10) / 10 : 0,
        });
      } catch (error) {
        const classified = classifyOllamaError(error);
        options.logger.warning(`${name} at num_ctx ${numCtx}: ${classified.message}`);
        measurements.push({
          numCtx,
          sizeBytes: 0,
          vramBytes: 0,
          fullyOnGpu: false,
          loadMs: now() - started,
          tokensPerSecond: 0,
          error: classified.message,
        });
        // A larger context needs more memory still: stop at the first that does not load.
        if (classified.kind === 'out-of-memory') break;
      }
    }
    await unloadAll();
    const fitting = measurements.filter((m) => m.fullyOnGpu).map((m) => m.numCtx);
    results.push({
      name,
      contextLength: limits.contextLength,
      recommendedContext: fitting.length > 0 ? Math.max(...fitting) : null,
      measurements,
    });
  }
  // A load that spilled to the CPU filled the GPU: its size_vram is what the server can use.
  const spilled = results
    .flatMap((r) => r.measurements)
    .filter((m) => !m.error && !m.fullyOnGpu && m.vramBytes > 0);
  const gpuMemoryBytes =
    options.gpuMemoryBytes ??
    (spilled.length > 0 ? Math.max(...spilled.map((m) => m.vramBytes)) : undefined);
  return {
    version: 1,
    measuredAt: new Date().toISOString(),
    ollamaHost: options.host,
    serverVersion: version,
    ...(gpuMemoryBytes === undefined ? {} : { gpuMemoryBytes }),
    models: results,
  };
}

/** The probe's result as a text table with a recommendation per model. */
export function formatProbeTable(capacity: CapacityFile): string {
  const gib = (bytes: number): string => (bytes / GiB).toFixed(1);
  const header = ['model', 'num_ctx', 'size GiB', 'VRAM GiB', 'on GPU', 'load s', 'tokens/s'];
  const rows: string[][] = [];
  for (const model of capacity.models) {
    for (const m of model.measurements) {
      rows.push(
        m.error
          ? [
              model.name,
              String(m.numCtx),
              '-',
              '-',
              'failed',
              (m.loadMs / 1000).toFixed(1),
              m.error,
            ]
          : [
              model.name,
              String(m.numCtx),
              gib(m.sizeBytes),
              gib(m.vramBytes),
              m.fullyOnGpu ? 'yes' : 'partly',
              (m.loadMs / 1000).toFixed(1),
              m.tokensPerSecond.toFixed(1),
            ],
      );
    }
  }
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (i === 6 ? 0 : r[i]!.length))),
  );
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const out = [line(header), ...rows.map(line), ''];
  for (const model of capacity.models) {
    out.push(
      model.recommendedContext
        ? `${model.name}: largest context fully on the GPU: ${model.recommendedContext}`
        : `${model.name}: no measured context stayed fully on the GPU; try smaller contexts or a smaller model`,
    );
  }
  if (capacity.gpuMemoryBytes)
    out.push(`GPU memory the server can use: about ${gib(capacity.gpuMemoryBytes)} GiB`);
  return out.join('\n') + '\n';
}
