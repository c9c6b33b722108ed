import fs from 'node:fs';
import type { FinishResult, Host } from '../shared/host.js';
import { MaskingLogger } from './masking-logger.js';
import { readInputFromEnv } from './read-input.js';

/**
 * A terminal. Inputs come from --flags (same names as the action's inputs), else from INPUT_*
 * variables, so the same environment works for both.
 */
export class CliHost extends MaskingLogger implements Host {
  readonly kind = 'cli' as const;
  readonly outputs = new Map<string, string>();
  private depth = 0;

  constructor(
    private readonly flags: ReadonlyMap<string, string>,
    readonly env: NodeJS.ProcessEnv,
    private readonly out: (text: string) => void,
    private readonly err: (text: string) => void,
    private readonly verbose = false,
  ) {
    super();
  }

  getInput(name: string): string {
    return this.flags.get(name) ?? readInputFromEnv(this.env, name);
  }

  setSecret(value: string): void {
    this.addMask(value);
  }

  setOutput(name: string, value: string): void {
    this.outputs.set(name, this.mask(value));
  }

  async publishSummary(file: string): Promise<void> {
    if (fs.existsSync(file)) this.out(`Summary: ${this.inert(file)}\n`);
  }

  /** The message as a plain line (stderr when failed): a terminal has no annotations. */
  finish(result: FinishResult): void {
    for (const [name, value] of this.outputs)
      if (value !== '') this.out(`${name}: ${this.inert(value)}\n`);
    (result.failed ? this.err : this.out)(this.inert(result.message) + '\n');
  }

  protected write(level: 'debug' | 'info' | 'warning' | 'error', message: string): void {
    if (level === 'debug' && !this.verbose) return;
    const indent = '  '.repeat(this.depth);
    const prefix = level === 'info' ? '' : `${level}: `;
    const text = message
      .split('\n')
      .map((line) => indent + prefix + line)
      .join('\n');
    (level === 'error' || level === 'warning' ? this.err : this.out)(text + '\n');
  }

  protected startGroup(title: string): void {
    this.out(`${'  '.repeat(this.depth)}▸ ${title}\n`);
    this.depth++;
  }

  protected endGroup(): void {
    this.depth = Math.max(0, this.depth - 1);
  }
}
