/**
 * One supported Node range, said the same way everywhere: package.json `engines`, the README, and
 * every runtime dependency's own `engines` (so `npm ci` on a supported Node warns about nothing).
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface LockPackage {
  readonly version?: string;
  readonly dev?: boolean;
  readonly engines?: { readonly node?: string };
}

const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, LockPackage> };
const supported = pkg.engines.node;

describe('supported Node versions', () => {
  it('every runtime dependency runs on every Node the project supports', () => {
    const narrower = Object.entries(lock.packages)
      .filter(([name, p]) => name !== '' && !p.dev && p.engines?.node)
      .filter(([, p]) => !semver.subset(supported, p.engines!.node!, { includePrerelease: false }))
      .map(
        ([name, p]) => `${name.replace(/^.*node_modules\//, '')}@${p.version}: ${p.engines!.node}`,
      );
    expect(narrower).toEqual([]);
  });

  it('the README states the same minimum as engines', () => {
    const minimum = semver.minVersion(supported)!.major;
    expect(read('README.md')).toContain(`Requires Node.js ${minimum} or later`);
  });

  it('the action runs on a Node the project supports', () => {
    const action = parse(read('action.yml')) as { runs: { using: string } };
    const major = Number(/^node(\d+)$/.exec(action.runs.using)![1]);
    expect(semver.satisfies(`${major}.99.0`, supported)).toBe(true);
    expect(semver.satisfies(`${read('.node-version').trim()}.99.0`, supported)).toBe(true);
  });
});
