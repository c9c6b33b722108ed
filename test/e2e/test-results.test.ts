// Structured test results through `node dist/index.js`: a repository whose test command writes JUnit
// XML (node:test's junit reporter) gets its verdict and evidence from the file, where its console
// would mislead; a junit.xml left from before is never read; the file the tests write is never
// committed and does not stop the job.
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { SAMPLE_TICKET, scriptedTriageModel } from './sample/scripted-model.js';
import { scriptedEvidenceModel } from './sample/scripted-evidence-model.js';
import { startWorld, type World } from './world.js';

const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

const BRANCH = 'ticket-to-pr/1-discount-of-10-on-a-200-00-cart-gives';

/** A passing test that prints what the console reader takes for a failing test of another name. */
const LOOKALIKE = {
  'test/log.test.js': `import { test } from 'node:test';

test('logs the totals', () => {
  console.log('✖ totals add up (1.2ms)');
});
`,
};
const JUNIT_COMMAND =
  'node --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=junit --test-reporter-destination=junit.xml';
/** A junit.xml committed long ago, naming a failing test that does not exist. */
const STALE = `<?xml version="1.0"?>
<testsuites><testcase name="ghost of a test"><failure message="stale"/></testcase></testsuites>
`;

async function world(repoFiles: Record<string, string>): Promise<World> {
  const w = await startWorld({
    tickets: [SAMPLE_TICKET],
    triageAnswer: scriptedTriageModel(),
    editAnswer: scriptedEvidenceModel({ reproduce: ['valid'], edit: ['fix'] }),
    repoFiles,
  });
  worlds.push(w);
  return w;
}

const filesOnBranch = (w: World): string[] =>
  execFileSync('git', ['ls-tree', '-r', '--name-only', BRANCH], {
    cwd: w.repo.remoteDir,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((l) => l !== '');
const showOnBranch = (w: World, file: string): string =>
  execFileSync('git', ['show', `${BRANCH}:${file}`], { cwd: w.repo.remoteDir, encoding: 'utf8' });
const description = (w: World) => [...w.ado.state.pullRequests.values()][0]?.description ?? '';

describe('test-results through dist/index.js', () => {
  it('reads the fixed test from junit.xml where the console names a test that never ran; junit.xml is not committed', async () => {
    const w = await world(LOOKALIKE);
    const r = await w.run({
      inputs: { reproduce: 'off', 'test-command': JUNIT_COMMAND, 'test-results': 'junit.xml' },
    });
    expect(r.outputs).toMatchObject({ outcome: 'pr-opened', evidence: 'failing-test-fixed' });
    const body = description(w);
    expect(body).toContain(
      'A test that failed on the base commit passes now, unchanged: 10% off 200.00 is 180.00. Test names read from junit.xml.',
    );
    expect(body).not.toContain('totals add up');
    expect(filesOnBranch(w)).not.toContain('junit.xml');
    expect(filesOnBranch(w)).toContain('test/log.test.js');
  });

  it('the same run without test-results reads the console, and says so (the lookalike line counts)', async () => {
    const w = await world(LOOKALIKE);
    const r = await w.run({ inputs: { reproduce: 'off', 'test-command': JUNIT_COMMAND } });
    expect(r.outputs).toMatchObject({ outcome: 'pr-opened', evidence: 'failing-test-fixed' });
    expect(description(w)).toMatch(
      /Tests that failed on the base commit pass now, unchanged: .*totals add up.*\. Test names read from the console output\./,
    );
    expect(filesOnBranch(w)).not.toContain('junit.xml');
  });

  it('never reads a junit.xml committed before the run: the names come from the console', async () => {
    const w = await world({ 'junit.xml': STALE });
    const r = await w.run({
      inputs: { reproduce: 'off', 'test-command': 'node --test', 'test-results': 'junit.xml' },
    });
    expect(r.outputs).toMatchObject({ outcome: 'pr-opened', evidence: 'failing-test-fixed' });
    const body = description(w);
    expect(body).not.toContain('ghost of a test');
    expect(body).toContain('10% off 200.00 is 180.00. Test names read from the console output.');
    expect(r.stdout).toMatch(/not written by this run were not read/);
    expect(showOnBranch(w, 'junit.xml')).toBe(STALE);
  });
});
