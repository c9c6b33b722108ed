// The scenario matrix: `node dist/index.js` as a runner starts it, against the Azure DevOps and
// Ollama simulators and a real bare git remote. Each case checks the board, the remote, the PRs
// and the step's outputs, and that no ticket is left autofix:working.
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { overlappingRequests, modelRequests } from '../simulators/ollama/index.js';
import { pushHumanCommit, remoteBranches } from './sample/repo.js';
import { SAMPLE_TICKET, scriptedEditModel, scriptedTriageModel } from './sample/scripted-model.js';
import { expectNoClaimLeft } from './expect-settled.js';
import { ADO_TOKEN, startWorld, type RunResult, type World } from './world.js';
import { expectNoModelInstructions } from './model-instructions.js';

const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

async function world(options: Parameters<typeof startWorld>[0] = {}): Promise<World> {
  const w = await startWorld({
    tickets: [SAMPLE_TICKET],
    triageAnswer: scriptedTriageModel(),
    editAnswer: scriptedEditModel({ fixes: true }),
    ...options,
  });
  worlds.push(w);
  return w;
}

const BRANCH = 'ticket-to-pr/1-discount-of-10-on-a-200-00-cart-gives';

function expectStepResult(r: RunResult, failed: boolean): void {
  expect(r.code).toBe(failed ? 1 : 0);
}

