import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimClock, type SimClock } from './clock.js';
import { emptyFaults, faultControls, type FaultControls } from './faults.js';
import type { SimAnswer, SimChatRequest } from './generation.js';
import { GiB, type KvCacheType } from './memory.js';
import { DEFAULT_MODELS, normaliseName, type SimModelSpec } from './models.js';
import { sendError, sendJson } from './reply.js';
import type { RequestLogEntry } from './request-log.js';
import { Scheduler, type LoadEvent } from './scheduler.js';
import { handle, type ServerState } from './server.js';
import type { Flavour } from './texts.js';

export type { SimAnswer, SimChatMessage, SimChatRequest } from './generation.js';
export type { SimTool, SimToolCall } from './tool-parser.js';
export { ToolCallParser } from './tool-parser.js';
export { QWEN25_CODER_TEMPLATE, toolCallTag, toolCallText } from './tool-template.js';
export type { RequestLogEntry } from './request-log.js';
export { modelRequests, overlappingRequests } from './request-log.js';
export type { LoadEvent } from './scheduler.js';
export type { SimModelSpec } from './models.js';
export { DEFAULT_MODELS, QWEN_CODER_7B, QWEN_CODER_32B } from './models.js';
export { CRASH_TEXTS, LOAD_OOM_TEXTS, RUN_OOM_TEXTS, TEXTS, type Flavour } from './texts.js';
export { GiB, MiB } from './memory.js';
export { countChatTokens, countTokens } from './tokenizer.js';

export interface OllamaSimulatorOptions {
  /** '0.24' = Go runners (default), '0.30' = llama-server generation. */
  readonly flavour?: Flavour;
  readonly version?: string;
  readonly models?: readonly SimModelSpec[];
  readonly vramBytes?: number;
  readonly ramBytes?: number;
  readonly numParallel?: number;
  readonly maxLoadedModels?: number;
  readonly maxQueue?: number;
  readonly kvCacheType?: KvCacheType;
  readonly gpuOverheadBytes?: number;
  readonly loadTimeoutMs?: number;
  readonly unloadMs?: number;
  /** OLLAMA_KEEP_ALIVE in milliseconds (default 5 minutes). */
  readonly defaultKeepAliveMs?: number;
  readonly contextLengthEnv?: number;
  /** Real memory use ÷ the server's estimate; above 1 loads next to another model run out of memory. */
  readonly underEstimate?: number;
  /** Simulated milliseconds per real millisecond. */
  readonly timeScale?: number;
  /** Behave like a server older than v0.12.6: `truncate: false` is ignored and prompts are cut silently. */
  readonly ignoreTruncate?: boolean;
  /** How an error before the first chunk of a stream arrives: real status (≥ v0.12.6) or an error line in a 200. */
  readonly earlyStreamErrors?: 'status' | 'in-stream';
  /** Scripted answers by model name (default answer: "OK"). */
  readonly answers?: Readonly<Record<string, SimAnswer>>;
  readonly port?: number;
}

export interface OllamaSimulator {
  readonly url: string;
  readonly clock: SimClock;
  readonly faults: FaultControls;
  /** Every request, in arrival order, with simulated start and end times. */
  readonly requests: readonly RequestLogEntry[];
  /** Every model load and how it ended. */
  readonly loads: readonly LoadEvent[];
  /** Names and num_ctx of the models loaded now. */
  loaded(): { name: string; numCtx: number; sizeBytes: number; vramBytes: number }[];
  setAnswer(model: string, answer: SimAnswer): void;
  /** `ollama rm`: the model is gone from /api/tags and every endpoint. */
  removeModel(name: string): void;
  close(): Promise<void>;
}

