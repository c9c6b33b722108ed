import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Which package ships each wasm file (used when running from source, where there is no dist/wasm). */
const WASM_PACKAGES: Readonly<Record<string, string>> = {
  'web-tree-sitter.wasm': 'web-tree-sitter',
  'tree-sitter-typescript.wasm': 'tree-sitter-typescript',
  'tree-sitter-tsx.wasm': 'tree-sitter-typescript',
  'tree-sitter-javascript.wasm': 'tree-sitter-javascript',
};

/**
 * Finds a wasm file: first `<this module's directory>/wasm/<file>` (the bundle copies them to
 * dist/wasm/), else `node_modules/<package>/<file>` in this directory or any parent. The path is
 * built from variables so the bundler leaves it alone. Undefined when it cannot be found.
 */
export function locateWasm(file: string, from: string = moduleDirectory()): string | undefined {
  const wasmDir = 'wasm';
  const bundled = join(from, wasmDir, file);
  if (existsSync(bundled)) return bundled;
  const packageName = WASM_PACKAGES[file];
  if (!packageName) return undefined;
  const modules = 'node_modules';
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, modules, packageName, file);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function moduleDirectory(): string {
  return dirname(fileURLToPath(import.meta.url));
}
