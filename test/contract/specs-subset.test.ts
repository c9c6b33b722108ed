/**
 * The OpenAPI subsets under test/contract/specs are what scripts/extract-contract-specs.ts makes
 * from the full descriptions. Where the full descriptions sit beside the clone (../shared/specs),
 * this checks the committed subset is still exactly that; a plain clone has only the subset.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTRACT_SPECS_DIR, contractSpecFiles } from '../../scripts/extract-contract-specs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fullSpecs = path.resolve(here, '..', '..', '..', 'shared', 'specs');
// CI has ../shared beside the clone: there the comparison must run, never skip quietly.
const present = existsSync(fullSpecs) || process.env.CI === 'true';

describe('contract spec subset', () => {
  it('every file the contract tests read is in the repository', () => {
    expect(CONTRACT_SPECS_DIR).toBe(path.join(here, 'specs'));
    for (const file of [
      'github/api.github.com.json',
      'github/api.github.com.review.json',
      'azure-devops/wit-7.1/workItemTracking.json',
      'azure-devops/git-7.2/git.json',
      'azure-devops/wit-7.1/examples/workItems__GET__wit_WorkItems_id.json',
      'README.md',
    ]) {
      expect(`${file}: ${existsSync(path.join(CONTRACT_SPECS_DIR, file))}`).toBe(`${file}: true`);
    }
  });

  // Skipped in a plain clone (not in CI): the full descriptions are not there to compare with.
  (present ? it : it.skip)(
    'equals a fresh extraction from ../shared/specs (npm run specs:extract)',
    () => {
      for (const [rel, text] of contractSpecFiles(fullSpecs)) {
        const committed = readFileSync(path.join(CONTRACT_SPECS_DIR, rel), 'utf8');
        expect(`${rel}: ${committed === text ? 'fresh' : 'stale'}`).toBe(`${rel}: fresh`);
      }
    },
  );
});
