import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { ModelUnavailableError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

/**
 * The host-wide model lock: every ticket-to-pr job (and probe) on the runner takes it before its
 * first model request and holds it until it is done, so one consumer at a time uses the server.
 * proper-lockfile keeps the lock's mtime fresh while we live; a lock whose holder died stops being
 * refreshed and is taken over once it is older than `staleMs`.
 */
export interface HostLock {
  /** True when another process took the lock from us (our refresh stalled past staleMs). */
  readonly compromised: boolean;
  release(): Promise<void>;
}

export interface HostLockOptions {
  readonly waitMs: number;
  readonly deadline: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
  readonly pollMs?: number;
  readonly staleMs?: number;
  /** Who we are, written next to the lock for the log of whoever waits. */
  readonly owner?: string;
}

const DEFAULT_STALE_MS = 30_000;

export async function acquireHostLock(file: string, options: HostLockOptions): Promise<HostLock> {
  await mkdir(dirname(file), { recursive: true });
  const started = options.now();
  const giveUpAt = Math.min(started + options.waitMs, options.deadline);
  const pollMs = options.pollMs ?? 1000;
  let lastNotice = Number.NEGATIVE_INFINITY;
  let compromised = false;
  for (;;) {
    try {
      const release = await lockfile.lock(file, {
        realpath: false,
        stale: options.staleMs ?? DEFAULT_STALE_MS,
        retries: 0,
        onCompromised: (error) => {
          compromised = true;
          options.logger.error(`The host-wide model lock ${file} was lost: ${error.message}`);
        },
      });
      const owner = options.owner ?? `ticket-to-pr pid ${process.pid} on ${hostname()}`;
      await writeFile(file, `${owner} since ${new Date().toISOString()}\n`).catch(() => undefined);
      const waited = options.now() - started;
      if (waited > 0)
        options.logger.info(
          `Took the host-wide model lock ${file} after ${Math.round(waited / 1000)} s.`,
        );
      let released = false;
      return {
        get compromised() {
          return compromised;
        },
        release: async () => {
          if (released) return;
          released = true;
          await release().catch((error: Error) =>
            options.logger.warning(`Could not release the model lock ${file}: ${error.message}`),
          );
        },
      };
    } catch (error) {
      if ((error as { code?: string }).code !== 'ELOCKED') throw error;
    }
    const now = options.now();
    // Who holds the lock is read only when it is said, not on every poll.
    const holder = async (): Promise<string> =>
      (await readFile(file, 'utf8').catch(() => 'another process')).trim();
    if (now + pollMs > giveUpAt) {
      throw new ModelUnavailableError(
        `Waited ${Math.round((now - started) / 1000)} s for the host-wide model lock ${file} (held by ${await holder()}); ` +
          `giving up before claiming a ticket. Another job or tool is using the model server; raise lock-wait or run jobs one at a time.`,
      );
    }
    if (now - lastNotice >= 30_000) {
      options.logger.info(
        `Waiting for the host-wide model lock ${file}, held by ${await holder()}.`,
      );
      lastNotice = now;
    }
    await options.sleep(pollMs);
  }
}
