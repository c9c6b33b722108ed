// Bundles the action entry (dist/index.js) and the terminal entry (dist/cli.js) with ncc, each
// self-contained, plus the tree-sitter wasm files the outlines need (ncc cannot follow paths
// computed at run time). CI checks that a fresh bundle equals the committed dist/.
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

for (const entry of ['index', 'cli']) {
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
      file === 'index.js'
        ? `${entry}.js`
        : file === 'licenses.txt'
          ? `licenses-${entry}.txt`
          : file;
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
fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
fs.rmSync(work, { recursive: true, force: true });
console.log(`bundle: ${fs.readdirSync(dist).join(', ')}`);
