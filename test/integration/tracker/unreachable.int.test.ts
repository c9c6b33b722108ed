// An organization URL nothing answers at, through the real client: the tracker's error names
// azure-devops-org-url and what to check, never "Unexpected error: connect ECONNREFUSED".
import { describe, expect, it } from '@jest/globals';
import { OutcomeError } from '../../../src/shared/errors.js';
import { createAzureBoardsTracker } from '../../../src/tracker/azure-boards.js';
import { testConfig } from '../../fakes/config.js';
import { recordingLogger } from '../../fakes/logger.js';
import { PAT } from './harness.js';
import { closedPort } from '../../fixtures/closed-port.js';

describe('an unreachable azure-devops-org-url', () => {
  it('names the input, the URL and what failed, after the retries', async () => {
    const orgUrl = `http://127.0.0.1:${await closedPort()}/contoso`;
    const logger = recordingLogger();
    const tracker = createAzureBoardsTracker({
      config: testConfig({
        'azure-devops-org-url': orgUrl,
        'azure-devops-project': 'Fabrikam',
        'azure-devops-token': PAT,
      }),
      logger,
      identity: 'https://ci.example/runs/1',
      sleep: async () => undefined,
    });
    const error = await tracker.pickAndClaim().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeError);
    expect((error as OutcomeError).outcome).toBe('error');
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Azure DevOps is not reachable at ${orgUrl.replace(/[.]/g, '\\.')}: could not discover the work item API \\(connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\)\\. Check that azure-devops-org-url names the organization`,
      ),
    );
    expect(logger.lines.filter((l) => /retrying in/.test(l))).toHaveLength(3);
  });
});
