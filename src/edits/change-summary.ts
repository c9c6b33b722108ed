import type { WorkingFile } from './apply-edits.js';
import { countChangedLines, unifiedDiff } from './diff.js';
import { sameLines } from './text-format.js';
import type { FileChange } from './guards.js';

export interface ChangeSummary {
  readonly files: readonly FileChange[];
  readonly linesAdded: number;
  readonly linesRemoved: number;
  /** Unified diff of every changed file, in path order. */
  readonly diff: string;
}

/** What changed between two snapshots of the same files. Pure. */
export function summarizeChange(
  before: ReadonlyMap<string, WorkingFile>,
  after: ReadonlyMap<string, WorkingFile>,
): ChangeSummary {
  const files: FileChange[] = [];
  const diffs: string[] = [];
  for (const file of [...after.keys()].sort()) {
    const next = after.get(file)?.text;
    const previous = before.get(file)?.text;
    if (!next) continue;
    if (
      previous &&
      previous.finalNewline === next.finalNewline &&
      sameLines(previous.lines, next.lines)
    )
      continue;
    const { added, removed } = countChangedLines(previous?.lines ?? [], next.lines);
    const diff = unifiedDiff(
      previous ? { path: file, before: previous, after: next } : { path: file, after: next },
    );
    if (diff === '' && previous) continue;
    files.push({ path: file, added, removed, created: previous === undefined });
    diffs.push(diff);
  }
  return {
    files,
    linesAdded: files.reduce((n, f) => n + f.added, 0),
    linesRemoved: files.reduce((n, f) => n + f.removed, 0),
    diff: diffs.join(''),
  };
}
