import { availableParallelism } from 'node:os';

/** Jest runs the TypeScript ESM sources directly (ts-jest, transpile only; `npm run build` type-checks). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  testTimeout: 30000,
  // Many suites wait on real time (git, child processes, simulated servers, rate-limit spacing):
  // more workers than cores keep the cores busy (about half the wall time of cores - 1 on two).
  maxWorkers: Math.ceil(availableParallelism() * 1.5),
};
