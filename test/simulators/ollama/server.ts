import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimClock } from './clock.js';
import type { FaultState } from './faults.js';
import {
  generate,
  type GenerationContext,
  type SimChatMessage,
  type SimChatRequest,
} from './generation.js';
import { SimHttpError } from './http-error.js';
import { parseKeepAlive } from './keep-alive.js';
import { GiB } from './memory.js';
import { digestOf, normaliseName, registryName, type SimModelSpec } from './models.js';
import { Reply, sendError, sendJson } from './reply.js';
import type { RequestLogEntry } from './request-log.js';
import type { Scheduler } from './scheduler.js';
import { detailsOf, showResponse } from './show.js';
import { TEXTS, type Flavour } from './texts.js';
import type { SimTool } from './tool-parser.js';
import { countTokens } from './tokenizer.js';

export interface ServerState {
  readonly flavour: Flavour;
  readonly version: string;
  readonly models: Map<string, SimModelSpec>;
  readonly clock: SimClock;
  readonly scheduler: Scheduler;
  readonly faults: FaultState;
  readonly log: RequestLogEntry[];
  readonly vramBytes: number;
  readonly defaultKeepAliveMs: number;
  /** OLLAMA_CONTEXT_LENGTH, when set. */
  readonly contextLengthEnv?: number;
  readonly earlyStreamErrors: 'status' | 'in-stream';
  readonly generation: GenerationContext;
  readonly modifiedAt: string;
}

/** Options that force a reload when they change (reference/ollama.md §3). */
const LOAD_OPTIONS = [
  'num_ctx',
  'num_batch',
  'num_gpu',
  'main_gpu',
  'use_mmap',
  'num_thread',
] as const;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): Record<string, unknown> {
  if (text.trim() === '') throw new SimHttpError(400, 'EOF');
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new SimHttpError(400, 'invalid character in request body');
}

/** The default num_ctx of ≥ v0.15.5: by total VRAM, OLLAMA_CONTEXT_LENGTH wins. */
function defaultNumCtx(state: ServerState): number {
  if (state.contextLengthEnv) return state.contextLengthEnv;
  if (state.vramBytes >= 48 * GiB) return 262144;
  if (state.vramBytes >= 24 * GiB) return 32768;
  return 4096;
}

export async function handle(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  const method = req.method ?? 'GET';
  const entry: RequestLogEntry = {
    id: state.log.length + 1,
    method,
    path,
    startedAt: state.clock.now(),
  };
  state.log.push(entry);
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) {
      abort.abort();
      entry.status ??= 499;
      entry.error ??= TEXTS.canceled;
    }
    entry.endedAt ??= state.clock.now();
  });
  const fail = (status: number, text: string): void => {
    entry.status = status;
    entry.error = text;
    sendError(res, status, text);
  };
  try {
    if ((path === '/' || path === '') && (method === 'GET' || method === 'HEAD')) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(method === 'HEAD' ? undefined : 'Ollama is running');
      entry.status = 200;
      return;
    }
    if (method === 'GET' && path === '/api/version')
      return ok(entry, res, { version: state.version });
    if (method === 'GET' && path === '/api/tags')
      return ok(entry, res, { models: [...state.models.values()].map((m) => tagEntry(state, m)) });
    if (method === 'GET' && path === '/api/ps')
      return ok(entry, res, { models: state.scheduler.ready().map((r) => psEntry(state, r)) });
    if (method === 'POST' && path === '/api/show') {
      const body = parseJson(await readBody(req));
      entry.body = body;
      const name = String(body.model ?? body.name ?? '');
      const spec = state.models.get(normaliseName(name));
      if (!spec) return fail(404, TEXTS.modelNotFound(name));
      return ok(entry, res, showResponse(spec, state.modifiedAt, state.version));
    }
    if (
      method === 'POST' &&
      (path === '/api/chat' || path === '/api/generate' || path === '/api/embed')
    ) {
      const body = parseJson(await readBody(req));
      entry.body = body;
      return await modelRequest(state, path, body, entry, req, res, abort.signal);
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('404 page not found');
    entry.status = 404;
  } catch (error) {
    if (error instanceof SimHttpError) return fail(error.status, error.text);
    fail(500, error instanceof Error ? error.message : String(error));
  }
}

function ok(entry: RequestLogEntry, res: ServerResponse, body: unknown): void {
  entry.status = 200;
  sendJson(res, 200, body);
}

function tagEntry(state: ServerState, spec: SimModelSpec): Record<string, unknown> {
  return {
    name: spec.name,
    model: spec.name,
    modified_at: state.modifiedAt,
    size: spec.weightBytes,
    digest: digestOf(spec),
    details: detailsOf(spec),
  };
}

function psEntry(
  state: ServerState,
  runner: ReturnType<Scheduler['ready']>[number],
): Record<string, unknown> {
  const forever = state.clock.now() + 290 * 365 * 24 * 3600 * 1000;
  return {
    name: runner.spec.name,
    model: runner.spec.name,
    size: runner.sizeBytes,
    digest: digestOf(runner.spec),
    details: detailsOf(runner.spec),
    expires_at: new Date(
      Number.isFinite(runner.expiresAt) ? runner.expiresAt : forever,
    ).toISOString(),
    size_vram: runner.vramBytes,
    context_length: runner.numCtx,
  };
}

