import type { SimClock } from './clock.js';
import type { FaultState } from './faults.js';
import { SimHttpError } from './http-error.js';
import { serverEstimate, type KvCacheType } from './memory.js';
import { usesGoEngine, type SimModelSpec } from './models.js';
import { TEXTS, type Flavour } from './texts.js';

export interface SchedulerEnv {
  readonly flavour: Flavour;
  readonly vramBytes: number;
  /** RAM + swap available for the CPU part of an offloaded model. */
  readonly ramBytes: number;
  readonly numParallel: number;
  readonly maxLoadedModels: number;
  readonly maxQueue: number;
  readonly kvType: KvCacheType;
  readonly gpuOverheadBytes: number;
  readonly loadTimeoutMs: number;
  /** Simulated milliseconds for VRAM to be freed after an unload (≤ 5 s in the real server). */
  readonly unloadMs: number;
  /** Real use ÷ the server's estimate: above 1 the server believes a model fits when it does not (#8471). */
  readonly underEstimate: number;
}

export interface Runner {
  readonly spec: SimModelSpec;
  readonly numCtx: number;
  readonly optionsKey: string;
  /** The server's estimate: `size` in /api/ps. */
  readonly sizeBytes: number;
  readonly vramBytes: number;
  state: 'loading' | 'ready' | 'unloading';
  inFlight: number;
  keepAliveMs: number;
  expiresAt: number;
  expiry?: AbortController;
  unloaded?: Promise<void>;
  idleWaiters: (() => void)[];
  slots: Slots;
}

export interface LoadEvent {
  readonly model: string;
  readonly numCtx: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly outcome: 'loaded' | 'oom' | 'system-memory' | 'timeout' | 'canceled' | 'crash';
  readonly error?: string;
}

export interface LoadRequest {
  readonly spec: SimModelSpec;
  readonly numCtx: number;
  readonly optionsKey: string;
  readonly keepAliveMs: number;
  readonly signal: AbortSignal;
}

export interface Lease {
  readonly runner: Runner;
  readonly loadMs: number;
}

class Slots {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly size: number) {}
  async take(): Promise<void> {
    if (this.active < this.size) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.queue.push(resolve));
  }
  give(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }
}

interface Pending {
  readonly request: LoadRequest;
  resolve(lease: Lease): void;
  reject(error: unknown): void;
}

/**
 * Ollama's scheduler (reference/ollama.md §3): one serial loop loads and evicts while the other
 * pending requests wait; requests for a loaded model with the same load options skip the queue and
 * wait for one of NUM_PARALLEL slots; the pending queue holds MAX_QUEUE requests, the next gets 503.
 */
export class Scheduler {
  readonly runners = new Map<string, Runner>();
  readonly loads: LoadEvent[] = [];
  private readonly pending: Pending[] = [];
  private pumping = false;
  private closed = false;

  constructor(
    private readonly env: SchedulerEnv,
    private readonly clock: SimClock,
    private readonly faults: FaultState,
  ) {}

  /** Attaches a request to a runner of the model with these load options, loading it if needed. */
  async acquire(request: LoadRequest): Promise<Lease> {
    const runner = this.runners.get(request.spec.name);
    let lease: Lease;
    if (runner && runner.state === 'ready' && runner.optionsKey === request.optionsKey) {
      lease = { runner: this.attach(runner, request.keepAliveMs), loadMs: 0 };
    } else {
      if (this.pending.length >= this.env.maxQueue) throw new SimHttpError(503, TEXTS.busy);
      lease = await new Promise<Lease>((resolve, reject) => {
        const item: Pending = { request, resolve, reject };
        this.pending.push(item);
        request.signal.addEventListener(
          'abort',
          () => {
            const at = this.pending.indexOf(item);
            if (at >= 0) {
              this.pending.splice(at, 1);
              reject(new SimHttpError(499, TEXTS.canceled));
            }
          },
          { once: true },
        );
        void this.pump();
      });
    }
    await lease.runner.slots.take();
    return lease;
  }

