import { fenceAsTicketData } from '../shared/ticket.js';
import type { ModelGateway } from '../model/gateway.js';
import { OutcomeError, getErrorMessage } from '../shared/errors.js';
import { isOperatorOutcome } from '../shared/outcome.js';
import type { Logger } from '../shared/logger.js';
import { readTextFile } from './files.js';
import { outlineFile } from './outline.js';
import type { FileOutline } from './outline.js';
import { packContext } from './pack.js';
import type { PackCandidate, PackedContext } from './pack.js';
import { pickFiles } from './pick.js';
import type { PickedFile } from './pick.js';
import { rankRepository } from './rank-repository.js';
import type { RankedFile } from './rank.js';

export interface LocalizedFile {
  readonly path: string;
  readonly score: number;
  readonly reasons: readonly string[];
  /** Functions or methods to look at (chosen by the model, or defining identifiers the ticket names). */
  readonly symbols: readonly string[];
  readonly pickedByModel: boolean;
}

export interface LocalizationResult {
  /** Best first: the model's picks (when it ran), then the deterministic ranking. */
  readonly files: readonly LocalizedFile[];
  /** The code the editor will see, within `editorBudgetTokens`, with what was cut. */
  readonly context: PackedContext;
  readonly modelUsed: boolean;
  readonly filesScanned: number;
  readonly filesExcluded: number;
  /** Things a human may want to know (e.g. the model step failed and the ranking was used alone). */
  readonly notes: readonly string[];
}

export interface LocalizeInput {
  readonly repoRoot: string;
  /** Tracked files, repository-relative with forward slashes (e.g. from `git ls-files`). */
  readonly files: readonly string[];
  readonly ticket: { readonly title: string; readonly body: string };
  /** The fenced ticket for prompts (ticketAsPromptData); built from title and body when absent. */
  readonly ticketPromptData?: string;
  /** Search terms and paths from triage, searched like the ticket's own words. */
  readonly hints?: {
    readonly searchTerms: readonly string[];
    readonly namedPaths: readonly string[];
  };
  /** When given, the triage model picks files and functions from outlines of the top candidates. */
  readonly gateway?: ModelGateway;
  readonly editorBudgetTokens: number;
  readonly countTokens: (text: string) => number;
  /** Files in the result and in the editor's context. Default 5. */
  readonly top?: number;
  /** Candidates whose outlines the model sees. Default 12. */
  readonly outlineCandidates?: number;
  readonly logger: Logger;
}

/**
 * Localization: the deterministic ranking, then (with a gateway) the small model's pick from
 * outlines, then the editor's context packed to its budget. A model answer that never matches the
 * schema is not fatal here: the ranking alone is used and the note says so. Operator errors
 * (capacity, unavailable) end the job as usual.
 */
