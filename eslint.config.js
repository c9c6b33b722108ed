import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import fs from 'node:fs';
import path from 'node:path';
import importX from 'eslint-plugin-import-x';

/**
 * Relative imports say `.js` but the sources are `.ts` (NodeNext): this resolves them so
 * import-x/no-cycle sees the project's graph. Packages count as external.
 */
const relativeTypeScriptResolver = {
  interfaceVersion: 3,
  name: 'relative-typescript',
  resolve(source, file) {
    if (!source.startsWith('.')) return { found: true, path: null };
    const base = path.resolve(path.dirname(file), source);
    const candidates = [
      base.replace(/\.js$/, '.ts'),
      base,
      `${base}.ts`,
      path.join(base, 'index.ts'),
    ];
    const found = candidates.find(
      (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
    );
    return found ? { found: true, path: found } : { found: false };
  },
};

/**
 * Node's legacy url.parse (and url.resolve, which parses the same way) warns DEP0169 on Node 24.
 * src/azure-devops/connection.ts drops that warning for azure-devops-node-api's own calls; our code
 * uses `new URL()` instead, so the filter never hides a call of ours.
 */
const LEGACY_URL_MESSAGE =
  'url.parse/url.resolve are deprecated (DEP0169) and their warning is filtered for a dependency; use new URL().';
const LEGACY_URL_IMPORTS = ['url', 'node:url'].map((name) => ({
  name,
  importNames: ['parse', 'resolve', 'default'],
  message: LEGACY_URL_MESSAGE,
}));
const LEGACY_URL_CALLS = ['parse', 'resolve'].map((property) => ({
  object: 'url',
  property,
  message: LEGACY_URL_MESSAGE,
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [relativeTypeScriptResolver],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: LEGACY_URL_IMPORTS }],
      'no-restricted-properties': ['error', ...LEGACY_URL_CALLS],
    },
  },
  {
    // Only the hosts may talk to the CI system (same rule as above, so both lists are given).
    files: ['src/**/*.ts'],
    ignores: ['src/hosts/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: LEGACY_URL_IMPORTS, patterns: ['@actions/*'] }],
    },
  },
);
