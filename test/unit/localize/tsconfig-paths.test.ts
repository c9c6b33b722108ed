import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tsconfigPaths } from '../../../src/localize/tsconfig-paths.js';

let root: string;
let outside: string;
const write = (file: string, text: string): void => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
};
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-tsconfig-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-outside-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

describe('tsconfigPaths', () => {
  it('reads paths through a relative extends, with comments and trailing commas', () => {
    write('tsconfig.json', '{\n  // the base holds paths\n  "extends": "./tsconfig.base",\n}\n');
    write(
      'tsconfig.base.json',
      '{ "compilerOptions": { /* monorepo */ "paths": { "@vue/*": ["./packages/*/src"], }, }, }',
    );
    const match = tsconfigPaths(root, ['tsconfig.json', 'tsconfig.base.json']);
    expect(match?.('@vue/shared')).toEqual(['packages/shared/src']);
    expect(match?.('lodash')).toEqual([]);
  });

  it('follows no extends outside the tracked files and reads no tsconfig through a symlink', () => {
    fs.writeFileSync(
      path.join(outside, 'evil.json'),
      '{ "compilerOptions": { "paths": { "x": ["./x"] } } }',
    );
    write(
      'tsconfig.json',
      JSON.stringify({ extends: path.relative(root, path.join(outside, 'evil.json')) }),
    );
    expect(tsconfigPaths(root, ['tsconfig.json'])).toBeUndefined();

    fs.rmSync(path.join(root, 'tsconfig.json'));
    fs.symlinkSync(path.join(outside, 'evil.json'), path.join(root, 'tsconfig.json'));
    expect(tsconfigPaths(root, ['tsconfig.json'])).toBeUndefined();
  });

  it('gives nothing for a repository without a tsconfig or with one it cannot parse', () => {
    expect(tsconfigPaths(root, ['package.json'])).toBeUndefined();
    write('tsconfig.json', '{ not json');
    expect(tsconfigPaths(root, ['tsconfig.json'])).toBeUndefined();
  });
});