export async function localize(input: LocalizeInput): Promise<LocalizationResult> {
  const { logger } = input;
  const top = input.top ?? 5;
  const notes: string[] = [];
  const ranking = rankRepository(input.repoRoot, input.files, withHints(input.ticket, input.hints));
  logger.info(
    `Localize: ranked ${ranking.ranked.length} of ${ranking.filesScanned} files (${ranking.filesExcluded} excluded).`,
  );

  const outlineCount = input.gateway ? Math.max(input.outlineCandidates ?? 12, top) : top;
  const texts = new Map<string, string>();
  const outlines = new Map<string, FileOutline>();
  for (const file of ranking.ranked.slice(0, outlineCount)) {
    const read = readTextFile(input.repoRoot, file.path);
    if (!read) continue;
    texts.set(file.path, read.text);
    outlines.set(file.path, await outlineFile(file.path, read.text));
  }

  let picked: PickedFile[] = [];
  let modelUsed = false;
  if (input.gateway) {
    try {
      const result = await pickFiles({
        gateway: input.gateway,
        ticketData:
          input.ticketPromptData ??
          fenceAsTicketData(`Title: ${input.ticket.title}\n\n${input.ticket.body}`),
        outlines: ranking.ranked.flatMap((file) => outlines.get(file.path) ?? []),
        maxFiles: top,
      });
      picked = result.picked;
      modelUsed = true;
      logger.info(
        `Localize: the triage model picked ${picked.map((p) => p.path).join(', ') || 'nothing'} of ${result.offered} outlines.`,
      );
    } catch (error) {
      if (error instanceof OutcomeError && isOperatorOutcome(error.outcome)) throw error;
      const note = `The file-picking model step failed (${getErrorMessage(error)}); the deterministic ranking is used alone.`;
      logger.warning(note);
      notes.push(note);
    }
  }

  const files = merge(ranking.ranked, picked, outlines).slice(0, top);
  const candidates: PackCandidate[] = files.flatMap((file) => {
    const text = texts.get(file.path) ?? readTextFile(input.repoRoot, file.path)?.text;
    if (text === undefined) return [];
    const ranked = ranking.ranked.find((r) => r.path === file.path);
    return [{ path: file.path, text, focus: focusOf(file, ranked, outlines.get(file.path)) }];
  });
  const context = packContext(candidates, {
    budgetTokens: input.editorBudgetTokens,
    countTokens: input.countTokens,
  });
  return {
    files,
    context,
    modelUsed,
    filesScanned: ranking.filesScanned,
    filesExcluded: ranking.filesExcluded,
    notes,
  };
}

function withHints(
  ticket: { readonly title: string; readonly body: string },
  hints: LocalizeInput['hints'],
): { title: string; body: string } {
  if (!hints || (hints.searchTerms.length === 0 && hints.namedPaths.length === 0)) return ticket;
  // Code spans make the ranking treat the hints as identifiers and names; paths are matched as paths.
  const extra = [
    ...hints.searchTerms.map((term) => `\`${term.replaceAll('`', '')}\``),
    ...hints.namedPaths,
  ].join('\n');
  return { title: ticket.title, body: `${ticket.body}\n\n${extra}` };
}

function merge(
  ranked: readonly RankedFile[],
  picked: readonly PickedFile[],
  outlines: ReadonlyMap<string, FileOutline>,
): LocalizedFile[] {
  const byPath = new Map(ranked.map((file) => [file.path, file]));
  const first = picked.map((pick): LocalizedFile => {
    const file = byPath.get(pick.path);
    return {
      path: pick.path,
      score: file?.score ?? 0,
      reasons: [
        `picked by the triage model: ${pick.reason || 'no reason given'}`,
        ...(file?.reasons ?? []),
      ],
      symbols: pick.symbols,
      pickedByModel: true,
    };
  });
  const pickedPaths = new Set(picked.map((pick) => pick.path));
  const rest = ranked
    .filter((file) => !pickedPaths.has(file.path))
    .map(
      (file): LocalizedFile => ({
        path: file.path,
        score: file.score,
        reasons: file.reasons,
        symbols: file.defines.filter(
          (name) => outlines.get(file.path)?.symbols.some((s) => s.name === name) ?? false,
        ),
        pickedByModel: false,
      }),
    );
  return [...first, ...rest];
}

/** Ranges the packer keeps when the whole file does not fit: chosen symbols first, then lines the ticket points at. */
function focusOf(
  file: LocalizedFile,
  ranked: RankedFile | undefined,
  outline: FileOutline | undefined,
): PackCandidate['focus'] {
  const focus: { startLine: number; endLine: number; label?: string }[] = [];
  for (const name of file.symbols) {
    // The innermost definition of that name (a method rather than the class that holds it).
    const symbol = outline?.symbols
      .filter((s) => s.name === name)
      .sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine))[0];
    if (symbol) focus.push({ startLine: symbol.startLine, endLine: symbol.endLine, label: name });
  }
  for (const line of ranked?.lines ?? [])
    focus.push({ startLine: line, endLine: line, label: `line ${line}` });
  return focus;
}
