import type { TestReport } from './test-report.js';

export type CheckName = 'setup' | 'build' | 'test';

export interface CheckResult {
  readonly name: CheckName;
  readonly command: string;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  readonly passed: boolean;
  /** Bounded output (head and tail kept, the cut said). */
  readonly output: string;
  /**
   * The test check's results, read from the files this run wrote (the `test-results` input), when
   * there were any; read test names through `testReportOf`, which falls back to the console output.
   */
  readonly testResults?: TestReport;
}

export interface VerificationRun {
  /** 'baseline', 'round 1', 'round 2', ... */
  readonly label: string;
  readonly checks: readonly CheckResult[];
  /** Which isolation the commands ran under (see src/sandbox), for the reports. */
  readonly isolation?: string;
}

/** Runs the repository's own setup/build/test commands from the config; never commands from a ticket or a model. */
export interface Verifier {
  /** False when no test command is configured: a change cannot be proven. */
  readonly canVerify: boolean;
  run(label: string): Promise<VerificationRun>;
}
