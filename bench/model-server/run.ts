/**
 * Model-server benchmark: the field report's day under a tight VRAM budget, in simulated time,
 * with one ticket whose prompt the server fails every time (its answer loops until stopped).
 * (a) the naive design: two consumers, each with its own immediate retry loop;
 * (b) ticket-to-pr: two runners starting jobs that share the gateway's host-wide lock, with
 *     attempt memory on the ticket (backoff, needs-human after 3 failed attempts);
 * (c) ticket-to-pr without attempt memory: the same, but a failed ticket is released untouched.
 *   npm run bench:model-server -- [--json] [--time-scale N]
 */
import { modelRequests, type OllamaSimulator } from '../../test/simulators/ollama/index.js';
import { Board, type FailurePolicy } from './board.js';
import { gatedRunner, type JobRecord } from './gated.js';
import { naiveConsumer } from './naive.js';
import {
  asksAboutFailingTicket,
  FAILING_TICKET,
  SCENARIO,
  startScenarioServer,
  tempLockFile,
} from './scenario.js';

interface DesignResult {
  readonly design: string;
  readonly requestsSent: number;
  readonly oomRequests: number;
  readonly oomPerConsumerHour: number;
  readonly ticketsFinished: number;
  readonly gpuSecondsWastedOnFailedLoads: number;
  readonly simulatedHours: number;
  /** Times a job (or consumer) took the ticket whose prompt always fails. */
  readonly attemptsOnFailingTicket: number;
  /** Model requests that carried that ticket's prompt. */
  readonly requestsOnFailingTicket: number;
  readonly maxOomRequestsPerJob?: number;
  readonly jobOutcomes?: Record<string, number>;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const scaleAt = args.indexOf('--time-scale');
const timeScale = scaleAt >= 0 ? Number(args[scaleAt + 1]) : 1000;

function measure(
  design: string,
  sim: OllamaSimulator,
  startedAt: number,
  finished: number,
  attemptsOnFailingTicket: number,
): DesignResult {
  const requests = modelRequests(sim.requests);
  const oom = requests.filter((r) => r.oom).length;
  const hours = (sim.clock.now() - startedAt) / 3_600_000;
  const wasted = sim.loads
    .filter((l) => l.outcome === 'oom' || l.outcome === 'system-memory')
    .reduce((sum, l) => sum + (l.endedAt - l.startedAt), 0);
  return {
    design,
    requestsSent: requests.length,
    oomRequests: oom,
    oomPerConsumerHour: Math.round((oom / (SCENARIO.consumers * hours)) * 10) / 10,
    ticketsFinished: finished,
    gpuSecondsWastedOnFailedLoads: Math.round(wasted / 1000),
    simulatedHours: Math.round(hours * 100) / 100,
    attemptsOnFailingTicket,
    requestsOnFailingTicket: requests.filter((r) =>
      asksAboutFailingTicket((r.body?.messages as { content?: string }[] | undefined) ?? []),
    ).length,
  };
}

async function runNaive(): Promise<DesignResult> {
  const sim = await startScenarioServer(timeScale);
  const startedAt = sim.clock.now();
  const queue = Array.from({ length: SCENARIO.tickets }, (_, i) => i + 1);
  const endAt = startedAt + SCENARIO.dayHours * 3_600_000;
  const attempts = new Map<number, number>();
  const results = await Promise.all(
    Array.from({ length: SCENARIO.consumers }, () => naiveConsumer(sim, queue, endAt, attempts)),
  );
  const result = measure(
    'naive: two consumers, own retry loops',
    sim,
    startedAt,
    results.reduce((s, r) => s + r.finished, 0),
    attempts.get(FAILING_TICKET) ?? 0,
  );
  await sim.close();
  return result;
}

async function runGated(design: string, policy: FailurePolicy): Promise<DesignResult> {
  const sim = await startScenarioServer(timeScale);
  const startedAt = sim.clock.now();
  const board = new Board(SCENARIO.tickets, policy, sim.clock.now);
  const endAt = startedAt + SCENARIO.dayHours * 3_600_000;
  const lockFile = tempLockFile();
  const jobs: JobRecord[] = [];
  const results = await Promise.all(
    Array.from({ length: SCENARIO.consumers }, () =>
      gatedRunner(sim, board, endAt, lockFile, jobs),
    ),
  );
  const requests = modelRequests(sim.requests);
  const perJob = jobs.map(
    (job) =>
      requests.filter((r) => r.oom && r.startedAt >= job.startedAt && r.startedAt <= job.endedAt)
        .length,
  );
  const outcomes: Record<string, number> = {};
  for (const job of jobs) outcomes[job.outcome] = (outcomes[job.outcome] ?? 0) + 1;
  const result = {
    ...measure(
      design,
      sim,
      startedAt,
      results.reduce((s, r) => s + r.finished, 0),
      board.attempts.get(FAILING_TICKET) ?? 0,
    ),
    maxOomRequestsPerJob: Math.max(0, ...perJob),
    jobOutcomes: outcomes,
  };
  await sim.close();
  return result;
}

const started = Date.now();
const naive = await runNaive();
const gated = await runGated('ticket-to-pr: two jobs sharing the gateway lock', {
  kind: 'attempt-memory',
  maxAttempts: 3,
});
const forgetful = await runGated('ticket-to-pr without attempt memory', {
  kind: 'release-untouched',
});
const ratio =
  gated.oomRequests === 0 ? null : Math.round((naive.oomRequests / gated.oomRequests) * 10) / 10;
const report = {
  scenario: { ...SCENARIO, vramGiB: SCENARIO.vramBytes / 2 ** 30, timeScale },
  results: [naive, gated, forgetful],
  comparison: {
    oomReduction: ratio === null ? `${naive.oomRequests} → 0` : `${ratio}×`,
    atLeastTenTimesFewerOoms: gated.oomRequests * 10 <= naive.oomRequests,
    asManyOrMoreTicketsFinished: gated.ticketsFinished >= naive.ticketsFinished,
    atMostOneOomRequestPerJob: (gated.maxOomRequestsPerJob ?? 0) <= 1,
    failingTicketAttemptsAtMostMaxAttempts: gated.attemptsOnFailingTicket <= 3,
    attemptMemoryFinishesMoreThanWithout: gated.ticketsFinished > forgetful.ticketsFinished,
  },
  realSeconds: Math.round((Date.now() - started) / 100) / 10,
};

if (json) {
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
} else {
  const rows: [string, (r: DesignResult) => string][] = [
    ['requests sent', (r) => String(r.requestsSent)],
    ['requests that hit an OOM', (r) => String(r.oomRequests)],
    ['OOM errors per consumer-hour', (r) => String(r.oomPerConsumerHour)],
    ['tickets finished', (r) => `${r.ticketsFinished} of ${SCENARIO.tickets}`],
    ['GPU seconds wasted on failed loads', (r) => String(r.gpuSecondsWastedOnFailedLoads)],
    ['simulated hours', (r) => String(r.simulatedHours)],
    [`attempts on failing ticket ${FAILING_TICKET}`, (r) => String(r.attemptsOnFailingTicket)],
    [`requests on failing ticket ${FAILING_TICKET}`, (r) => String(r.requestsOnFailingTicket)],
  ];
  const w = Math.max(...rows.map(([label]) => label.length));
  process.stdout.write(
    `Model server, ${SCENARIO.vramBytes / 2 ** 30} GiB VRAM, ${SCENARIO.consumers} consumers, ${SCENARIO.tickets} tickets\n\n`,
  );
  process.stdout.write(
    `${''.padEnd(w)}  ${'naive'.padEnd(12)}${'ticket-to-pr'.padEnd(16)}ticket-to-pr without attempt memory\n`,
  );
  for (const [label, value] of rows)
    process.stdout.write(
      `${label.padEnd(w)}  ${value(naive).padEnd(12)}${value(gated).padEnd(16)}${value(forgetful)}\n`,
    );
  process.stdout.write(
    `\nOOM reduction: ${report.comparison.oomReduction}; most OOM requests in one ticket-to-pr job: ${gated.maxOomRequestsPerJob}\n`,
  );
}
