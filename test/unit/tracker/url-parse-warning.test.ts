import { describe, expect, it } from '@jest/globals';
import {
  dropUrlParseDeprecation,
  withoutUrlParseDeprecation,
} from '../../../src/tracker/azure-client.js';

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
