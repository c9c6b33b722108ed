/**
 * The code's own graph as ranking evidence: the files the strongest hits import (following a named
 * import through a package's index to the file that defines the name), the files that import them,
 * and the source files a matching test exercises. Each boost is a share of the score of the file it
 * comes from and says so in the reasons.
 */
import type { ImportRef } from './imports.js';
import { importsOf } from './imports.js';
import type { Workspace } from './workspace.js';

/** A file's text on demand (the ranking does not keep texts). */
export type ReadText = (path: string) => string | undefined;

export interface GraphFile {
  readonly path: string;
  readonly kind: string;
}

export interface GraphBoost {
  readonly amount: number;
  readonly reason: string;
  /** The score of the file the boost comes from, when a neighbour must not overtake it. */
  readonly ceiling?: number;
}

const SHARE = {
  /** Of a strong hit's score, to a file it imports. */
  imported: 0.15,
  /** Of a strong hit's score, to a file that imports it (spread over all its importers). */
  importer: 0.1,
  /** Of a test's evidence, to the source files it imports (spread over them). */
  tested: 0.6,
} as const;

/** How many of the best files pass score along the graph, and how close to the best they must be. */
const HUBS = 5;
const HUB_FLOOR = 0.5;
/** A test passes its evidence on only when it imports this few of our source files by name. */
const MAX_TESTED = 3;

export interface GraphInput {
  readonly files: readonly GraphFile[];
  /** Imports per file index, gathered while the files were read. */
  readonly imports: ReadonlyMap<number, readonly ImportRef[]>;
  readonly workspace: Workspace;
  readonly readText: ReadText;
  /** Each file's score before the graph (index-aligned with `files`). */
  readonly scores: readonly number[];
  /** Each test file's own evidence, before its kind weight. */
  readonly testEvidence: ReadonlyMap<number, number>;
}

/** Boosts by file index. */
export function graphBoosts(input: GraphInput): Map<number, GraphBoost[]> {
  const { files, workspace } = input;
  const pathIndex = new Map(files.map((file, index) => [file.path, index]));
  const definer = createDefinerLookup(workspace, input.readText, pathIndex);
  const boosts = new Map<number, GraphBoost[]>();
  const add = (index: number, boost: GraphBoost): void => {
    const list = boosts.get(index);
    if (list) list.push(boost);
    else boosts.set(index, [boost]);
  };

  /** Where each import of file `from` leads: the defining file for named imports when it can be found. */
  const targets = (from: number): { index: number; names: readonly string[]; via: string }[] => {
    const path = files[from]!.path;
    const out: { index: number; names: readonly string[]; via: string }[] = [];
    for (const ref of input.imports.get(from) ?? []) {
      const resolved = workspace.resolve(path, ref.specifier);
      if (resolved === undefined) continue;
      const byDefiner = new Map<string, string[]>();
      for (const name of ref.names) {
        const defining = definer(resolved, name) ?? resolved;
        const list = byDefiner.get(defining);
        if (list) list.push(name);
        else byDefiner.set(defining, [name]);
      }
      if (byDefiner.size === 0) byDefiner.set(resolved, []);
      for (const [target, names] of byDefiner) {
        const index = pathIndex.get(target);
        if (index !== undefined && index !== from)
          out.push({ index, names, via: ref.specifier.startsWith('.') ? '' : ref.specifier });
      }
    }
    return out;
  };

  const order = input.scores
    .map((score, index) => ({ score, index }))
    .sort((a, b) => b.score - a.score);
  const best = order[0]?.score ?? 0;
  const hubs = order.slice(0, HUBS).filter((hub) => hub.score > 0 && hub.score >= best * HUB_FLOOR);

  // Callees: what the strongest hits use.
  for (const hub of hubs) {
    for (const target of targets(hub.index)) {
      add(target.index, {
        amount: SHARE.imported * hub.score,
        reason: `imported by ${files[hub.index]!.path}${describe(target)}`,
        ceiling: hub.score,
      });
    }
  }

  // Callers: who uses the strongest hits (a file imported everywhere says little about each importer).
  // Named imports through a package's index count when they name something the hit defines.
  if (hubs.length > 0) {
    const hubScores = new Map(hubs.map((hub) => [hub.index, hub.score]));
    const exported = new Map(
      hubs.map((hub) => [hub.index, exportedNames(input.readText(files[hub.index]!.path) ?? '')]),
    );
    const importers = new Map<number, Set<number>>();
    for (const [from, refs] of input.imports) {
      if (hubScores.has(from)) continue;
      for (const ref of refs) {
        const resolved = workspace.resolve(files[from]!.path, ref.specifier);
        if (resolved === undefined) continue;
        const direct = pathIndex.get(resolved);
        for (const [hub, names] of exported) {
          const reaches =
            direct === hub ||
            (ref.names.some((name) => names.has(name)) &&
              workspace.packageOf(resolved) === workspace.packageOf(files[hub]!.path));
          if (!reaches) continue;
          const set = importers.get(hub);
          if (set) set.add(from);
          else importers.set(hub, new Set([from]));
        }
      }
    }
    for (const [hub, set] of importers) {
      const amount = (SHARE.importer * (hubScores.get(hub) ?? 0)) / Math.sqrt(set.size);
      const ceiling = hubScores.get(hub);
      for (const from of set) add(from, { amount, reason: `imports ${files[hub]!.path}`, ceiling });
    }
  }

  // Tests that match the ticket point at the source they exercise.
  for (const [test, evidence] of input.testEvidence) {
    if (evidence <= 0) continue;
    const tested = [
      ...new Map(
        targets(test)
          .filter((target) => files[target.index]!.kind === 'source')
          .map((target) => [target.index, target]),
      ).values(),
    ];
    if (tested.length === 0 || tested.length > MAX_TESTED) continue;
    for (const target of tested) {
      add(target.index, {
        amount: (SHARE.tested * evidence) / tested.length,
        reason: `exercised by ${files[test]!.path}, which matches the ticket`,
      });
    }
  }
  return boosts;
}

