import { isUtf8 } from 'node:buffer';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isBinaryFileSync } from 'isbinaryfile';
import { NEW_FILE_STYLE } from './apply-edits.js';
import type { WorkingFile } from './apply-edits.js';
import { checkPathSyntax } from './guards.js';
import { decodeText, encodeText } from './text-format.js';

/**
 * Reads the named files of a repository for the applier. A path that the disk makes unsafe (a
 * symlink, a parent that resolves outside the repository, a directory) is returned `blocked`, never read.
 */
export async function loadWorkingFiles(
  repoRoot: string,
  paths: Iterable<string>,
): Promise<Map<string, WorkingFile>> {
  const root = await fs.realpath(repoRoot);
  const files = new Map<string, WorkingFile>();
  for (const file of new Set(paths)) {
    if (checkPathSyntax(file) !== undefined) {
      files.set(file, { path: file, style: NEW_FILE_STYLE, binary: false });
      continue;
    }
    const blocked = await diskProblem(root, file);
    if (blocked) {
      files.set(file, { path: file, style: NEW_FILE_STYLE, binary: false, blocked });
      continue;
    }
    const buffer = await readIfExists(path.join(root, file));
    if (buffer === undefined) {
      files.set(file, { path: file, style: NEW_FILE_STYLE, binary: false });
    } else if (isBinaryFileSync(buffer, buffer.length) || !isUtf8(buffer)) {
      // Binary files and text in other encodings are never edited: a round trip could corrupt them.
      files.set(file, {
        path: file,
        style: NEW_FILE_STYLE,
        binary: true,
        text: { lines: [], finalNewline: false },
      });
    } else {
      const { text, style } = decodeText(buffer.toString('utf8'));
      files.set(file, { path: file, text, style, binary: false });
    }
  }
  return files;
}

/**
 * Why writing `file` could reach outside the repository, or undefined. Checks the real path of the
 * deepest existing ancestor, so a symlinked directory pointing elsewhere is caught, and refuses
 * writing through a symlink at the file itself.
 */
async function diskProblem(root: string, file: string): Promise<string | undefined> {
  const absolute = path.join(root, file);
  const stat = await fs.lstat(absolute).catch(() => undefined);
  if (stat?.isSymbolicLink())
    return `'${file}' is a symbolic link; links are never written through`;
  if (stat?.isDirectory()) return `'${file}' is a directory`;
  let ancestor = path.dirname(absolute);
  for (;;) {
    const real = await fs.realpath(ancestor).catch(() => undefined);
    if (real !== undefined) {
      if (real !== root && !real.startsWith(root + path.sep)) {
        return `'${file}' leads outside the repository (through '${path.relative(root, ancestor) || '.'}')`;
      }
      const info = await fs.stat(real);
      if (!info.isDirectory())
        return `'${path.relative(root, ancestor)}' is a file, not a directory`;
      return undefined;
    }
    const parent = path.dirname(ancestor);
    if (parent === ancestor) return `'${file}' has no existing parent directory`;
    ancestor = parent;
  }
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes the changed files, all or nothing: every target is checked again first, and when one write
 * fails the files already written are put back as they were.
 */
export async function writeWorkingFiles(
  repoRoot: string,
  files: ReadonlyMap<string, WorkingFile>,
  changed: readonly string[],
): Promise<void> {
  const root = await fs.realpath(repoRoot);
  const plan: { absolute: string; content: string; previous?: Buffer }[] = [];
  for (const file of changed) {
    const working = files.get(file);
    if (!working?.text) throw new Error(`nothing to write for '${file}'`);
    const problem = checkPathSyntax(file) ?? (await diskProblem(root, file));
    if (problem) throw new Error(`refusing to write: ${problem}`);
    const absolute = path.join(root, file);
    plan.push({
      absolute,
      content: encodeText(working.text, working.style),
      previous: await readIfExists(absolute),
    });
  }
  const done: typeof plan = [];
  const created: string[] = [];
  try {
    for (const entry of plan) {
      if (entry.previous === undefined) {
        const dir = path.dirname(entry.absolute);
        const made = await fs.mkdir(dir, { recursive: true });
        if (made) created.push(made);
      }
      await fs.writeFile(entry.absolute, entry.content, 'utf8');
      done.push(entry);
    }
  } catch (error) {
    for (const entry of done.reverse()) {
      if (entry.previous === undefined) await fs.rm(entry.absolute, { force: true });
      else await fs.writeFile(entry.absolute, entry.previous);
    }
    for (const dir of created.reverse()) await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
}
