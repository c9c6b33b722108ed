import base from './jest.config.js';

/**
 * The tests `npm run test:mutation` runs against each mutant: those that exercise the safety cores
 * Stryker mutates (see stryker.config.mjs). The whole suite would take hours per run on two cores.
 */
export default {
  ...base,
  testMatch: [
    '<rootDir>/test/unit/model/**/*.test.ts',
    '<rootDir>/test/unit/edits/apply-edits.test.ts',
    '<rootDir>/test/unit/edits/*-pinned.test.ts',
    '<rootDir>/test/unit/verify/**/*.test.ts',
    '<rootDir>/test/unit/report/secrets.test.ts',
    '<rootDir>/test/unit/shared/**/*.test.ts',
    '<rootDir>/test/unit/tracker/**/*.test.ts',
    '<rootDir>/test/unit/hosts/log-commands.test.ts',
    '<rootDir>/test/unit/sandbox/**/*.test.ts',
    '<rootDir>/test/unit/git/git-env.test.ts',
    '<rootDir>/test/integration/model/retry.int.test.ts',
    '<rootDir>/test/integration/model/*-pinned.int.test.ts',
    '<rootDir>/test/integration/edits/apply-command.int.test.ts',
    '<rootDir>/test/integration/edits/*-pinned.int.test.ts',
    '<rootDir>/test/integration/tracker/azure-boards.int.test.ts',
    '<rootDir>/test/integration/tracker/*-pinned.int.test.ts',
  ],
};
