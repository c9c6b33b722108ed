/** What a changed file is to the backtest: a test (held out), documentation, or source (gold). */
export type ChangedPathKind = 'test' | 'doc' | 'source';

const TEST_PATTERNS: readonly RegExp[] = [
  /(^|\/)(test|tests|__tests__|spec|specs|__mocks__|fixtures?|testdata)\//i,
  /\.(test|spec)\.[cm]?[jt]sx?$/i,
  /(^|\/)test_[^/]*\.py$/i,
  /_test\.(py|go)$/i,
  /(Tests?|Spec)\.(cs|java|kt)$/,
];

const DOC_PATTERNS: readonly RegExp[] = [
  /\.(md|mdx|markdown|rst|txt|adoc)$/i,
  /(^|\/)(docs?|documentation)\//i,
  /(^|\/)(CHANGELOG|HISTORY|AUTHORS|LICENSE)[^/]*$/i,
];

/** Pure: a path's kind from its name alone, as a reviewer would guess it. */
export function classifyChangedPath(path: string): ChangedPathKind {
  if (TEST_PATTERNS.some((p) => p.test(path))) return 'test';
  if (DOC_PATTERNS.some((p) => p.test(path))) return 'doc';
  return 'source';
}

/** A file a test runner runs or a test names: source code, not data, fixtures or snapshots. */
export const SCRIPT_FILE = /\.(?:[cm]?[jt]sx?|py|go|rb|java|kt|cs|rs|php|vue|svelte)$/i;

/** Of the files a test patch touches, the test files a runner runs (no fixtures, data or snapshots). Pure. */
export function heldOutTestFiles(paths: readonly string[]): string[] {
  return paths.filter((p) => SCRIPT_FILE.test(p) && classifyChangedPath(p) === 'test');
}

/** The files a unified diff touches (new names for renames) and its added + removed lines. Pure. */
export function filesOfPatch(patch: string): { files: string[]; linesChanged: number } {
  const files: string[] = [];
  let linesChanged = 0;
  let inHunk = false;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      inHunk = false;
      const m = / b\/(.+)$/.exec(line);
      if (m?.[1] && !files.includes(m[1])) files.push(m[1]);
      continue;
    }
    if (line.startsWith('+++ ') || line.startsWith('--- ')) {
      if (!inHunk) {
        const m = /^\+\+\+ b\/(.+?)\s*$/.exec(line);
        if (m?.[1] && !files.includes(m[1])) files.push(m[1]);
        continue;
      }
    }
    if (line.startsWith('@@')) {
      inHunk = true;
      continue;
    }
    if (inHunk && (line.startsWith('+') || line.startsWith('-'))) linesChanged++;
  }
  return { files, linesChanged };
}