export async function startOllamaSimulator(
  options: OllamaSimulatorOptions = {},
): Promise<OllamaSimulator> {
  const flavour = options.flavour ?? '0.24';
  const clock = createSimClock(options.timeScale ?? 1);
  const faults = emptyFaults();
  const models = new Map((options.models ?? DEFAULT_MODELS).map((m) => [normaliseName(m.name), m]));
  const vramBytes = options.vramBytes ?? 24 * GiB;
  const scheduler = new Scheduler(
    {
      flavour,
      vramBytes,
      ramBytes: options.ramBytes ?? 32 * GiB,
      numParallel: options.numParallel ?? 1,
      maxLoadedModels: options.maxLoadedModels ?? 3,
      maxQueue: options.maxQueue ?? 512,
      kvType: options.kvCacheType ?? 'f16',
      gpuOverheadBytes: options.gpuOverheadBytes ?? 0,
      loadTimeoutMs: options.loadTimeoutMs ?? 5 * 60_000,
      unloadMs: options.unloadMs ?? 1000,
      underEstimate: options.underEstimate ?? 1,
    },
    clock,
    faults,
  );
  const answers = new Map<string, SimAnswer>(
    Object.entries(options.answers ?? {}).map(([k, v]) => [normaliseName(k), v]),
  );
  const answerFor = (request: SimChatRequest): string => {
    const answer = answers.get(normaliseName(request.model));
    if (answer === undefined) return 'OK';
    if (typeof answer === 'string') return answer;
    if (typeof answer === 'function') return answer(request);
    const list = answer as readonly string[];
    if (list.length > 1) answers.set(normaliseName(request.model), list.slice(1));
    return list[0] ?? 'OK';
  };
  const log: RequestLogEntry[] = [];
  const state: ServerState = {
    flavour,
    version: options.version ?? (flavour === '0.24' ? '0.24.0' : '0.33.0'),
    models,
    clock,
    scheduler,
    faults,
    log,
    vramBytes,
    defaultKeepAliveMs: options.defaultKeepAliveMs ?? 5 * 60_000,
    contextLengthEnv: options.contextLengthEnv,
    earlyStreamErrors: options.earlyStreamErrors ?? 'status',
    generation: {
      flavour,
      clock,
      faults,
      scheduler,
      ignoreTruncate: options.ignoreTruncate ?? false,
      answerFor,
    },
    modifiedAt: new Date(clock.now() - 86_400_000).toISOString(),
  };
  const controls = faultControls(faults);

  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path.startsWith('/__sim/')) return void control(path, req, res);
    handle(state, req, res).catch((error: unknown) => sendError(res, 500, String(error)));
  });
  /** Control routes for a simulator in another process: the log and fault injection. */
  const control = async (
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> => {
    if (path === '/__sim/log') return sendJson(res, 200, { requests: log, loads: scheduler.loads });
    if (path === '/__sim/faults' && req.method === 'POST') {
      let text = '';
      for await (const part of req) text += String(part);
      const body = JSON.parse(text || '{}') as Record<string, number | string | undefined>;
      if (typeof body.busy === 'number') controls.busy(body.busy);
      if (typeof body.resets === 'number') controls.resetConnections(body.resets);
      if (typeof body.stallLoads === 'number') controls.stallLoads(body.stallLoads);
      if (body.oomAtLoad !== undefined)
        controls.oomAtLoad(typeof body.oomAtLoad === 'string' ? body.oomAtLoad : undefined);
      if (typeof body.oomMidStream === 'number') controls.oomMidStream(body.oomMidStream);
      if (typeof body.crashAtLoad === 'string') controls.crashAtLoad(body.crashAtLoad);
      return sendJson(res, 200, { ok: true });
    }
    sendError(res, 404, 'unknown simulator control');
  };
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    clock,
    faults: controls,
    requests: log,
    loads: scheduler.loads,
    loaded: () =>
      scheduler.ready().map((r) => ({
        name: r.spec.name,
        numCtx: r.numCtx,
        sizeBytes: r.sizeBytes,
        vramBytes: r.vramBytes,
      })),
    setAnswer: (model, answer) => void answers.set(normaliseName(model), answer),
    removeModel: (name) => void models.delete(normaliseName(name)),
    close: async () => {
      scheduler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
