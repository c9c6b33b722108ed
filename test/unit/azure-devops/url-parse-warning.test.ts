import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  dropUrlParseDeprecation,
  withoutUrlParseDeprecation,
} from '../../../src/azure-devops/connection.js';

const URL_PARSE_MESSAGE =
  '`url.parse()` behavior is not standardized and prone to errors that have security implications.';

function recorder() {
  const calls: unknown[][] = [];
  const emit = ((...args: unknown[]) => {
    calls.push(args);
  }) as typeof process.emitWarning;
  return { calls, emit };
}

describe('the url.parse deprecation filter (DEP0169 from azure-devops-node-api)', () => {
  it('drops DEP0169 however it is emitted', () => {
    const { calls, emit } = recorder();
    const filtered = withoutUrlParseDeprecation(emit);
    filtered(URL_PARSE_MESSAGE, 'DeprecationWarning', 'DEP0169');
    filtered(URL_PARSE_MESSAGE, { type: 'DeprecationWarning', code: 'DEP0169' });
    filtered(Object.assign(new Error(URL_PARSE_MESSAGE), { code: 'DEP0169' }));
    expect(calls).toEqual([]);
  });

  it('lets every other warning through as it was emitted', () => {
    const { calls, emit } = recorder();
    const filtered = withoutUrlParseDeprecation(emit);
    const error = new Error('something else');
    filtered('Buffer() is deprecated', 'DeprecationWarning', 'DEP0005');
    filtered('a neighbour', { type: 'DeprecationWarning', code: 'DEP0170', detail: 'd' });
    filtered('The Fetch API is experimental', 'ExperimentalWarning');
    filtered('plain');
    filtered(error);
    expect(calls).toEqual([
      ['Buffer() is deprecated', 'DeprecationWarning', 'DEP0005'],
      ['a neighbour', { type: 'DeprecationWarning', code: 'DEP0170', detail: 'd' }],
      ['The Fetch API is experimental', 'ExperimentalWarning'],
      ['plain'],
      [error],
    ]);
  });

  it('wraps a process once, however often it is installed', () => {
    const { calls, emit } = recorder();
    const fake = { emitWarning: emit } as unknown as NodeJS.Process;
    dropUrlParseDeprecation(fake);
    const installed = fake.emitWarning;
    dropUrlParseDeprecation(fake);
    expect(fake.emitWarning).toBe(installed);
    fake.emitWarning(URL_PARSE_MESSAGE, 'DeprecationWarning', 'DEP0169');
    fake.emitWarning('still printed', 'Warning');
    expect(calls).toEqual([['still printed', 'Warning']]);
  });
});

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A fresh Node process (the one running the tests), its stderr: what a runner's log shows. */
function stderrOf(script: string): string {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  expect(result.status).toBe(0);
  return result.stderr;
}

const parseAUrl = "(await import('node:url')).parse('https://dev.azure.com/contoso');";

describe('in a real process', () => {
  it('prints every other warning and never DEP0169 once the client module is loaded', () => {
    const stderr = stderrOf(
      [
        "await import('./src/azure-devops/connection.ts');",
        parseAUrl,
        "process.emitWarning('as the library would', 'DeprecationWarning', 'DEP0169');",
        "process.emitWarning('something else', 'Warning', 'TTP1');",
        "process.emitWarning('another deprecation', 'DeprecationWarning', 'DEP0005');",
      ].join('\n'),
    );
    expect(stderr).toContain('[TTP1] Warning: something else');
    expect(stderr).toContain('[DEP0005] DeprecationWarning: another deprecation');
    expect(stderr).not.toContain('DEP0169');
  });

  it('without it, Node 24 and later print DEP0169 for url.parse outside node_modules', () => {
    const stderr = stderrOf(parseAUrl);
    if (Number(process.versions.node.split('.')[0]) >= 24) expect(stderr).toContain('DEP0169');
    else expect(stderr).not.toContain('DEP0169');
  });
});
