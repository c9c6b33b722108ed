import { describe, expect, it } from '@jest/globals';
import { runnerPaths, runnerRootOf } from '../../../src/sandbox/runner-paths.js';

describe('runnerPaths', () => {
  it('hides the GitHub runner temp dir, the command files and their folder, and its credential files', () => {
    const cmd = '/home/runner/work/_temp/_runner_file_commands';
    const paths = runnerPaths(
      {
        RUNNER_TEMP: '/home/runner/work/_temp',
        GITHUB_ENV: `${cmd}/set_env_1`,
        GITHUB_PATH: `${cmd}/add_path_1`,
        GITHUB_OUTPUT: `${cmd}/set_output_1`,
        GITHUB_STATE: `${cmd}/save_state_1`,
        GITHUB_STEP_SUMMARY: `${cmd}/step_summary_1`,
      },
      '/opt/actions-runner/externals/node20/bin/node',
    );
    expect(paths.dirs).toEqual(['/home/runner/work/_temp', cmd]);
    expect(paths.files).toEqual(
      expect.arrayContaining([
        `${cmd}/set_env_1`,
        `${cmd}/add_path_1`,
        `${cmd}/set_output_1`,
        `${cmd}/save_state_1`,
        `${cmd}/step_summary_1`,
        '/opt/actions-runner/.runner',
        '/opt/actions-runner/.credentials',
        '/opt/actions-runner/.credentials_rsaparams',
      ]),
    );
  });

  it("hides the Azure agent's temp dir and the credential files in AGENT_HOMEDIRECTORY", () => {
    const paths = runnerPaths(
      { AGENT_TEMPDIRECTORY: '/agent/_work/_temp', AGENT_HOMEDIRECTORY: '/agent' },
      '/usr/bin/node',
    );
    expect(paths.dirs).toEqual(['/agent/_work/_temp']);
    expect(paths.files).toEqual(
      expect.arrayContaining([
        '/agent/.agent',
        '/agent/.credentials',
        '/agent/.credentials_rsaparams',
      ]),
    );
  });

  it('ignores relative and missing values', () => {
    expect(runnerPaths({ RUNNER_TEMP: 'tmp', GITHUB_ENV: '' }, '/usr/bin/node')).toEqual({
      dirs: [],
      files: [],
    });
  });
});

describe('runnerRootOf', () => {
  it("finds the root from the runner's own node", () => {
    expect(runnerRootOf('/opt/actions-runner/externals/node20/bin/node')).toBe(
      '/opt/actions-runner',
    );
    expect(runnerRootOf('/usr/bin/node')).toBeUndefined();
    expect(runnerRootOf('/externals/node20/bin/node')).toBe('/');
  });

  it('takes no other node for the runner’s: the folder names must be externals and bin', () => {
    expect(runnerRootOf('/opt/tools/node20/bin/node')).toBeUndefined();
    expect(runnerRootOf('/opt/actions-runner/externals/node20/lib/node')).toBeUndefined();
  });
});
