import fs from 'node:fs/promises';
import * as core from '@actions/core';
import type { Host } from '../shared/host.js';
import { MaskingLogger } from './masking-logger.js';
import { readInputFromEnv } from './read-input.js';

/** GitHub Actions, through @actions/core. */
export class GitHubActionsHost extends MaskingLogger implements Host {
  readonly kind = 'github-actions' as const;
  readonly runUrl?: string;

  constructor(readonly env: NodeJS.ProcessEnv = process.env) {
    super();
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: runId } = env;
    if (server && repo && runId) this.runUrl = `${server}/${repo}/actions/runs/${runId}`;
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

  finish(result: { failed: boolean; message: string }): void {
    if (result.failed) core.setFailed(this.mask(result.message));
    else core.info(this.mask(result.message));
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
