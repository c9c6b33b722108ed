// A whole world for end-to-end runs of the bundled action: the Azure DevOps simulator (board and
// Azure Repos), the Ollama simulator with scripted answers, optionally the GitHub simulator, and
// the sample repository with a bare `file://` remote. `run()` starts `node dist/index.js` the way a
// runner does: INPUT_* variables, GITHUB_OUTPUT / TF_BUILD, a fresh process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startAzureDevOpsSimulator,
  type AzureDevOpsSimulator,
  type SimulatorOptions,
  type WorkItemSeed,
} from '../simulators/azure-devops/index.js';
import {
  startOllamaSimulator,
  type OllamaSimulator,
  type OllamaSimulatorOptions,
  type SimAnswer,
} from '../simulators/ollama/index.js';
import { createSampleRepo, type SampleRepo } from './sample/repo.js';
import { fileURLToPath } from 'node:url';

export const ADO_TOKEN = 'ado-pat-0123456789abcdefghijklmnopqrstuvwxyz0123';
export const TRIAGE_MODEL = 'qwen2.5-coder:7b';
export const EDIT_MODEL = 'qwen2.5-coder:32b';
export const REPOSITORY = 'invoice-tools';

const root = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const ACTION_ENTRY = path.join(root, 'dist', 'index.js');

export interface WorldOptions {
  readonly tickets?: readonly WorkItemSeed[];
  readonly triageAnswer?: SimAnswer;
  readonly editAnswer?: SimAnswer;
  readonly ollama?: OllamaSimulatorOptions;
  /** Azure DevOps simulator options beyond the world's token and project (e.g. token permissions). */
  readonly ado?: SimulatorOptions;
  /** Where the world's files live (default: a new temp dir, removed by close()). */
  readonly dir?: string;
  /** Keep the temp dir after close() (the demo prints paths in it). */
  readonly keepFiles?: boolean;
  /** More files committed in the sample repository's first commit. */
  readonly repoFiles?: Record<string, string>;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

export interface World {
  readonly dir: string;
  readonly ado: AzureDevOpsSimulator;
  readonly ollama: OllamaSimulator;
  readonly repo: SampleRepo;
  /** The INPUT_* variables of a normal run, with overrides by input name. */
  inputs(overrides?: Record<string, string>): Record<string, string>;
  run(options?: {
    inputs?: Record<string, string>;
    azurePipelines?: boolean;
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    /** Receives the job's log as it is written (the demo shows it live). */
    onOutput?: (text: string) => void;
  }): Promise<RunResult>;
  close(): Promise<void>;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-world-'));
  const repo = createSampleRepo(path.join(dir, 'repo'), options.repoFiles);
  const ado = await startAzureDevOpsSimulator({
    token: ADO_TOKEN,
    project: 'Shop',
    ...options.ado,
  });
  ado.addRepository({
    name: REPOSITORY,
    remoteUrl: repo.remoteUrl,
    defaultBranch: 'refs/heads/main',
  });
  for (const seed of options.tickets ?? []) ado.addWorkItem(seed);
  const answers: Record<string, SimAnswer> = {};
  if (options.triageAnswer) answers[TRIAGE_MODEL] = options.triageAnswer;
  if (options.editAnswer) answers[EDIT_MODEL] = options.editAnswer;
  const ollama = await startOllamaSimulator({
    timeScale: 1000,
    ...options.ollama,
    answers: { ...answers, ...options.ollama?.answers },
  });

  const inputs = (overrides: Record<string, string> = {}): Record<string, string> => ({
    'azure-devops-org-url': ado.orgUrl,
    'azure-devops-project': 'Shop',
    'azure-devops-token': ADO_TOKEN,
    'ollama-host': ollama.url,
    'triage-model': TRIAGE_MODEL,
    'edit-model': EDIT_MODEL,
    'gpu-memory': '48GiB',
    'repository-path': repo.workDir,
    'base-branch': 'main',
    'pr-target': 'azure-repos',
    'azure-repos-repository': REPOSITORY,
    'test-command': 'node --test',
    'command-timeout': '60s',
    'lock-file': path.join(dir, 'model.lock'),
    'lock-wait': '60s',
    'output-dir': path.join(dir, 'out'),
    // Scenarios about other stages skip the reproduction test; evidence.test.ts sets '' (the default, auto).
    reproduce: 'off',
    ...overrides,
  });

  const run: World['run'] = async (runOptions = {}) => {
    const outputFile = path.join(
      dir,
      `github-output-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    );
    fs.writeFileSync(outputFile, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...runOptions.env,
    };
    for (const [name, value] of Object.entries(inputs(runOptions.inputs))) {
      env[`INPUT_${name.toUpperCase()}`] = value;
    }
    if (runOptions.azurePipelines) env.TF_BUILD = 'True';
    else {
      // The runner creates both files before the step starts.
      const stepSummary = path.join(dir, 'step-summary.md');
      fs.writeFileSync(stepSummary, '');
      Object.assign(env, {
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: stepSummary,
      });
    }
    const { code, stdout, stderr } = await spawnNode(
      ACTION_ENTRY,
      env,
      runOptions.cwd ?? repo.workDir,
      runOptions.onOutput,
    );
    const outputs = runOptions.azurePipelines
      ? azureOutputs(stdout)
      : githubOutputs(fs.readFileSync(outputFile, 'utf8'));
    const summaryFile = outputs['summary-file'] ?? outputs.summary_file;
    const summary =
      summaryFile && fs.existsSync(summaryFile) ? fs.readFileSync(summaryFile, 'utf8') : '';
    return { code, stdout, stderr, outputs, summary };
  };

  return {
    dir,
    ado,
    ollama,
    repo,
    inputs,
    run,
    async close() {
      await Promise.all([ado.close(), ollama.close()]);
      if (options.dir === undefined && !options.keepFiles) {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function spawnNode(
  file: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  onOutput?: (text: string) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      onOutput?.(d.toString('utf8'));
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      onOutput?.(d.toString('utf8'));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Parses the GITHUB_OUTPUT file format: `name<<DELIM\nvalue\nDELIM`. */
export function githubOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const re = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) outputs[m[1]!] = m[3]!;
  return outputs;
}

/** Collects `##vso[task.setvariable variable=x;isOutput=true;]value` lines, names as given. */
export function azureOutputs(stdout: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const m of stdout.matchAll(
    /^##vso\[task\.setvariable variable=([\w.]+);isOutput=true;\](.*)$/gm,
  )) {
    outputs[m[1]!] = m[2]!
      .replace(/%0A/g, '\n')
      .replace(/%0D/g, '\r')
      .replace(/%AZP25/g, '%');
  }
  return outputs;
}
