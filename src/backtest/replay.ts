import { join } from 'node:path';
import type { Config } from '../config/config.js';
import type { PackedContext } from '../localize/pack.js';
import type { ModelGateway } from '../model/gateway.js';
import { runJob } from '../pipeline/run-job.js';
import type { Localization } from '../pipeline/stages.js';
import { getErrorMessage } from '../shared/errors.js';
import { SecretMasker } from '../shared/secrets.js';
import type { CommandSetting } from '../sandbox/choose.js';
import type { Logger } from '../shared/logger.js';
import { isOperatorOutcome } from '../shared/outcome.js';
import { Transcript } from '../shared/transcript.js';
import { createCommandVerifier } from '../verify/command-verifier.js';
import type { VerificationRun, Verifier } from '../verify/verifier.js';
import type { GitRunner } from '../git/git-runner.js';
import { defaultWiring, modelStages } from '../wiring.js';
import { filesOfPatch } from './changed-paths.js';
import { applyPatch, restoreFromBase, type BacktestGit } from './git-tools.js';
import type { Instance } from './instance.js';
import { judgeInstance, lostAt, recallAt, type HeldOutVerdict } from './judge.js';
import { oracleAnswer } from './oracle-answer.js';
import { instanceTracker, ticketOf, worktreeWorkspace } from './ports.js';
import type { AgentActivity } from '../report/job-report.js';
import {
  harnessMismatch,
  verdictOf,
  wouldOpenPr,
  type AgentFigures,
  type Answers,
  type BacktestEditMode,
  type InstanceResult,
} from './result.js';
import { OracleAgent } from './scripted-agent.js';
import { createScriptedGateway } from './scripted-gateway.js';
import type { SetupCache } from './setup-cache.js';

/** Characters of test output kept for the judge: a verbose run of thousands of tests, bounded. */
export const JUDGE_OUTPUT_LIMIT = 4_000_000;

export interface ReplayDeps {
  /** The job's configuration (dry run); the repository path and setup are set per instance. */
  readonly config: Config;
  readonly answers: Answers;
  readonly git: BacktestGit;
  readonly setup?: SetupCache;
  /** Parent directory of the per-instance worktrees. */
  readonly workDir: string;
  readonly logger: Logger;
  /** The sandbox and allowlisted environment the repository's commands run with (chosen once). */
  readonly commands: CommandSetting;
  /** The real gateway (host lock, Ollama) for live answers. */
  readonly liveGateway: (config: Config, transcript: Transcript) => ModelGateway;
}

/**
 * Replays one closed ticket: a fresh worktree at its base, the job in dry run (triage, localize,
 * edit, verify) with the chosen answers, then the judge: the held-out tests on top of the change.
 * The worktree is removed before returning, whatever happened.
 */
