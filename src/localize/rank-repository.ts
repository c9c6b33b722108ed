import { join, relative, sep } from 'node:path';
import { createPathsMatcher, parseTsconfig } from 'get-tsconfig';
import { isExcludedPath, readFileBytes, readTextFile } from './files.js';
import type { RankInputFile, RankedFile } from './rank.js';
import { rankFiles } from './rank.js';
import { extractSignals } from './ticket-signals.js';
import type { TicketSignals } from './ticket-signals.js';
import type { PathsMatcher } from './workspace.js';

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

/**
 * The root tsconfig's `paths` (following `extends`), as repository-relative candidates. A tsconfig
 * that cannot be read (an `extends` package that is not installed, a syntax error) gives none: the
 * ranking then resolves workspace packages by their package.json alone.
 */
function tsconfigPaths(repoRoot: string, files: readonly string[]): PathsMatcher | undefined {
  const name = ['tsconfig.json', 'tsconfig.base.json', 'jsconfig.json'].find((file) =>
    files.includes(file),
  );
  if (!name) return undefined;
  try {
    const path = join(repoRoot, name);
    const matcher = createPathsMatcher({ path, config: parseTsconfig(path) });
    if (!matcher) return undefined;
    return (specifier) =>
      matcher(specifier)
        .map((absolute) => relative(repoRoot, absolute).split(sep).join('/'))
        .filter((candidate) => !candidate.startsWith('..'));
  } catch {
    return undefined;
  }
}
