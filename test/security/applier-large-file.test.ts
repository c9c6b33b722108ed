// An edit answer of 30 SEARCH blocks that match nothing, aimed at a 6.5 MB tracked file, through
// dist/index.js: once, it blocked the event loop for a minute and let a second job take the model
// lock as stale. Now the file is refused as too large to search, the refusal reaches the model and
// the log, the lock keeps being refreshed, and the job ends well within its budget.
import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { SimChatRequest } from '../simulators/ollama/index.js';
import { largeGeneratedFile, SAMPLE_FIX_BLOCK, searchReplaceBlock } from '../e2e/sample/repo.js';
import { SAMPLE_TICKET, scriptedTriageModel } from '../e2e/sample/scripted-model.js';
import { expectNoClaimLeft } from '../e2e/expect-settled.js';
import { startWorld, type World } from '../e2e/world.js';

const BIG = 'data/price-table.js';
/** proper-lockfile's default in host-lock.ts: a lock older than this is taken over. */
const STALE_MS = 30_000;
const JOB_BUDGET_S = 120;

/** The old applier needed about 1 GB here: enough heap that it failed on the lock, not on memory. */
const OLD_CODE_GUARD = { NODE_OPTIONS: '--max-old-space-size=3000' };
const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

/** Thirty blocks that miss, against the big file; once told it is too large, the real fix. */
function editModel(): (request: SimChatRequest) => string {
  return (request) => {
    const last = request.messages.at(-1)?.content ?? '';
    if (last.includes('too large for SEARCH/REPLACE')) {
      return ['applyDiscount now scales the total.', '', SAMPLE_FIX_BLOCK].join('\n');
    }
    const blocks = Array.from({ length: 30 }, (_, k) =>
      searchReplaceBlock(
        BIG,
        `export const price${k} = lookupPrice('sku-${k}', { region: 'us', factor: ${k} });\nexport const missing${k} = true;`,
        `export const price${k} = 0;`,
      ),
    );
    return ['The prices were wrong.', '', ...blocks].join('\n\n');
  };
}

describe('the applier against a 6.5 MB tracked file, through dist/', () => {
  it('refuses the file as too large to search, keeps the lock fresh and ends well within its budget', async () => {
    const w = await startWorld({
      tickets: [SAMPLE_TICKET],
      triageAnswer: scriptedTriageModel(),
      editAnswer: editModel(),
      repoFiles: { [BIG]: largeGeneratedFile(6_500_000) },
    });
    worlds.push(w);

    // What a second job would see: the age of the lock's last refresh, whenever it is held.
    const lockDir = `${path.join(w.dir, 'model.lock')}.lock`;
    let oldest = 0;
    let seen = 0;
    const watcher = setInterval(() => {
      const stat = fs.statSync(lockDir, { throwIfNoEntry: false });
      if (!stat) return;
      seen++;
      oldest = Math.max(oldest, Date.now() - stat.mtimeMs);
    }, 200);

    const started = Date.now();
    const r = await w.run({ inputs: { 'job-budget': `${JOB_BUDGET_S}s` }, env: OLD_CODE_GUARD });
    const took = Date.now() - started;
    clearInterval(watcher);

    // A second job polling the lock would never have found it stale.
    expect(seen).toBeGreaterThan(0);
    expect(oldest).toBeLessThan(STALE_MS);
    expect(took).toBeLessThan((JOB_BUDGET_S * 1000) / 4);
    const log = r.stdout + r.stderr;
    expect(log).toContain(`'${BIG}' is too large for SEARCH/REPLACE`);
    expect(r.outputs.outcome).toBe('pr-opened');
    // The refusal went back to the model, which then made the real change.
    const editPrompts = w.ollama.requests.filter((q) =>
      JSON.stringify(q).includes('too large for SEARCH/REPLACE'),
    );
    expect(editPrompts.length).toBeGreaterThan(0);
    expectNoClaimLeft(w);
  }, 240_000);
});
