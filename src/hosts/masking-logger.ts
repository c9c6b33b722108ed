import type { Logger } from '../shared/logger.js';
import { neutralizeLogText } from '../shared/log-text.js';
import { SecretMasker } from '../shared/secrets.js';

/**
 * Every host logs through this: secrets (and their encoded forms) are replaced, and log commands in
 * the text are made inert, before a line is written, whatever the runner's own masking does. The
 * host's own commands (`##[group]`, `##vso[task.setsecret]`, `::error::`) wrap the result.
 */
export abstract class MaskingLogger implements Logger {
  private masker = new SecretMasker([]);
  private readonly secretValues: string[] = [];

  protected addMask(value: string): void {
    if (value === '' || this.secretValues.includes(value)) return;
    this.secretValues.push(value);
    this.masker = new SecretMasker(this.secretValues);
  }

  protected mask(text: string): string {
    return this.masker.mask(text);
  }

  /** Masked, then inert as a log command: for every text a host writes into its log. */
  protected inert(text: string): string {
    return neutralizeLogText(this.masker.mask(text));
  }

  /** inert, on one line: an annotation is one line on the runs page. */
  protected inertLine(text: string): string {
    return this.inert(text)
      .replace(/\s*\n\s*/g, ' ')
      .trim();
  }

  protected abstract write(level: 'debug' | 'info' | 'warning' | 'error', message: string): void;
  protected abstract startGroup(title: string): void;
  protected abstract endGroup(): void;

  debug(message: string): void {
    this.write('debug', this.inert(message));
  }
  info(message: string): void {
    this.write('info', this.inert(message));
  }
  warning(message: string): void {
    this.write('warning', this.inert(message));
  }
  error(message: string): void {
    this.write('error', this.inert(message));
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.startGroup(this.inert(title));
    try {
      return await fn();
    } finally {
      this.endGroup();
    }
  }
}
