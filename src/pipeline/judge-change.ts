import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/config.js';
import type { EditLoopResult } from '../edits/edit-loop.js';
import type { EvidenceSummary } from '../report/job-report.js';
import {
  failedOnBase,
  judgeEvidence,
  reviewChange,
  testPathMatcher,
  type ChangedPath,
  type ChangeRefusal,
} from '../verify/evidence.js';
import type { VerificationRun } from '../verify/verifier.js';
import type { Reproduction } from './reproduce.js';
import type { TriageDecision } from './stages.js';

/**
 * The edit loop's review of each change: test integrity with the job's rules (test paths, triage's
 * kind, the baseline's failures, the reproduction test that must stay as it was validated).
 */
export function integrityReview(input: {
  readonly config: Config;
  readonly triage: TriageDecision;
  readonly baseline: VerificationRun;
  readonly reproduction?: Reproduction;
}): (change: readonly ChangedPath[]) => ChangeRefusal | undefined {
  const isTest = testPathMatcher(input.config.verification.testPaths);
  const failed = failedOnBase(input.baseline);
  const reproPath = input.reproduction?.status === 'reproduced' ? input.reproduction.path : '';
  return (change) =>
    reviewChange(change, {
      isTest,
      testTask: input.triage.summary.kind === 'test',
      // The reproduction test failed on the base commit by construction.
      failedAtBase: (file, baseText) => file === reproPath || failed(file, baseText),
    });
}

/** What the verified change was shown to do, with the facts a reviewer needs next to it. */
export async function evidenceOf(input: {
  readonly config: Config;
  readonly repoRoot: string;
  readonly baseline: VerificationRun;
  readonly reproduction?: Reproduction;
  readonly result: EditLoopResult;
  /** What the baseline ran on, when not the base commit (a revision: the pull request's head). */
  readonly baselineOn?: string;
}): Promise<EvidenceSummary> {
  const { result, reproduction } = input;
  const isTest = testPathMatcher(input.config.verification.testPaths);
  const changedTests = result.changedFiles.filter(
    (f) => isTest(f) && !result.createdFiles.includes(f),
  );
  const final = result.runs.at(-1);
  const repro = reproduction?.status === 'reproduced' ? reproduction : undefined;
  const onDisk = repro
    ? await fs.readFile(path.join(input.repoRoot, repro.path), 'utf8').catch(() => undefined)
    : undefined;
  const judged = final
    ? judgeEvidence({
        baseline: input.baseline,
        final,
        changedExistingTests: changedTests,
        ...(input.baselineOn ? { baselineOn: input.baselineOn } : {}),
        ...(repro
          ? {
              reproduction: {
                path: repro.path,
                tests: repro.tests,
                unchanged: onDisk === repro.content && result.createdFiles.includes(repro.path),
              },
            }
          : {}),
      })
    : undefined;
  return {
    level: judged?.level ?? 'no-regression',
    shown: judged?.shown ?? 'No verification run was recorded.',
    reproduction: {
      status: reproduction?.status ?? 'off',
      attempts: reproduction?.attempts ?? 0,
      note: reproduction?.note ?? 'Reproduction is off (reproduce: off).',
      ...(repro ? { path: repro.path, content: repro.content } : {}),
    },
    changedTests,
  };
}
