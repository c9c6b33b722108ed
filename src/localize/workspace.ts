/**
 * How a repository's own modules find each other: relative paths, workspace packages (each
 * `package.json` with a `name`) and the root tsconfig's `paths`. A monorepo's files import their
 * neighbours as `@scope/shared`, not `../../shared/src`, so a ranking that follows only relative
 * imports loses the graph exactly where it is largest.
 */
import { posix } from 'node:path';

export interface WorkspacePackage {
  readonly name: string;
  /** Repository-relative directory ('' for the root package). */
  readonly dir: string;
  /** Entry files that exist in the repository, best first. */
  readonly entries: readonly string[];
}

export interface Workspace {
  readonly packages: readonly WorkspacePackage[];
  /** The repository file a specifier written in `from` refers to, when it is one of ours. */
  resolve(from: string, specifier: string): string | undefined;
  /** The innermost workspace package holding `path`. */
  packageOf(path: string): WorkspacePackage | undefined;
}

/** Maps a bare specifier to candidate paths (repository-relative), from tsconfig `paths`. */
export type PathsMatcher = (specifier: string) => readonly string[];

const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.vue'];
const INDEXES = EXTENSIONS.slice(1).map((extension) => `/index${extension}`);
/** Built output named by a package.json, mapped back to where its source usually lives. */
const OUTPUT_DIR = /^(?:dist|lib|build|out|esm|cjs|es)\//;

/**
 * `packageJsons` are the tracked package.json files with their text (unparseable ones are skipped);
 * `files` is every tracked path.
 */
export function createWorkspace(
  files: ReadonlySet<string>,
  packageJsons: ReadonlyMap<string, string>,
  matchPaths: PathsMatcher = () => [],
): Workspace {
  const exists = (path: string): string | undefined => {
    for (const extension of EXTENSIONS) if (files.has(path + extension)) return path + extension;
    for (const index of INDEXES) if (files.has(path + index)) return path + index;
    return undefined;
  };
  // A specifier may name the built file (`./util.js`) of a source the repository holds as `util.ts`.
  const existsModule = (path: string): string | undefined =>
    exists(path) ?? exists(path.replace(/\.[cm]?jsx?$/, ''));
  const packages: WorkspacePackage[] = [];
  for (const [path, text] of packageJsons) {
    const manifest = parseManifest(text);
    if (!manifest) continue;
    const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    packages.push({ name: manifest.name, dir, entries: entriesOf(dir, manifest, exists) });
  }
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  // Innermost first, so a nested package wins over the root one.
  const byDepth = [...packages].sort((a, b) => b.dir.length - a.dir.length);

  const resolveBare = (specifier: string): string | undefined => {
    for (const candidate of matchPaths(specifier)) {
      const hit = existsModule(candidate);
      if (hit) return hit;
    }
    const parts = specifier.split('/');
    const nameLength = specifier.startsWith('@') ? 2 : 1;
    const pkg = byName.get(parts.slice(0, nameLength).join('/'));
    if (!pkg) return undefined;
    const subpath = parts.slice(nameLength).join('/');
    if (!subpath) return pkg.entries[0];
    const inside = (path: string): string => (pkg.dir ? `${pkg.dir}/${path}` : path);
    return existsModule(inside(subpath)) ?? existsModule(inside(`src/${subpath}`));
  };

  const resolveUncached = (from: string, specifier: string): string | undefined => {
    if (specifier.startsWith('.')) {
      const joined = posix.normalize(posix.join(posix.dirname(from), specifier));
      if (joined.startsWith('..')) return undefined;
      return existsModule(joined);
    }
    if (specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
    return resolveBare(specifier);
  };
  // Thousands of files import the same few modules; a relative specifier depends only on the directory.
  const resolved = new Map<string, string | undefined>();

  return {
    packages,
    resolve(from, specifier) {
      const key = specifier.startsWith('.') ? `${posix.dirname(from)}\0${specifier}` : specifier;
      if (!resolved.has(key)) resolved.set(key, resolveUncached(from, specifier));
      return resolved.get(key);
    },
    packageOf(path) {
      return byDepth.find((pkg) => pkg.dir === '' || path.startsWith(`${pkg.dir}/`));
    },
  };
}

interface Manifest {
  readonly name: string;
  readonly source?: unknown;
  readonly module?: unknown;
  readonly main?: unknown;
  readonly types?: unknown;
  readonly typings?: unknown;
  readonly exports?: unknown;
}

function parseManifest(text: string): Manifest | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object') return undefined;
    const manifest = parsed as { name?: unknown };
    return typeof manifest.name === 'string' && manifest.name ? (parsed as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

/** The package's entry in the repository: the fields that name it, built paths mapped back to `src/`, then conventional places. */
function entriesOf(
  dir: string,
  manifest: Manifest,
  exists: (path: string) => string | undefined,
): string[] {
  const named = [
    manifest.source,
    rootExport(manifest.exports),
    manifest.module,
    manifest.main,
    manifest.types,
    manifest.typings,
  ].filter((field): field is string => typeof field === 'string');
  const candidates: string[] = [];
  for (const field of named) {
    const relative = posix.normalize(field).replace(/^\.\//, '');
    const stem = relative.replace(/(?:\.d)?\.[cm]?[jt]sx?$/, '');
    candidates.push(relative, stem);
    if (OUTPUT_DIR.test(stem)) candidates.push(stem.replace(OUTPUT_DIR, 'src/'));
  }
  candidates.push('src/index', 'index', 'lib/index', 'src/main');
  const found: string[] = [];
  for (const candidate of candidates) {
    const hit = exists(dir ? `${dir}/${candidate}` : candidate);
    if (hit && !found.includes(hit) && !/\.d\.[cm]?ts$/.test(hit)) found.push(hit);
  }
  return found;
}

/** `exports` as a string, or its `"."` entry's first string (conditions in written order). */
function rootExport(exports: unknown): string | undefined {
  let entry: unknown = exports;
  if (entry && typeof entry === 'object' && !Array.isArray(entry) && '.' in entry)
    entry = (entry as Record<string, unknown>)['.'];
  for (let depth = 0; depth < 4 && entry && typeof entry === 'object'; depth++)
    entry = Object.values(entry as Record<string, unknown>)[0];
  return typeof entry === 'string' ? entry : undefined;
}
