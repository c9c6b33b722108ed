/**
 * The repository's tsconfig `paths`, read the way the ranking reads every file: tracked, regular,
 * capped, never through a symlink, and `extends` followed only to tracked files of the repository
 * (a tsconfig may name any path, and the ranking must not read outside the checkout). The pattern
 * matching itself is get-tsconfig's `createPathsMatcher`, which touches no files.
 */
import { join, posix, relative, sep } from 'node:path';
import { createPathsMatcher } from 'get-tsconfig';
import { parse } from 'jsonc-parser';
import { readTextFile } from './files.js';
import type { PathsMatcher } from './workspace.js';

const ROOT_CONFIGS = ['tsconfig.json', 'tsconfig.base.json', 'jsconfig.json'];
const MAX_EXTENDS = 5;

interface CompilerOptions {
  readonly baseUrl?: unknown;
  readonly paths?: unknown;
}

export function tsconfigPaths(
  repoRoot: string,
  files: readonly string[],
): PathsMatcher | undefined {
  const tracked = new Set(files);
  let current = ROOT_CONFIGS.find((name) => tracked.has(name));
  // The nearest config that sets `paths` decides them (TypeScript does not merge `paths`).
  for (let depth = 0; current !== undefined && depth <= MAX_EXTENDS; depth++) {
    const config = readConfig(repoRoot, current);
    if (!config) return undefined;
    const options = (config.compilerOptions ?? {}) as CompilerOptions;
    if (options.paths && typeof options.paths === 'object')
      return matcher(repoRoot, current, options);
    current = extendedConfig(current, config.extends, tracked);
  }
  return undefined;
}

function readConfig(
  repoRoot: string,
  path: string,
): { compilerOptions?: unknown; extends?: unknown } | undefined {
  const text = readTextFile(repoRoot, path)?.text;
  if (text === undefined) return undefined;
  const parsed: unknown = parse(text, [], { allowTrailingComma: true });
  return parsed && typeof parsed === 'object' ? parsed : undefined;
}

/** A relative `extends` that names a tracked file; packages (`@tsconfig/node20`) are not followed. */
function extendedConfig(
  from: string,
  extendsField: unknown,
  tracked: ReadonlySet<string>,
): string | undefined {
  const first = Array.isArray(extendsField) ? extendsField[0] : extendsField;
  if (typeof first !== 'string' || !first.startsWith('.')) return undefined;
  const target = posix.normalize(posix.join(posix.dirname(from), first));
  for (const candidate of [target, `${target}.json`, `${target}/tsconfig.json`])
    if (tracked.has(candidate)) return candidate;
  return undefined;
}

function matcher(
  repoRoot: string,
  configPath: string,
  options: CompilerOptions,
): PathsMatcher | undefined {
  const compilerOptions = {
    paths: options.paths as Record<string, string[]>,
    ...(typeof options.baseUrl === 'string' ? { baseUrl: options.baseUrl } : {}),
  };
  const match = createPathsMatcher({
    path: join(repoRoot, configPath),
    config: { compilerOptions },
  });
  if (!match) return undefined;
  return (specifier) =>
    match(specifier)
      .map((absolute) => relative(repoRoot, absolute).split(sep).join('/'))
      .filter((candidate) => !candidate.startsWith('..'));
}
