import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import * as core from '@actions/core';
import type { FinishResult, Host, HostEvent } from '../shared/host.js';
import { MaskingLogger } from './masking-logger.js';
import { readInputFromEnv } from './read-input.js';

/** GitHub Actions, through @actions/core. */
export class GitHubActionsHost extends MaskingLogger implements Host {
  readonly kind = 'github-actions' as const;
  readonly runUrl?: string;
  readonly event?: HostEvent;

  constructor(readonly env: NodeJS.ProcessEnv = process.env) {
    super();
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: runId } = env;
    if (server && repo && runId) this.runUrl = `${server}/${repo}/actions/runs/${runId}`;
    const event = readReviewEvent(env);
    if (event) this.event = event;
  }

  getInput(name: string): string {
    return core.getInput(name) || readInputFromEnv(this.env, name);
  }

  setSecret(value: string): void {
    if (value === '') return;
    core.setSecret(value);
    this.addMask(value);
  }

  setOutput(name: string, value: string): void {
    core.setOutput(name, this.mask(value));
  }

  async publishSummary(file: string): Promise<void> {
    if (!this.env.GITHUB_STEP_SUMMARY) return;
    const markdown = await fs.readFile(file, 'utf8');
    await core.summary.addRaw(markdown, true).write();
  }

  /**
   * A failure is `::error::` and exit code 1 (core.setFailed); a passing step with an annotation
   * ends with `::notice::` or `::warning::` (core.notice / core.warning, which escape % CR LF),
   * and the step stays green: an annotation does not change a step's result.
   */
  finish(result: FinishResult): void {
    if (result.failed) core.setFailed(this.inert(result.message));
    else if (result.annotation === 'notice') core.notice(this.inertLine(result.message));
    else if (result.annotation === 'warning') core.warning(this.inertLine(result.message));
    else core.info(this.inert(result.message));
  }

  protected write(level: 'debug' | 'info' | 'warning' | 'error', message: string): void {
    if (level === 'debug') core.debug(message);
    else if (level === 'info') core.info(message);
    else if (level === 'warning') core.warning(message);
    else core.error(message);
  }

  protected startGroup(title: string): void {
    core.startGroup(title);
  }

  protected endGroup(): void {
    core.endGroup();
  }
}

/** Events whose payload the job reads (review feedback); any other event starts a ticket job. */
const EVENTS_READ = new Set([
  'pull_request_review',
  'pull_request_review_comment',
  'issue_comment',
]);

/**
 * The review event that started the job, its payload as GitHub wrote it to GITHUB_EVENT_PATH.
 * Validation is src/config's; an unreadable file gives a payload that fails it, with its name.
 */
function readReviewEvent(env: NodeJS.ProcessEnv): HostEvent | undefined {
  const name = env.GITHUB_EVENT_NAME ?? '';
  if (!EVENTS_READ.has(name)) return undefined;
  const file = env.GITHUB_EVENT_PATH;
  try {
    return {
      name,
      payload: file ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined,
    };
  } catch {
    return { name, payload: undefined };
  }
}
