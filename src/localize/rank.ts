import { KIND_WEIGHT, fileKind, moduleName, testsModuleAt } from './file-kinds.js';
import type { FileKind } from './file-kinds.js';
import { mentionScorer } from './mentions.js';
import type { TicketSignals } from './ticket-signals.js';
import { graphBoosts, liftedScore } from './graph.js';
import type { ImportRef } from './imports.js';
import { importsOf } from './imports.js';
import { createTermCounter } from './term-counter.js';
import { createWorkspace } from './workspace.js';
import type { PathsMatcher, WorkspacePackage } from './workspace.js';
import { pathPartsAmong } from './tokenize.js';

/** One repository file as the ranking sees it. */
export interface RankInputFile {
  readonly path: string;
  /** Its UTF-8 bytes, read only while the file is being ranked (the buffer may be reused after). */
  readonly utf8: Buffer;
}

/** A file's text again, for the few best files whose imports are followed. */
export type ReadText = (path: string) => string | undefined;

/** A ranked file with the evidence behind its place. */
export interface RankedFile {
  readonly path: string;
  readonly score: number;
  readonly reasons: readonly string[];
  /** Lines the ticket points at (stack frames, `file:line` mentions), for the packer's windows. */
  readonly lines: readonly number[];
  /** Ticket identifiers this file defines, for the outline and the packer. */
  readonly defines: readonly string[];
}

/**
 * How much each kind of evidence is worth. A path named in the ticket beats any word statistics; a
 * definition of a named identifier beats a mere mention; BM25 orders the rest.
 */
const WEIGHT = {
  mention: 3,
  definition: 1.5,
  phrase: 1,
  content: 1,
  pathTerms: 0.6,
  /** Share of a test file's evidence passed on to the source file it tests. */
  testToSource: 0.6,
  /** Extra share of their own score for files in a workspace package the ticket names. */
  namedPackage: 0.3,
} as const;

/** A ticket naming more packages than this is listing them, not pointing at one. */
const MAX_NAMED_PACKAGES = 2;

/**
 * Workspace packages the ticket names: a scoped name in full (`@vue/shared`), or a hyphenated name
 * or scoped name's last part as a word (`runtime-dom`, `plugin-legacy`). A plain one-word name
 * (`vue`, `vite`) is how reporters name the product, not a package, and the root package never counts.
 */
function namedPackages(
  packages: readonly WorkspacePackage[],
  words: string,
): readonly WorkspacePackage[] {
  const text = words.toLowerCase();
  const said = (name: string): boolean =>
    new RegExp(String.raw`(?:^|[^\w@/-])${escapeRegExp(name)}(?![\w-])`).test(text);
  const named = packages.filter((pkg) => {
    if (pkg.dir === '') return false;
    const name = pkg.name.toLowerCase();
    const last = name.split('/').at(-1) ?? name;
    return (name.startsWith('@') && text.includes(name)) || (last.includes('-') && said(last));
  });
  return named.length <= MAX_NAMED_PACKAGES ? named : [];
}

/** Test files named only for their folder (`test/index.js`): they say nothing about a module. */
const GENERIC_TEST_NAME = /^(?:__tests__|tests?|specs?|__mocks__|fixtures?)$/;

/** Files whose imports the code graph follows. */
const SCRIPT_PATH = /\.(?:[cm]?[jt]sx?|vue|svelte)$/i;

const BM25_K1 = 1.2;
const BM25_B = 0.75;

interface FileStats {
  readonly path: string;
  readonly kind: FileKind;
  readonly length: number;
  readonly termCounts: Map<string, number>;
  readonly defines: string[];
  readonly phrases: string[];
}

/**
 * Ranks files against the ticket in one streaming pass: each file's bytes are scanned once for the
 * query's terms, definitions of named identifiers and literal phrases, and then dropped; only the
 * few best files are read again, for their relative imports. Memory stays proportional to the
 * number of files, not their size.
 */
