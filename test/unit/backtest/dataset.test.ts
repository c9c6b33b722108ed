import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { classifyChangedPath, filesOfPatch } from '../../../src/backtest/changed-paths.js';
import { DatasetError, parseDataset } from '../../../src/backtest/instance.js';

const row = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    instance_id: 'o__r-1',
    repo: 'o/r',
    base_commit: 'a'.repeat(40),
    ticket_title: 'T',
    ticket_body: 'B',
    fix_patch:
      'diff --git a/src/x.js b/src/x.js\n--- a/src/x.js\n+++ b/src/x.js\n@@ -1 +1 @@\n-a\n+b\n',
    test_patch: 'diff --git a/test/x.test.js b/test/x.test.js\n',
    fail_to_pass: ['t'],
    ...over,
  });

describe('parseDataset', () => {
  it('reads rows of the repository, skips and counts the others', () => {
    const parsed = parseDataset([row(), row({ instance_id: 'p__q-2', repo: 'p/q' })].join('\n'), {
      file: 'd.jsonl',
      repo: 'O/R',
    });
    expect(parsed.instances.map((i) => i.instanceId)).toEqual(['o__r-1']);
    expect(parsed.instances[0]).toMatchObject({
      goldFiles: ['src/x.js'],
      fixLines: 2,
      failToPass: ['t'],
      heldOutFiles: ['test/x.test.js'],
    });
    expect([...parsed.otherRepos]).toEqual([['p/q', 1]]);
  });

  it('names every bad line and field, and reads nothing from a bad file', () => {
    const text = [row(), '{oops', row({ base_commit: 'main', instance_id: 'x' }), row()].join('\n');
    expect(() => parseDataset(text, { file: 'd.jsonl' })).toThrow(DatasetError);
    try {
      parseDataset(text, { file: 'd.jsonl' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('d.jsonl:2: not JSON');
      expect(message).toContain("d.jsonl:3: 'base_commit' expected a commit sha");
      expect(message).toContain("d.jsonl:4: instance_id 'o__r-1' appears twice");
    }
  });

  // A plain clone has no ../shared beside it: skipped there, but required in CI, which has it.
  const sharedSet = new URL('../../../../shared/bench/resolve-dev.jsonl', import.meta.url);
  (existsSync(sharedSet) || process.env.CI === 'true' ? it : it.skip)(
    'reads the shared resolve set (../shared/bench): 14 rows, gold files without tests or docs',
    () => {
      const text = readFileSync(sharedSet, 'utf8');
      const parsed = parseDataset(text, { file: 'resolve-dev.jsonl' });
      expect(parsed.instances).toHaveLength(14);
      const dayjs337 = parsed.instances.find((i) => i.instanceId === 'iamkun__dayjs-337')!;
      expect(dayjs337.goldFiles).toEqual(['src/index.js']);
      for (const i of parsed.instances)
        expect(i.goldFiles.every((f) => classifyChangedPath(f) === 'source')).toBe(true);
    },
  );
});

describe('changed paths', () => {
  it('splits tests, docs and sources by name', () => {
    expect(classifyChangedPath('test/plugin/a.test.js')).toBe('test');
    expect(classifyChangedPath('src/__tests__/x.ts')).toBe('test');
    expect(classifyChangedPath('lib/router/index.spec.ts')).toBe('test');
    expect(classifyChangedPath('docs/en/API.md')).toBe('doc');
    expect(classifyChangedPath('History.md')).toBe('doc');
    expect(classifyChangedPath('src/plugin/utc/index.js')).toBe('source');
    expect(classifyChangedPath('lib/response.js')).toBe('source');
  });

  it('lists the files of a patch and counts changed lines, not headers', () => {
    const patch = [
      'diff --git a/a.js b/a.js',
      '--- a/a.js',
      '+++ b/a.js',
      '@@ -1,2 +1,2 @@',
      ' keep',
      '-old',
      '+new',
      'diff --git a/n.js b/n.js',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/n.js',
      '@@ -0,0 +1 @@',
      '+x',
      '',
    ].join('\n');
    expect(filesOfPatch(patch)).toEqual({ files: ['a.js', 'n.js'], linesChanged: 3 });
  });
});
