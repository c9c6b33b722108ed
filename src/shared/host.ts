import type { Logger } from './logger.js';

/** Where the job runs: the only place that knows GitHub Actions, Azure Pipelines or a terminal. */
export interface Host extends Logger {
  readonly kind: 'github-actions' | 'azure-pipelines' | 'cli';
  /** Raw value of an input ('' when unset). */
  getInput(name: string): string;
  /** Masks a value in every later log line. */
  setSecret(value: string): void;
  setOutput(name: string, value: string): void;
  /** Publishes the Markdown summary already written to `file` (absolute path). */
  publishSummary(file: string): Promise<void>;
  /**
   * Ends the step: passed or failed, with a one-line message. A passing step with an `annotation`
   * ends with the message as that annotation, so the runs page tells it from a job that opened a PR.
   */
  finish(result: FinishResult): void;
  /** Link to this run, when the host knows it. */
  readonly runUrl?: string;
  /** The environment the job sees (for defaults such as RUNNER_TEMP). */
  readonly env: NodeJS.ProcessEnv;
  /** The CI event that started the job, when the host reads one (GitHub Actions review events). */
  readonly event?: HostEvent;
}

export interface FinishResult {
  readonly failed: boolean;
  readonly message: string;
  /** For a passing step: 'notice' (nothing to do here) or 'warning' (a person should look). */
  readonly annotation?: 'notice' | 'warning';
}

/** An event as the host read it: GitHub Actions' GITHUB_EVENT_NAME and the parsed GITHUB_EVENT_PATH. */
export interface HostEvent {
  readonly name: string;
  readonly payload: unknown;
}
