import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../shared/errors.js';
import type { Config, EditFormat, EditMode, PrTarget } from './config.js';
import { EVIDENCE_LEVELS, type EvidenceLevel } from '../verify/evidence-level.js';
import { INPUTS } from './inputs.js';
import type { HostEvent } from '../shared/host.js';
import type { SandboxMode } from '../sandbox/sandbox.js';
import { parsePullRequestRef, reviewTriggerOf } from './review-event.js';
import { withBuiltInProtections } from './protected-paths.js';
import {
  InvalidValue,
  parseAuthor,
  parseBoolean,
  parseByteSize,
  parseDuration,
  parseEnum,
  parseGlobs,
  parseInteger,
  parseList,
  parseUrl,
  URL_EXAMPLES,
} from './values.js';

/** Reads one input's raw value ('' when unset). Hosts supply it. */
export type InputReader = (name: string) => string;

const INPUT_BY_NAME = new Map(INPUTS.map((i) => [i.name, i]));

/**
 * Parses and validates every input into one Config. All problems are collected and reported
 * together, each naming the input, quoting the value and saying what is accepted.
 */
export function parseConfig(
  read: InputReader,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
  /** The CI event that started the job (GitHub Actions), when the host read one. */
  event?: HostEvent,
): Config {
  const problems: string[] = [];
  const missing: string[] = [];

  const raw = (name: string): string => {
    const def = INPUT_BY_NAME.get(name);
    if (!def) throw new Error(`unknown input ${name}`); // a programming error, not a user error
    const value = read(name).trim();
    if (value === '' && def.required) missing.push(name);
    return value === '' ? def.default : value;
  };

  /** Applies a value parser; on failure records a message and returns the fallback. */
  const field = <T>(name: string, parse: (value: string) => T, fallback: T): T => {
    const value = raw(name);
    if (value === '') return fallback;
    try {
      return parse(value);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      const shown = INPUT_BY_NAME.get(name)?.secret ? '***' : value;
      problems.push(`Input '${name}' has an invalid value '${shown}': ${error.message}.`);
      return fallback;
    }
  };

  const contextSize = (value: string): number | 'auto' =>
    value.toLowerCase() === 'auto' ? 'auto' : parseIntegerOrAuto(value);

  const config: Config = {
    tracker: {
      orgUrl: field('azure-devops-org-url', (v) => parseUrl(v, URL_EXAMPLES.azureDevOps), ''),
      project: raw('azure-devops-project'),
      token: raw('azure-devops-token'),
      eligibleTag: field('eligible-tag', parseTag, 'autofix'),
      allowedStates: parseList(raw('allowed-states')),
      areaPath: raw('area-path'),
      wiqlQuery: field('wiql-query', parseWiql, ''),
      ticketId: field(
        'ticket-id',
        (v) => parseInteger(v, 1, 2_147_483_647),
        undefined as number | undefined,
      ),
      maxAttempts: field('max-attempts', (v) => parseInteger(v, 1, 10), 3),
    },
    models: {
      host: field('ollama-host', (v) => parseUrl(v, URL_EXAMPLES.ollama), ''),
      triageModel: raw('triage-model'),
      editModel: raw('edit-model'),
      triageContext: field('triage-context', contextSize, 'auto' as number | 'auto'),
      editContext: field('edit-context', contextSize, 'auto' as number | 'auto'),
      keepAliveSeconds: field(
        'keep-alive',
        (v) => parseDuration(v, { allowNegative: true }) / 1000,
        600,
      ),
      gpuMemoryBytes: field('gpu-memory', parseByteSize, undefined as number | undefined),
      capacityFile: optionalPath(raw('capacity-file'), cwd),
    },
    repository: {
      path: path.resolve(cwd, raw('repository-path')),
      baseBranch: field('base-branch', parseBranchName, ''),
      prTarget: field(
        'pr-target',
        (v) => parseEnum<PrTarget>(v, ['auto', 'github', 'azure-repos']),
        'auto',
      ),
      githubToken: raw('github-token'),
      githubApiUrl: field(
        'github-api-url',
        (v) => parseUrl(v, URL_EXAMPLES.githubApi),
        'https://api.github.com',
      ),
      githubRepository: field('github-repository', parseOwnerRepo, ''),
      azureReposRepository: raw('azure-repos-repository'),
      draft: field('draft', parseBoolean, true),
      commitAuthor: field('commit-author', parseAuthor, {
        name: 'ticket-to-pr',
        email: 'ticket-to-pr@users.noreply.github.com',
      }),
      editFormat: field(
        'edit-format',
        (v) => parseEnum<EditFormat>(v, ['auto', 'diff', 'whole']),
        'auto',
      ),
    },
    verification: {
      setupCommand: raw('setup-command'),
      buildCommand: raw('build-command'),
      testCommand: raw('test-command'),
      testResults: field('test-results', parseGlobs, []),
      commandTimeoutMs: field('command-timeout', (v) => parseDuration(v, { min: 1000 }), 600_000),
      maxRepairAttempts: field('max-repair-attempts', (v) => parseInteger(v, 0, 5), 2),
      testPaths: field('test-paths', parseGlobs, []),
      reproduce: field('reproduce', (v) => parseEnum<'auto' | 'off'>(v, ['auto', 'off']), 'auto'),
      minEvidence: field(
        'min-evidence',
        (v) => parseEnum<EvidenceLevel>(v, [...EVIDENCE_LEVELS]),
        'no-regression',
      ),
    },
    safety: {
      protectedPaths: withBuiltInProtections(field('protected-paths', parseGlobs, [])),
      maxChangedFiles: field('max-changed-files', (v) => parseInteger(v, 1, 100), 5),
      maxChangedLines: field('max-changed-lines', (v) => parseInteger(v, 1, 100_000), 300),
      allowNewFiles: field('allow-new-files', parseBoolean, true),
    },
    editing: {
      mode: field(
        'edit-mode',
        (v) => parseEnum<EditMode>(v, ['pipeline', 'agent', 'auto']),
        'pipeline' as EditMode,
      ),
      agent: {
        maxTurns: field('agent-max-turns', (v) => parseInteger(v, 1, 200), 30),
        maxTestRuns: field('agent-max-test-runs', (v) => parseInteger(v, 0, 20), 4),
        maxTokens: field('agent-max-tokens', (v) => parseInteger(v, 10_000, 10_000_000), 600_000),
        timeLimitMs: field(
          'agent-time-limit',
          (v) => parseDuration(v, { min: 60_000 }),
          20 * 60_000,
        ),
      },
    },
    sandbox: {
      mode: field(
        'sandbox',
        (v) => parseEnum<SandboxMode>(v, ['auto', 'required', 'off']),
        'auto' as SandboxMode,
      ),
      network: field('sandbox-network', (v) => parseEnum(v, ['on', 'off']) === 'on', true),
      writable: field('sandbox-writable', (v) => parseWritablePaths(v, env, cwd), []),
      envNames: field('sandbox-env', parseEnvNames, []),
    },
    budgets: {
      jobBudgetMs: field('job-budget', (v) => parseDuration(v, { min: 60_000 }), 45 * 60_000),
      lockWaitMs: field('lock-wait', (v) => parseDuration(v), 20 * 60_000),
      lockFile: optionalPath(raw('lock-file'), cwd) ?? defaultLockFile(),
    },
    review: {
      pullRequest: field('pull-request', parsePullRequestRef, undefined as number | undefined),
      maxRevisions: field('max-revisions', (v) => parseInteger(v, 1, 20), 3),
      trigger: eventTrigger(event, problems),
    },
    dryRun: field('dry-run', parseBoolean, false),
    outputDir: outputDirFrom(raw('output-dir'), env, cwd),
    secrets: [],
  };

  if (config.review.pullRequest !== undefined && config.tracker.ticketId !== undefined) {
    problems.push(
      "Inputs 'ticket-id' and 'pull-request' are both set: a job either works on a ticket or revises a pull request. Set only one.",
    );
  }
  if (config.models.triageModel === '' || config.models.editModel === '') {
    problems.push(
      "Inputs 'triage-model' and 'edit-model' must name Ollama models, e.g. 'qwen2.5-coder:7b'.",
    );
  }
  if (config.tracker.allowedStates.length === 0 && config.tracker.wiqlQuery === '') {
    problems.push(
      "Input 'allowed-states' is empty: expected comma-separated work item states such as 'New,Active'.",
    );
  }

  if (missing.length > 0) {
    problems.unshift(
      `Missing required input${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. ` +
        'Set them under `with:` (GitHub Actions), as INPUT_<NAME> variables (Azure Pipelines), or as --<name> flags (CLI).' +
        (missing.includes('azure-devops-token') && env.TF_BUILD ? AZURE_TOKEN_HINT : ''),
    );
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));

  const secrets = [config.tracker.token, config.repository.githubToken].filter((s) => s !== '');
  return { ...config, secrets };
}

