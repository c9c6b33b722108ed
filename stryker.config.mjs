/**
 * Mutation testing of the modules that keep the README's safety promises (`npm run test:mutation`).
 * Not part of `npm test` or CI: it takes tens of minutes on two cores. One module while iterating:
 * `npm run test:mutation -- --mutate src/model/retry.ts`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  mutate: [
    'src/model/classify-error.ts',
    'src/model/retry.ts',
    'src/model/host-lock.ts',
    'src/edits/guards.ts',
    'src/edits/workspace-files.ts',
    'src/verify/scrub-env.ts',
    'src/tracker/claim-marker.ts',
    'src/shared/secrets.ts',
    'src/shared/log-text.ts',
    'src/sandbox/bwrap-args.ts',
    'src/sandbox/runner-paths.ts',
    'src/git/git-env.ts',
  ],
  testRunner: 'jest',
  jest: { configFile: 'jest.stryker.config.js', enableFindRelatedTests: true },
  // Jest runs the ESM sources through node's VM modules, as in `npm test`.
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning'],
  // Mutants that do not compile are dropped before any test runs; the sources alone are checked.
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.stryker.json',
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 30_000,
  // The sandbox needs the sources and tests only, not reports, earlier sandboxes or the bundles.
  ignorePatterns: ['coverage', 'dist'],
  tempDirName: 'coverage/.stryker-tmp',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'coverage/mutation/index.html' },
  jsonReporter: { fileName: 'coverage/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: 90 },
};
