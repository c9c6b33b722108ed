import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError, getErrorMessage } from '../shared/errors.js';
import { describeIssues } from './schema-issues.js';

/** One load of one model at one context size, measured by `ticket-to-pr probe`. */
const capacityMeasurementSchema = z.object({
  numCtx: z.number().int().positive(),
  /** /api/ps `size`: total bytes of the loaded runner. */
  sizeBytes: z.number().nonnegative(),
  /** /api/ps `size_vram`: the part on the GPU. */
  vramBytes: z.number().nonnegative(),
  fullyOnGpu: z.boolean(),
  loadMs: z.number().nonnegative(),
  tokensPerSecond: z.number().nonnegative(),
  /** Set when the load failed; the other numbers are then 0. */
  error: z.string().optional(),
});

const capacityModelSchema = z.object({
  name: z.string().min(1),
  /** The model's trained limit (`<arch>.context_length`). */
  contextLength: z.number().int().positive(),
  /** Largest measured num_ctx that stayed fully on the GPU, or null when none did. */
  recommendedContext: z.number().int().positive().nullable(),
  measurements: z.array(capacityMeasurementSchema),
});

const capacityFileSchema = z.object({
  version: z.literal(1),
  measuredAt: z.string(),
  ollamaHost: z.string(),
  serverVersion: z.string(),
  /** GPU memory the server could use, when the probe could tell (from a load that spilled to the CPU) or was told. */
  gpuMemoryBytes: z.number().positive().optional(),
  models: z.array(capacityModelSchema),
});

export type CapacityMeasurement = z.infer<typeof capacityMeasurementSchema>;
export type CapacityModel = z.infer<typeof capacityModelSchema>;
/** What `ticket-to-pr probe --json FILE` writes and the `capacity-file` input reads. */
export type CapacityFile = z.infer<typeof capacityFileSchema>;

/** Reads and validates a capacity file; every problem names the file. */
export async function readCapacityFile(path: string): Promise<CapacityFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    // Named as the other path inputs are (repository-path): the input, the path, what is wrong.
    const code = (error as NodeJS.ErrnoException).code;
    const what =
      code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory, not a file' : '';
    throw new ConfigError(
      what
        ? `Input 'capacity-file' names '${path}', which ${what}. Write one with 'ticket-to-pr probe --json FILE', or leave the input empty.`
        : `Cannot read the capacity file ${path}: ${getErrorMessage(error)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The capacity file ${path} is not JSON: ${getErrorMessage(error)}`);
  }
  const parsed = capacityFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      `The capacity file ${path} is not one that \`ticket-to-pr probe --json\` writes: ${describeIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}

export function findMeasurement(capacity: CapacityFile | undefined, model: string, numCtx: number) {
  return capacity?.models
    .find((m) => m.name === model)
    ?.measurements.find((m) => m.numCtx === numCtx && !m.error);
}