async function modelRequest(
  state: ServerState,
  path: string,
  body: Record<string, unknown>,
  entry: RequestLogEntry,
  req: IncomingMessage,
  res: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  const kind = path === '/api/chat' ? 'chat' : path === '/api/generate' ? 'generate' : 'embed';
  const name = typeof body.model === 'string' ? body.model : '';
  entry.model = name;
  if (!name) throw new SimHttpError(400, 'model is required');
  const spec = state.models.get(normaliseName(name));
  if (!spec) throw new SimHttpError(404, TEXTS.modelNotFoundSchedule(name));
  const keepAliveMs = parseKeepAlive(body.keep_alive, state.defaultKeepAliveMs);
  if (body.think === true || typeof body.think === 'string') {
    if (!spec.capabilities.includes('thinking'))
      throw new SimHttpError(400, TEXTS.noThinking(name));
  }
  if (Array.isArray(body.tools) && body.tools.length > 0 && !spec.capabilities.includes('tools')) {
    throw new SimHttpError(400, TEXTS.noTools(registryName(name)));
  }
  if (state.faults.resets > 0) {
    state.faults.resets--;
    entry.status = 0;
    entry.error = 'connection reset';
    req.socket.destroy();
    return;
  }
  if (state.faults.busy > 0) {
    state.faults.busy--;
    throw new SimHttpError(503, TEXTS.busy);
  }
  const options = (body.options && typeof body.options === 'object' ? body.options : {}) as Record<
    string,
    unknown
  >;
  const requested =
    typeof options.num_ctx === 'number' && options.num_ctx > 0
      ? options.num_ctx
      : defaultNumCtx(state);
  const numCtx = Math.min(requested, spec.contextLength);
  entry.numCtx = numCtx;
  const optionsKey = JSON.stringify(
    LOAD_OPTIONS.map((key) => (key === 'num_ctx' ? numCtx : (options[key] ?? null))),
  );
  const messages = Array.isArray(body.messages) ? (body.messages as SimChatMessage[]) : [];
  const tools = Array.isArray(body.tools) ? (body.tools as SimTool[]) : [];
  const stream = kind !== 'embed' && body.stream !== false;
  const reply = new Reply(res, stream, state.earlyStreamErrors);
  const startedAt = state.clock.now();

  const empty =
    kind === 'chat' ? messages.length === 0 : kind === 'generate' ? !body.prompt : false;
  if (empty && keepAliveMs === 0) {
    state.scheduler.expire(spec.name);
    entry.status = 200;
    entry.doneReason = 'unload';
    reply.finish(doneOnly(kind, name, state, 'unload'));
    return;
  }

  let lease;
  try {
    lease = await state.scheduler.acquire({ spec, numCtx, optionsKey, keepAliveMs, signal });
  } catch (error) {
    if (error instanceof SimHttpError) {
      entry.status = error.status;
      entry.error = error.text;
      entry.oom = error.oom;
      reply.fail(error.status, error.text);
      return;
    }
    throw error;
  }
  try {
    if (kind === 'embed') {
      const inputs = Array.isArray(body.input)
        ? body.input.map(String)
        : [String(body.input ?? '')];
      entry.status = 200;
      sendJson(res, 200, {
        model: name,
        embeddings: inputs.map((text) =>
          Array.from({ length: 8 }, (_, i) => Math.sin(text.length + i)),
        ),
        total_duration: Math.round((state.clock.now() - startedAt) * 1e6),
        load_duration: Math.round(lease.loadMs * 1e6),
        prompt_eval_count: inputs.reduce((sum, text) => sum + countTokens(text), 0),
      });
      return;
    }
    if (empty) {
      entry.status = 200;
      entry.doneReason = 'load';
      reply.finish(doneOnly(kind, name, state, 'load'));
      return;
    }
    const request: SimChatRequest & { truncate?: unknown } = {
      model: name,
      messages,
      tools,
      prompt: typeof body.prompt === 'string' ? body.prompt : undefined,
      format: body.format,
      options,
      truncate: body.truncate,
    };
    try {
      const result = await generate(
        kind,
        request,
        lease,
        reply,
        state.generation,
        signal,
        startedAt,
      );
      Object.assign(entry, result);
      entry.status = 200;
    } catch (error) {
      if (error instanceof SimHttpError) {
        entry.status = reply.hasStarted ? 200 : error.status;
        entry.error = error.text;
        entry.oom = error.oom;
        reply.fail(error.status, error.text);
        return;
      }
      if (signal.aborted) return;
      throw error;
    }
  } finally {
    state.scheduler.release(lease.runner);
  }
}

function doneOnly(
  kind: string,
  model: string,
  state: ServerState,
  doneReason: string,
): Record<string, unknown> {
  const content =
    kind === 'chat' ? { message: { role: 'assistant', content: '' } } : { response: '' };
  return {
    model,
    created_at: new Date(state.clock.now()).toISOString(),
    ...content,
    done: true,
    done_reason: doneReason,
  };
}
