import type { EditMode } from '../config/config.js';
import type { ToolSupport } from '../model/gateway.js';
import type { LocalizedFileSummary } from '../report/job-report.js';

/** The values `edit-mode` accepts, in the order people read them (the CLI checks flags against it). */
export const EDIT_MODES: readonly EditMode[] = ['pipeline', 'agent', 'auto'];

export interface EditModeInput {
  /** The `edit-mode` input. */
  readonly configured: EditMode;
  /**
   * Triage's size verdict ('small' | 'medium' | 'large'); absent when no triage ran (a revision).
   * Any other text is read as no verdict.
   */
  readonly triageSize?: string;
  /** Localization's ranking, best first. */
  readonly ranking: readonly LocalizedFileSummary[];
  /** Preflight's answer; absent means the server was not asked, read as 'unknown'. */
  readonly editModelTools?: ToolSupport;
}

export interface EditModeChoice {
  readonly mode: 'pipeline' | 'agent';
  /** One sentence for people: the input, or what `auto` looked at. */
  readonly why: string;
}

/**
 * Localization is "unsure" when it gives the pipeline editor no clear file to start from:
 *  - it ranked nothing, or its first file scored 0 (nothing in the ticket matched any file), or
 *  - at least UNSURE_CROWD other files score within UNSURE_MARGIN of the first: the ranking could
 *    not tell them apart, so the file that matters may be any of them, or none that the pipeline
 *    shows. The agent can search and read to decide; the pipeline sees only the packed context.
 * Scores are compared with the first file's, not the highest: the first is the one the editor
 * is shown first (a model pick may come before a higher-scored file).
 */
export const UNSURE_MARGIN = 0.2;
export const UNSURE_CROWD = 3;

/** Why localization is unsure, as the end of a sentence, or undefined when it is sure. */
export function localizationDoubt(ranking: readonly LocalizedFileSummary[]): string | undefined {
  const first = ranking[0];
  if (!first) return 'it ranked no file';
  if (!(first.score > 0)) return 'no file matched the ticket’s words';
  const close = ranking.slice(1).filter((f) => f.score >= first.score * (1 - UNSURE_MARGIN)).length;
  if (close >= UNSURE_CROWD)
    return `${close} files score within ${Math.round(UNSURE_MARGIN * 100)}% of the first`;
  return undefined;
}

/**
 * Which editor runs for one ticket. 'pipeline' and 'agent' are taken as configured, except that
 * the agent never runs on a model that cannot call tools (preflight refuses that configuration
 * first; this keeps the choice safe if it is ever reached). 'auto' picks the agent for tickets
 * triage calls medium or large and when localization is unsure, and the pipeline otherwise, or
 * when the server does not say that the edit model can call tools.
 */
export function chooseEditMode(input: EditModeInput): EditModeChoice {
  const tools = input.editModelTools ?? 'unknown';
  if (input.configured === 'pipeline') return { mode: 'pipeline', why: 'edit-mode is pipeline.' };
  if (tools === 'no') {
    return {
      mode: 'pipeline',
      why:
        input.configured === 'agent'
          ? 'edit-mode is agent, but the edit model cannot call tools, so the pipeline ran.'
          : 'auto: the edit model cannot call tools, so the pipeline ran.',
    };
  }
  if (input.configured === 'agent') return { mode: 'agent', why: 'edit-mode is agent.' };
  // auto from here on.
  if (tools === 'unknown') {
    return {
      mode: 'pipeline',
      why: 'auto: the model server does not say whether the edit model can call tools, so the pipeline ran.',
    };
  }
  if (input.triageSize === 'medium' || input.triageSize === 'large')
    return { mode: 'agent', why: `auto: triage called the ticket ${input.triageSize}.` };
  const doubt = localizationDoubt(input.ranking);
  if (doubt !== undefined) return { mode: 'agent', why: `auto: localization is unsure: ${doubt}.` };
  return {
    mode: 'pipeline',
    why:
      input.triageSize === 'small'
        ? 'auto: triage called the ticket small and localization ranked a clear first file.'
        : 'auto: localization ranked a clear first file.',
  };
}
