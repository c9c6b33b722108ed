// Bundles the action entry and the terminal entry with ncc, each self-contained, plus the
// tree-sitter wasm files the outlines need (ncc cannot follow paths computed at run time). CI checks
// that a fresh bundle equals the committed dist/.
//
// dist/index.js and dist/cli.js are small loaders that turn on Node's compile cache (22.1+) before
// importing their bundle (dist/action.js, dist/terminal.js): V8's compiled code is kept between
// runs, so on a self-hosted runner every job after the first starts about 0.1 s sooner.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const work = path.join(root, '.tmp', 'bundle');
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

fs.rmSync(work, { recursive: true, force: true });
fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(path.join(dist, 'wasm'), { recursive: true });

/** The bundle each loader imports. */
const BUNDLES = { index: 'action.js', cli: 'terminal.js' };

for (const [entry, bundle] of Object.entries(BUNDLES)) {
  const out = path.join(work, entry);
  execFileSync(
    process.execPath,
    [ncc, 'build', `src/${entry}.ts`, '-o', out, '--license', 'licenses.txt', '--quiet'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  for (const file of fs.readdirSync(out)) {
    const target =
      file === 'index.js' ? bundle : file === 'licenses.txt' ? `licenses-${entry}.txt` : file;
    if (
      target !== 'package.json' &&
      fs.existsSync(path.join(dist, target)) &&
      !file.endsWith('.wasm')
    ) {
      throw new Error(`bundle: both entries emit ${file}; give it a distinct name`);
    }
    fs.copyFileSync(path.join(out, file), path.join(dist, target));
  }
}

const wasmFiles = [
  'web-tree-sitter/web-tree-sitter.wasm',
  'tree-sitter-typescript/tree-sitter-typescript.wasm',
  'tree-sitter-typescript/tree-sitter-tsx.wasm',
  'tree-sitter-javascript/tree-sitter-javascript.wasm',
];
for (const file of wasmFiles) {
  fs.copyFileSync(
    path.join(root, 'node_modules', file),
    path.join(dist, 'wasm', path.basename(file)),
  );
}
for (const [entry, bundle] of Object.entries(BUNDLES)) {
  const loader = [
    ...(entry === 'cli' ? ['#!/usr/bin/env node'] : []),
    '// ticket-to-pr: turns on the compile cache (Node 22.1+; NODE_COMPILE_CACHE sets its directory,',
    '// NODE_DISABLE_COMPILE_CACHE=1 turns it off), then runs the bundle. See scripts/bundle.mjs.',
    "import module from 'node:module';",
    '',
    'module.enableCompileCache?.();',
    `await import('./${bundle}');`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dist, `${entry}.js`), loader);
}
fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
fs.rmSync(work, { recursive: true, force: true });
console.log(`bundle: ${fs.readdirSync(dist).join(', ')}`);
