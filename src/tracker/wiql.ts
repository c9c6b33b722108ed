import type { TrackerConfig } from '../config/config.js';
import { STATUS_TAGS } from '../shared/outcome.js';

/** A WIQL string literal: single quotes doubled. */
export function wiqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Final status tags: a ticket carrying one was handled and is not picked again by the default query. */
export const FINAL_STATUS_TAGS = [
  STATUS_TAGS.prOpened,
  STATUS_TAGS.needsHuman,
  STATUS_TAGS.skipped,
];

/**
 * The default candidate query: the opt-in tag, an allowed state, under the area path, without a final
 * status tag, highest priority (1) first, then oldest. `autofix:working` tickets stay in the result so
 * an abandoned claim can be taken over.
 */
export function defaultCandidateQuery(tracker: TrackerConfig): string {
  const conditions = [
    '[System.TeamProject] = @project',
    `[System.Tags] CONTAINS ${wiqlString(tracker.eligibleTag)}`,
  ];
  if (tracker.allowedStates.length > 0) {
    conditions.push(`[System.State] IN (${tracker.allowedStates.map(wiqlString).join(', ')})`);
  }
  if (tracker.areaPath) conditions.push(`[System.AreaPath] UNDER ${wiqlString(tracker.areaPath)}`);
  for (const tag of FINAL_STATUS_TAGS)
    conditions.push(`[System.Tags] NOT CONTAINS ${wiqlString(tag)}`);
  return (
    `SELECT [System.Id] FROM WorkItems WHERE ${conditions.join(' AND ')} ` +
    'ORDER BY [Microsoft.VSTS.Common.Priority] ASC, [System.CreatedDate] ASC'
  );
}

/** Tickets this tool settled, most recently changed first (for the near-duplicate check). */
export function recentlyHandledQuery(): string {
  const tags = FINAL_STATUS_TAGS.map((tag) => `[System.Tags] CONTAINS ${wiqlString(tag)}`);
  return (
    `SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND (${tags.join(' OR ')}) ` +
    'ORDER BY [System.ChangedDate] DESC'
  );
}
