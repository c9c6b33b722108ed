import type { SandboxSettings } from '../sandbox/sandbox.js';
import type { EvidenceLevel } from '../verify/evidence-level.js';
import type { ReviewTrigger } from './review-event.js';

/** The one typed, validated configuration of a job. Built only by `parseConfig`. */
export interface Config {
  readonly tracker: TrackerConfig;
  readonly models: ModelsConfig;
  readonly repository: RepositoryConfig;
  readonly verification: VerificationConfig;
  readonly safety: SafetyConfig;
  /** How the edit stage works: the one-shot pipeline or the bounded agent. */
  readonly editing: EditingConfig;
  /** How the repository's commands are isolated (`sandbox`, `sandbox-network`, ...). */
  readonly sandbox: SandboxSettings;
  readonly budgets: BudgetsConfig;
  readonly review: ReviewConfig;
  /** Do everything locally but write nothing remote: no claim, comment, push or pull request. */
  readonly dryRun: boolean;
  /** Directory for the summary and transcript files. */
  readonly outputDir: string;
  /** Every secret value of the configuration, for masking and for scrubbing. */
  readonly secrets: readonly string[];
}

export interface TrackerConfig {
  /** Organization URL without a trailing slash, e.g. https://dev.azure.com/contoso. */
  readonly orgUrl: string;
  readonly project: string;
  readonly token: string;
  readonly eligibleTag: string;
  readonly allowedStates: readonly string[];
  /** '' = whole project. */
  readonly areaPath: string;
  /** '' = the default query built from tag, states and area. */
  readonly wiqlQuery: string;
  /** Set when the job was given one ticket. */
  readonly ticketId?: number;
  /** Failed attempts (operator outcomes after the claim) before a ticket is settled needs-human. */
  readonly maxAttempts: number;
}

export interface ModelsConfig {
  /** Base URL of the Ollama server, e.g. http://127.0.0.1:11434. */
  readonly host: string;
  readonly triageModel: string;
  readonly editModel: string;
  /** num_ctx for each model, or 'auto'. */
  readonly triageContext: number | 'auto';
  readonly editContext: number | 'auto';
  /** Ollama keep_alive in seconds (0 = unload after the call, negative = forever). */
  readonly keepAliveSeconds: number;
  /** GPU memory in bytes, when given. */
  readonly gpuMemoryBytes?: number;
  /** Path of a probe capacity file, when given. */
  readonly capacityFile?: string;
}

export type PrTarget = 'auto' | 'github' | 'azure-repos';
export type EditFormat = 'auto' | 'diff' | 'whole';

export interface RepositoryConfig {
  /** Absolute path of the git checkout. */
  readonly path: string;
  /** '' = the remote's default branch. */
  readonly baseBranch: string;
  readonly prTarget: PrTarget;
  readonly githubToken: string;
  readonly githubApiUrl: string;
  /** 'owner/name', or '' to derive it from the remote URL. */
  readonly githubRepository: string;
  /** Azure Repos repository name or id, or '' to derive it from the remote URL. */
  readonly azureReposRepository: string;
  readonly draft: boolean;
  readonly commitAuthor: { readonly name: string; readonly email: string };
  readonly editFormat: EditFormat;
}

export interface VerificationConfig {
  readonly setupCommand: string;
  readonly buildCommand: string;
  readonly testCommand: string;
  /** Globs of the JUnit XML / TRX files the test command writes ([] = read the console output). */
  readonly testResults: readonly string[];
  readonly commandTimeoutMs: number;
  readonly maxRepairAttempts: number;
  /** Globs of test files: a change is classified file by file as test or source. */
  readonly testPaths: readonly string[];
  /** 'auto': the edit model writes a reproduction test before the fix (when a test command exists). */
  readonly reproduce: 'auto' | 'off';
  /** Least evidence before a pull request is opened; below it the branch is pushed for a human. */
  readonly minEvidence: EvidenceLevel;
}

export type EditMode = 'pipeline' | 'agent' | 'auto';

export interface EditingConfig {
  /** 'auto': triage's size and how unsure localization is choose, per ticket. */
  readonly mode: EditMode;
  readonly agent: AgentLimits;
}

/** Limits the harness enforces on the agent editor; the job's deadline wins over all of them. */
export interface AgentLimits {
  /** Model turns (requests) at most. */
  readonly maxTurns: number;
  /** run_tests calls at most (the final verification is not one of them). */
  readonly maxTestRuns: number;
  /** Prompt plus output tokens over the whole loop, as the server counted them. */
  readonly maxTokens: number;
  /** Wall time of the loop in milliseconds. */
  readonly timeLimitMs: number;
}

export interface SafetyConfig {
  readonly protectedPaths: readonly string[];
  readonly maxChangedFiles: number;
  readonly maxChangedLines: number;
  readonly allowNewFiles: boolean;
}

/** Revising ticket-to-pr's own pull requests from review feedback. */
export interface ReviewConfig {
  /** Set when the job was given one pull request to revise (`pull-request`). */
  readonly pullRequest?: number;
  readonly maxRevisions: number;
  /** What the GitHub Actions review event that started the job asks for, when one did. */
  readonly trigger?: ReviewTrigger;
}

export interface BudgetsConfig {
  readonly jobBudgetMs: number;
  readonly lockWaitMs: number;
  /** Absolute path of the host-wide model lock file. */
  readonly lockFile: string;
}
