import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  BACKTEST_BOARDS_INPUTS,
  BACKTEST_EDIT_MODES,
  BACKTEST_JOB_INPUTS,
  parseBacktestConfig,
  parseBoardsSelection,
} from '../../config/backtest-config.js';
import { readInputFromEnv } from '../../hosts/read-input.js';
import { CliHost } from '../../hosts/cli-host.js';
import { createOllamaGateway } from '../../model/ollama-gateway.js';
import { closedItemsQuery } from '../../backtest/boards-links.js';
import { boardsInstances, type SkippedInstance } from '../../backtest/boards-source.js';
import { BacktestGit } from '../../backtest/git-tools.js';
import { parseDataset, type Instance } from '../../backtest/instance.js';
import { everyInstanceJudged, renderMarkdown } from '../../backtest/report.js';
import type { Answers } from '../../backtest/result.js';
import { ResultsFile } from '../../backtest/results-file.js';
import { runBacktest } from '../../backtest/run-backtest.js';
import { SetupCache } from '../../backtest/setup-cache.js';
import { parseRemoteUrl } from '../../git/remote-url.js';
import { chooseSandbox } from '../../sandbox/choose.js';
import { ConfigError, getErrorMessage } from '../../shared/errors.js';
import { SecretMasker } from '../../shared/secrets.js';
import { createClosedWorkItemReader } from '../../tracker/closed-work-items.js';
import { testPathMatcher } from '../../verify/evidence.js';
import { killRunningCommands } from '../../verify/run-command.js';
import { EXIT, type CliCommand } from '../command.js';
import { parseFlags } from '../flags.js';
import {
  directoryToCreate,
  existingDirectory,
  existingFile,
  fileToWrite,
  MAX_TEXT_BYTES,
  UsageError,
} from '../path-flags.js';

const HELP = `Usage: ticket-to-pr backtest --repo DIR --dataset FILE.jsonl --test-command CMD
                            [--repo-name OWNER/NAME] [--setup-command CMD]
                            [--answers live|oracle|empty] [--edit-mode pipeline|agent]
                            [--json FILE] [--markdown FILE]
                            [--results FILE] [--cache-dir DIR] [--<input> value ...]
       ticket-to-pr backtest --repo DIR --from-boards --azure-devops-org-url URL
                            --azure-devops-project NAME --test-command CMD [--states LIST]
                            [--area-path PATH] [--wiql-query WIQL] [--limit N] [same flags as above]

Measures the resolve rate on tickets humans already fixed. Each instance gets a fresh worktree of
--repo at its base commit; the job runs on it in dry run (triage, localize, edit, verify); then the
real fix's held-out tests are added on top of the model's change and the test command runs. An
instance is resolved when the job would have opened a pull request (a verified change) and those
tests pass on it, with nothing that passed at the base failing. Beside it the report counts pull
requests that would be wrong (opened, held-out tests fail) and missed fixes (the job refused a
change whose held-out tests pass). An instance the run cannot judge (base commit missing, tests
that did not run or name no test it can match, a patch that does not apply, the job ending on an
operator outcome such as model-unavailable) is listed with the reason and counted apart.

Flags:
  --repo DIR            Local clone holding the base commits. Rows whose repo is not this clone's
                        (owner/name of its origin URL) are skipped.
  --repo-name O/N       The repository's owner/name, when origin is a local path or another name.
  --dataset FILE        JSONL: instance_id, repo, base_commit, ticket_title, ticket_body, fix_patch,
                        test_patch and, when known, fail_to_pass (test files, file:title, full or
                        leaf test titles). See the README's "Backtest" section.
  --from-boards         Instead of --dataset: closed work items of Azure Boards that link a completed
                        pull request of --repo's origin. The base is the first parent of the merge
                        commit (fetched from origin when missing); the merge's test files are held
                        out, the rest is the fix. The token (INPUT_AZURE_DEVOPS_TOKEN, or
                        --azure-devops-token) needs Work Items (Read) and Code (Read).
  --states LIST         With --from-boards: finished states (default: Closed,Resolved,Done).
  --area-path PATH      With --from-boards: only work items under this area path.
  --wiql-query WIQL     With --from-boards: your own query selecting the work items instead.
  --limit N             With --from-boards: stop after N instances.
  --test-command CMD    The repository's test command (run at the base, after each edit, and to judge).
  --setup-command CMD   Dependency install, run once per worktree before the job; its result is
                        cached per lockfile (or per base commit without one) under --cache-dir.
  --answers MODE        live (default): the configured Ollama models, through the job's gateway and
                        its host-wide lock. oracle: a simulated model answers with the real fix.
                        empty: a simulated model changes nothing. oracle and empty check the judge:
                        oracle must resolve every instance whose tests run, empty none.
  --edit-mode MODE      pipeline (default): the editor answers once per round with the localized
                        files. agent: the editor searches, reads, edits and runs the tests through
                        bounded tools (--agent-max-turns and the other agent inputs apply). With
                        oracle answers the agent must find where the real fix goes through the
                        tools; the report counts its turns, reads, test runs and tokens.
  --json FILE           Write the JSON report (one entry per instance, and totals).
  --markdown FILE       Write the Markdown report (also printed on stdout), with Mermaid charts.
  --results FILE        Results appended per instance; a rerun skips what is in it
                        (default: backtest-results.jsonl in the current directory).
  --cache-dir DIR       Setup cache and worktrees (default: ticket-to-pr-backtest in the temp dir).
  --verbose             Print the job's own log lines on stderr.
  --<input> value       Any of the job's model, verification, safety and budget inputs, e.g.
                        --ollama-host, --triage-model, --edit-model, --lock-file, --build-command,
                        --command-timeout, --max-repair-attempts (else INPUT_<NAME>, else the default).

Cost: one job per instance, so one model run per ticket with --answers live. Two instances in a
row ending on the same operator outcome stop the run; rerun to continue.
Exit codes: 0 every instance judged (and, with oracle or empty, the judge agreed with them);
1 an instance not judged, a run stopped early, a harness mismatch, or a failure; 2 bad flags or
dataset. Results are kept per judged instance: a rerun judges only what is left. Ctrl-C removes
the worktree in use and stops.
`;

