import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config/config.js';
import { INPUTS } from './config/inputs.js';
import { outputDirFrom, parseConfig } from './config/parse-config.js';
import type { JobRenderers, JobPorts } from './pipeline/run-job.js';
import { runOneJob } from './pipeline/dispatch.js';
import type { JobReport } from './report/job-report.js';
import { getErrorMessage, OutcomeError } from './shared/errors.js';
import type { MarkdownFlavor } from './report/flavor.js';
import type { FinishResult, Host } from './shared/host.js';
import { exitCodeFor, isOperatorOutcome, type Outcome } from './shared/outcome.js';
import { SecretMasker } from './shared/secrets.js';
import { Transcript } from './shared/transcript.js';

/** Builds the real adapters and renderers for a configuration (tests pass their own). */
export interface Wiring {
  createPorts(config: Config, host: Host, transcript: Transcript): Promise<JobPorts>;
  renderers(
    masker: SecretMasker,
    transcript: Transcript,
  ): JobRenderers & {
    /** The job summary, in the flavor of Markdown the host renders it with. */
    summary(report: JobReport, flavor?: MarkdownFlavor): string;
    writeTranscript(file: string, report: JobReport): Promise<void>;
  };
}

export interface ActionResult {
  readonly report: JobReport;
  readonly outputs: Readonly<Record<string, string>>;
  readonly exitCode: number;
}

/**
 * The action's whole life: mask secrets, parse inputs, run the job, write the summary and the
 * transcript, set outputs, pass or fail the step. The only place that ends a step.
 */
export async function runAction(host: Host, wiring: Wiring): Promise<ActionResult> {
  for (const input of INPUTS) if (input.secret) host.setSecret(host.getInput(input.name).trim());
  const transcript = new Transcript();
  const parsed = readConfig(host);
  const config = 'config' in parsed ? parsed.config : undefined;
  const renderers = wiring.renderers(new SecretMasker(config?.secrets ?? []), transcript);
  const report =
    'config' in parsed
      ? await runConfigured(parsed.config, host, wiring, transcript, renderers)
      : parsed.failure;

  // Read on its own when the configuration failed: the summary saying why goes where asked.
  const outputDir = config?.outputDir ?? outputDirFrom(host.getInput('output-dir'), host.env);
  const files = await writeReportFiles(outputDir, report, renderers, host);

  const outputs: Record<string, string> = {
    outcome: report.outcome,
    'ticket-id': report.ticket ? String(report.ticket.id) : '',
    'pr-url': report.pullRequest?.url ?? '',
    branch: report.branch ?? '',
    reason: report.reason,
    evidence: report.evidence?.level ?? 'none',
    'summary-file': files.summary ?? '',
    'transcript-file': files.transcript ?? '',
  };
  for (const [name, value] of Object.entries(outputs)) host.setOutput(name, value);
  const failed = isOperatorOutcome(report.outcome);
  const annotation = annotationFor(report.outcome);
  host.finish({
    failed,
    message: `ticket-to-pr: ${report.outcome}. ${report.reason}`,
    ...(annotation ? { annotation } : {}),
  });
  return { report, outputs, exitCode: exitCodeFor(report.outcome) };
}

/**
 * A job that did nothing (skipped) or stopped for a person (needs-human) still passes, but ends
 * with an annotation, so on the runs page it does not look like one that opened a pull request.
 */
export function annotationFor(outcome: Outcome): FinishResult['annotation'] {
  if (outcome === 'skipped') return 'notice';
  if (outcome === 'needs-human') return 'warning';
  return undefined;
}

function readConfig(host: Host): { config: Config } | { failure: JobReport } {
  try {
    const config = parseConfig((name) => host.getInput(name), host.env, undefined, host.event);
    host.debug(
      `Configuration: ${JSON.stringify({ ...config, secrets: config.secrets.map(() => '***') })}`,
    );
    return { config };
  } catch (error) {
    return { failure: reportOfFailure(error, false) };
  }
}

async function runConfigured(
  config: Config,
  host: Host,
  wiring: Wiring,
  transcript: Transcript,
  renderers: JobRenderers,
): Promise<JobReport> {
  try {
    const ports = await wiring.createPorts(config, host, transcript);
    return await runOneJob(
      {
        config,
        logger: host,
        transcript,
        render: renderers,
        ...(host.runUrl ? { runUrl: host.runUrl } : {}),
      },
      ports,
    );
  } catch (error) {
    return reportOfFailure(error, config.dryRun);
  }
}

/** The report of a job that ended before or outside the pipeline (bad inputs, adapters that could not start). */
function reportOfFailure(error: unknown, dryRun: boolean): JobReport {
  const outcome = error instanceof OutcomeError ? error.outcome : 'error';
  const reason =
    error instanceof OutcomeError ? error.reason : `Unexpected error: ${getErrorMessage(error)}`;
  const at = new Date().toISOString();
  return { outcome, reason, dryRun, startedAt: at, finishedAt: at, stages: [], models: [] };
}

async function writeReportFiles(
  dir: string,
  report: JobReport,
  renderers: ReturnType<Wiring['renderers']>,
  host: Host,
): Promise<{ summary?: string; transcript?: string }> {
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const ticketPart = report.ticket ? `-${report.ticket.id}` : '';
  const summary = path.resolve(dir, `summary${ticketPart}-${stamp}.md`);
  const transcriptFile = path.resolve(dir, `transcript${ticketPart}-${stamp}.json`);
  try {
    await fs.mkdir(dir, { recursive: true });
    const flavor = host.kind === 'azure-pipelines' ? 'azure-devops' : 'github';
    await fs.writeFile(summary, renderers.summary(report, flavor), 'utf8');
    await renderers.writeTranscript(transcriptFile, report);
  } catch (error) {
    host.warning(
      `Could not write the summary or transcript in '${dir}' (output-dir): ${getErrorMessage(error)}. Set output-dir to a folder this job may write, or leave it empty for the runner's temp dir.`,
    );
    return {};
  }
  try {
    await host.publishSummary(summary);
  } catch (error) {
    host.warning(
      `The summary is in ${summary} but could not be attached to the run: ${getErrorMessage(error)}`,
    );
  }
  return { summary, transcript: transcriptFile };
}
