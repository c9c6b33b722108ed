import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from './config/config.js';
import { DEFAULT_EDIT_OUTPUT_TOKENS, editAndVerify, type EditorFile } from './edits/edit-loop.js';
import { createForge } from './forge/create-forge.js';
import type { Forge } from './forge/forge.js';
import type { ReviewForge } from './forge/review.js';
import { createGitWorkspace } from './git/git-workspace.js';
import { localize } from './localize/localize.js';
import { packContext, type PackCandidate, type PackedContext } from './localize/pack.js';
import type { Wiring } from './main.js';
import { createOllamaGateway } from './model/ollama-gateway.js';
import { runAgent } from './agent/agent-loop.js';
import { chooseEditMode } from './pipeline/edit-mode.js';
import type { Transcript } from './shared/transcript.js';
import { evidenceOf, integrityReview } from './pipeline/judge-change.js';
import { reproduceTicket } from './pipeline/reproduce.js';
import type { JobPorts } from './pipeline/run-job.js';
import type { EditResult, Stages } from './pipeline/stages.js';
import {
  renderJobSummary,
  renderPullRequestBody,
  renderPullRequestTitle,
  renderTicketComment,
  writeTranscriptFile,
} from './report/index.js';
import { chooseSandbox } from './sandbox/choose.js';
import type { Host } from './shared/host.js';
import type { Logger } from './shared/logger.js';
import { ticketAsPromptData, type Ticket } from './shared/ticket.js';
import { createAzureBoardsTracker } from './tracker/azure-boards.js';
import { triageTicket } from './triage/triage.js';
import { createCommandVerifier } from './verify/command-verifier.js';
import { testPathMatcher } from './verify/evidence.js';

/**
 * Share of the edit model's prompt budget given to code; the rest holds the instructions, the
 * ticket and, in repair rounds, the failing output.
 */
const CODE_SHARE_OF_EDIT_PROMPT = 0.6;

/** The real adapters: Azure Boards, Ollama, git, GitHub or Azure Repos, the command verifier. */
export const defaultWiring: Wiring = {
  async createPorts(config: Config, host: Host, transcript): Promise<JobPorts> {
    const logger: Logger = host;
    const deadline = Date.now() + config.budgets.jobBudgetMs;
    const gateway = createOllamaGateway({
      config,
      logger,
      transcript,
      deadline,
      warmUp: true,
    });
    const tracker = createAzureBoardsTracker({
      config,
      logger,
      identity: host.runUrl ?? `${os.userInfo().username}@${os.hostname()}`,
    });
    const workspace = await createGitWorkspace({ config, logger });
    let forge: Promise<Forge & ReviewForge> | undefined;
    // The tests run the model's code: sandboxed, with an allowlisted environment, decided (and
    // refused under `sandbox: required`) before any ticket is claimed.
    const commands = await chooseSandbox({
      settings: config.sandbox,
      hostEnv: host.env,
      secrets: config.secrets,
      repoRoot: workspace.root,
      logger,
    });
    const verifier = createCommandVerifier({ config, repoRoot: workspace.root, logger, commands });
    return {
      gateway,
      tracker,
      workspace,
      forge: () => (forge ??= createForge({ config, workspace, logger, env: host.env, deadline })),
      reviewForge: () =>
        (forge ??= createForge({ config, workspace, logger, env: host.env, deadline })),
      verifier,
      stages: modelStages(config, logger, workspace.root, transcript),
    };
  },

  renderers(masker, transcript) {
    return {
      pullRequestTitle: (report) => renderPullRequestTitle(report, masker),
      pullRequestBody: (report, target) =>
        renderPullRequestBody(report, masker, { target, transcript: transcript.entries() }),
      ticketComment: (report) => renderTicketComment(report, masker),
      mask: (text) => masker.mask(text),
      summary: (report, flavor) => renderJobSummary(report, masker, flavor),
      writeTranscript: (file, report) => writeTranscriptFile(file, transcript, report, masker),
    };
  },
};