  /** A request finished: frees its slot and starts the keep-alive timer once the runner is idle. */
  release(runner: Runner): void {
    runner.slots.give();
    runner.inFlight--;
    if (runner.inFlight > 0) return;
    for (const wake of runner.idleWaiters.splice(0)) wake();
    if (runner.state !== 'ready') return;
    if (runner.keepAliveMs === 0) {
      void this.unload(runner);
      return;
    }
    if (runner.keepAliveMs < 0) {
      runner.expiresAt = Number.POSITIVE_INFINITY;
      return;
    }
    runner.expiresAt = this.clock.now() + runner.keepAliveMs;
    const expiry = new AbortController();
    runner.expiry = expiry;
    this.clock.sleep(runner.keepAliveMs, expiry.signal).then(
      () => void this.unload(runner),
      () => undefined,
    );
  }

  /** `keep_alive: 0` with no messages: unload now, or after the requests in flight. */
  expire(name: string): void {
    const runner = this.runners.get(name);
    if (!runner || runner.state !== 'ready') return;
    runner.keepAliveMs = 0;
    if (runner.inFlight === 0) void this.unload(runner);
  }

  /** v0.30+: an out-of-memory while running expires every model. */
  expireAll(): void {
    for (const runner of this.runners.values()) this.expire(runner.spec.name);
  }

  ready(): Runner[] {
    return [...this.runners.values()].filter((r) => r.state === 'ready');
  }

  close(): void {
    this.closed = true;
    for (const runner of this.runners.values()) runner.expiry?.abort();
    for (const item of this.pending.splice(0))
      item.reject(new SimHttpError(500, 'server shutting down'));
  }

