import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { WorkingFile } from '../../../src/edits/apply-edits.js';
import { loadWorkingFiles, writeWorkingFiles } from '../../../src/edits/workspace-files.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A parent directory holding `repo/` (with src/a.ts) and its sibling `repo-evil/`. */
function layout(): { parent: string; repo: string; evil: string } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-files-'));
  dirs.push(parent);
  const repo = path.join(parent, 'repo');
  const evil = path.join(parent, 'repo-evil');
  fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
  fs.mkdirSync(evil);
  fs.writeFileSync(path.join(repo, 'src', 'a.ts'), 'export const a = 1;\n');
  fs.writeFileSync(path.join(evil, 'target.ts'), 'untouched\n');
  return { parent, repo, evil };
}

const text = (content: string): WorkingFile => ({
  path: 'x',
  text: { lines: content.split('\n'), finalNewline: true },
  style: { bom: false, eol: '\n', finalNewline: true, indent: 'unknown' },
  binary: false,
});

function planned(entries: Record<string, string>): Map<string, WorkingFile> {
  return new Map(Object.entries(entries).map(([p, c]) => [p, { ...text(c), path: p }]));
}

describe('workspace files: writes never leave the repository', () => {
  it('blocks a symlinked sibling whose real path merely starts with the root string', async () => {
    const { repo, evil } = layout();
    fs.symlinkSync(evil, path.join(repo, 'linked'));
    const loaded = await loadWorkingFiles(repo, ['linked/target.ts', 'linked/new.ts']);
    expect(loaded.get('linked/target.ts')).toMatchObject({
      blocked: "'linked/target.ts' leads outside the repository (through 'linked')",
    });
    expect(loaded.get('linked/target.ts')?.text).toBeUndefined();
    expect(loaded.get('linked/new.ts')?.blocked).toMatch(/leads outside the repository/);

    await expect(
      writeWorkingFiles(repo, planned({ 'linked/target.ts': 'owned' }), ['linked/target.ts']),
    ).rejects.toThrow(
      "refusing to write: 'linked/target.ts' leads outside the repository (through 'linked')",
    );
    expect(fs.readFileSync(path.join(evil, 'target.ts'), 'utf8')).toBe('untouched\n');
  });

  it('blocks a path under a symlinked parent, found through the deepest existing ancestor', async () => {
    const { repo, evil } = layout();
    fs.symlinkSync(evil, path.join(repo, 'linked'));
    const loaded = await loadWorkingFiles(repo, ['linked/deep/er/new.ts']);
    expect(loaded.get('linked/deep/er/new.ts')?.blocked).toBe(
      "'linked/deep/er/new.ts' leads outside the repository (through 'linked')",
    );
  });

  it('checks symlinks again immediately before writing, not only when loading', async () => {
    const { repo, evil } = layout();
    fs.mkdirSync(path.join(repo, 'gen'));
    const loaded = await loadWorkingFiles(repo, ['gen/target.ts', 'src/a.ts']);
    expect(loaded.get('gen/target.ts')?.blocked).toBeUndefined();
    // Between loading and writing (the repository's own commands ran meanwhile) the directory
    // became a link to a place outside.
    fs.rmSync(path.join(repo, 'gen'), { recursive: true });
    fs.symlinkSync(evil, path.join(repo, 'gen'));
    const files = planned({ 'src/a.ts': 'export const a = 2;', 'gen/target.ts': 'owned' });
    await expect(writeWorkingFiles(repo, files, ['src/a.ts', 'gen/target.ts'])).rejects.toThrow(
      "refusing to write: 'gen/target.ts' leads outside the repository (through 'gen')",
    );
    // Nothing is written, not even the safe file planned before it.
    expect(fs.readFileSync(path.join(evil, 'target.ts'), 'utf8')).toBe('untouched\n');
    expect(fs.readFileSync(path.join(repo, 'src', 'a.ts'), 'utf8')).toBe('export const a = 1;\n');
  });

  it('refuses to write through a symlink at the file itself, even one pointing inside', async () => {
    const { repo } = layout();
    fs.symlinkSync(path.join(repo, 'src', 'a.ts'), path.join(repo, 'alias.ts'));
    const loaded = await loadWorkingFiles(repo, ['alias.ts']);
    expect(loaded.get('alias.ts')).toEqual({
      path: 'alias.ts',
      style: { bom: false, eol: '\n', finalNewline: true, indent: 'unknown' },
      binary: false,
      blocked: "'alias.ts' is a symbolic link; links are never written through",
    });
    await expect(
      writeWorkingFiles(repo, planned({ 'alias.ts': 'x' }), ['alias.ts']),
    ).rejects.toThrow("refusing to write: 'alias.ts' is a symbolic link");
    expect(fs.readFileSync(path.join(repo, 'src', 'a.ts'), 'utf8')).toBe('export const a = 1;\n');
  });

  it('refuses a directory, and a path whose parent is a file', async () => {
    const { repo } = layout();
    const loaded = await loadWorkingFiles(repo, ['src', 'src/a.ts/inner.ts']);
    expect(loaded.get('src')?.blocked).toBe("'src' is a directory");
    expect(loaded.get('src/a.ts/inner.ts')?.blocked).toBe("'src/a.ts' is a file, not a directory");
  });

  it('refuses unsafe spellings before touching the disk', async () => {
    const { repo } = layout();
    const loaded = await loadWorkingFiles(repo, ['../repo-evil/target.ts']);
    expect(loaded.get('../repo-evil/target.ts')).toEqual({
      path: '../repo-evil/target.ts',
      style: { bom: false, eol: '\n', finalNewline: true, indent: 'unknown' },
      binary: false,
    });
    await expect(
      writeWorkingFiles(repo, planned({ '../repo-evil/target.ts': 'owned' }), [
        '../repo-evil/target.ts',
      ]),
    ).rejects.toThrow("refusing to write: '../repo-evil/target.ts' climbs out of the repository");
  });

  it('accepts a repository reached through a symlinked root, and writes inside it', async () => {
    const { parent, repo } = layout();
    const alias = path.join(parent, 'alias-of-repo');
    fs.symlinkSync(repo, alias);
    const loaded = await loadWorkingFiles(alias, ['src/a.ts', 'src/new/b.ts', 'top.ts']);
    expect([...loaded.values()].map((f) => f.blocked)).toEqual([undefined, undefined, undefined]);
    expect(loaded.get('src/a.ts')?.text?.lines).toEqual(['export const a = 1;']);
    await writeWorkingFiles(alias, planned({ 'src/new/b.ts': 'b', 'top.ts': 't' }), [
      'src/new/b.ts',
      'top.ts',
    ]);
    expect(fs.readFileSync(path.join(repo, 'src', 'new', 'b.ts'), 'utf8')).toBe('b\n');
    expect(fs.readFileSync(path.join(repo, 'top.ts'), 'utf8')).toBe('t\n');
  });

  it('reads binary files and other encodings as binary, never as text', async () => {
    const { repo } = layout();
    fs.writeFileSync(path.join(repo, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
    fs.writeFileSync(path.join(repo, 'latin1.txt'), Buffer.from('caf\xe9 cr\xe8me\n', 'latin1'));
    // One Latin-1 byte in plain text, and NUL bytes in valid UTF-8: each alone makes a file binary.
    fs.writeFileSync(
      path.join(repo, 'one-byte.txt'),
      Buffer.from(`${'plain '.repeat(50)}caf\xe9\n`, 'latin1'),
    );
    fs.writeFileSync(path.join(repo, 'nul.txt'), 'a\0b\n');
    const loaded = await loadWorkingFiles(repo, [
      'logo.png',
      'latin1.txt',
      'one-byte.txt',
      'nul.txt',
      'missing.ts',
      'src/a.ts',
    ]);
    for (const file of ['logo.png', 'latin1.txt', 'one-byte.txt', 'nul.txt']) {
      expect(loaded.get(file)).toEqual({
        path: file,
        style: { bom: false, eol: '\n', finalNewline: true, indent: 'unknown' },
        binary: true,
        text: { lines: [], finalNewline: false },
      });
    }
    expect(loaded.get('src/a.ts')).toMatchObject({
      binary: false,
      text: { lines: ['export const a = 1;'] },
    });
    expect(loaded.get('src/a.ts')?.blocked).toBeUndefined();
    expect(loaded.get('missing.ts')).toEqual({
      path: 'missing.ts',
      style: { bom: false, eol: '\n', finalNewline: true, indent: 'unknown' },
      binary: false,
    });
  });

  it('puts back every file already written when a later write fails', async () => {
    const { repo } = layout();
    // A name longer than the file system allows fails only when it is written, after the others.
    const tooLong = `late/${'x'.repeat(300)}.ts`;
    const files = planned({
      'src/a.ts': 'export const a = 2;',
      'src/new.ts': 'new beside an existing file',
      'fresh/dir/new.ts': 'new',
      [tooLong]: 'fails',
    });
    const error = await writeWorkingFiles(repo, files, [
      'src/a.ts',
      'src/new.ts',
      'fresh/dir/new.ts',
      tooLong,
    ]).catch((e: unknown) => e);
    expect(fs.readdirSync(path.join(repo, 'src'))).toEqual(['a.ts']);
    expect((error as NodeJS.ErrnoException).code).toBe('ENAMETOOLONG');
    expect(fs.readFileSync(path.join(repo, 'src', 'a.ts'), 'utf8')).toBe('export const a = 1;\n');
    expect(fs.existsSync(path.join(repo, 'fresh'))).toBe(false);
    expect(fs.existsSync(path.join(repo, 'late'))).toBe(false);
    expect(fs.readdirSync(repo)).toEqual(['src']);
  });

  it('passes on a read error other than a missing file', async () => {
    const { repo } = layout();
    await expect(loadWorkingFiles(repo, [`${'x'.repeat(300)}.ts`])).rejects.toMatchObject({
      code: 'ENAMETOOLONG',
    });
  });

  it('refuses a changed path with nothing to write', async () => {
    const { repo } = layout();
    await expect(writeWorkingFiles(repo, new Map(), ['src/a.ts'])).rejects.toThrow(
      "nothing to write for 'src/a.ts'",
    );
  });
});
