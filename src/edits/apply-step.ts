import type { Config } from '../config/config.js';
import type { Logger } from '../shared/logger.js';
import { applyEditsYielding, type WorkingFile } from './apply-edits.js';
import { summarizeChange } from './change-summary.js';
import { checkLimits } from './guards.js';
import type { BlockResult, Edit } from './types.js';
import { loadWorkingFiles } from './workspace-files.js';

/** The files an edit loop keeps: as they were, as they are now, and as written to disk. */
export interface WorkingSet {
  readonly before: Map<string, WorkingFile>;
  readonly state: ReadonlyMap<string, WorkingFile>;
  readonly onDisk: Map<string, WorkingFile>;
}

export interface AppliedStep {
  readonly results: readonly BlockResult[];
  /** Every file after the blocks that applied; not yet the loop's state. */
  readonly candidate: Map<string, WorkingFile>;
  /** Why the whole change would be too big (for the model), when it would. */
  readonly tooBig?: string;
}

/**
 * One answer's edits against the working files, as both editors do it: files named for the first
 * time are loaded (into every snapshot), the blocks applied, guard refusals logged, and the whole
 * change checked against the size limits.
 */
export async function applyStep(
  edits: readonly Edit[],
  files: WorkingSet,
  input: { readonly repoRoot: string; readonly config: Config; readonly logger: Logger },
  label: string,
): Promise<AppliedStep> {
  const state = new Map(files.state);
  const missing = edits.map((e) => e.path).filter((p) => !state.has(p));
  if (missing.length > 0) {
    for (const [p, f] of await loadWorkingFiles(input.repoRoot, missing)) {
      state.set(p, f);
      files.before.set(p, f);
      files.onDisk.set(p, f);
    }
  }
  // Yields to the event loop as it works, so the model lock's heartbeat keeps beating.
  const applied = await applyEditsYielding(edits, state, input.config.safety);
  logGuardRefusals(input.logger, label, applied.results);
  const candidate = new Map(applied.files);
  const tooBig = checkLimits(summarizeChange(files.before, candidate).files, input.config.safety);
  return { results: applied.results, candidate, ...(tooBig ? { tooBig } : {}) };
}

/** Reasons a block is refused that an operator must see in the log: limits and guarded paths. */
const LOGGED_REFUSALS: ReadonlySet<string> = new Set([
  'file-too-large',
  'work-budget',
  'protected-path',
  'unsafe-path',
]);

/** Blocks refused by the applier's limits or path guards are named in the log, never skipped silently. */
function logGuardRefusals(logger: Logger, label: string, results: readonly BlockResult[]): void {
  for (const r of results) {
    if (r.status === 'refused' && LOGGED_REFUSALS.has(r.reason))
      logger.warning(`${label}: block ${r.index} (${r.path}) refused: ${r.message}`);
  }
}