function eventTrigger(event: HostEvent | undefined, problems: string[]) {
  try {
    return reviewTriggerOf(event);
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    problems.push(`${error.message}.`);
    return undefined;
  }
}

/** Azure Pipelines passes $(System.AccessToken) to a script only when the step maps it. */
const AZURE_TOKEN_HINT =
  " In Azure Pipelines, give the job the pipeline's own token: map `SYSTEM_ACCESSTOKEN: $(System.AccessToken)` in the step's `env:` (as examples/azure-pipelines.yml does); Azure Pipelines does not pass it to a script otherwise.";

/** The host-wide model lock every job and `probe` on the machine share unless told otherwise. */
export function defaultLockFile(): string {
  return path.join(os.tmpdir(), 'ticket-to-pr-model.lock');
}

/**
 * Where the summary and transcript go: `output-dir`, else the runner's temp dir. main.ts reads it on
 * its own too, so a job whose other inputs are wrong still writes where it was asked to.
 */
export function outputDirFrom(
  value: string,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string {
  return optionalPath(value.trim(), cwd) ?? defaultOutputDir(env);
}

/** Where the summary and transcript go when `output-dir` is not set: the runner's temp dir. */
function defaultOutputDir(env: NodeJS.ProcessEnv): string {
  return path.join(env.RUNNER_TEMP || env.AGENT_TEMPDIRECTORY || os.tmpdir(), 'ticket-to-pr');
}

function parseIntegerOrAuto(value: string): number {
  try {
    return parseInteger(value, 512, 1_048_576);
  } catch {
    throw new InvalidValue("expected 'auto' or a context size in tokens from 512 to 1048576");
  }
}

function parseTag(value: string): string {
  if (/[;]/.test(value) || value.startsWith('autofix:')) {
    throw new InvalidValue(
      "expected one tag without ';' that does not start with 'autofix:' (those are status tags)",
    );
  }
  return value;
}

function parseWiql(value: string): string {
  if (!/^\s*select\b/i.test(value) || !/\bfrom\s+workitems\b/i.test(value)) {
    throw new InvalidValue(
      "expected a WIQL query such as 'SELECT [System.Id] FROM WorkItems WHERE ...'",
    );
  }
  return value;
}

function parseBranchName(value: string): string {
  if (/\s|\.\.|[~^:?*[\\]/.test(value) || value.startsWith('-')) {
    throw new InvalidValue('expected a git branch name such as main');
  }
  return value.replace(/^refs\/heads\//, '');
}

function parseOwnerRepo(value: string): string {
  if (!/^[\w.-]+\/[\w.-]+$/.test(value)) throw new InvalidValue("expected 'owner/name'");
  return value;
}

/** `sandbox-writable`: absolute paths (`~/` is HOME); never the root, which would undo the sandbox. */
function parseWritablePaths(value: string, env: NodeJS.ProcessEnv, cwd: string): string[] {
  return parseList(value).map((item) => {
    if (item.startsWith('~') && !env.HOME)
      throw new InvalidValue(
        `'${item}' starts with '~' but HOME is not set; give an absolute path`,
      );
    const resolved = path.resolve(cwd, item.replace(/^~(?=$|\/)/, env.HOME ?? '~'));
    if (resolved === path.parse(resolved).root)
      throw new InvalidValue(
        "expected folders such as '~/.npm' or '/opt/cache'; the root would make the whole disk writable",
      );
    return resolved;
  });
}

/** `sandbox-env`: variable names; never the action's inputs or the runner's own channels. */
function parseEnvNames(value: string): string[] {
  return parseList(value).map((name) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new InvalidValue(
        `expected environment variable names such as 'NODE_OPTIONS'; '${name}' is not one`,
      );
    if (
      /^(INPUT_|ACTIONS_)/i.test(name) ||
      /^GITHUB_(ENV|PATH|OUTPUT|STATE|STEP_SUMMARY)$/i.test(name)
    )
      throw new InvalidValue(
        `'${name}' is the runner's own channel (action inputs, ACTIONS_*, the command files) and never reaches the commands`,
      );
    return name;
  });
}

function optionalPath(value: string, cwd: string): string | undefined {
  return value === '' ? undefined : path.resolve(cwd, value);
}