export async function replayInstance(
  instance: Instance,
  position: number,
  deps: ReplayDeps,
): Promise<InstanceResult> {
  const started = Date.now();
  const { git, logger } = deps;
  const testCommand = deps.config.verification.testCommand;
  const base = await git.requireCommit(instance.baseCommit);
  const fail = (reason: string): InstanceResult =>
    failedBeforeJob(instance, deps, reason, Date.now() - started);
  if (!base) {
    return fail(
      `base commit ${instance.baseCommit} is not in --repo ${git.repo}; fetch it (e.g. git fetch origin ${instance.baseCommit}) or clone the full history.`,
    );
  }
  const dir = join(deps.workDir, instance.instanceId.replace(/[^\w.-]+/g, '_'));
  try {
    const worktree = await git.addWorktree(dir, base);
    let setup: InstanceResult['setup'] = null;
    if (deps.setup) {
      const prepared = await deps.setup.prepare(worktree, await deps.setup.key(git, base));
      setup = { cached: prepared.cached, ms: prepared.durationMs };
      logger.info(
        `Setup ${prepared.cached ? 'restored from the cache' : 'ran'} in ${prepared.durationMs} ms.`,
      );
      if (!prepared.ok) {
        return { ...fail(`the setup command failed: ${prepared.output.slice(-500)}`), setup };
      }
    }
    const ticket = ticketOf(instance, position);
    const config: Config = {
      ...deps.config,
      dryRun: true,
      tracker: { ...deps.config.tracker, ticketId: ticket.id },
      repository: { ...deps.config.repository, path: dir },
      verification: { ...deps.config.verification, setupCommand: '' },
    };
    const transcript = new Transcript();
    const { gateway, oracleAgent } = await gatewayFor(instance, base, config, transcript, deps);
    const verifier = createCommandVerifier({
      config,
      repoRoot: dir,
      logger,
      commands: deps.commands,
      // The judge reads every test name: a verbose run of a large suite is far longer than a job keeps.
      outputLimit: JUDGE_OUTPUT_LIMIT,
    });
    const stages = modelStages(config, logger, dir);
    let editorFiles: string[] | undefined;
    const report = await runJob(
      {
        config,
        logger,
        transcript,
        render: defaultWiring.renderers(new SecretMasker(config.secrets), transcript),
      },
      {
        gateway,
        tracker: instanceTracker(ticket),
        workspace: worktreeWorkspace(worktree, base),
        forge: () => Promise.reject(new Error('A backtest opens no pull request.')),
        reviewForge: () => Promise.reject(new Error('A backtest revises no pull request.')),
        verifier,
        stages: {
          ...stages,
          async localize(input): Promise<Localization> {
            const result = await stages.localize(input);
            editorFiles = [
              ...new Set((result.editorContext as PackedContext).blocks.map((b) => b.path)),
            ];
            return result;
          },
        },
      },
    );

    const applied = (report.edit?.changedFiles.length ?? 0) > 0;
    const heldOut = isOperatorOutcome(report.outcome)
      ? // The job never reached a verdict on the ticket: running the tests would show nothing.
        { status: 'not-judged' as const, detail: `the job ended ${report.outcome}` }
      : await judgeHeldOut(instance, worktree, verifier, report.verification?.baseline);
    const { verdict, notJudgedReason } = verdictOf({
      outcome: report.outcome,
      reason: report.reason,
      applied,
      heldOut,
    });
    const ranked = (report.localization ?? []).map((f) => f.path);
    const goldInContext =
      editorFiles === undefined
        ? null
        : instance.goldFiles.length > 0 &&
          instance.goldFiles.every((g) => editorFiles!.includes(g));
    const verified = wouldOpenPr(report.outcome);
    const models = report.models;
    const oracleMisses = oracleAgent?.misses.map((m) => `${m.block}: ${m.why}`) ?? [];
    const activity = report.edit?.how?.agent;
    return {
      instance_id: instance.instanceId,
      repo: instance.repo,
      answers: deps.answers,
      edit_mode: editModeOf(deps.config),
      agent: activity ? agentFigures(activity, oracleMisses) : null,
      test_command: testCommand,
      verdict,
      resolved: verdict === 'resolved',
      would_open_pr: wouldOpenPr(report.outcome),
      held_out_tests: heldOut.status === 'not-judged' ? null : heldOut.status,
      not_judged_reason: notJudgedReason,
      judge_detail: heldOut.detail,
      outcome: report.outcome,
      reason: report.reason,
      triage: report.triage
        ? {
            proceed: report.triage.actionable && report.outcome !== 'skipped',
            kind: report.triage.kind,
            size: report.triage.size,
            clarity: report.triage.clarity,
            reason: report.triage.reason,
          }
        : null,
      localization: {
        gold_files: instance.goldFiles,
        ranked_top5: ranked.slice(0, 5),
        recall_at_1: recallAt(ranked, instance.goldFiles, 1),
        recall_at_5: recallAt(ranked, instance.goldFiles, 5),
        gold_in_context: goldInContext,
        editor_files: editorFiles ?? [],
      },
      applied,
      verified,
      evidence: verified ? 'tests' : 'none',
      changed_files: report.edit?.changedFiles ?? [],
      lost_at:
        verdict === 'not-judged'
          ? null
          : (lostAt({
              resolved: verdict === 'resolved',
              operatorOutcome: isOperatorOutcome(report.outcome),
              triageProceeded: report.triage ? report.outcome !== 'skipped' : undefined,
              goldReachedEditor: goldInContext ?? undefined,
              applied,
            }) ?? null),
      fix_lines: instance.fixLines,
      wall_ms: Date.now() - started,
      model_ms: models.reduce((sum, m) => sum + m.totalMs, 0),
      prompt_tokens: models.reduce((sum, m) => sum + m.promptTokens, 0),
      output_tokens: models.reduce((sum, m) => sum + m.outputTokens, 0),
      setup,
      harness_mismatch:
        deps.answers === 'live'
          ? null
          : harnessMismatch(deps.answers, {
              verdict,
              heldOut,
              outcome: report.outcome,
              reason: report.reason,
              oracleMisses,
            }),
      finished_at: new Date().toISOString(),
    };
  } catch (error) {
    // One bad instance (a patch that does not apply, a worktree git refuses) never ends the run.
    return fail(getErrorMessage(error));
  } finally {
    await git.removeWorktree(dir);
  }
}

