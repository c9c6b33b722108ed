/** Faults armed by a test; each fires on the next matching requests or loads and is then used up. */
export interface FaultState {
  busy: number;
  resets: number;
  stalledLoads: number;
  loadOoms: { text?: string }[];
  runOoms: { afterTokens: number; text?: string }[];
  /** Runner crashes at load, each with its own text (not about memory). */
  loadCrashes: string[];
  /** Multiplies every load time until changed. */
  slowLoadFactor: number;
}

export function emptyFaults(): FaultState {
  return {
    busy: 0,
    resets: 0,
    stalledLoads: 0,
    loadOoms: [],
    runOoms: [],
    loadCrashes: [],
    slowLoadFactor: 1,
  };
}

export interface FaultControls {
  /** The next `count` model requests get the 503 `server busy` at once. */
  busy(count: number): void;
  /** The next `count` model requests have their connection reset before any answer. */
  resetConnections(count: number): void;
  /** The next `count` loads stall until OLLAMA_LOAD_TIMEOUT and fail with the timeout text. */
  stallLoads(count: number): void;
  /** The next load fails with an out-of-memory text (the flavour's CUDA text unless given). */
  oomAtLoad(text?: string): void;
  /** The next generation fails after `afterTokens` tokens with an out-of-memory text. */
  oomMidStream(afterTokens?: number, text?: string): void;
  slowLoads(factor: number): void;
  /** The next load fails with this runner-crash text (a 500 that is not about memory). */
  crashAtLoad(text: string): void;
}

export function faultControls(state: FaultState): FaultControls {
  return {
    busy: (count) => void (state.busy += count),
    resetConnections: (count) => void (state.resets += count),
    stallLoads: (count) => void (state.stalledLoads += count),
    oomAtLoad: (text) => void state.loadOoms.push({ text }),
    oomMidStream: (afterTokens = 3, text) => void state.runOoms.push({ afterTokens, text }),
    slowLoads: (factor) => void (state.slowLoadFactor = factor),
    crashAtLoad: (text) => void state.loadCrashes.push(text),
  };
}