export function rankFiles(
  files: Iterable<RankInputFile>,
  signals: TicketSignals,
  readText: ReadText,
  matchPaths?: PathsMatcher,
): RankedFile[] {
  const queryTerms = signals.terms;
  const identifiers = [...signals.identifiers.keys()];
  const definitionPatterns = new Map(identifiers.map((name) => [name, definitionPattern(name)]));
  const stats: FileStats[] = [];
  const documentFrequency = new Map<string, number>();
  let totalLength = 0;
  const mentionCounts = new Map<string, number>();

  const countTerms = createTermCounter(queryTerms.keys());
  const imports = new Map<number, readonly ImportRef[]>();
  const packageJsons = new Map<string, string>();

  for (const file of files) {
    if (SCRIPT_PATH.test(file.path)) {
      // Specifiers and imported names are ASCII, so a byte-for-character decode finds them all.
      const found = importsOf(file.utf8.toString('latin1'));
      if (found.length > 0) imports.set(stats.length, found);
    } else if (file.path === 'package.json' || file.path.endsWith('/package.json')) {
      packageJsons.set(file.path, file.utf8.toString('utf8'));
    }
    const { length, counts: termCounts } = countTerms(file.utf8);
    for (const term of termCounts.keys())
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    totalLength += length;
    const defines: string[] = [];
    for (const name of identifiers) {
      const first = file.utf8.indexOf(name);
      if (first === -1) continue;
      mentionCounts.set(name, (mentionCounts.get(name) ?? 0) + 1);
      if (definesName(file.utf8, name, first, definitionPatterns.get(name)!)) defines.push(name);
    }
    const phrases = signals.phrases.filter((phrase) => file.utf8.includes(phrase));
    stats.push({
      path: file.path,
      kind: fileKind(file.path),
      length,
      termCounts,
      defines,
      phrases,
    });
  }
  if (stats.length === 0) return [];

  const content = bm25(stats, queryTerms, documentFrequency, totalLength / stats.length);
  const pathScores = pathTermScores(stats, queryTerms);
  const definitionCounts = new Map<string, number>();
  for (const file of stats)
    for (const name of file.defines)
      definitionCounts.set(name, (definitionCounts.get(name) ?? 0) + 1);

  const workspace = createWorkspace(
    new Set(stats.map((file) => file.path)),
    packageJsons,
    matchPaths,
  );
  // A workspace package's name (`runtime-dom`) names the package, which the named-package rule
  // lifts as a whole; it does not name the package's root index file.
  const packageNames = new Set(
    workspace.packages
      .filter((pkg) => pkg.dir !== '')
      .map((pkg) => (pkg.name.split('/').at(-1) ?? pkg.name).toLowerCase()),
  );
  const scoreMention = mentionScorer(
    signals.paths.filter(
      (mention) => !mention.bare || !packageNames.has(mention.path.toLowerCase()),
    ),
  );
  const scored = stats.map((file, index) => {
    const reasons: string[] = [];
    const lines: number[] = [];
    let evidence = 0;

    const mention = scoreMention(file.path);
    if (mention.score > 0) {
      evidence += WEIGHT.mention * mention.score;
      reasons.push(...mention.reasons);
      lines.push(...mention.lines);
    }
    if (file.defines.length > 0) {
      let definitionScore = 0;
      for (const name of file.defines) {
        definitionScore += identifierWeight(
          name,
          signals.identifiers.get(name) ?? 1,
          stats.length,
          mentionCounts,
          definitionCounts,
        );
      }
      evidence += WEIGHT.definition * Math.min(definitionScore, 2);
      reasons.push(
        `defines ${file.defines
          .slice(0, 6)
          .map((n) => `\`${n}\``)
          .join(', ')} named in the ticket`,
      );
    }
    if (file.phrases.length > 0) {
      evidence += WEIGHT.phrase * Math.min(file.phrases.length, 2);
      reasons.push(`contains the text "${truncate(file.phrases[0] ?? '', 60)}" from the ticket`);
    }
    const contentScore = content.scores[index] ?? 0;
    if (contentScore > 0) {
      evidence += WEIGHT.content * contentScore;
      if (contentScore > 0.3)
        reasons.push(`ticket words in the code: ${topTerms(file, queryTerms, content.idf)}`);
    }
    const pathScore = pathScores.scores[index] ?? 0;
    if (pathScore > 0) {
      evidence += WEIGHT.pathTerms * pathScore;
      reasons.push(`path matches ticket words: ${pathScores.matched[index]?.join(', ')}`);
    }
    return { path: file.path, kind: file.kind, evidence, reasons, lines, defines: file.defines };
  });

  // Tests and docs keep part of their evidence; the rest goes to the source file they are about.
  const byModule = new Map<string, number[]>();
  scored.forEach((file, index) => {
    if (file.kind !== 'source') return;
    const name = moduleName(file.path);
    const same = byModule.get(name);
    if (same) same.push(index);
    else byModule.set(name, [index]);
  });
  const final = scored.map((file) => file.evidence * KIND_WEIGHT[file.kind]);
  // Each source keeps its strongest test's share: a name many tests share (`test/index.js` is
  // "test") must not add up into a score no real evidence reaches.
  const passedOn = new Set<number>();
  const fromTests = new Map<number, { share: number; test: string; count: number }>();
  scored.forEach((file, testIndex) => {
    if (file.kind !== 'test' || file.evidence <= 0) return;
    const name = moduleName(file.path);
    if (GENERIC_TEST_NAME.test(name)) return;
    const targets = closest(
      file.path,
      (byModule.get(name) ?? []).filter((index) => testsModuleAt(file.path, scored[index]!.path)),
      scored,
    );
    if (targets.length === 0 || targets.length > 3) return;
    passedOn.add(testIndex);
    for (const target of targets) {
      const share = (WEIGHT.testToSource * file.evidence) / targets.length;
      const previous = fromTests.get(target);
      const count = (previous?.count ?? 0) + 1;
      if (!previous || previous.share < share)
        fromTests.set(target, { share, test: file.path, count });
      else previous.count = count;
    }
  });
  for (const [target, { share, test, count }] of fromTests) {
    final[target] = (final[target] ?? 0) + share;
    const others = count > 1 ? ` (and ${count - 1} more of its tests)` : '';
    scored[target]?.reasons.push(`its test ${test} matches the ticket${others}`);
  }

  // The code's graph: callees and callers of the strongest hits, and the source a matching test imports.
  const testEvidence = new Map<number, number>();
  scored.forEach((file, index) => {
    if (file.kind === 'test' && file.evidence > 0 && !passedOn.has(index))
      testEvidence.set(index, file.evidence);
  });
  const boosts = graphBoosts({
    files: scored,
    imports,
    workspace,
    readText,
    scores: final,
    testEvidence,
  });
  for (const [target, list] of boosts) {
    // The strongest link counts.
    const strongest = list.reduce((a, b) => (b.amount > a.amount ? b : a));
    final[target] = liftedScore(final[target] ?? 0, strongest);
    scored[target]?.reasons.push(strongest.reason);
  }

  // A package the ticket names (`@vue/runtime-dom`, `plugin-legacy`) holds the fix more often than its neighbours.
  const named = namedPackages(workspace.packages, signals.words);
  if (named.length > 0) {
    scored.forEach((file, index) => {
      const pkg = workspace.packageOf(file.path);
      if (!pkg || !named.includes(pkg) || (final[index] ?? 0) <= 0) return;
      final[index] = (final[index] ?? 0) * (1 + WEIGHT.namedPackage);
      file.reasons.push(`in ${pkg.name}, which the ticket names`);
    });
  }

  return scored
    .map((file, index) => ({
      path: file.path,
      score: round(final[index] ?? 0),
      reasons: file.reasons,
      lines: [...new Set(file.lines)],
      defines: file.defines,
    }))
    .filter((file) => file.score > 0)
    .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));
}

/**
 * What defining `name` is worth: compound identifiers (`utcOffset`, `is_valid`) are specific, plain
 * words (`config`, `next`) are not; a name that many files use or define says little about any of them.
 */
function identifierWeight(
  name: string,
  occurrences: number,
  fileCount: number,
  mentionCounts: ReadonlyMap<string, number>,
  definitionCounts: ReadonlyMap<string, number>,
): number {
  const compound = /[a-z\d][A-Z]|[A-Za-z]_[A-Za-z]|\$/.test(name) ? 1 : 0.3;
  const rarity = (count: number): number =>
    Math.log(1 + fileCount / Math.max(count, 1)) / Math.log(1 + fileCount);
  const used = rarity(mentionCounts.get(name) ?? 1);
  const defined = rarity(definitionCounts.get(name) ?? 1);
  return compound * Math.min(occurrences, 3) * used * defined;
}

function bm25(
  stats: readonly FileStats[],
  queryTerms: ReadonlyMap<string, number>,
  documentFrequency: ReadonlyMap<string, number>,
  averageLength: number,
): { scores: number[]; idf: Map<string, number> } {
  const idf = new Map<string, number>();
  for (const [term, df] of documentFrequency)
    idf.set(term, Math.log(1 + (stats.length - df + 0.5) / (df + 0.5)));
  const raw = stats.map((file) => {
    let score = 0;
    for (const [term, tf] of file.termCounts) {
      const norm =
        tf + BM25_K1 * (1 - BM25_B + (BM25_B * file.length) / Math.max(averageLength, 1));
      score +=
        Math.min(queryTerms.get(term) ?? 1, 3) *
        (idf.get(term) ?? 0) *
        ((tf * (BM25_K1 + 1)) / norm);
    }
    return score;
  });
  const max = Math.max(...raw, 0);
  return { scores: raw.map((score) => (max > 0 ? score / max : 0)), idf };
}

/** Ticket words that appear among the path's segments (`duration` in `src/plugin/duration/index.js`), weighted by rarity. */
function pathTermScores(
  stats: readonly FileStats[],
  queryTerms: ReadonlyMap<string, number>,
): { scores: number[]; matched: string[][] } {
  // Only parts that are query terms count; the extension (`ts` in every TypeScript file) never does.
  const parts = stats.map((file) => pathPartsAmong(withoutExtension(file.path), queryTerms));
  const frequency = new Map<string, number>();
  for (const set of parts)
    for (const part of set) frequency.set(part, (frequency.get(part) ?? 0) + 1);
  const matched: string[][] = [];
  const raw = parts.map((set, index) => {
    let score = 0;
    const hits: string[] = [];
    for (const part of set) {
      const weight = queryTerms.get(part)!; // pathPartsAmong keeps query terms only
      hits.push(part);
      score += Math.min(weight, 3) * Math.log(1 + stats.length / (frequency.get(part) ?? 1));
    }
    matched[index] = hits;
    return score;
  });
  // Scaled against a rare title word in one path, not only the best match: when the best is a part
  // most paths share (`node` in packages/vite/src/node/…), it must not count as a strong match.
  const scale = Math.max(...raw, 2 * Math.log(1 + stats.length));
  return { scores: raw.map((score) => score / scale), matched };
}

function withoutExtension(path: string): string {
  return path.replace(/(?:\.d)?\.[^./]+$/, '');
}

/**
 * Of the sources a test's name points at, those sharing the longest folder prefix with it: a
 * monorepo has a vModel.ts in three packages, and packages/runtime-dom/__tests__/vModel.spec.ts
 * tests the one in packages/runtime-dom.
 */
function closest(
  testPath: string,
  candidates: readonly number[],
  files: readonly { readonly path: string }[],
): number[] {
  if (candidates.length <= 1) return [...candidates];
  const shared = (path: string): number => {
    const a = testPath.split('/');
    const b = path.split('/');
    let count = 0;
    while (count < a.length - 1 && count < b.length - 1 && a[count] === b[count]) count += 1;
    return count;
  };
  const depth = candidates.map((index) => shared(files[index]?.path ?? ''));
  const best = Math.max(...depth);
  return candidates.filter((_, i) => depth[i] === best);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether the file defines `name`. The pattern is tried on the lines around each occurrence (from
 * the line before to the line after), which is all a definition spans, so a file that merely uses
 * a common name is never decoded and searched whole.
 */
function definesName(utf8: Buffer, name: string, first: number, pattern: RegExp): boolean {
  const NEWLINE = 10;
  for (let at = first; at !== -1; ) {
    const lineStart = at === 0 ? -1 : utf8.lastIndexOf(NEWLINE, at - 1);
    const from = lineStart <= 0 ? 0 : utf8.lastIndexOf(NEWLINE, lineStart - 1) + 1;
    const lineEnd = utf8.indexOf(NEWLINE, at + name.length);
    const nextEnd = lineEnd === -1 ? -1 : utf8.indexOf(NEWLINE, lineEnd + 1);
    const to = nextEnd === -1 ? utf8.length : nextEnd;
    if (pattern.test(utf8.toString('utf8', from, to))) return true;
    if (lineEnd === -1) return false;
    // Another occurrence on the same line would give the same window.
    at = utf8.indexOf(name, lineEnd);
  }
  return false;
}

/** Places where `name` is defined rather than used: declarations, methods, properties and assignments. */
function definitionPattern(name: string): RegExp {
  const n = escapeRegExp(name);
  return new RegExp(
    [
      String.raw`(?:function\*?|class|interface|type|enum|const|let|var|def|func|fn|struct|trait)\s+${n}\b`,
      String.raw`^[ \t]*(?:(?:export|default|public|private|protected|static|async|readonly|override|get|set)\s+)*${n}\s*(?:<[^>\n]*>)?\([^)\n]*\)\s*(?::[^{\n]*)?\{`,
      String.raw`(?:^|[\s,{])['"]?${n}['"]?\s*[:=]\s*(?:async\s*)?(?:function\b|\([^)\n]*\)\s*=>|[\w$]+\s*=>)`,
      String.raw`\.${n}\s*=(?!=)`,
    ].join('|'),
    'm',
  );
}

function topTerms(
  file: FileStats,
  queryTerms: ReadonlyMap<string, number>,
  idf: ReadonlyMap<string, number>,
): string {
  return [...file.termCounts.keys()]
    .sort(
      (a, b) =>
        (idf.get(b) ?? 0) * (queryTerms.get(b) ?? 0) - (idf.get(a) ?? 0) * (queryTerms.get(a) ?? 0),
    )
    .slice(0, 5)
    .join(', ');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
