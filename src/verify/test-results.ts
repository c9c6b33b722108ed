/**
 * Finding and reading the results files a test run wrote (the `test-results` globs). The tested code
 * writes them, so it is treated as an attacker: symbolic links are never followed (a link could point
 * outside the work tree), `.git` and `node_modules` are not searched, and the number of files, their
 * sizes and the entries walked are bounded, each limit said in a note.
 *
 * Stale files: before each run the verifier takes a snapshot of what matches (size, mtime and ctime
 * in nanoseconds); afterwards only a file that is new or whose stamps changed is read. A file left
 * from an earlier run, committed, or untouched by this one is never read, whatever the filesystem's
 * timestamp granularity: a rewrite within one tick on a coarse filesystem is missed (the console
 * output is then read instead), never mistaken.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { parseTestResults, TestResultsFormatError } from './junit-report.js';
import type { ReportedTest, TestReport } from './test-report.js';

/** Results files read after one run, at most. */
export const RESULT_FILES_LIMIT = 50;
/** Bytes of one results file, at most. */
export const RESULT_FILE_BYTES_LIMIT = 20 * 1024 * 1024;
/** Directory entries walked looking for matches, at most. */
const WALK_LIMIT = 100_000;
const NOT_SEARCHED = new Set(['.git', 'node_modules']);

/** What matched before the run: path → stamp. */
export type ResultsSnapshot = ReadonlyMap<string, string>;

export interface ReadResults {
  /** Absent when no fresh file matched or none could be read. */
  readonly report?: TestReport;
  /** Why files were skipped, for the log. */
  readonly notes: readonly string[];
}

/** Stamps of the files the globs match now. */
export async function snapshotResults(
  repoRoot: string,
  globs: readonly string[],
): Promise<ResultsSnapshot> {
  const { files } = await findResults(repoRoot, globs);
  return new Map(files.map((f) => [f.path, f.stamp]));
}

/** Reads the files the globs match that are new or changed since `before`. */
export async function readResults(
  repoRoot: string,
  globs: readonly string[],
  before: ResultsSnapshot,
): Promise<ReadResults> {
  const found = await findResults(repoRoot, globs);
  const notes = [...found.notes];
  const fresh = found.files.filter((f) => before.get(f.path) !== f.stamp);
  const stale = found.files.length - fresh.length;
  if (stale > 0)
    notes.push(`${stale} results file(s) not written by this run were not read (left from before)`);
  if (fresh.length > RESULT_FILES_LIMIT)
    notes.push(
      `${fresh.length} results files matched; only the first ${RESULT_FILES_LIMIT} were read`,
    );
  const tests: ReportedTest[] = [];
  const read: string[] = [];
  for (const file of fresh.slice(0, RESULT_FILES_LIMIT)) {
    if (file.size > RESULT_FILE_BYTES_LIMIT) {
      notes.push(
        `${file.path} was not read: ${file.size} bytes, over the limit of ${RESULT_FILE_BYTES_LIMIT}`,
      );
      continue;
    }
    try {
      const text = await readRegularFile(path.join(repoRoot, file.path));
      tests.push(...parseTestResults(text, (f) => toRepoPath(repoRoot, f)));
      read.push(file.path);
    } catch (error) {
      const why =
        error instanceof TestResultsFormatError
          ? error.message
          : error instanceof Error
            ? error.message
            : String(error);
      notes.push(`${file.path} was not read: ${why}`);
    }
  }
  if (read.length === 0) return { notes };
  return { report: reportOf(tests, read), notes };
}

function reportOf(tests: readonly ReportedTest[], files: readonly string[]): TestReport {
  const fileOutcomes = new Map<string, 'passed' | 'failed'>();
  for (const t of tests) {
    if (t.file === undefined || t.outcome === 'skipped') continue;
    if (fileOutcomes.get(t.file) !== 'failed') fileOutcomes.set(t.file, t.outcome);
  }
  return {
    tests,
    files: [...fileOutcomes].map(([file, outcome]) => ({ file, outcome })),
    summary: {
      passed: tests.filter((t) => t.outcome === 'passed').length,
      failed: tests.filter((t) => t.outcome === 'failed').length,
    },
    cut: false,
    resultFiles: files,
  };
}