/** Binds triage, localization and the edit loop to the orchestrator's stage interface. */
export function modelStages(
  config: Config,
  logger: Logger,
  repoRoot: string,
  transcript?: Transcript,
): Stages {
  return {
    triage: ({ ticket, gateway, recent }) => triageTicket({ ticket, gateway, recent, logger }),

    async localize({ ticket, triage, files, gateway }) {
      const editorBudgetTokens = Math.floor(
        gateway.promptBudget('edit', DEFAULT_EDIT_OUTPUT_TOKENS) * CODE_SHARE_OF_EDIT_PROMPT,
      );
      const result = await localize({
        repoRoot,
        files,
        ticket: { title: ticket.title, body: ticketBody(ticket) },
        ticketPromptData: ticketAsPromptData(ticket),
        hints: { searchTerms: triage.searchTerms, namedPaths: triage.namedPaths },
        gateway,
        editorBudgetTokens,
        countTokens: (text) => gateway.countTokens(text),
        logger,
      });
      for (const cut of result.context.cut)
        logger.info(`Editor context: ${cut.path}: ${cut.reason}`);
      return {
        ranked: result.files.map((f) => ({ path: f.path, score: f.score, reasons: f.reasons })),
        editorContext: result.context,
      };
    },

    async revisionContext({ targets, gateway }) {
      const editorBudgetTokens = Math.floor(
        gateway.promptBudget('edit', DEFAULT_EDIT_OUTPUT_TOKENS) * CODE_SHARE_OF_EDIT_PROMPT,
      );
      const candidates: PackCandidate[] = [];
      for (const target of targets) {
        const text = await readFile(path.join(repoRoot, target.path), 'utf8').catch(
          () => undefined,
        );
        if (text === undefined) continue; // deleted by the pull request
        candidates.push({
          path: target.path,
          text,
          focus: target.lines.map((line) => ({ startLine: line, endLine: line, label: 'review' })),
        });
      }
      const context = packContext(candidates, {
        budgetTokens: editorBudgetTokens,
        countTokens: (text) => gateway.countTokens(text),
      });
      for (const cut of context.cut) logger.info(`Editor context: ${cut.path}: ${cut.reason}`);
      return {
        ranked: targets.map((t) => ({
          path: t.path,
          score: 1,
          reasons: [
            t.lines.length > 0
              ? `review threads on lines ${t.lines.join(', ')}`
              : 'changed by the pull request',
          ],
        })),
        editorContext: context,
      };
    },

    reproduce: ({ ticket, localization, files, baseline, gateway, verifier }) =>
      reproduceTicket({
        ticket,
        context: editorFiles(localization.editorContext as PackedContext),
        files,
        ranked: localization.ranked.map((f) => f.path),
        isTest: testPathMatcher(config.verification.testPaths),
        baseline,
        gateway,
        verifier,
        config,
        repoRoot,
        logger,
      }),

    async editAndVerify({
      ticket,
      triage,
      reproduction,
      localization,
      files,
      baseline,
      baselineOn,
      deadline,
      editModelTools,
      gateway,
      verifier,
    }): Promise<EditResult> {
      // A kept reproduction test is shown to the editor and written with its first change.
      const seed =
        reproduction?.status === 'reproduced'
          ? [{ path: reproduction.path, content: reproduction.content }]
          : [];
      const review = integrityReview({ config, triage, baseline, reproduction });
      const how = chooseEditMode({
        configured: config.editing.mode,
        triageSize: triage.summary.size,
        ranking: localization.ranked,
        ...(editModelTools ? { editModelTools } : {}),
      });
      logger.info(`Edit mode: ${how.mode}. ${how.why}`);
      const shared = {
        ticket,
        seed,
        review,
        gateway,
        verifier,
        baseline,
        config,
        repoRoot,
        logger,
      };
      const agent =
        how.mode === 'agent'
          ? await runAgent({
              ...shared,
              candidates: localization.ranked.map((f) => f.path),
              files,
              ...(transcript ? { transcript } : {}),
              ...(deadline === undefined ? {} : { deadline }),
            })
          : undefined;
      const result =
        agent ??
        (await editAndVerify({
          ...shared,
          context: [
            ...editorFiles(localization.editorContext as PackedContext),
            ...seed.map((f) => ({ path: f.path, content: f.content })),
          ],
        }));
      const status: EditResult['status'] =
        result.status === 'verified'
          ? 'verified'
          : result.status === 'no-change'
            ? 'no-change'
            : 'failed';
      const evidence =
        status === 'verified'
          ? await evidenceOf({
              config,
              repoRoot,
              baseline,
              reproduction,
              result,
              ...(baselineOn ? { baselineOn } : {}),
            })
          : undefined;
      const activity = agent ? { agent: agent.activity } : {};
      return {
        status,
        reason: result.reason,
        rounds: result.runs,
        edit: { ...result.edit, how: { mode: how.mode, why: how.why, ...activity } },
        ...(evidence ? { evidence } : {}),
      };
    },
  };
}

function ticketBody(ticket: Ticket): string {
  return [
    ticket.description,
    ticket.reproSteps,
    ticket.acceptanceCriteria,
    ...ticket.comments.map((c) => c.text),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

function editorFiles(context: PackedContext): EditorFile[] {
  return context.blocks.map((block) =>
    block.whole
      ? { path: block.path, content: block.text }
      : {
          path: block.path,
          content: block.text,
          startLine: block.startLine,
          endLine: block.endLine,
        },
  );
}
