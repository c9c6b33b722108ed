import { isExcludedPath, readFileBytes, readTextFile } from './files.js';
import type { RankInputFile, RankedFile } from './rank.js';
import { rankFiles } from './rank.js';
import { extractSignals } from './ticket-signals.js';
import { tsconfigPaths } from './tsconfig-paths.js';
import type { TicketSignals } from './ticket-signals.js';

export interface RepositoryRanking {
  readonly ranked: readonly RankedFile[];
  readonly signals: TicketSignals;
  /** Tracked files considered after exclusions (binary, generated, vendored, lock files, output). */
  readonly filesScanned: number;
  readonly filesExcluded: number;
}

/**
 * The deterministic step: reads the tracked files one at a time (capped; binary, generated and
 * symlinked ones skipped) and ranks them against the ticket. `files` are repository-relative, forward-slash paths.
 */
export function rankRepository(
  repoRoot: string,
  files: readonly string[],
  ticket: { readonly title: string; readonly body: string },
): RepositoryRanking {
  const signals = extractSignals(ticket.title, ticket.body);
  let scanned = 0;
  let excluded = 0;
  function* read(): Generator<RankInputFile> {
    for (const path of files) {
      if (isExcludedPath(path)) {
        excluded += 1;
        continue;
      }
      const file = readFileBytes(repoRoot, path);
      if (!file) {
        excluded += 1;
        continue;
      }
      scanned += 1;
      // A view of the reader's shared buffer: rankFiles is done with it before asking for the next.
      yield { path, utf8: file.bytes };
    }
  }
  const ranked = rankFiles(
    read(),
    signals,
    (path) => readTextFile(repoRoot, path)?.text,
    tsconfigPaths(repoRoot, files),
  );
  return { ranked, signals, filesScanned: scanned, filesExcluded: excluded };
}
