// npm run bench:agent -- [--repo DIR --instance ID [--dataset FILE]] [--test-command CMD] [--json]
// The agent editor's own cost, per turn: the harness's time (search, read, outline, list, edit
// through the applier and guards) beside the model's and the test runs', for the backtest's oracle
// agent finding a real fix through the tools on a real repository at its base commit. Without
// --repo, this project's own tree: the fix is the change under src/ of its newest commit that has one.
// The model is the scripted oracle agent (no GPU): its time is about 0 and the bench says so.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runAgent, type TurnRecord } from '../../src/agent/agent-loop.js';
import { BacktestGit } from '../../src/backtest/git-tools.js';
import { parseDataset } from '../../src/backtest/instance.js';
import { oracleAnswer } from '../../src/backtest/oracle-answer.js';
import { OracleAgent } from '../../src/backtest/scripted-agent.js';
import { createScriptedGateway } from '../../src/backtest/scripted-gateway.js';
import { parseBacktestConfig } from '../../src/config/backtest-config.js';
import { unsandboxed } from '../../src/sandbox/sandbox.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createCommandVerifier } from '../../src/verify/command-verifier.js';

const root = path.resolve(import.meta.dirname, '../..');
const USAGE =
  'Usage: npm run bench:agent -- [--repo DIR --instance ID [--dataset FILE]] [--test-command CMD] [--json]';