const ANSWERS: readonly Answers[] = ['live', 'oracle', 'empty'];

export const backtestCommand: CliCommand = {
  name: 'backtest',
  summary: 'Replay closed tickets with known fixes and measure how many the job would resolve.',
  help: HELP,
  async run(argv, io) {
    const parsed = parseFlags(argv, {
      values: [
        'repo',
        'repo-name',
        'dataset',
        'answers',
        'edit-mode',
        'json',
        'markdown',
        'results',
        'cache-dir',
        'states',
        'limit',
        ...BACKTEST_JOB_INPUTS,
        ...BACKTEST_BOARDS_INPUTS,
      ],
      switches: ['verbose', 'from-boards'],
    });
    // cli/main.ts prints a UsageError with the command's name and help, and exits 2.
    const usage = (message: string): never => {
      throw new UsageError(message);
    };
    if ('error' in parsed) return usage(parsed.error);
    const { flags, switches } = parsed;
    const repoFlag = flags.get('repo');
    const datasetFlag = flags.get('dataset');
    if (!repoFlag) return usage('--repo is required: a local clone holding the base commits.');
    const fromBoards = switches.has('from-boards');
    if (fromBoards && datasetFlag)
      return usage('--dataset and --from-boards are two sources: give one of them.');
    const boardsOnly = ['states', 'limit', ...BACKTEST_BOARDS_INPUTS].filter((f) => flags.has(f));
    const repoNameFlag = flags.get('repo-name')?.trim();
    if (repoNameFlag !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(repoNameFlag))
      return usage(`--repo-name '${repoNameFlag}' is not owner/name (e.g. expressjs/express).`);
    if (!fromBoards && boardsOnly.length > 0)
      return usage(`--${boardsOnly[0]} selects work items: it needs --from-boards.`);
    if (!datasetFlag && !fromBoards)
      return usage(
        '--dataset (a JSONL file of instances) or --from-boards (closed work items) is required.',
      );
    const answers = (flags.get('answers') ?? 'live') as Answers;
    if (!ANSWERS.includes(answers))
      return usage(`--answers '${flags.get('answers')}' is not one of ${ANSWERS.join(', ')}.`);
    const read = (name: string) => flags.get(name) ?? readInputFromEnv(io.env, name);
    const editMode = read('edit-mode').trim() || 'pipeline';
    if (!(BACKTEST_EDIT_MODES as readonly string[]).includes(editMode))
      return usage(`--edit-mode '${editMode}' is not one of ${BACKTEST_EDIT_MODES.join(', ')}.`);
    if (read('test-command').trim() === '')
      return usage('--test-command is required: the held-out tests are judged with it.');

    const repo = await existingDirectory('repo', repoFlag, io.cwd);
    const datasetFile = datasetFlag
      ? await existingFile('dataset', datasetFlag, io.cwd, {
          maxBytes: MAX_TEXT_BYTES,
          what: 'a dataset (read whole)',
        })
      : undefined;
    await checkOtherPathFlags(flags, io.cwd);

    let config;
    let selection;
    try {
      config = parseBacktestConfig((name) => (name === 'edit-mode' ? editMode : read(name)), {
        tracker: fromBoards,
        env: io.env,
        cwd: io.cwd,
      });
      selection = parseBoardsSelection({
        states: flags.get('states') ?? '',
        limit: flags.get('limit') ?? '',
      });
    } catch (error) {
      return usage(getErrorMessage(error));
    }
    const logger = new CliHost(
      flags,
      io.env,
      switches.has('verbose') ? io.stderr : () => undefined,
      io.stderr,
      switches.has('verbose'),
    );
    for (const secret of config.secrets) logger.setSecret(secret);
    const git = new BacktestGit(repo, logger);
    if (!(await git.requireCommit('HEAD')))
      return usage(`--repo '${repo}' is not a git clone with commits.`);

    let instances: readonly Instance[];
    let skipped: SkippedInstance[] | undefined;
    let source: string;
    if (fromBoards) {
      const { tracker } = config;
      source = `Azure Boards ${tracker.orgUrl} project ${tracker.project}`;
      try {
        ({ instances, skipped } = await boardsInstances({
          reader: createClosedWorkItemReader({ ...tracker, logger }),
          git,
          query:
            tracker.wiqlQuery ||
            closedItemsQuery({ states: selection.states, areaPath: tracker.areaPath }),
          states: selection.states,
          ...(selection.limit !== undefined ? { limit: selection.limit } : {}),
          isTestPath: testPathMatcher(config.verification.testPaths),
          onSkip: (s) => logger.warning(`Skipping ${s.id}: ${s.reason}`),
        }));
      } catch (error) {
        const message = new SecretMasker(config.secrets).mask(getErrorMessage(error));
        if (error instanceof ConfigError) return usage(message);
        io.stderr(`backtest: could not read ${source}: ${message}\n`);
        return EXIT.failed;
      }
      if (instances.length === 0)
        return usage(
          `${source} has no closed work item linking a completed pull request of --repo's origin (${skipped.length} skipped, see above).`,
        );
    } else {
      source = datasetFile!;
      const identity = repoNameFlag
        ? { name: repoNameFlag, from: '--repo-name' }
        : await repoName(git);
      const thisRepo = identity.name;
      try {
        const text = await readFile(source, 'utf8');
        const dataset = parseDataset(text, { file: source, repo: thisRepo });
        instances = dataset.instances;
        for (const [other, n] of dataset.otherRepos)
          io.stderr(`Skipping ${n} instance(s) of ${other}: --repo is another repository.\n`);
      } catch (error) {
        return usage(getErrorMessage(error));
      }
      if (instances.length === 0)
        return usage(
          `${source} has no instance of this repository (${thisRepo}, from ${identity.from}); name it with --repo-name OWNER/NAME as the dataset's repo field does.`,
        );
    }

    const cacheDir = resolve(
      io.cwd,
      flags.get('cache-dir') ?? join(tmpdir(), 'ticket-to-pr-backtest'),
    );
    await mkdir(cacheDir, { recursive: true });
    const workDir = await mkdtemp(join(cacheDir, 'worktrees-'));
    const setupCommand = read('setup-command').trim();
    let commands;
    try {
      commands = await chooseSandbox({
        settings: config.sandbox,
        hostEnv: io.env,
        secrets: config.secrets,
        repoRoot: repo,
        logger,
      });
    } catch (error) {
      return usage(getErrorMessage(error));
    }
    const onInterrupt = () => {
      killRunningCommands();
      git.removeAllNow();
      rmSync(workDir, { recursive: true, force: true });
      io.stderr(
        '\nInterrupted: the worktree in use was removed. Rerun the same command to continue.\n',
      );
      process.exit(130);
    };
    process.once('SIGINT', onInterrupt);
    process.once('SIGTERM', onInterrupt);
    try {
      const report = await runBacktest({
        instances,
        dataset: source,
        ...(skipped ? { skipped } : {}),
        results: new ResultsFile(resolve(io.cwd, flags.get('results') ?? 'backtest-results.jsonl')),
        config,
        answers,
        git,
        ...(setupCommand
          ? {
              setup: new SetupCache(
                join(cacheDir, 'setup'),
                setupCommand,
                commands,
                config.verification.commandTimeoutMs,
              ),
            }
          : {}),
        workDir,
        logger,
        commands,
        progress: (line) => io.stderr(`${line}\n`),
        liveGateway: (jobConfig, transcript) =>
          createOllamaGateway({
            config: jobConfig,
            logger,
            transcript,
            deadline: Date.now() + jobConfig.budgets.jobBudgetMs,
            warmUp: true,
          }),
      });
      const markdown = renderMarkdown(report);
      for (const [flag, text] of [
        ['json', JSON.stringify(report, null, 2) + '\n'],
        ['markdown', markdown],
      ] as const) {
        const file = flags.get(flag);
        if (!file) continue;
        const target = resolve(io.cwd, file);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, text, 'utf8');
      }
      io.stdout(markdown);
      return everyInstanceJudged(report) ? EXIT.ok : EXIT.failed;
    } catch (error) {
      io.stderr(`backtest: ${getErrorMessage(error)}\n`);
      return EXIT.failed;
    } finally {
      process.removeListener('SIGINT', onInterrupt);
      process.removeListener('SIGTERM', onInterrupt);
      git.removeAllNow();
      await rm(workDir, { recursive: true, force: true });
    }
  },
};

