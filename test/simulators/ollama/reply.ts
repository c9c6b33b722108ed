import type { ServerResponse } from 'node:http';

const JSON_TYPE = 'application/json; charset=utf-8';
const NDJSON_TYPE = 'application/x-ndjson';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': JSON_TYPE });
  res.end(JSON.stringify(body));
}

export function sendError(res: ServerResponse, status: number, text: string): void {
  sendJson(res, status, { error: text });
}

/**
 * One answer, streamed as NDJSON or sent whole. Headers go out with the first chunk (as in the
 * real server), so an error before it can still carry its real status (from v0.12.6) or, like
 * older servers, arrive as an error line in a 200 stream.
 */
export class Reply {
  private started = false;

  constructor(
    private readonly res: ServerResponse,
    readonly stream: boolean,
    private readonly earlyErrors: 'status' | 'in-stream',
  ) {}

  get hasStarted(): boolean {
    return this.started;
  }

  chunk(body: unknown): void {
    if (!this.stream || this.res.destroyed) return;
    this.start();
    this.res.write(JSON.stringify(body) + '\n');
  }

  finish(body: unknown): void {
    if (this.res.destroyed) return;
    if (!this.stream) return sendJson(this.res, 200, body);
    this.start();
    this.res.end(JSON.stringify(body) + '\n');
  }

  /**
   * The handler returned without a final `done` chunk or an error (a looping generation was
   * stopped): a stream just ends; a non-streamed answer is the last chunk, `done: false`, with all
   * the content sent so far (ollama/ollama v0.24.0 `server/routes.go` ChatHandler ~2653-2690).
   */
  endWithoutDone(lastChunk: Record<string, unknown>): void {
    if (this.res.destroyed) return;
    if (!this.stream) return sendJson(this.res, 200, lastChunk);
    this.start();
    this.res.end();
  }

  fail(status: number, text: string): void {
    if (this.res.destroyed) return;
    if (!this.stream || (!this.started && this.earlyErrors === 'status'))
      return sendError(this.res, status, text);
    this.start();
    this.res.end(JSON.stringify({ error: text }) + '\n');
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.res.writeHead(200, { 'Content-Type': NDJSON_TYPE });
  }
}
