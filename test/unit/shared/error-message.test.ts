import { describe, expect, it } from '@jest/globals';
import { runInNewContext } from 'node:vm';
import { getErrorMessage } from '../../../src/shared/errors.js';

describe('getErrorMessage', () => {
  it('reads the message of an Error from another realm, which fails instanceof Error', () => {
    const foreign: unknown = runInNewContext(
      "Object.assign(new Error('EEXIST: file already exists'), { code: 'EEXIST' })",
    );
    expect(foreign instanceof Error).toBe(false);
    expect(getErrorMessage(foreign)).toBe('EEXIST: file already exists');
  });

  it('strings stay as they are; other values are shown as JSON', () => {
    expect(getErrorMessage('plain')).toBe('plain');
    expect(getErrorMessage({ statusCode: 500 })).toBe('{"statusCode":500}');
    expect(getErrorMessage(new Error('own realm'))).toBe('own realm');
  });
});
