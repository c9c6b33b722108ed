// No jest in here: fixtures/gateway-worker.ts imports this module in a plain `node --import tsx` process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TEST_PATHS } from '../../../src/config/inputs.js';
import type { Config, ModelsConfig } from '../../../src/config/config.js';
import type { ModelGateway } from '../../../src/model/gateway.js';
import {
  createOllamaGateway,
  type OllamaGatewayOptions,
} from '../../../src/model/ollama-gateway.js';
import type { OllamaSimulator } from '../../simulators/ollama/index.js';
import { recordingLogger, type RecordingLogger } from '../../fakes/logger.js';

export const TRIAGE = 'qwen2.5-coder:7b';
export const EDIT = 'qwen2.5-coder:32b';

const madeHere: string[] = [];
const removeMadeHere = (): void => {
  for (const dir of madeHere.splice(0)) rmSync(dir, { recursive: true, force: true });
};
// Under jest, every directory a test file made goes when the file ends; a plain node worker
// (no afterAll) removes its own when it exits.
const afterAllHook = (globalThis as { afterAll?: (fn: () => void) => void }).afterAll;
if (afterAllHook) afterAllHook(removeMadeHere);
else process.once('exit', removeMadeHere);

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ttp-model-'));
  madeHere.push(dir);
  return dir;
}

export function makeConfig(
  host: string,
  models: Partial<ModelsConfig> = {},
  budgets: Partial<Config['budgets']> = {},
): Config {
  return {
    tracker: {
      orgUrl: 'https://dev.azure.com/x',
      project: 'p',
      token: 't',
      eligibleTag: 'autofix',
      allowedStates: ['New'],
      areaPath: '',
      maxAttempts: 3,
      wiqlQuery: '',
    },
    models: {
      host,
      triageModel: TRIAGE,
      editModel: EDIT,
      triageContext: 8192,
      editContext: 16384,
      keepAliveSeconds: 600,
      ...models,
    },
    repository: {
      path: '/tmp/repo',
      baseBranch: '',
      prTarget: 'auto',
      githubToken: '',
      githubApiUrl: 'https://api.github.com',
      githubRepository: '',
      azureReposRepository: '',
      draft: true,
      commitAuthor: { name: 'a', email: 'a@b.c' },
      editFormat: 'auto',
    },
    verification: {
      setupCommand: '',
      buildCommand: '',
      testCommand: '',
      testResults: [],
      commandTimeoutMs: 1000,
      maxRepairAttempts: 2,
      testPaths: [...DEFAULT_TEST_PATHS],
      reproduce: 'auto',
      minEvidence: 'no-regression',
    },
    editing: {
      mode: 'pipeline',
      agent: { maxTurns: 30, maxTestRuns: 4, maxTokens: 600_000, timeLimitMs: 20 * 60_000 },
    },
    safety: { protectedPaths: [], maxChangedFiles: 5, maxChangedLines: 300, allowNewFiles: true },
    sandbox: { mode: 'off', network: true, writable: [], envNames: [] },
    budgets: {
      jobBudgetMs: 45 * 60_000,
      lockWaitMs: 60_000,
      lockFile: join(tempDir(), 'model.lock'),
      ...budgets,
    },
    review: { maxRevisions: 3 },
    dryRun: false,
    outputDir: tempDir(),
    secrets: [],
  };
}

export { recordingLogger, type RecordingLogger };

/** A clock for the gateway that follows the simulator's clock but lets sleeps pass at once. */
export function fastClock(simNow: () => number): {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  slept: number[];
} {
  let offset = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => simNow() + offset,
    sleep: async (ms) => {
      slept.push(ms);
      offset += ms;
    },
  };
}

/** A gateway on the simulator's clock (sleeps pass at once), its deadline an hour away; `options` override. */
export function simulatorGateway(
  sim: OllamaSimulator,
  config: Config,
  options: Partial<OllamaGatewayOptions> = {},
): ModelGateway {
  return createOllamaGateway({
    config,
    logger: recordingLogger(),
    deadline: sim.clock.now() + 3_600_000,
    ...fastClock(sim.clock.now),
    ...options,
  });
}

/** `random` that returns the given values in turn (the last repeats). */
export function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)]!;
}

export const user = (content: string) => [{ role: 'user' as const, content }];
