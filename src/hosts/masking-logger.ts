import type { Logger } from '../shared/logger.js';
import { SecretMasker } from '../shared/secrets.js';

/**
 * Every host logs through this: secrets (and their encoded forms) are replaced before a line is
 * written, whatever the runner's own masking does.
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

  protected abstract write(level: 'debug' | 'info' | 'warning' | 'error', message: string): void;
  protected abstract startGroup(title: string): void;
  protected abstract endGroup(): void;

  debug(message: string): void {
    this.write('debug', this.mask(message));
  }
  info(message: string): void {
    this.write('info', this.mask(message));
  }
  warning(message: string): void {
    this.write('warning', this.mask(message));
  }
  error(message: string): void {
    this.write('error', this.mask(message));
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.startGroup(this.mask(title));
    try {
      return await fn();
    } finally {
      this.endGroup();
    }
  }
}