  private attach(runner: Runner, keepAliveMs: number): Runner {
    runner.inFlight++;
    runner.keepAliveMs = keepAliveMs;
    runner.expiry?.abort();
    runner.expiry = undefined;
    return runner;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let item = this.pending.shift(); item; item = this.pending.shift()) {
        try {
          item.resolve(await this.schedule(item.request));
        } catch (error) {
          item.reject(error);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private async schedule(request: LoadRequest): Promise<Lease> {
    if (request.signal.aborted) throw new SimHttpError(499, TEXTS.canceled);
    const current = this.runners.get(request.spec.name);
    if (current?.state === 'ready' && current.optionsKey === request.optionsKey) {
      return { runner: this.attach(current, request.keepAliveMs), loadMs: 0 };
    }
    if (current) {
      // Different load options (num_ctx, num_batch, num_gpu, …): reload once the runner is idle.
      await this.waitIdle(current);
      await this.unload(current);
    }
    const estimate = this.estimate(request.spec, request.numCtx);
    for (;;) {
      const others = [...this.runners.values()].filter((r) => r.spec.name !== request.spec.name);
      if (others.length === 0) break;
      const unloading = others.find((r) => r.state === 'unloading');
      if (unloading) {
        await unloading.unloaded;
        continue;
      }
      const free = this.env.vramBytes - others.reduce((sum, r) => sum + r.vramBytes, 0);
      const limit = this.env.flavour === '0.24' ? free : free * 0.8;
      if (estimate <= limit && others.length < this.env.maxLoadedModels) break;
      const victim = [...others].sort(
        (a, b) => a.inFlight - b.inFlight || a.expiresAt - b.expiresAt,
      )[0]!;
      await this.waitIdle(victim);
      await this.unload(victim);
    }
    return this.load(request, estimate);
  }

  private estimate(spec: SimModelSpec, numCtx: number): number {
    return serverEstimate(spec, numCtx, {
      parallel: this.env.numParallel,
      kvType: this.env.kvType,
      gpuOverheadBytes: this.env.gpuOverheadBytes,
    });
  }

  private async load(request: LoadRequest, estimate: number): Promise<Lease> {
    const { spec, numCtx, signal } = request;
    const others = [...this.runners.values()];
    const alone = others.length === 0;
    // A first model that does not fit is split between GPU and CPU (slower, no error).
    const vramBytes = alone ? Math.min(estimate, this.env.vramBytes) : estimate;
    const runner: Runner = {
      spec,
      numCtx,
      optionsKey: request.optionsKey,
      sizeBytes: estimate,
      vramBytes,
      state: 'loading',
      inFlight: 0,
      keepAliveMs: request.keepAliveMs,
      expiresAt: Number.POSITIVE_INFINITY,
      idleWaiters: [],
      slots: new Slots(this.env.numParallel),
    };
    this.runners.set(spec.name, runner);
    const startedAt = this.clock.now();
    const offloaded = estimate - vramBytes;
    const loadMs =
      spec.loadSeconds * 1000 * this.faults.slowLoadFactor * (1 + (3 * offloaded) / estimate);
    const fail = (outcome: LoadEvent['outcome'], status: number, text: string): SimHttpError => {
      if (this.runners.get(spec.name) === runner) this.runners.delete(spec.name);
      this.loads.push({
        model: spec.name,
        numCtx,
        startedAt,
        endedAt: this.clock.now(),
        outcome,
        error: text,
      });
      return new SimHttpError(status, text, outcome === 'oom' || outcome === 'system-memory');
    };
    try {
      if (offloaded > this.env.ramBytes) {
        await this.clock.sleep(loadMs * 0.2, signal);
        const text =
          this.env.flavour === '0.24'
            ? TEXTS.systemMemory(offloaded, this.env.ramBytes)
            : TEXTS.systemMemory030;
        throw fail('system-memory', 500, text);
      }
      if (this.faults.stalledLoads > 0) {
        this.faults.stalledLoads--;
        await this.clock.sleep(this.env.loadTimeoutMs, signal);
        throw fail('timeout', 500, TEXTS.loadTimeout);
      }
      const crash = this.faults.loadCrashes.shift();
      if (crash !== undefined) {
        await this.clock.sleep(loadMs * 0.3, signal);
        throw fail('crash', 500, crash);
      }
      const injected = this.faults.loadOoms.shift();
      const usedByOthers = others.reduce((sum, r) => sum + r.vramBytes * this.env.underEstimate, 0);
      if (injected || usedByOthers + vramBytes * this.env.underEstimate > this.env.vramBytes) {
        // The allocation fails part-way through the load; v0.30+ retries the load once itself.
        await this.clock.sleep(loadMs * 0.6 * (this.env.flavour === '0.24' ? 1 : 2), signal);
        const goEngine = this.env.flavour === '0.24' && usesGoEngine(spec);
        const text = goEngine ? TEXTS.goEngineLayout : TEXTS.loadOom(this.env.flavour);
        throw fail('oom', 500, injected?.text ?? text);
      }
      await this.clock.sleep(loadMs, signal);
    } catch (error) {
      if (error instanceof SimHttpError) throw error;
      // The client hung up during the load: the load is aborted (#9625).
      throw fail('canceled', 499, TEXTS.canceled);
    }
    if (this.closed) throw fail('canceled', 500, 'server shutting down');
    runner.state = 'ready';
    this.loads.push({
      model: spec.name,
      numCtx,
      startedAt,
      endedAt: this.clock.now(),
      outcome: 'loaded',
    });
    return { runner: this.attach(runner, request.keepAliveMs), loadMs };
  }

  private waitIdle(runner: Runner): Promise<void> {
    if (runner.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => runner.idleWaiters.push(resolve));
  }

  private unload(runner: Runner): Promise<void> {
    if (runner.unloaded) return runner.unloaded;
    runner.state = 'unloading';
    runner.expiry?.abort();
    runner.unloaded = this.clock.sleep(this.env.unloadMs).then(() => {
      if (this.runners.get(runner.spec.name) === runner) this.runners.delete(runner.spec.name);
    });
    return runner.unloaded;
  }
}
