// npm run bench:overhead -- --repo DIR [--runs N] [--node PATH] [--json] [--log]
// The full job through dist/index.js with scripted model answers on a large real repository (a
// local git clone, kept outside the project), against the Azure DevOps and Ollama simulators.
// Measures wall time and peak memory of everything but the model, per stage, and compares them
// with the model time the same prompts would take on a GPU at the stated speeds.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startAzureDevOpsSimulator } from '../../test/simulators/azure-devops/index.js';
import { startOllamaSimulator, type SimChatRequest } from '../../test/simulators/ollama/index.js';

/** Speeds a 24 GB GPU gives Q4_K_M models (stated, not measured here): tokens per second. */
const GPU_SPEEDS = {
  triage: { model: 'qwen2.5-coder:7b', promptTps: 2000, generateTps: 60, loadS: 6 },
  edit: { model: 'qwen2.5-coder:32b', promptTps: 600, generateTps: 25, loadS: 20 },
} as const;
const TOKEN = 'bench-token-0000000000000000000000000000000000000';
const root = path.resolve(import.meta.dirname, '../..');

const { values } = parseArgs({
  options: {
    repo: { type: 'string' },
    runs: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
    log: { type: 'boolean', default: false },
    // The action declares node24; a runner runs it with that. Default: the Node running this script.
    node: { type: 'string', default: process.execPath },
    title: {
      type: 'string',
      default: 'SourceMapDevToolPlugin ignores the append option when it is false',
    },
    body: {
      type: 'string',
      default:
        'With devtool set through new SourceMapDevToolPlugin({ append: false }) the bundle still ends with a sourceMappingURL comment. ' +
        'Expected: no comment when append is false. Seen in lib/SourceMapDevToolPlugin.js.',
    },
  },
});
if (!values.repo || !fs.existsSync(values.repo)) {
  console.error(
    'Usage: npm run bench:overhead -- --repo DIR [--runs N] [--node PATH] [--json] [--log]',
  );
  console.error('DIR is a local git clone of a large repository, outside this project.');
  process.exit(2);
}