/**
 * A file's score with a boost: a neighbour is lifted towards the hit it borrows from, never past
 * it (the hit is the evidence, the neighbour only its company); a file already above keeps rising.
 */
export function liftedScore(own: number, boost: GraphBoost): number {
  const lifted = own + boost.amount;
  if (boost.ceiling === undefined || own >= boost.ceiling) return lifted;
  return Math.min(lifted, boost.ceiling * 0.99);
}

function describe(target: { names: readonly string[]; via: string }): string {
  const names = target.names
    .slice(0, 3)
    .map((name) => `\`${name}\``)
    .join(', ');
  if (names && target.via) return ` (${names} from ${target.via})`;
  if (names) return ` (${names})`;
  return target.via ? ` (as ${target.via})` : '';
}

const MAX_REEXPORT_DEPTH = 3;

/**
 * Finds the file that defines `name` when it is imported from `file`: the file itself, or a file it
 * re-exports (`export * from './x'`, `export { name } from './x'`), a few levels deep. Cached, as
 * many hits import through the same index file.
 */
function createDefinerLookup(
  workspace: Workspace,
  readText: ReadText,
  pathIndex: ReadonlyMap<string, number>,
): (file: string, name: string) => string | undefined {
  const texts = new Map<string, string | undefined>();
  const text = (path: string): string | undefined => {
    if (!texts.has(path)) texts.set(path, pathIndex.has(path) ? readText(path) : undefined);
    return texts.get(path);
  };
  const cache = new Map<string, string | undefined>();
  const find = (file: string, name: string, depth: number): string | undefined => {
    const key = `${file}\0${name}`;
    if (cache.has(key)) return cache.get(key);
    cache.set(key, undefined); // cycles end here
    const source = text(file);
    let found: string | undefined;
    if (source !== undefined) {
      if (definesExport(source, name)) found = file;
      else if (depth < MAX_REEXPORT_DEPTH) {
        for (const ref of importsOf(source)) {
          if (!ref.reexport) continue;
          if (ref.names.length > 0 && !ref.names.includes(name)) continue;
          const next = workspace.resolve(file, ref.specifier);
          if (next === undefined) continue;
          found = find(next, name, depth + 1);
          if (found) break;
        }
      }
    }
    cache.set(key, found);
    return found;
  };
  return (file, name) => find(file, name, 0);
}

/** Names a file exports by declaration or export list. */
function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(
    /\bexport\s+(?:default\s+)?(?:declare\s+)?(?:async\s+)?(?:function\*?|class|interface|type|enum|const|let|var)\s+([A-Za-z_$][\w$]*)/g,
  ))
    if (match[1]) names.add(match[1]);
  for (const match of text.matchAll(/\bexport\s*\{([^}]*)\}(?!\s*from)/g))
    for (const part of (match[1] ?? '').split(','))
      names.add(
        (
          part
            .trim()
            .split(/\s+as\s+/)
            .at(-1) ?? ''
        ).trim(),
      );
  names.delete('');
  return names;
}

function definesExport(text: string, name: string): boolean {
  const n = name.replace(/[$]/g, '\\$');
  return new RegExp(
    String.raw`\b(?:function\*?|class|interface|type|enum|const|let|var)\s+${n}\b|\bexport\s*\{[^}]*\b${n}\b[^}]*\}(?!\s*from)`,
  ).test(text);
}