async function gatewayFor(
  instance: Instance,
  base: string,
  config: Config,
  transcript: Transcript,
  deps: ReplayDeps,
): Promise<{ gateway: ModelGateway; oracleAgent?: OracleAgent }> {
  if (deps.answers === 'live') return { gateway: deps.liveGateway(config, transcript) };
  let editAnswer = '';
  let oracleAgent: OracleAgent | undefined;
  let shown: readonly string[] = instance.goldFiles;
  if (deps.answers === 'oracle') {
    const patched = (field: 'fix_patch' | 'test_patch', patch: string) =>
      deps.git.fixedFiles(base, patch).catch((error: unknown) => {
        throw new Error(
          `${field} does not apply at base_commit ${instance.baseCommit}: ${getErrorMessage(error)}`,
        );
      });
    // The real change as its author made it: the fix, and the edits to existing tests the fix
    // needed (a perfect model makes them too, or the job's own tests fail). New test files stay
    // held out; the judge restores every held-out file before adding the real tests.
    const fixed = await patched('fix_patch', instance.fixPatch);
    const testEdits = (await patched('test_patch', instance.testPatch)).filter(
      (f) => f.before !== undefined,
    );
    const { answer, blocks, inexpressible } = oracleAnswer([...fixed, ...testEdits]);
    // In agent mode the oracle must find where each block goes through the tools.
    if (editModeOf(config) === 'agent') oracleAgent = new OracleAgent(blocks);
    // The editor edits only files it was shown: the oracle asks for the tests it edits too.
    shown = [...instance.goldFiles, ...testEdits.map((f) => f.path)];
    if (inexpressible.length > 0)
      deps.logger.warning(
        `The oracle cannot express the fix's change to ${inexpressible.join(', ')}.`,
      );
    editAnswer = answer;
  }
  const gateway = createScriptedGateway({
    answers: deps.answers,
    filesToShow: shown,
    editAnswer,
    ...(oracleAgent ? { agent: oracleAgent } : {}),
  });
  return { gateway, ...(oracleAgent ? { oracleAgent } : {}) };
}

/** The edit mode a backtest runs with: the command accepts pipeline and agent only. */
export function editModeOf(config: Config): BacktestEditMode {
  return config.editing.mode === 'agent' ? 'agent' : 'pipeline';
}

function agentFigures(activity: AgentActivity, oracleMisses: readonly string[]): AgentFigures {
  return {
    turns: activity.turns,
    files_read: activity.filesRead,
    searches: activity.searches,
    edits: activity.edits,
    test_runs: activity.testRuns,
    prompt_tokens: activity.promptTokens,
    output_tokens: activity.outputTokens,
    stopped_by: activity.stoppedBy ?? null,
    oracle_misses: oracleMisses,
  };
}

function failedBeforeJob(
  instance: Instance,
  deps: ReplayDeps,
  reason: string,
  wallMs: number,
): InstanceResult {
  return {
    instance_id: instance.instanceId,
    repo: instance.repo,
    answers: deps.answers,
    edit_mode: editModeOf(deps.config),
    agent: null,
    test_command: deps.config.verification.testCommand,
    verdict: 'not-judged',
    resolved: false,
    would_open_pr: false,
    held_out_tests: null,
    not_judged_reason: reason,
    judge_detail: `not judged: ${reason}`,
    outcome: 'not-run', // no job ran: an operator outcome would stop the run
    reason,
    triage: null,
    localization: {
      gold_files: instance.goldFiles,
      ranked_top5: [],
      recall_at_1: 0,
      recall_at_5: 0,
      gold_in_context: null,
      editor_files: [],
    },
    applied: false,
    verified: false,
    evidence: 'none',
    changed_files: [],
    lost_at: null,
    fix_lines: instance.fixLines,
    wall_ms: wallMs,
    model_ms: 0,
    prompt_tokens: 0,
    output_tokens: 0,
    setup: null,
    harness_mismatch: null,
    finished_at: new Date().toISOString(),
  };
}

/**
 * The held-out tests on top of the job's change (or the base, when nothing was edited), judged
 * against the base's own run. A test patch that does not apply is not judged, naming the field.
 */
async function judgeHeldOut(
  instance: Instance,
  worktree: GitRunner,
  verifier: Verifier,
  jobBaseline: VerificationRun | undefined,
): Promise<HeldOutVerdict> {
  // Without the job's baseline nothing was edited: the worktree is still at the base.
  const baseline = jobBaseline ?? (await verifier.run('baseline (judge)'));
  // The job may have edited the files the held-out tests live in; the judge runs the real ones.
  await restoreFromBase(worktree, instance.baseCommit, filesOfPatch(instance.testPatch).files);
  const notApplied = await applyPatch(worktree, instance.testPatch);
  if (notApplied)
    return {
      status: 'not-judged',
      detail: `test_patch does not apply on top of the change: ${notApplied}`,
    };
  return judgeInstance({
    baseline,
    judged: await verifier.run('held-out tests'),
    failToPass: instance.failToPass,
    heldOutFiles: instance.heldOutFiles,
  });
}