/**
 * The path flags besides --repo and --dataset, checked before any instance runs: a report that
 * cannot be written at the end would waste the whole run.
 */
async function checkOtherPathFlags(flags: ReadonlyMap<string, string>, cwd: string): Promise<void> {
  for (const flag of ['json', 'markdown', 'results', 'lock-file']) {
    const value = flags.get(flag);
    if (value) await fileToWrite(flag, value, cwd);
  }
  const cacheDir = flags.get('cache-dir');
  if (cacheDir) await directoryToCreate('cache-dir', cacheDir, resolve(cwd, cacheDir));
  const capacityFile = flags.get('capacity-file');
  if (capacityFile)
    await existingFile('capacity-file', capacityFile, cwd, {
      maxBytes: MAX_TEXT_BYTES,
      what: 'a capacity file',
    });
}

/**
 * owner/name of the clone's origin URL (https, ssh or scp form), else the clone directory's name:
 * which dataset rows are this repository's. A local path as origin names no repository.
 */
async function repoName(git: BacktestGit): Promise<{ name: string; from: string }> {
  const url = await git.originUrl();
  const remote = url !== '' && parseRemoteUrl(url).host !== '';
  const m = remote ? /[/:]([^/:]+\/[^/]+?)(?:\.git)?\/?$/.exec(url) : null;
  if (m?.[1]) return { name: m[1], from: "origin's URL" };
  const dir = git.repo.split('/').filter(Boolean).pop() ?? git.repo;
  return {
    name: dir,
    from: url
      ? `the clone's directory name: origin is a local path (${url})`
      : "the clone's directory name: it has no origin",
  };
}
