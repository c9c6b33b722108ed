import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { READ_LINES, RepositoryView, SEARCH_HITS } from '../../../src/agent/repository-view.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-view-'));
const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-outside-'));
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});
const files: Record<string, string> = {
  'src/a.js': 'export function alpha() {\n  return "needle";\n}\n',
  'src/b.js':
    Array.from({ length: 450 }, (_, i) => `const b${i} = 'needle ${i}';`).join('\n') + '\n',
  'docs/readme.md': 'Needle in the docs.\n',
  'package-lock.json': '{"needle": true}\n',
  'untracked.js': 'needle\n',
};
for (const [name, text] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  fs.writeFileSync(path.join(root, name), text);
}
fs.writeFileSync(path.join(outside, 'secret.txt'), 'TOKEN=hunter2\n');
fs.mkdirSync(path.join(root, 'linked'));
fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'linked/secret.txt'));
const tracked = [
  'src/a.js',
  'src/b.js',
  'docs/readme.md',
  'package-lock.json',
  'linked/secret.txt',
];
const view = new RepositoryView(root, tracked);

describe('RepositoryView: what the agent may see', () => {
  it('search: case-insensitive literal hits as path:line: text, lock files skipped, untracked files unseen, bounded with a note', async () => {
    const answer = await view.search('NEEDLE');
    const lines = answer.split('\n');
    expect(lines[0]).toBe('docs/readme.md:1: Needle in the docs.');
    expect(lines).toContain('src/a.js:2: return "needle";');
    expect(answer).not.toContain('package-lock.json');
    expect(answer).not.toContain('untracked.js');
    expect(lines.filter((l) => /^\S+:\d+: /.test(l))).toHaveLength(SEARCH_HITS);
    expect(lines.at(-1)).toBe(
      '[422 more hits in 1 file(s) not shown: use a longer query, or pass path to search one folder or file.]',
    );
    expect(await view.search('needle', 'docs')).toBe('docs/readme.md:1: Needle in the docs.');
    expect(await view.search('no such text')).toBe('No tracked file contains "no such text".');
  });

  it('read: numbered lines, at most READ_LINES, and the cut says how to read on', () => {
    const answer = view.read('src/b.js');
    const body = answer.split('\n').filter((l) => /^\s*\d+\| /.test(l));
    expect(body).toHaveLength(READ_LINES);
    expect(body[0]).toBe("  1| const b0 = 'needle 0';");
    expect(answer.split('\n').at(-1)).toBe(
      '[Lines 1-200 of 450 shown (at most 200 per read). Call read with start_line 201 for more.]',
    );
    expect(view.read('src/b.js', 440, 445).split('\n').at(-1)).toBe('[Lines 440-445 of 450.]');
    expect(view.read('src/b.js', 451)).toBe(
      "'src/b.js' has 450 lines; start_line 451 is past its end.",
    );
  });

  it('read refuses what is not a tracked file, outside the repository, or a link, and suggests a near name', () => {
    expect(view.read('untracked.js')).toMatch(
      /^'untracked\.js' is not a tracked file\. Use search or list/,
    );
    expect(view.read('lib/a.js')).toMatch(/Did you mean 'src\/a\.js'\?/);
    expect(view.read('../etc/passwd')).toMatch(/is not a repository path/);
    expect(view.read('/etc/passwd')).toMatch(/is not a repository path/);
    const linked = view.read('linked/secret.txt');
    expect(linked).not.toContain('hunter2');
    expect(linked).toMatch(/cannot be read/);
  });

  it('read refuses a tracked path whose folder became a link out of the repository (the tests can do that)', () => {
    const dir = path.join(outside, 'fake-src');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a.js'), 'STOLEN=1\n');
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-view2-'));
    try {
      fs.symlinkSync(dir, path.join(other, 'src'));
      const swapped = new RepositoryView(other, ['src/a.js']);
      const answer = swapped.read('src/a.js');
      expect(answer).not.toContain('STOLEN');
      expect(answer).toMatch(/cannot be read/);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('list: the entries under a folder with file counts, bounded', () => {
    expect(view.list()).toBe(
      './\ndocs/ (1 files)\nlinked/ (1 files)\npackage-lock.json\nsrc/ (2 files)',
    );
    expect(view.list('src')).toBe('src/\na.js\nb.js');
    expect(view.list('../')).toMatch(/is not a repository path/);
  });

  it('outline: functions with line ranges', async () => {
    expect(await view.outline('src/a.js')).toMatch(
      /^src\/a\.js \(\d+ lines\)\n\s+1-3 function alpha/,
    );
  });
});