function expectNoSecret(w: World, r: RunResult): void {
  // The masking commands themselves carry the value to the runner; nothing else may.
  const texts = [
    r.stdout.replace(/^(::add-mask::|##vso\[task\.setsecret\]).*$/gm, ''),
    r.stderr,
    r.summary,
  ];
  const transcript = r.outputs['transcript-file'] ?? r.outputs.transcript_file;
  if (transcript) texts.push(fs.readFileSync(transcript, 'utf8'));
  for (const pr of w.ado.state.pullRequests.values()) texts.push(pr.description);
  for (const item of w.ado.state.workItems.values())
    texts.push(...item.comments.map((c) => c.text));
  for (const text of texts) expect(text).not.toContain(ADO_TOKEN);
}

const pullRequests = (w: World) => [...w.ado.state.pullRequests.values()];
const comments = (w: World, id = 1) => w.ado.state.workItems.get(id)!.comments.map((c) => c.text);

describe('scenario matrix through dist/index.js', () => {
  it('opens a draft PR on Azure Repos and settles the ticket', async () => {
    const w = await world();
    const r = await w.run();
    expect(r.outputs).toMatchObject({ outcome: 'pr-opened', 'ticket-id': '1', branch: BRANCH });
    expectStepResult(r, false);
    const prs = pullRequests(w);
    expect(prs).toHaveLength(1);
    expect(prs[0]).toMatchObject({
      status: 'active',
      isDraft: true,
      sourceRefName: `refs/heads/${BRANCH}`,
      targetRefName: 'refs/heads/main',
    });
    expect(prs[0]!.workItemRefs).toEqual([{ id: '1' }]);
    expect(r.outputs['pr-url']).toContain(`/pullrequest/${prs[0]!.pullRequestId}`);
    expect(remoteBranches(w.repo.remoteDir)).toEqual(expect.arrayContaining(['main', BRANCH]));
    const fixed = execFileSync('git', ['show', `${BRANCH}:src/discount.js`], {
      cwd: w.repo.remoteDir,
      encoding: 'utf8',
    });
    expect(fixed).toContain('Math.round(totalCents * (1 - percent / 100))');
    expect(w.ado.tagsOf(1)).toEqual(expect.arrayContaining(['autofix', 'autofix:pr-opened']));
    const links = w.ado.state.workItems
      .get(1)!
      .relations.filter((rel) => rel.rel === 'ArtifactLink');
    expect(links).toEqual([
      expect.objectContaining({ attributes: expect.objectContaining({ name: 'Pull Request' }) }),
    ]);
    expect(comments(w).some((c) => c.includes(r.outputs['pr-url']!))).toBe(true);
    expect(r.summary).toContain('```mermaid');
    expect(fs.existsSync(r.outputs['transcript-file']!)).toBe(true);
    expectNoClaimLeft(w);
    expectNoSecret(w, r);
    // A clean job prints no warning of Node's (DEP0169 from azure-devops-node-api on Node 24).
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/^::(notice|warning)::/m);

    // Rerun for the same ticket (manual dispatch): the same branch and PR are updated, never duplicated.
    const again = await w.run({ inputs: { 'ticket-id': '1' } });
    expect(again.outputs.outcome).toBe('pr-updated');
    expectStepResult(again, false);
    expect(pullRequests(w)).toHaveLength(1);
    expect(remoteBranches(w.repo.remoteDir).filter((b) => b.startsWith('ticket-to-pr/'))).toEqual([
      BRANCH,
    ]);
    expect(
      w.ado.state.workItems.get(1)!.relations.filter((rel) => rel.rel === 'ArtifactLink'),
    ).toHaveLength(1);
    expectNoClaimLeft(w);
  });

  it('ends no-ticket when nothing carries the opt-in tag, touching nothing', async () => {
    const w = await world({ tickets: [{ ...SAMPLE_TICKET, tags: ['backlog'] }] });
    const rev = w.ado.state.workItems.get(1)!.rev;
    const r = await w.run();
    expect(r.outputs.outcome).toBe('no-ticket');
    expectStepResult(r, false);
    expect(w.ado.state.workItems.get(1)!.rev).toBe(rev);
    const prompts = modelRequests(w.ollama.requests).filter(
      (q) => ((q.body?.messages as unknown[]) ?? []).length > 0,
    );
    expect(prompts).toHaveLength(0);
  });

  it('skips an unclear ticket with the question on it', async () => {
    const question = 'Should the discount apply before or after tax?';
    const w = await world({
      triageAnswer: scriptedTriageModel({
        clarity: 'unclear',
        reason: 'The rounding rule is not stated.',
        question,
      }),
    });
    const r = await w.run();
    expect(r.outputs.outcome).toBe('skipped');
    expectStepResult(r, false);
    // The runs page tells a job that did nothing from one that opened a PR.
    expect(r.stdout).toMatch(
      /^::notice::ticket-to-pr: skipped\. .*The rounding rule is not stated/m,
    );
    expect(w.ado.tagsOf(1)).toContain('autofix:skipped');
    expect(
      comments(w).some((c) => c.includes('Should the discount apply before or after tax?')),
    ).toBe(true);
    expect(pullRequests(w)).toHaveLength(0);
    expectNoClaimLeft(w);
    expectNoModelInstructions(w, r);
  });

  it('skips in Azure Pipelines mode with a warning issue, the task green', async () => {
    const w = await world({
      triageAnswer: scriptedTriageModel({
        clarity: 'unclear',
        reason: 'The rounding rule is not stated.',
        question: 'Before or after tax?',
      }),
    });
    const r = await w.run({ azurePipelines: true });
    expect(r.outputs.outcome).toBe('skipped');
    expect(r.stdout).toMatch(
      /^##vso\[task\.logissue type=warning;\]ticket-to-pr: skipped\. .*The rounding rule is not stated/m,
    );
    expect(r.stdout).toMatch(/^##vso\[task\.complete result=Succeeded;\]ticket-to-pr: skipped/m);
    expect(r.stdout).not.toMatch(/type=error/);
    expect(r.code).toBe(0);
  });

  it('ends needs-human when the tests still fail after the repairs, naming the test', async () => {
    const w = await world({ editAnswer: scriptedEditModel({ fixes: false }) });
    const r = await w.run();
    expect(r.outputs.outcome).toBe('needs-human');
    expectStepResult(r, false);
    expect(r.outputs.reason).toContain('10% off 200.00 is 180.00');
    expect(r.stdout).toMatch(
      /^::warning::ticket-to-pr: needs-human\. .*10%25 off 200\.00 is 180\.00/m,
    );
    expect(w.ado.tagsOf(1)).toContain('autofix:needs-human');
    expect(remoteBranches(w.repo.remoteDir)).toEqual(['main']);
    expect(pullRequests(w)).toHaveLength(0);
    const editCalls = w.ollama.requests.filter(
      (q) => q.path === '/api/chat' && (q.model ?? '').includes('32b'),
    );
    expect(editCalls.length).toBe(3); // the first edit and max-repair-attempts (2) repairs
    expectNoClaimLeft(w);
    expectNoModelInstructions(w, r);
    // Words that match the evidence: red before and after is not "Verified", and the edit failed.
    expect(r.summary).not.toMatch(/\*\*Verified/);
    expect(r.summary).toContain('| edit | failed |');
    expect(r.stdout).toMatch(/^✖ edit .*failed after 3 round\(s\)/m);
  });

  it('leaves a branch a human committed to alone', async () => {
    const w = await world();
    pushHumanCommit(w.repo.remoteUrl, w.dir, BRANCH);
    const head = execFileSync('git', ['rev-parse', BRANCH], {
      cwd: w.repo.remoteDir,
      encoding: 'utf8',
    }).trim();
    const r = await w.run({ azurePipelines: true });
    expect(r.outputs.outcome).toBe('needs-human');
    expect(r.outputs.reason).toMatch(/left alone/);
    // Azure Pipelines: a warning issue (logissue takes only error and warning), the task green.
    expect(r.stdout).toMatch(
      /^##vso\[task\.logissue type=warning;\]ticket-to-pr: needs-human\. .*left alone/m,
    );
    expect(r.stdout).toMatch(/^##vso\[task\.complete result=Succeeded;\]/m);
    expect(r.code).toBe(0);
    expect(
      execFileSync('git', ['rev-parse', BRANCH], {
        cwd: w.repo.remoteDir,
        encoding: 'utf8',
      }).trim(),
    ).toBe(head);
    expect(pullRequests(w)).toHaveLength(0);
    expectNoClaimLeft(w);
  });

  it('ends model-capacity on an out-of-memory at load, before any ticket is touched', async () => {
    const w = await world();
    w.ollama.faults.oomAtLoad('llama runner process has terminated: CUDA error: out of memory');
    const rev = w.ado.state.workItems.get(1)!.rev;
    const r = await w.run();
    expect(r.outputs.outcome).toBe('model-capacity');
    expectStepResult(r, true);
    expect(r.outputs.reason).toContain('qwen2.5-coder:7b');
    expect(w.ado.state.workItems.get(1)!.rev).toBe(rev);
    expect(w.ado.tagsOf(1)).toEqual(['autofix']);
    expectNoModelInstructions(w, r);
  });

  it('ends model-unavailable when the server is down, before any ticket is touched', async () => {
    const w = await world();
    const rev = w.ado.state.workItems.get(1)!.rev;
    const r = await w.run({ inputs: { 'ollama-host': 'http://127.0.0.1:9' } });
    expect(r.outputs.outcome).toBe('model-unavailable');
    expectStepResult(r, true);
    expect(w.ado.state.workItems.get(1)!.rev).toBe(rev);
  }, 60_000);

  it('writes nothing anywhere in a dry run', async () => {
    const w = await world();
    const rev = w.ado.state.workItems.get(1)!.rev;
    const r = await w.run({ inputs: { 'dry-run': 'true' } });
    // The outcome cannot be read as a real pull request: dry-run, and the reason says what a real run would open.
    expect(r.outputs.outcome).toBe('dry-run');
    expect(r.code).toBe(0);
    expect(r.outputs.reason).toMatch(
      /^Dry run: the change passed verification .* a real run would push it and open a draft pull request/,
    );
    expect(r.outputs['pr-url']).toBe('');
    expect(w.ado.state.workItems.get(1)!.rev).toBe(rev);
    expect(w.ado.state.workItems.get(1)!.comments).toHaveLength(0);
    expect(remoteBranches(w.repo.remoteDir)).toEqual(['main']);
    expect(pullRequests(w)).toHaveLength(0);
    const writes = w.ado.state.requests.filter(
      (q) => q.method === 'PATCH' || (q.method === 'POST' && !/wiql|workitemsbatch/i.test(q.url)),
    );
    expect(writes).toEqual([]);
  });

  it('runs the happy path in Azure Pipelines mode', async () => {
    const w = await world();
    const r = await w.run({ azurePipelines: true });
    expect(r.outputs).toMatchObject({ outcome: 'pr-opened', ticket_id: '1', branch: BRANCH });
    expect(r.outputs.pr_url).toContain('/pullrequest/');
    expect(r.stdout).toMatch(/^##vso\[task\.uploadsummary\]\/.+\.md$/m);
    expect(r.stdout).toMatch(/^##vso\[task\.complete result=Succeeded;\]/m);
    expect(r.stdout).not.toMatch(/^::/m);
    // Azure Pipelines summaries get no Mermaid (not documented to render there); the table tells.
    expect(r.summary).not.toContain('```mermaid');
    expect(r.summary).toContain('| Stage | Status | Started | Time | Note |');
    expect(pullRequests(w)).toHaveLength(1);
    expectNoClaimLeft(w);
    expectNoSecret(w, r);
  });

  it('two jobs at once on one host: both finish, on different tickets, never overlapping on the model', async () => {
    const second = {
      ...SAMPLE_TICKET,
      title: 'Discount rounding is off for 15% on odd totals',
      priority: 3,
    };
    const w = await world({ tickets: [SAMPLE_TICKET, second] });
    const otherCheckout = path.join(w.dir, 'work2');
    execFileSync('git', ['clone', '--quiet', w.repo.remoteUrl, otherCheckout]);
    const [a, b] = await Promise.all([
      w.run(),
      w.run({ inputs: { 'repository-path': otherCheckout } }),
    ]);
    expect([a.outputs.outcome, b.outputs.outcome]).toEqual(['pr-opened', 'pr-opened']);
    expect(new Set([a.outputs['ticket-id'], b.outputs['ticket-id']])).toEqual(new Set(['1', '2']));
    expect(overlappingRequests(w.ollama.requests)).toEqual([]);
    expect(pullRequests(w)).toHaveLength(2);
    expectNoClaimLeft(w);
  }, 90_000);
});