const { values } = parseArgs({
  options: {
    repo: { type: 'string' },
    instance: { type: 'string' },
    dataset: {
      type: 'string',
      default: path.join(root, '..', 'shared', 'bench', 'resolve-dev.jsonl'),
    },
    // The repository's own tests are slow and not the harness: by default run_tests runs `true`.
    'test-command': { type: 'string', default: 'true' },
    json: { type: 'boolean', default: false },
  },
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

/** The repository, its base commit and the fix to find: a dataset instance, or this project's newest change under src/. */
function chooseInstance(): { repo: string; base: string; fixPatch: string; label: string } {
  if (!values.repo) {
    const fix = git(root, 'log', '-1', '--format=%H', '--', 'src').trim();
    const base = git(root, 'rev-parse', `${fix}~1`).trim();
    const fixPatch = git(root, 'diff', base, fix, '--', 'src');
    return {
      repo: root,
      base,
      fixPatch,
      label: `this project, ${fix.slice(0, 10)}'s change under src/ at its parent`,
    };
  }
  if (!values.instance || !fs.existsSync(values.repo)) {
    console.error(`${USAGE}\nDIR is a local clone holding the instance's base commit.`);
    process.exit(2);
  }
  if (!fs.existsSync(values.dataset)) {
    // The default sits beside the development clone (../shared/bench), not in a user's clone.
    console.error(
      `No dataset at ${values.dataset}; pass --dataset FILE (a backtest JSONL holding ${values.instance}).`,
    );
    process.exit(2);
  }
  const origin = git(values.repo, 'remote', 'get-url', 'origin').trim();
  const name = /[/:]([^/:]+\/[^/]+?)(?:\.git)?\/?$/.exec(origin)?.[1] ?? '';
  const { instances } = parseDataset(fs.readFileSync(values.dataset, 'utf8'), {
    file: values.dataset,
    repo: name,
  });
  const instance = instances.find((i) => i.instanceId === values.instance);
  if (!instance) {
    console.error(`${values.instance} is not an instance of ${name} in ${values.dataset}.`);
    process.exit(2);
  }
  return {
    repo: values.repo,
    base: instance.baseCommit,
    fixPatch: instance.fixPatch,
    label: `${instance.instanceId} at ${instance.baseCommit.slice(0, 10)}`,
  };
}

const chosen = chooseInstance();
const backtestGit = new BacktestGit(chosen.repo, silentLogger);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-bench-agent-'));
const dir = path.join(work, 'tree');
try {
  const worktree = await backtestGit.addWorktree(dir, chosen.base);
  const files = (await worktree.run(['ls-files', '-z'])).stdout.split('\0').filter(Boolean);
  const { blocks } = oracleAnswer(await backtestGit.fixedFiles(chosen.base, chosen.fixPatch));
  const inputs: Record<string, string> = {
    'test-command': values['test-command'],
    'edit-mode': 'agent',
    'max-changed-files': '100',
    'max-changed-lines': '100000',
  };
  const base = parseBacktestConfig((n) => inputs[n] ?? '', {
    tracker: false,
    env: process.env,
    cwd: dir,
  });
  const config = { ...base, repository: { ...base.repository, path: dir } };
  const verifier = createCommandVerifier({
    config,
    repoRoot: dir,
    logger: silentLogger,
    commands: { sandbox: unsandboxed('bench'), env: { PATH: process.env.PATH } },
  });
  const baseline = await verifier.run('baseline');
  const agent = new OracleAgent(blocks);
  const started = performance.now();
  const result = await runAgent({
    ticket: {
      id: 1,
      rev: 1,
      title: 'Bench: find and apply the real fix',
      type: 'Bug',
      state: 'New',
      areaPath: 'Bench',
      tags: [],
      webUrl: 'https://example.invalid/1',
      description: 'The oracle agent knows the fix and must find where it goes.',
      reproSteps: '',
      acceptanceCriteria: '',
      comments: [],
      truncations: [],
    },
    candidates: [],
    files,
    gateway: createScriptedGateway({ answers: 'oracle', filesToShow: [], editAnswer: '', agent }),
    verifier,
    baseline,
    config,
    repoRoot: dir,
    logger: silentLogger,
    now: () => performance.now(),
  });
  const wallMs = performance.now() - started;
  report(result.turnRecords, wallMs, {
    status: result.status,
    files: files.length,
    blocks: blocks.length,
    placed: agent.placed.length,
    misses: agent.misses.map((m) => `${m.block}: ${m.why}`),
  });
} finally {
  await backtestGit.removeWorktree(dir);
  fs.rmSync(work, { recursive: true, force: true });
}

function report(
  turns: readonly TurnRecord[],
  wallMs: number,
  outcome: { status: string; files: number; blocks: number; placed: number; misses: string[] },
): void {
  const total = (f: (t: TurnRecord) => number) => turns.reduce((s, t) => s + f(t), 0);
  const totals = {
    modelMs: total((t) => t.modelMs),
    harnessMs: total((t) => t.harnessMs),
    testMs: total((t) => t.testMs),
  };
  if (values.json) {
    console.log(
      JSON.stringify({ instance: chosen.label, ...outcome, wallMs, totals, turns }, null, 2),
    );
    return;
  }
  const ms = (x: number) => x.toFixed(1).padStart(9);
  console.log(`Agent bench: ${chosen.label}`);
  console.log(
    `${outcome.files} tracked files; the oracle placed ${outcome.placed} of ${outcome.blocks} block(s); the agent ended ${outcome.status}.`,
  );
  for (const miss of outcome.misses) console.log(`  missed ${miss}`);
  console.log(
    "Model time is the scripted oracle agent's (no model server: about 0 ms). Harness time is tool execution (search, read, list, edit), without the test runs: run_tests and the final verification after finish are under tests.",
  );
  console.log('');
  console.log(' turn  tools                      model ms   harness ms   tests ms');
  for (const t of turns)
    console.log(
      `${String(t.turn).padStart(5)}  ${t.tools.join(', ').padEnd(22).slice(0, 22)} ${ms(t.modelMs)}  ${ms(t.harnessMs)}  ${ms(t.testMs)}`,
    );
  console.log(
    `total  ${`${turns.length} turns`.padEnd(22)} ${ms(totals.modelMs)}  ${ms(totals.harnessMs)}  ${ms(totals.testMs)}`,
  );
  console.log(
    `Wall time of the loop (with the final verification): ${(wallMs / 1000).toFixed(2)} s.`,
  );
}
