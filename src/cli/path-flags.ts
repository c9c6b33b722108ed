import { constants } from 'node:buffer';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * A flag the command cannot use. Thrown before any work starts; the dispatcher prints it with the
 * command's usage hint and exits 2, the code every command uses for bad flags.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Most bytes read into one string: V8's string limit, so a file below it never fails mid-read. */
export const MAX_TEXT_BYTES = constants.MAX_STRING_LENGTH;

export interface InputFileLimit {
  readonly maxBytes: number;
  /** What the file is, for the message: "a ticket file". */
  readonly what: string;
}

/** The value as given, and where it points when that differs (a relative path). */
export function shown(value: string, path: string): string {
  return value === path ? `'${value}'` : `'${value}' (${path})`;
}

/** 600 MiB, 1.5 KiB, 12 bytes. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let size = bytes / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${Number.isInteger(size) ? size : size.toFixed(1)} ${units[unit]}`;
}

async function statOf(flag: string, value: string, path: string) {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`--${flag} ${shown(value, path)} does not exist.`);
    if (code === 'ENOTDIR')
      throw new UsageError(
        `--${flag} ${shown(value, path)} does not exist: a part of it is a file, not a directory.`,
      );
    throw new UsageError(`--${flag} ${shown(value, path)} cannot be read (${code ?? 'error'}).`);
  }
}

/** An existing directory a flag names (e.g. `--repo`), resolved against the working directory. */
export async function existingDirectory(flag: string, value: string, cwd: string): Promise<string> {
  const path = resolve(cwd, value);
  const found = await statOf(flag, value, path);
  if (!found.isDirectory())
    throw new UsageError(`--${flag} ${shown(value, path)} is a file, not a directory.`);
  return path;
}

/**
 * An existing file a flag names, no larger than the limit: the size is checked before reading, so
 * a huge file gets this message rather than running out of memory or string length.
 */
export async function existingFile(
  flag: string,
  value: string,
  cwd: string,
  limit: InputFileLimit,
): Promise<string> {
  const path = resolve(cwd, value);
  const found = await statOf(flag, value, path);
  if (found.isDirectory())
    throw new UsageError(`--${flag} ${shown(value, path)} is a directory, not a file.`);
  if (found.size > limit.maxBytes)
    throw new UsageError(
      `--${flag} ${shown(value, path)} is ${sizeText(found.size)}; ${limit.what} is at most ${sizeText(limit.maxBytes)}.`,
    );
  return path;
}

/**
 * A file a flag names for writing (created with its directories if missing): refused when it is a
 * directory, or when a part of its directory path is a file, so the work is not done in vain.
 */
export async function fileToWrite(flag: string, value: string, cwd: string): Promise<string> {
  const path = resolve(cwd, value);
  const found = await stat(path).catch(() => undefined);
  if (found?.isDirectory())
    throw new UsageError(
      `--${flag} ${shown(value, path)} is a directory; it names the file to write.`,
    );
  if (!found) await directoryToCreate(flag, value, dirname(path));
  return path;
}

/** A directory a flag names that is created when missing: no part of it may be a file. */
export async function directoryToCreate(flag: string, value: string, path: string): Promise<void> {
  for (let dir = path; ; dir = dirname(dir)) {
    const found = await stat(dir).catch(() => undefined);
    if (found) {
      if (!found.isDirectory())
        throw new UsageError(
          `--${flag} '${value}' cannot be created: '${dir}' is a file, not a directory.`,
        );
      return;
    }
    if (dirname(dir) === dir) return;
  }
}