/** A path a report names, made repository-relative; undefined for one outside the repository. */
function toRepoPath(repoRoot: string, file: string): string | undefined {
  const absolute = path.resolve(repoRoot, file);
  const relative = path.relative(repoRoot, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** Opens without following a final symbolic link (O_NOFOLLOW) and reads at most the limit. */
async function readRegularFile(file: string): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error('not a regular file');
    if (stat.size > RESULT_FILE_BYTES_LIMIT)
      throw new Error(`${stat.size} bytes, over the limit of ${RESULT_FILE_BYTES_LIMIT}`);
    const buffer = Buffer.alloc(stat.size);
    const { bytesRead } = await handle.read(buffer, 0, stat.size, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

interface Found {
  readonly path: string;
  readonly stamp: string;
  readonly size: number;
}

/**
 * Where to look for each glob: its static base directory (picomatch's scan), searched below only
 * when the rest of the glob can span directories: `junit.xml` reads the root alone,
 * `target/surefire-reports/TEST-*.xml` that one directory, a glob starting with `**` the whole tree.
 */
function searchRoots(globs: readonly string[]): Map<string, boolean> {
  const roots = new Map<string, boolean>();
  for (const glob of globs) {
    const scan = picomatch.scan(glob);
    const dir = scan.isGlob ? scan.base : path.posix.dirname(glob);
    const base = dir === '.' ? '' : dir;
    const deep = scan.isGlob && (scan.glob.includes('/') || scan.glob.includes('**'));
    roots.set(base, (roots.get(base) ?? false) || deep);
  }
  return roots;
}

/** True when every part of `dir` (repository-relative) is a directory and none is a link. */
async function plainDirectory(repoRoot: string, dir: string): Promise<boolean> {
  let at = repoRoot;
  for (const part of dir === '' ? [] : dir.split('/')) {
    if (NOT_SEARCHED.has(part)) return false;
    at = path.join(at, part);
    const stat = await lstat(at).catch(() => undefined);
    if (!stat?.isDirectory()) return false;
  }
  return true;
}

/** Regular files matching a glob; directories and files that are links are skipped. */
async function findResults(
  repoRoot: string,
  globs: readonly string[],
): Promise<{ files: Found[]; notes: string[] }> {
  const notes: string[] = [];
  if (globs.length === 0) return { files: [], notes };
  const matches = picomatch([...globs], { dot: true });
  const found = new Map<string, Found>();
  const pending: { dir: string; deep: boolean }[] = [];
  for (const [dir, deep] of searchRoots(globs))
    if (await plainDirectory(repoRoot, dir)) pending.push({ dir, deep });
  const seen = new Set<string>();
  let walked = 0;
  while (pending.length > 0) {
    const { dir, deep } = pending.shift()!;
    if (seen.has(`${dir}\u0000${deep}`)) continue;
    seen.add(`${dir}\u0000${deep}`);
    let entries;
    try {
      entries = await readdir(path.join(repoRoot, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++walked > WALK_LIMIT) {
        notes.push(`stopped looking for results files after ${WALK_LIMIT} entries`);
        return { files: sorted(found), notes };
      }
      const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
      // Dirent types come from lstat: a link is neither a directory nor a file here.
      if (entry.isDirectory()) {
        if (deep && !NOT_SEARCHED.has(entry.name)) pending.push({ dir: relative, deep });
        continue;
      }
      if (!matches(relative) || found.has(relative)) continue;
      if (!entry.isFile()) {
        notes.push(`${relative} was not read: not a regular file (links are not followed)`);
        continue;
      }
      const stat = await lstat(path.join(repoRoot, relative), { bigint: true }).catch(
        () => undefined,
      );
      if (!stat?.isFile()) continue;
      found.set(relative, {
        path: relative,
        stamp: `${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}`,
        size: Number(stat.size),
      });
    }
  }
  return { files: sorted(found), notes };
}

function sorted(found: ReadonlyMap<string, Found>): Found[] {
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}
