import path from 'node:path';
import picomatch from 'picomatch';

/**
 * Why a repository-relative path may not be written, or undefined when its spelling is safe. Pure:
 * symlinks are checked against the disk separately (see workspace-files.ts).
 */
export function checkPathSyntax(file: string): string | undefined {
  if (file === '') return 'the path is empty';
  if (file.includes('\0')) return 'the path contains a NUL character';
  if (file.includes('\\')) return `'${file}' uses backslashes; write paths with '/'`;
  if (path.posix.isAbsolute(file) || /^[A-Za-z]:/.test(file) || file.startsWith('~')) {
    return `'${file}' is absolute; paths must be relative to the repository root`;
  }
  const segments = file.split('/');
  if (segments.includes('..')) return `'${file}' climbs out of the repository with '..'`;
  // Git's own directory holds hooks and config: writing there would run code outside any review.
  if (segments.some((s) => s.toLowerCase() === '.git'))
    return `'${file}' is inside a .git directory`;
  if (segments.some((s) => s === '' || s === '.')) return `'${file}' is not a plain relative path`;
  return undefined;
}

/** Whether a path has a `..` segment: refused before any attempt to map it to a known file. */
export function climbsWithDotDot(file: string): boolean {
  return file.replaceAll('\\', '/').split('/').includes('..');
}

/**
 * Tells which protected glob (if any) a path falls under. Dotfiles match (`.github/**`), and case
 * is ignored: on a case-insensitive disk (Windows, macOS) `.Github/workflows/x.yml` is the workflow
 * directory, and a runner or a reviewer's checkout may be one.
 */
export function protectedMatcher(globs: readonly string[]): (file: string) => string | undefined {
  const matchers = globs.map((glob) => ({
    glob,
    test: picomatch(glob, { dot: true, nocase: true }),
  }));
  return (file) => matchers.find((m) => m.test(file))?.glob;
}

export interface ChangeLimits {
  readonly maxChangedFiles: number;
  readonly maxChangedLines: number;
}

export interface FileChange {
  readonly path: string;
  readonly added: number;
  readonly removed: number;
  readonly created: boolean;
}

/** Why a whole change is too big, written for the model, or undefined when it fits. */
export function checkLimits(
  changes: readonly FileChange[],
  limits: ChangeLimits,
): string | undefined {
  const files = changes.filter((c) => c.added + c.removed > 0 || c.created);
  if (files.length > limits.maxChangedFiles) {
    return `The change touches ${files.length} files (${files.map((c) => c.path).join(', ')}); at most ${limits.maxChangedFiles} may change. Make a smaller change.`;
  }
  const lines = files.reduce((sum, c) => sum + c.added + c.removed, 0);
  if (lines > limits.maxChangedLines) {
    return `The change adds and removes ${lines} lines in total; at most ${limits.maxChangedLines} may change. Make a smaller, focused change.`;
  }
  return undefined;
}
