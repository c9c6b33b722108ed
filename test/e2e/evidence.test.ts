// Evidence a reviewer can trust, through `node dist/index.js` against the simulators and a real git
// remote: a test-only "fix" is not a fix, a reproduction test must fail on an assertion before the
// fix and pass after it, and the evidence level is stated in the PR, the summary, the ticket comment,
// the step outputs and the transcript.
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { remoteBranches, SAMPLE_FILES } from './sample/repo.js';
import {
  isReproductionPrompt,
  REPRO_PATH,
  REPRO_TESTS,
  scriptedEvidenceModel,
  type EditAnswer,
  type ReproAnswer,
} from './sample/scripted-evidence-model.js';
import { SAMPLE_TICKET, scriptedTriageModel } from './sample/scripted-model.js';
import { EDIT_MODEL, startWorld, type RunResult, type World } from './world.js';
import { expectNoModelInstructions } from './model-instructions.js';

const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

const BRANCH = 'ticket-to-pr/1-discount-of-10-on-a-200-00-cart-gives';
/** '' = the action's default (reproduce: auto). */
const DEFAULT = '';

async function world(script: { reproduce?: ReproAnswer[]; edit?: EditAnswer[] }): Promise<World> {
  const w = await startWorld({
    tickets: [SAMPLE_TICKET],
    triageAnswer: scriptedTriageModel(),
    editAnswer: scriptedEvidenceModel({
      reproduce: script.reproduce ?? ['valid'],
      edit: script.edit ?? ['fix'],
    }),
  });
  worlds.push(w);
  return w;
}

/** Makes the sample's base commit green: its one failing test is dropped (pushed to origin/main). */
function withoutFailingTest(w: World): void {
  const file = path.join(w.repo.workDir, 'test/discount.test.js');
  fs.writeFileSync(
    file,
    SAMPLE_FILES['test/discount.test.js']!.replace(
      /test\('10% off 200\.00 is 180\.00'[\s\S]*?\}\);\n\n/,
      '',
    ),
  );
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: w.repo.workDir, encoding: 'utf8' });
  git('-c', 'user.name=Dana', '-c', 'user.email=dana@example.com', 'commit', '-qam', 'Drop a test');
  git('push', '-q', 'origin', 'main');
}

const showOnBranch = (w: World, file: string): string =>
  execFileSync('git', ['show', `${BRANCH}:${file}`], { cwd: w.repo.remoteDir, encoding: 'utf8' });
const filesOnBranch = (w: World): string[] =>
  execFileSync('git', ['ls-tree', '-r', '--name-only', BRANCH], {
    cwd: w.repo.remoteDir,
    encoding: 'utf8',
  }).split('\n');
const pullRequests = (w: World) => [...w.ado.state.pullRequests.values()];
const comments = (w: World) => w.ado.state.workItems.get(1)!.comments.map((c) => c.text);
const editPrompts = (w: World) =>
  w.ollama.requests
    .filter((q) => q.path === '/api/chat' && q.model === EDIT_MODEL)
    .map((q) => q.body as { messages: { role: string; content: string }[] });
const transcriptOf = (r: RunResult) =>
  JSON.parse(fs.readFileSync(r.outputs['transcript-file']!, 'utf8')) as {
    evidence: { level: string; reproduction: { status: string; path?: string } } | null;
  };

function expectNoClaimLeft(w: World): void {
  expect(w.ado.tagsOf(1)).not.toContain('autofix:working');
}

