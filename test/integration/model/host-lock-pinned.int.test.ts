import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  acquireHostLock,
  type HostLock,
  type HostLockOptions,
} from '../../../src/model/host-lock.js';
import { ModelUnavailableError } from '../../../src/shared/errors.js';
import { recordingLogger } from '../../fakes/logger.js';
import { tempDir } from './helpers.js';

const held: HostLock[] = [];
afterEach(async () => {
  for (const lock of held.splice(0)) await lock.release();
});

/** Options on a clock that only sleeps move. */
function options(overrides: Partial<HostLockOptions> = {}) {
  const T0 = 1_000_000; // not zero, so times are measured from the start
  let now = T0;
  const slept: number[] = [];
  const logger = recordingLogger();
  const opts: HostLockOptions = {
    waitMs: 60_000,
    deadline: 10_000_000,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    logger,
    ...overrides,
  };
  return { opts, slept, logger, now: () => now };
}

async function take(file: string, overrides: Partial<HostLockOptions> = {}): Promise<HostLock> {
  const lock = await acquireHostLock(file, options({ waitMs: 0, ...overrides }).opts);
  held.push(lock);
  return lock;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('host lock', () => {
  it('takes a free lock at once, in a folder it creates, and says who holds it', async () => {
    const file = join(tempDir(), 'deep', 'er', 'model.lock');
    const { opts, slept, logger } = options({ owner: 'job 7 on runner-3' });
    held.push(await acquireHostLock(file, opts));
    expect(readFileSync(file, 'utf8')).toMatch(
      /^job 7 on runner-3 since \d{4}-\d\d-\d\dT[\d:.]+Z\n$/,
    );
    expect(slept).toEqual([]);
    expect(logger.lines).toEqual([]);
  });

  it('names this process and host when no owner is given', async () => {
    const file = join(tempDir(), 'model.lock');
    await take(file);
    expect(readFileSync(file, 'utf8')).toMatch(
      new RegExp(`^ticket-to-pr pid ${process.pid} on ${hostname().replace(/\W/g, '\\$&')} since `),
    );
  });

  it('waits exactly lock-wait, polling, then gives up naming the holder', async () => {
    const file = join(tempDir(), 'model.lock');
    await take(file, { owner: 'the other job' });
    const { opts, slept, logger } = options({ waitMs: 5000, pollMs: 1000 });
    const error = await acquireHostLock(file, opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toMatch(
      /^Waited 5 s for the host-wide model lock .*model\.lock \(held by the other job since \S+Z\); giving up before claiming a ticket\. Another job or tool is using the model server; raise lock-wait or run jobs one at a time\.$/,
    );
    expect(slept).toEqual([1000, 1000, 1000, 1000, 1000]);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(
      /^info: Waiting for the host-wide model lock .* held by the other job since /,
    );
  });

  it('polls once a second unless told otherwise', async () => {
    const file = join(tempDir(), 'model.lock');
    await take(file);
    const { opts, slept } = options({ waitMs: 3000 });
    await expect(acquireHostLock(file, opts)).rejects.toBeInstanceOf(ModelUnavailableError);
    expect(slept).toEqual([1000, 1000, 1000]);
  });

  it('gives up at the job deadline when it comes before lock-wait', async () => {
    const file = join(tempDir(), 'model.lock');
    await take(file);
    const { opts, slept } = options({ waitMs: 60_000, deadline: 1_002_000, pollMs: 500 });
    await expect(acquireHostLock(file, opts)).rejects.toThrow(/^Waited 2 s /);
    expect(slept).toHaveLength(4);
  });

  it('gives up at once when lock-wait is zero', async () => {
    const file = join(tempDir(), 'model.lock');
    await take(file);
    const { opts, slept } = options({ waitMs: 0 });
    await expect(acquireHostLock(file, opts)).rejects.toThrow(/^Waited 0 s /);
    expect(slept).toEqual([]);
  });

  it('says it is waiting every 30 s, not on every poll', async () => {
    const file = join(tempDir(), 'model.lock');
    await take(file);
    const { opts, logger, now } = options({ waitMs: 100_000, pollMs: 10_000 });
    const at: number[] = [];
    const logged = { ...opts, logger: { ...logger, info: () => void at.push(now()) } };
    await expect(acquireHostLock(file, logged)).rejects.toBeInstanceOf(ModelUnavailableError);
    expect(at.map((t) => t - 1_000_000)).toEqual([0, 30_000, 60_000, 90_000]);
  });

  it('names "another process" when the holder left no name', async () => {
    const file = join(tempDir(), 'model.lock');
    await take(file);
    rmSync(file);
    await expect(acquireHostLock(file, options({ waitMs: 0 }).opts)).rejects.toThrow(
      /\(held by another process\)/,
    );
  });

  it('takes the lock once its holder releases it, and says how long it waited', async () => {
    const file = join(tempDir(), 'model.lock');
    const first = await take(file);
    const { opts, slept, logger } = options({ waitMs: 60_000, pollMs: 1000 });
    const lock = await acquireHostLock(file, {
      ...opts,
      sleep: async (ms) => {
        await opts.sleep(ms);
        await first.release(); // the other job finishes while we wait
      },
    });
    held.push(lock);
    expect(slept).toEqual([1000]);
    expect(logger.lines.at(-1)).toMatch(
      /^info: Took the host-wide model lock .*model\.lock after 1 s\.$/,
    );
    expect(lock.compromised).toBe(false);
  });

  it('takes over a lock left by a dead process only once it is stale (30 s by default)', async () => {
    const file = join(tempDir(), 'model.lock');
    mkdirSync(`${file}.lock`);
    writeFileSync(file, 'a job that died\n');
    const age = (seconds: number) => {
      const then = new Date(Date.now() - seconds * 1000);
      utimesSync(`${file}.lock`, then, then);
    };
    age(20);
    await expect(acquireHostLock(file, options({ waitMs: 0 }).opts)).rejects.toThrow(
      /held by a job that died/,
    );
    age(40);
    await take(file);
    expect(readFileSync(file, 'utf8')).toMatch(/^ticket-to-pr pid /);
  });

  it('passes on errors other than a held lock', async () => {
    const file = join(tempDir(), `${'x'.repeat(300)}.lock`);
    await expect(acquireHostLock(file, options({ waitMs: 60_000 }).opts)).rejects.toMatchObject({
      code: 'ENAMETOOLONG',
    });
  });

  it('releases once; a second release does nothing', async () => {
    const file = join(tempDir(), 'model.lock');
    const { opts, logger } = options({ waitMs: 0 });
    const lock = await acquireHostLock(file, opts);
    await lock.release();
    await lock.release();
    expect(logger.lines).toEqual([]);
    // Released: another job takes it at once.
    await take(file);
  });

  it('knows when another process took the lock over, and says so', async () => {
    const file = join(tempDir(), 'model.lock');
    const { opts, logger } = options({ waitMs: 0, staleMs: 2000 });
    const lock = await acquireHostLock(file, opts);
    expect(lock.compromised).toBe(false);
    // Our refresh stalled past the stale time and another job took the lock: the lock's time is
    // no longer the one we wrote.
    const later = new Date(Date.now() + 60_000);
    utimesSync(`${file}.lock`, later, later);
    await until(() => lock.compromised, 'the takeover to be noticed');
    expect(logger.lines).toEqual([
      `error: The host-wide model lock ${file} was lost: Unable to update lock within the stale threshold`,
    ]);
    await lock.release();
    expect(logger.lines.at(-1)).toMatch(
      /^warning: Could not release the model lock .*model\.lock: Lock is already released$/,
    );
  });
});
