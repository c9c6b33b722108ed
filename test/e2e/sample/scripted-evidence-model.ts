// A scripted edit model for the evidence scenarios: what it answers when asked for a reproduction
// test (per attempt) and when asked for the fix (per round), on the sample repository.
import type { SimChatRequest } from '../../simulators/ollama/index.js';
import { SAMPLE_FIX } from './repo.js';

/** The reproduction test a good answer writes, in the sample's own layout and style. */
export const REPRO_PATH = 'test/discount-ticket-1.test.js';

export const REPRO_TESTS = {
  /** Fails on the base commit on an assertion; passes with the fix. */
  valid: [
    "import { test } from 'node:test';",
    "import assert from 'node:assert/strict';",
    "import { applyDiscount } from '../src/discount.js';",
    '',
    "test('ticket 1: a 10% discount on 200.00 charges 180.00', () => {",
    '  assert.equal(applyDiscount(20000, 10), 18000);',
    '});',
    '',
  ].join('\n'),
  /** Fails on the base commit, but on an import (the module exports no `applyDiscounts`). */
  'import-error': [
    "import { test } from 'node:test';",
    "import assert from 'node:assert/strict';",
    "import { applyDiscounts } from '../src/discount.js';",
    '',
    "test('ticket 1: a 10% discount on 200.00 charges 180.00', () => {",
    '  assert.equal(applyDiscounts(20000, 10), 18000);',
    '});',
    '',
  ].join('\n'),
  /** Passes on the base commit: it does not show the bug. */
  passes: [
    "import { test } from 'node:test';",
    "import assert from 'node:assert/strict';",
    "import { applyDiscount } from '../src/discount.js';",
    '',
    "test('ticket 1: no discount keeps the total', () => {",
    '  assert.equal(applyDiscount(20000, 0), 20000);',
    '});',
    '',
  ].join('\n'),
} as const;

/** no-file: the answer describes a test but writes none. */
export type ReproAnswer = keyof typeof REPRO_TESTS | 'no-file';
/** fix: the right source change; test-only: "fixes" the bug by changing the failing test's expected value. */
export type EditAnswer = 'fix' | 'test-only';

/** True for the prompts of the reproduction stage (its system prompt asks for a reproducing test). */
export function isReproductionPrompt(request: SimChatRequest): boolean {
  return request.messages.some(
    (m) =>
      m.role === 'system' && m.content.includes('write one small automated test that reproduces'),
  );
}

export function scriptedEvidenceModel(script: {
  reproduce: readonly ReproAnswer[];
  edit: readonly EditAnswer[];
}): (request: SimChatRequest) => string {
  let reproAttempt = 0;
  let round = 0;
  return (request) => {
    if (isReproductionPrompt(request)) {
      const kind =
        script.reproduce[Math.min(reproAttempt++, script.reproduce.length - 1)] ?? 'passes';
      if (kind === 'no-file') return 'The test would check that a 10% discount charges 180.00.\n';
      return `The test checks that a 10% discount on 200.00 charges 180.00.\n\n${REPRO_PATH}\n\`\`\`js\n${REPRO_TESTS[kind]}\`\`\`\n`;
    }
    const kind = script.edit[Math.min(round++, script.edit.length - 1)] ?? 'fix';
    const block = (file: string, search: string, replace: string) =>
      [
        file,
        '```',
        '<<<<<<< SEARCH',
        search,
        '=======',
        replace,
        '>>>>>>> REPLACE',
        '```',
        '',
      ].join('\n');
    if (kind === 'test-only') {
      return `The test expected the wrong value; it now expects 199.90.\n\n${block(
        'test/discount.test.js',
        '  assert.equal(applyDiscount(20000, 10), 18000);',
        '  assert.equal(applyDiscount(20000, 10), 19990);',
      )}`;
    }
    const prompt = request.messages.map((m) => m.content).join('\n');
    if (prompt.includes(`${SAMPLE_FIX.path} [rewrite whole file]`)) {
      const whole = [
        '/** Applies a percentage discount to a total in cents. */',
        'export function applyDiscount(totalCents, percent) {',
        '  if (percent < 0 || percent > 100) {',
        "    throw new RangeError('percent must be between 0 and 100');",
        '  }',
        SAMPLE_FIX.replace,
        '}',
        '',
      ].join('\n');
      return `applyDiscount now scales the total by the percentage.\n\n${SAMPLE_FIX.path}\n\`\`\`\n${whole}\`\`\`\n`;
    }
    return `applyDiscount now scales the total by the percentage.\n\n${block(SAMPLE_FIX.path, SAMPLE_FIX.search, SAMPLE_FIX.replace)}`;
  };
}
