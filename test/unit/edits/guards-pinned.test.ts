import { describe, expect, it } from '@jest/globals';
import { applyEdits } from '../../../src/edits/apply-edits.js';
import type { WorkingFile } from '../../../src/edits/apply-edits.js';
import { checkLimits, checkPathSyntax, protectedMatcher } from '../../../src/edits/guards.js';
import type { FileChange } from '../../../src/edits/guards.js';
import { decodeText } from '../../../src/edits/text-format.js';
import type { Edit } from '../../../src/edits/types.js';

describe('checkPathSyntax: only plain repository-relative paths may be written', () => {
  it.each([
    ['', 'the path is empty'],
    ['src/a\0.ts', 'the path contains a NUL character'],
    ['src\\a.ts', "'src\\a.ts' uses backslashes; write paths with '/'"],
    ['..\\outside.txt', "'..\\outside.txt' uses backslashes; write paths with '/'"],
    ['/etc/passwd', "'/etc/passwd' is absolute; paths must be relative to the repository root"],
    ['/x', "'/x' is absolute; paths must be relative to the repository root"],
    ['C:', "'C:' is absolute; paths must be relative to the repository root"],
    [
      'c:/Windows/win.ini',
      "'c:/Windows/win.ini' is absolute; paths must be relative to the repository root",
    ],
    ['~', "'~' is absolute; paths must be relative to the repository root"],
    ['~/.bashrc', "'~/.bashrc' is absolute; paths must be relative to the repository root"],
    ['..', "'..' climbs out of the repository with '..'"],
    ['src/../../x', "'src/../../x' climbs out of the repository with '..'"],
    ['.git', "'.git' is inside a .git directory"],
    ['.git/hooks/pre-commit', "'.git/hooks/pre-commit' is inside a .git directory"],
    ['vendor/lib/.git/config', "'vendor/lib/.git/config' is inside a .git directory"],
    ['a/.GIT/config', "'a/.GIT/config' is inside a .git directory"],
    ['.', "'.' is not a plain relative path"],
    ['./a.ts', "'./a.ts' is not a plain relative path"],
    ['src/./a.ts', "'src/./a.ts' is not a plain relative path"],
    ['src//a.ts', "'src//a.ts' is not a plain relative path"],
    ['src/', "'src/' is not a plain relative path"],
  ])('refuses %j', (file, reason) => {
    expect(checkPathSyntax(file)).toBe(reason);
  });

  it.each([
    'a.ts',
    'src/deep/a.ts',
    '.github/workflows/ci.yml',
    '.gitignore',
    'docs/.git-notes.md',
    'src/..x/a.ts',
    'x~/a.ts',
    'notes/c:d.md',
  ])('accepts %j', (file) => {
    expect(checkPathSyntax(file)).toBeUndefined();
  });
});

describe('protectedMatcher', () => {
  const match = protectedMatcher(['**/.env', '.github/**', '**/*.lock']);

  it.each([
    ['.env', '**/.env'],
    ['app/.env', '**/.env'],
    ['.config/.env', '**/.env'],
    ['.config/deep/.env', '**/.env'],
    ['.github/workflows/ci.yml', '.github/**'],
    ['.hidden/yarn.lock', '**/*.lock'],
  ])('%s falls under %s, dot-directories included', (file, glob) => {
    expect(match(file)).toBe(glob);
  });

  it.each(['src/env.ts', '.config/.envrc', 'github/x.yml', 'yarn.lock.md'])(
    '%s is not protected',
    (file) => {
      expect(match(file)).toBeUndefined();
    },
  );

  it('names the first glob that matches, and nothing without globs', () => {
    expect(protectedMatcher(['**/*.yml', '.github/**'])('.github/ci.yml')).toBe('**/*.yml');
    expect(protectedMatcher([])('.env')).toBeUndefined();
  });
});