/** Triage and file-pick answers by schema; the editor appends a comment after a unique line of the first file it is shown. */
function answer(request: SimChatRequest): string {
  const schema = request.format as { properties?: Record<string, unknown> } | undefined;
  const prompt = request.messages.map((m) => m.content).join('\n');
  if (schema?.properties && 'files' in schema.properties) {
    const paths = [...prompt.matchAll(/^#+ ?(\S+\.\w+)/gm)].map((m) => m[1]!).slice(0, 2);
    return JSON.stringify({
      files: paths.map((p) => ({ path: p, symbols: [], reason: 'closest match' })),
    });
  }
  if (schema?.properties) {
    return JSON.stringify({
      actionable: true,
      kind: 'bug',
      size: 'small',
      clarity: 'clear',
      reason: 'A clear bug with expected and actual behaviour.',
      searchTerms: ['SourceMapDevToolPlugin', 'append', 'sourceMappingURL'],
      namedPaths: [],
      question: '',
    });
  }
  const block =
    /^(\S+) \[(edit with SEARCH\/REPLACE|rewrite whole file)\][^\n]*\n```\n([\s\S]*?)\n```/m.exec(
      prompt,
    );
  if (!block) return 'No files were shown.';
  const [, file, mode, content] = block as unknown as [string, string, string, string];
  const lines = content.split('\n');
  const marker = '// reviewed by the ticket-to-pr overhead benchmark';
  if (mode === 'rewrite whole file')
    return `Adds a comment.\n\n${file}\n\`\`\`\n${content}\n${marker}\n\`\`\`\n`;
  const anchor =
    [...lines]
      .reverse()
      .find((l) => l.trim().length > 25 && lines.filter((x) => x === l).length === 1) ?? lines[0]!;
  return [
    'Adds a comment.',
    '',
    file,
    '```',
    '<<<<<<< SEARCH',
    anchor,
    '=======',
    anchor,
    marker,
    '>>>>>>> REPLACE',
    '```',
    '',
  ].join('\n');
}

interface RunFigures {
  wallS: number;
  peakRssMb: number;
  outcome: string;
  stages: Record<string, number>;
  modelS: number;
  promptTokens: number;
  outputTokens: number;
  files: number;
}

/**
 * The repository's tree at HEAD as a fresh one-commit repository. Public snapshots can lack their
 * largest blobs; those files are left out (and counted) so the checkout is complete.
 */
function flatten(source: string, target: string): number {
  const git = (args: string[], options: { cwd?: string; input?: string } = {}) =>
    execFileSync('git', args, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  const entries = git(['-C', source, 'ls-tree', '-r', 'HEAD'])
    .split('\n')
    .filter(Boolean)
    .map((line) => ({ sha: line.split(/\s+/)[2]!, path: line.slice(line.indexOf('\t') + 1) }));
  const check = git(['-C', source, 'cat-file', '--batch-check'], {
    input: entries.map((e) => e.sha).join('\n') + '\n',
  });
  const missing = new Set(
    check
      .split('\n')
      .filter((l) => l.endsWith(' missing'))
      .map((l) => l.split(' ')[0]!),
  );
  const excluded = entries.filter((e) => missing.has(e.sha)).map((e) => `:(exclude)${e.path}`);
  fs.mkdirSync(target, { recursive: true });
  const tar = path.join(path.dirname(target), 'tree.tar');
  git(['-C', source, 'archive', '--format=tar', '-o', tar, 'HEAD', '--', '.', ...excluded]);
  execFileSync('tar', ['-xf', tar, '-C', target]);
  git(['init', '--quiet', '--initial-branch=main'], { cwd: target });
  git(['add', '-A'], { cwd: target });
  git(
    [
      '-c',
      'user.name=bench',
      '-c',
      'user.email=bench@example.com',
      'commit',
      '--quiet',
      '-m',
      'snapshot',
    ],
    { cwd: target },
  );
  return excluded.length;
}

async function once(
  source: string,
  dir: string,
  index: number,
  compileCache: string,
): Promise<RunFigures> {
  const remote = path.join(dir, `remote-${index}.git`);
  const work = path.join(dir, `work-${index}`);
  execFileSync('git', ['clone', '--quiet', '--bare', '--local', source, remote]);
  execFileSync('git', ['clone', '--quiet', remote, work]);
  const base = execFileSync('git', ['symbolic-ref', '--short', 'HEAD'], {
    cwd: work,
    encoding: 'utf8',
  }).trim();
  const files =
    execFileSync('git', ['ls-files'], { cwd: work, encoding: 'utf8' }).split('\n').length - 1;

  const ado = await startAzureDevOpsSimulator({ token: TOKEN, project: 'Bench' });
  ado.addRepository({
    name: 'bench',
    remoteUrl: `file://${remote}`,
    defaultBranch: `refs/heads/${base}`,
  });
  ado.addWorkItem({
    title: values.title!,
    description: `<p>${values.body}</p>`,
    tags: ['autofix'],
  });
  const ollama = await startOllamaSimulator({
    timeScale: 100_000,
    answers: { [GPU_SPEEDS.triage.model]: answer, [GPU_SPEEDS.edit.model]: answer },
  });
  const out = path.join(dir, `out-${index}`);
  const inputs: Record<string, string> = {
    'azure-devops-org-url': ado.orgUrl,
    'azure-devops-project': 'Bench',
    'azure-devops-token': TOKEN,
    'ollama-host': ollama.url,
    'triage-model': GPU_SPEEDS.triage.model,
    'edit-model': GPU_SPEEDS.edit.model,
    'gpu-memory': '48GiB',
    'repository-path': work,
    'base-branch': base,
    'pr-target': 'azure-repos',
    'azure-repos-repository': 'bench',
    // `true`: the repository's own tests are the user's cost, not ticket-to-pr's; starting the
    // command (a shell, twice) still counts.
    'test-command': 'true',
    'lock-file': path.join(dir, 'model.lock'),
    'output-dir': out,
  };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TF_BUILD: 'True',
    // The bench's own, so the first run starts without a compile cache and the next ones with it,
    // as on a self-hosted runner.
    NODE_COMPILE_CACHE: compileCache,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const timeFile = path.join(dir, `time-${index}.txt`);
  const started = process.hrtime.bigint();
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      '/usr/bin/time',
      ['-f', '%M', '-o', timeFile, values.node!, path.join(root, 'dist/index.js')],
      { env, cwd: work },
    );
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      // --log: the job's log with milliseconds since start, to see where the time goes.
      if (values.log) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        for (const line of d.toString().split('\n').filter(Boolean)) {
          console.error(`${ms.toFixed(0).padStart(6)} ${line.slice(0, 160)}`);
        }
      }
    });
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  await Promise.all([ado.close(), ollama.close()]);
  const transcriptFile = /variable=transcript_file;isOutput=true;\](.+)$/m.exec(stdout)?.[1];
  if (!transcriptFile) throw new Error(`the job wrote no transcript:\n${stdout.slice(-2000)}`);
  const t = JSON.parse(fs.readFileSync(transcriptFile, 'utf8')) as {
    outcome: string;
    stages: { name: string; startedAt: string; endedAt: string }[];
    modelCalls: { role: 'triage' | 'edit'; promptTokens: number; outputTokens: number }[];
  };
  const stages: Record<string, number> = {};
  for (const s of t.stages)
    stages[s.name] =
      (stages[s.name] ?? 0) + (Date.parse(s.endedAt) - Date.parse(s.startedAt)) / 1000;
  // Model time on a GPU at the stated speeds, plus one load of each model.
  let modelS = GPU_SPEEDS.triage.loadS + GPU_SPEEDS.edit.loadS;
  for (const c of t.modelCalls) {
    const speed = GPU_SPEEDS[c.role];
    modelS += c.promptTokens / speed.promptTps + c.outputTokens / speed.generateTps;
  }
  const peakRssMb = Number(fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop()) / 1024;
  return {
    wallS,
    peakRssMb,
    outcome: t.outcome,
    stages,
    modelS,
    promptTokens: t.modelCalls.reduce((n, c) => n + c.promptTokens, 0),
    outputTokens: t.modelCalls.reduce((n, c) => n + c.outputTokens, 0),
    files,
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-overhead-'));
const runs: RunFigures[] = [];
let leftOut = 0;
try {
  const source = path.join(dir, 'source');
  leftOut = flatten(values.repo, source);
  const compileCache = path.join(dir, 'compile-cache');
  for (let i = 0; i < Number(values.runs); i++) runs.push(await once(source, dir, i, compileCache));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const stageNames = Object.keys(runs[0]!.stages);
const nodeVersion = execFileSync(values.node!, ['--version'], { encoding: 'utf8' }).trim();
const result = {
  repository: path.basename(path.resolve(values.repo)),
  node: nodeVersion,
  trackedFiles: runs[0]!.files,
  filesLeftOutOfSnapshot: leftOut,
  runs: runs.length,
  outcomes: runs.map((r) => r.outcome),
  nonModelWallSeconds: median(runs.map((r) => r.wallS)),
  wallSecondsPerRun: runs.map((r) => Number(r.wallS.toFixed(2))),
  peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
  stageSeconds: Object.fromEntries(
    stageNames.map((n) => [n, median(runs.map((r) => r.stages[n] ?? 0))]),
  ),
  promptTokens: runs[0]!.promptTokens,
  outputTokens: runs[0]!.outputTokens,
  modelSecondsAtStatedSpeed: median(runs.map((r) => r.modelS)),
  speeds: GPU_SPEEDS,
  note: "Wall time of the whole dist/index.js process with the simulated model 100000x faster than real, so it is the time of everything but the model (plus simulator round trips). The test command is `true`: the repository's own tests are the user's cost, not ticket-to-pr's (starting it, twice, is counted).",
};
const share = result.nonModelWallSeconds / result.modelSecondsAtStatedSpeed;
if (values.json) {
  console.log(JSON.stringify({ ...result, nonModelShareOfModelTime: share }, null, 2));
} else {
  console.log(
    `Repository: ${result.repository} (${result.trackedFiles} tracked files), ${result.runs} runs on Node ${result.node}, outcomes ${result.outcomes.join(', ')}`,
  );
  console.log(
    `Everything but the model: ${result.nonModelWallSeconds.toFixed(2)} s wall (median of ${result.wallSecondsPerRun.join(', ')}; the first without a compile cache), peak RSS ${result.peakRssMb.toFixed(0)} MB`,
  );
  for (const [name, s] of Object.entries(result.stageSeconds))
    console.log(`  ${name.padEnd(10)} ${s.toFixed(2)} s`);
  console.log(
    `Model time for the same ${result.promptTokens} prompt + ${result.outputTokens} output tokens at the stated speeds (7B 2000/60 tok/s, 32B 600/25 tok/s, loads 6 s + 20 s): ${result.modelSecondsAtStatedSpeed.toFixed(1)} s`,
  );
  console.log(`Non-model share of model time: ${(share * 100).toFixed(1)}%`);
}
