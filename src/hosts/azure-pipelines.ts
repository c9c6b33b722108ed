import type { FinishResult, Host } from '../shared/host.js';
import { azureVariableName, loggingCommand } from './azure-logging.js';
import { MaskingLogger } from './masking-logger.js';
import { readInputFromEnv } from './read-input.js';

const AZURE_FALLBACKS: Record<string, string> = {
  'azure-devops-org-url': 'SYSTEM_COLLECTIONURI',
  'azure-devops-project': 'SYSTEM_TEAMPROJECT',
  'azure-devops-token': 'SYSTEM_ACCESSTOKEN',
  'azure-repos-repository': 'BUILD_REPOSITORY_NAME',
};

/** Azure Pipelines (detected by TF_BUILD): logging commands on stdout, one per line. */
export class AzurePipelinesHost extends MaskingLogger implements Host {
  readonly kind = 'azure-pipelines' as const;
  readonly runUrl?: string;

  constructor(
    readonly env: NodeJS.ProcessEnv = process.env,
    private readonly out: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {
    super();
    const {
      SYSTEM_COLLECTIONURI: collection,
      SYSTEM_TEAMPROJECT: project,
      BUILD_BUILDID: buildId,
    } = env;
    if (collection && project && buildId) {
      this.runUrl = `${collection.replace(/\/+$/, '')}/${encodeURIComponent(project)}/_build/results?buildId=${buildId}`;
    }
  }

  getInput(name: string): string {
    const value = readInputFromEnv(this.env, name);
    if (value !== '') return value;
    // The pipeline's own predefined variables, so a minimal YAML only maps System.AccessToken.
    const fallback = AZURE_FALLBACKS[name];
    return fallback ? (this.env[fallback] ?? '') : '';
  }

  setSecret(value: string): void {
    if (value === '') return;
    this.out(loggingCommand('task.setsecret', {}, value));
    this.addMask(value);
  }

  setOutput(name: string, value: string): void {
    this.out(
      loggingCommand(
        'task.setvariable',
        { variable: azureVariableName(name), isOutput: 'true' },
        // The value sits in a log line: inert like every other text written there.
        this.inert(value),
      ),
    );
  }

  async publishSummary(file: string): Promise<void> {
    this.out(loggingCommand('task.uploadsummary', {}, file));
  }

  /**
   * The agent accepts only `type=error` and `type=warning` for logissue (azure-pipelines-agent
   * v5.278.0, src/Agent.Worker/TaskCommandExtension.cs, TaskIssueCommand.CreateIssue: any other type
   * throws), so a notice is a warning here too. A warning only counts the issue
   * (src/Agent.Worker/ExecutionContext.cs, AddIssue: WarningCount++); the result is the one
   * task.complete sets, so the step stays Succeeded.
   */
  finish(result: FinishResult): void {
    const message = this.inert(result.message);
    if (result.failed) this.out(loggingCommand('task.logissue', { type: 'error' }, message));
    else if (result.annotation)
      this.out(
        loggingCommand('task.logissue', { type: 'warning' }, this.inertLine(result.message)),
      );
    this.out(
      loggingCommand('task.complete', { result: result.failed ? 'Failed' : 'Succeeded' }, message),
    );
  }

  protected write(level: 'debug' | 'info' | 'warning' | 'error', message: string): void {
    if (level === 'debug') {
      for (const line of message.split('\n')) this.out(`##[debug]${line}`);
    } else if (level === 'info') {
      this.out(message);
    } else {
      this.out(loggingCommand('task.logissue', { type: level }, message));
    }
  }

  protected startGroup(title: string): void {
    this.out(`##[group]${title}`);
  }

  protected endGroup(): void {
    this.out('##[endgroup]');
  }
}
