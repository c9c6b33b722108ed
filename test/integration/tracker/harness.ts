import type { Config } from '../../../src/config/config.js';
import type { AzureBoardsTrackerOptions } from '../../../src/tracker/azure-boards.js';
import { createAzureBoardsTracker } from '../../../src/tracker/azure-boards.js';
import type { Tracker } from '../../../src/tracker/tracker.js';
import { testConfig } from '../../fakes/config.js';
import type { AzureDevOpsSimulator } from '../../simulators/azure-devops/index.js';
import { recordingLogger, type RecordingLogger } from '../../fakes/logger.js';

/** A 52-character token: the client's rule sends it as a PAT (Basic). */
export const PAT = 'p'.repeat(52);
/** Anything else goes as Bearer, like System.AccessToken. */
export const BEARER = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.system-access-token';

export { recordingLogger, type RecordingLogger };

export function simConfig(sim: AzureDevOpsSimulator, inputs: Record<string, string> = {}): Config {
  return testConfig({
    'azure-devops-org-url': sim.orgUrl,
    'azure-devops-project': sim.project.name,
    'azure-devops-token': PAT,
    ...inputs,
  });
}

export interface TrackerUnderTest {
  readonly tracker: Tracker;
  readonly logger: RecordingLogger;
  readonly sleeps: number[];
}

export function trackerFor(
  sim: AzureDevOpsSimulator,
  options: Partial<Omit<AzureBoardsTrackerOptions, 'config' | 'logger'>> & {
    inputs?: Record<string, string>;
  } = {},
): TrackerUnderTest {
  const logger = recordingLogger();
  const sleeps: number[] = [];
  const { inputs, ...rest } = options;
  const tracker = createAzureBoardsTracker({
    config: simConfig(sim, inputs),
    logger,
    identity: 'https://ci.example/runs/1',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...rest,
  });
  return { tracker, logger, sleeps };
}
