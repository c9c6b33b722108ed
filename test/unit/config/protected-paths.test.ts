// The built-in protections: what no change may write, in any spelling a disk would accept.
import { describe, expect, it } from '@jest/globals';
import { withBuiltInProtections } from '../../../src/config/protected-paths.js';
import { protectedMatcher } from '../../../src/edits/guards.js';
import { applyEdits } from '../../../src/edits/apply-edits.js';
import type { Edit } from '../../../src/edits/types.js';

const isProtected = protectedMatcher(withBuiltInProtections([]));

describe('built-in protected paths', () => {
  it.each([
    ['.github/workflows/x.yml', '.github/**'],
    // Case variants: on a case-insensitive disk (Windows, macOS) these are the same directory.
    ['.Github/workflows/x.yml', '.github/**'],
    ['.GITHUB/workflows/x.yml', '.github/**'],
    ['.github/Workflows/X.YML', '.github/**'],
    ['Azure-Pipelines.yml', '**/azure-pipelines*.yml'],
    ['ci/AZURE-PIPELINES-release.YAML', '**/azure-pipelines*.yaml'],
    ['.Azure-Pipelines/build.yml', '.azure-pipelines/**'],
    ['.GitLab-CI.yml', '.gitlab-ci.yml'],
    ['Package-Lock.json', '**/package-lock.json'],
    ['app/.ENV', '**/.env'],
    ['app/.Env.local', '**/.env.*'],
    // Hooks husky installs: they run on every later commit.
    ['.husky/pre-commit', '.husky/**'],
    ['.husky/_/husky.sh', '.husky/**'],
    ['.Husky/pre-push', '.husky/**'],
    // Who must review: at the root, in docs/ or .github/ (GitHub looks in all three).
    ['CODEOWNERS', '**/CODEOWNERS'],
    ['docs/CODEOWNERS', '**/CODEOWNERS'],
    ['.gitlab/codeowners', '**/CODEOWNERS'],
    // What git fetches and runs.
    ['.gitmodules', '.gitmodules'],
    ['.GitModules', '.gitmodules'],
    ['.gitattributes', '**/.gitattributes'],
    ['src/.gitattributes', '**/.gitattributes'],
    ['.lfsconfig', '.lfsconfig'],
  ])('%s is protected (%s)', (file, glob) => {
    expect(isProtected(file)).toBe(glob);
  });

  it.each([
    'src/github.ts',
    'docs/husky.md',
    'src/codeowners.ts',
    'test/gitattributes.test.js',
    'src/azure-pipelines.ts',
  ])('%s is not', (file) => {
    expect(isProtected(file)).toBeUndefined();
  });

  it('matches a user’s glob regardless of case too', () => {
    const match = protectedMatcher(withBuiltInProtections(['deploy/**']));
    expect(match('Deploy/prod.tf')).toBe('deploy/**');
  });

  it('the applier refuses a case variant of a protected path and writes nothing', () => {
    const edit = (path: string, index: number): Edit => ({
      kind: 'search-replace',
      index,
      path,
      rawPath: path,
      search: [],
      replace: ['on: push'],
      position: { line: 1 },
    });
    const r = applyEdits(
      [edit('.Github/workflows/x.yml', 1), edit('.husky/pre-commit', 2), edit('CodeOwners', 3)],
      new Map(),
      { protectedPaths: withBuiltInProtections([]), allowNewFiles: true },
    );
    expect(r.results.map((x) => (x.status === 'refused' ? x.reason : x.status))).toEqual([
      'protected-path',
      'protected-path',
      'protected-path',
    ]);
    expect(r.changed).toEqual([]);
  });
});