describe('evidence through dist/index.js', () => {
  it('a reproduction that fails on an import error is retried; one that fails on an assertion before the fix and passes after it: reproduced, stated everywhere', async () => {
    const w = await world({ reproduce: ['import-error', 'valid'], edit: ['fix'] });
    const r = await w.run({ inputs: { reproduce: DEFAULT } });
    expect(r.outputs).toMatchObject({ outcome: 'pr-opened', evidence: 'reproduced' });
    expect(r.outputs.reason).toContain('(evidence: reproduced)');
    // The first try failed on an import, not on the behaviour: rejected, and the model told why.
    const repro = editPrompts(w).filter((b) =>
      isReproductionPrompt({ messages: b.messages } as never),
    );
    expect(repro).toHaveLength(2);
    const feedback = repro[1]!.messages.at(-1)!.content;
    expect(feedback).toContain('fails on an error before any assertion');
    expect(feedback).toContain("does not provide an export named 'applyDiscounts'");
    // The reproduction test is part of the change, exactly as it was validated.
    expect(showOnBranch(w, REPRO_PATH)).toBe(REPRO_TESTS.valid);
    expect(showOnBranch(w, 'src/discount.js')).toContain('Math.round');
    const [pr] = pullRequests(w);
    expect(pr!.description).toContain('**Evidence: `reproduced`**');
    expect(pr!.description).toContain(`**Reproduction test:** \`${REPRO_PATH}\``);
    expect(r.summary).toContain('**Evidence: `reproduced`**');
    // The failing test by name, and the assertion with its values.
    expect(r.summary).toMatch(
      /fails on the base commit on an assertion: Expected values to be strictly equal:.*19990 !== 18000/,
    );
    expect(r.summary).toContain(
      `"ticket 1: a 10% discount on 200.00 charges 180.00" in ${REPRO_PATH}`,
    );
    expect(comments(w).some((c) => c.includes('Evidence: <b>reproduced</b>'))).toBe(true);
    expect(transcriptOf(r).evidence).toMatchObject({
      level: 'reproduced',
      reproduction: { status: 'reproduced', path: REPRO_PATH },
    });
    // The checkout is back on the base commit: the reproduction file is not left behind.
    expect(fs.existsSync(path.join(w.repo.workDir, REPRO_PATH))).toBe(false);
    expectNoClaimLeft(w);
  });

  it('a test-only "fix" of a source bug is undone and the editor told why; its second try changes the source', async () => {
    const w = await world({ edit: ['test-only', 'fix'] });
    const r = await w.run({ inputs: { reproduce: 'off' } });
    expect(r.outputs).toMatchObject({ outcome: 'pr-opened', evidence: 'failing-test-fixed' });
    // The failing test reaches the branch unchanged; the source carries the fix.
    expect(showOnBranch(w, 'test/discount.test.js')).toBe(SAMPLE_FILES['test/discount.test.js']);
    expect(showOnBranch(w, 'src/discount.js')).toContain('Math.round');
    const prompts = editPrompts(w);
    expect(prompts).toHaveLength(2);
    expect(prompts[1]!.messages.at(-1)!.content).toContain(
      'Changing a failing test does not fix the behaviour it checks',
    );
    expectNoClaimLeft(w);
  });

  it('a change that only ever edits the failing test is not a fix: needs-human, nothing pushed', async () => {
    const w = await world({ edit: ['test-only'] });
    const r = await w.run({ inputs: { reproduce: 'off' } });
    expect(r.outputs).toMatchObject({ outcome: 'needs-human', evidence: 'none' });
    expectNoModelInstructions(w, r);
    expect(r.outputs.reason).toContain(
      "The edit model changed tests instead of the code ('test/discount.test.js'); that change was undone",
    );
    expect(remoteBranches(w.repo.remoteDir)).toEqual(['main']);
    expect(pullRequests(w)).toHaveLength(0);
    expectNoClaimLeft(w);
  });

  it('no reproduction possible and no failing test: no-regression, stated as such', async () => {
    const w = await world({ reproduce: ['passes'], edit: ['fix'] });
    withoutFailingTest(w);
    const r = await w.run({ inputs: { reproduce: DEFAULT } });
    expect(r.outputs).toMatchObject({ outcome: 'pr-opened', evidence: 'no-regression' });
    const [pr] = pullRequests(w);
    expect(pr!.description).toContain('**Evidence: `no-regression`**');
    expect(pr!.description).toContain('No valid reproduction test after 2 attempt(s)');
    expect(pr!.description).toContain('passed on the base commit, so it did not show the problem');
    expect(r.summary).toContain('**Evidence: `no-regression`**');
    expect(filesOnBranch(w)).not.toContain(REPRO_PATH);
    expectNoClaimLeft(w);
  });

  it('a reproduction that went wrong is told to people in their words, never the model’s instructions', async () => {
    const w = await world({ reproduce: ['no-file', 'import-error'], edit: ['fix'] });
    const r = await w.run({ inputs: { reproduce: DEFAULT } });
    expect(r.outputs.outcome).toBe('pr-opened');
    expectNoModelInstructions(w, r);
    const [pr] = pullRequests(w);
    expect(pr!.description).toContain(
      'No valid reproduction test after 2 attempt(s) (attempt 1: the answer held no test file; attempt 2: test/discount-ticket-1.test.js failed on an error before any assertion',
    );
  });

  it('min-evidence reproduced with only no-regression evidence: needs-human, the branch pushed, no PR', async () => {
    const w = await world({ reproduce: ['passes'], edit: ['fix'] });
    withoutFailingTest(w);
    const r = await w.run({ inputs: { reproduce: DEFAULT, 'min-evidence': 'reproduced' } });
    expect(r.outputs).toMatchObject({
      outcome: 'needs-human',
      evidence: 'no-regression',
      branch: BRANCH,
    });
    expect(r.outputs.reason).toContain("min-evidence asks for 'reproduced'");
    expect(remoteBranches(w.repo.remoteDir)).toEqual(expect.arrayContaining(['main', BRANCH]));
    expect(showOnBranch(w, 'src/discount.js')).toContain('Math.round');
    expect(pullRequests(w)).toHaveLength(0);
    expect(w.ado.tagsOf(1)).toContain('autofix:needs-human');
    expect(comments(w).some((c) => c.includes(BRANCH) && c.includes('no-regression'))).toBe(true);
    expectNoClaimLeft(w);
  });
});