describe('checkLimits holds exactly at max-changed-files and max-changed-lines', () => {
  const change = (path: string, added: number, removed = 0, created = false): FileChange => ({
    path,
    added,
    removed,
    created,
  });
  const limits = { maxChangedFiles: 2, maxChangedLines: 10 };

  it('accepts exactly the limits', () => {
    expect(checkLimits([change('a.ts', 4, 1), change('b.ts', 3, 2)], limits)).toBeUndefined();
  });

  it('refuses one file past the limit, naming the files', () => {
    expect(checkLimits([change('a.ts', 1), change('b.ts', 1), change('c.ts', 1)], limits)).toBe(
      'The change touches 3 files (a.ts, b.ts, c.ts); at most 2 may change. Make a smaller change.',
    );
  });

  it('refuses one line past the limit, counting added and removed lines', () => {
    expect(checkLimits([change('a.ts', 5, 1), change('b.ts', 3, 2)], limits)).toBe(
      'The change adds and removes 11 lines in total; at most 10 may change. Make a smaller, focused change.',
    );
    expect(checkLimits([change('a.ts', 0, 11)], limits)).toMatch(/removes 11 lines/);
  });

  it('counts a created empty file, and not a file left unchanged', () => {
    const unchanged = change('same.ts', 0, 0);
    expect(checkLimits([change('a.ts', 1), change('b.ts', 1), unchanged], limits)).toBeUndefined();
    expect(
      checkLimits([change('a.ts', 1), change('b.ts', 1), change('empty.ts', 0, 0, true)], limits),
    ).toMatch(/touches 3 files \(a\.ts, b\.ts, empty\.ts\)/);
  });
});

function files(entries: Record<string, string>): Map<string, WorkingFile> {
  const map = new Map<string, WorkingFile>();
  for (const [path, raw] of Object.entries(entries)) {
    const { text, style } = decodeText(raw);
    map.set(path, { path, text, style, binary: false });
  }
  return map;
}

function sr(path: string, search: string, replace: string): Edit {
  return {
    kind: 'search-replace',
    index: 1,
    path,
    rawPath: path,
    search: search.split('\n'),
    replace: replace.split('\n'),
    position: { line: 1 },
  };
}

describe('applyEdits: a misnamed path is redirected only to the one file the model meant', () => {
  const policy = { protectedPaths: ['.github/**', '**/.env'], allowNewFiles: true };

  it('checks protection on the file actually written, not on the name the model wrote', () => {
    const source = files({
      '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
      'src/app.ts': 'export const app = 1;\n',
    });
    const r = applyEdits(
      [sr('workflows/ci.yml', 'on: push', 'on: pull_request_target')],
      source,
      policy,
    );
    expect(r.results[0]).toMatchObject({
      status: 'refused',
      reason: 'protected-path',
      path: '.github/workflows/ci.yml',
    });
    expect(r.changed).toEqual([]);
  });

  it('checks protection inside dot-directories on the redirected file', () => {
    const source = files({ '.config/.env': 'API_URL=http://localhost\n' });
    const r = applyEdits(
      [sr('config/env', 'API_URL=http://localhost', 'API_URL=http://evil')],
      source,
      policy,
    );
    expect(r.results[0]).toMatchObject({ status: 'refused', reason: 'protected-path' });
    expect(r.changed).toEqual([]);
  });

  it('redirects when exactly one file holds the SEARCH text once', () => {
    const source = files({ 'src/a.ts': 'const a = 1;\n', 'src/b.ts': 'const b = 2;\n' });
    const r = applyEdits([sr('src/aa.ts', 'const a = 1;', 'const a = 3;')], source, policy);
    expect(r.results[0]).toMatchObject({ status: 'applied', path: 'src/a.ts' });
    expect(r.changed).toEqual(['src/a.ts']);
  });

  it('refuses when two files hold the SEARCH text: ambiguous, nothing redirected', () => {
    const source = files({ 'src/a.ts': 'const x = 1;\n', 'src/b.ts': 'const x = 1;\n' });
    const r = applyEdits([sr('src/x.ts', 'const x = 1;', 'const x = 2;')], source, policy);
    expect(r.results[0]).toMatchObject({
      status: 'refused',
      reason: 'missing-file',
      path: 'src/x.ts',
    });
    expect(r.changed).toEqual([]);
  });

  it('refuses when one file holds the SEARCH text twice, even if another holds it once', () => {
    const source = files({
      'src/a.ts': 'const x = 1;\nconst y = 0;\nconst x = 1;\n',
      'src/b.ts': 'const x = 1;\n',
    });
    const r = applyEdits([sr('src/x.ts', 'const x = 1;', 'const x = 2;')], source, policy);
    expect(r.results[0]).toMatchObject({ status: 'refused', reason: 'missing-file' });
    expect(r.changed).toEqual([]);
  });

  it('never redirects to a file the disk marked unsafe or binary', () => {
    const source = files({ 'src/b.ts': 'const x = 1;\n' });
    source.set('src/link.ts', {
      ...source.get('src/b.ts')!,
      path: 'src/link.ts',
      blocked: 'a link',
    });
    source.set('src/bin.dat', { ...source.get('src/b.ts')!, path: 'src/bin.dat', binary: true });
    const r = applyEdits([sr('src/x.ts', 'const x = 1;', 'const x = 2;')], source, policy);
    expect(r.results[0]).toMatchObject({ status: 'applied', path: 'src/b.ts' });
  });
});
