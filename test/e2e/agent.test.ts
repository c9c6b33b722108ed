// The agent editor end to end, through `node dist/index.js` against the simulators and a real git
// remote: a two-file ticket found and fixed through the tools, a model that wanders stopped at its
// limit, and one that reaches for the CI workflow and a command of its own refused, nothing written.
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { remoteBranches } from './sample/repo.js';
import {
  AGENT_REPO_FILES,
  AGENT_TICKET,
  scriptedAgentModel,
  type AgentBehaviour,
} from './sample/scripted-agent-model.js';
import { scriptedTriageModel } from './sample/scripted-model.js';
import { overlappingRequests } from '../simulators/ollama/index.js';
import { expectNoModelInstructions } from './model-instructions.js';
import { EDIT_MODEL, startWorld, type RunResult, type World } from './world.js';

const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

async function world(
  behaviour: AgentBehaviour,
  size: 'small' | 'medium' = 'small',
): Promise<World> {
  const w = await startWorld({
    tickets: [AGENT_TICKET],
    triageAnswer: scriptedTriageModel({ size }),
    editAnswer: scriptedAgentModel(behaviour),
    repoFiles: AGENT_REPO_FILES,
  });
  worlds.push(w);
  return w;
}

/** The agent's tool calls as the transcript recorded them: name and arguments, in order. */
function toolCalls(r: RunResult): { tool: string; text: string }[] {
  const file = r.outputs['transcript-file']!;
  const entries = JSON.parse(fs.readFileSync(file, 'utf8')).entries as {
    stage: string;
    text: string;
    data?: { tool?: string };
  }[];
  return entries
    .filter((e) => e.stage.startsWith('agent turn') && e.data?.tool)
    .map((e) => ({ tool: e.data!.tool!, text: e.text }));
}

/** What the edit model was sent on its requests (the simulator's log). */
function editRequests(w: World) {
  return w.ollama.requests.filter((r) => r.model === EDIT_MODEL && r.path === '/api/chat');
}

describe('the agent editor through dist/index.js', () => {
  it('fixes a two-file ticket by search → read → edit → run_tests → finish; a draft PR with evidence says how it was found', async () => {
    const w = await world('fix');
    const r = await w.run({ inputs: { 'edit-mode': 'agent' } });
    expect(r.code).toBe(0);
    expect(r.outputs.outcome).toBe('pr-opened');
    expect(r.outputs.evidence).toBe('failing-test-fixed');
    expect(toolCalls(r).map((c) => c.tool)).toEqual([
      'search',
      'read',
      'search',
      'read',
      'edit',
      'run_tests',
      'finish',
    ]);
    const pr = [...w.ado.state.pullRequests.values()][0]!;
    expect(pr.isDraft).toBe(true);
    expect(pr.description).toMatch(/agent/i);
    const branch = pr.sourceRefName.replace('refs/heads/', '');
    const show = (file: string) =>
      execFileSync('git', ['show', `${branch}:${file}`], {
        cwd: w.repo.remoteDir,
        encoding: 'utf8',
      });
    expect(show('src/discount.js')).toContain('Math.round(totalCents * (1 - percent / 100))');
    expect(show('src/tax.js')).toContain('Math.floor(amountCents * (1 + rate))');
    expect(r.summary).toMatch(/Edit mode: agent\*\* \(edit-mode is agent\.?\): 7 turns/);
    // One model consumer at a time, the whole loop long; every request fit num_ctx as sent.
    expect(overlappingRequests(w.ollama.requests)).toEqual([]);
    for (const request of editRequests(w)) {
      expect(request.status).toBe(200);
      expect(request.truncated).toBeFalsy();
      expect(request.promptEvalCount!).toBeLessThan(request.numCtx!);
    }
    expect(editRequests(w).map((request) => request.toolCalls)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expectNoModelInstructions(w, r);
  });

  it('edit-mode auto gives a ticket triage calls medium to the agent, and says so', async () => {
    const w = await world('fix', 'medium');
    const r = await w.run({ inputs: { 'edit-mode': 'auto' } });
    expect(r.outputs.outcome).toBe('pr-opened');
    expect(toolCalls(r).at(-1)?.tool).toBe('finish');
    expect(r.stdout).toContain('Edit mode: agent. auto: triage called the ticket medium.');
    expect(r.summary).toContain(
      '**Edit mode: agent** (auto: triage called the ticket medium): 7 turns',
    );
  });

  it('a model that wanders is stopped at its turn limit: needs-human, nothing pushed, the ticket settled', async () => {
    const w = await world('wander');
    const r = await w.run({ inputs: { 'edit-mode': 'agent', 'agent-max-turns': '4' } });
    expect(r.outputs.outcome).toBe('needs-human');
    expect(r.outputs.reason).toContain(
      'The agent editor stopped at its limit of 4 turns (agent-max-turns)',
    );
    expect(editRequests(w)).toHaveLength(4);
    expect(remoteBranches(w.repo.remoteDir)).toEqual(['main']);
    expect(w.ado.state.pullRequests.size).toBe(0);
    expect(w.ado.tagsOf(1)).toContain('autofix:needs-human');
    expect(w.ado.tagsOf(1)).not.toContain('autofix:working');
    expectNoModelInstructions(w, r);
  });

  it('an edit of the CI workflow and a command for run_tests are refused with answers the model reads; nothing is written or run', async () => {
    const w = await world('overreach');
    const r = await w.run({ inputs: { 'edit-mode': 'agent' } });
    expect(r.outputs.outcome).toBe('needs-human');
    const calls = toolCalls(r);
    expect(calls.map((c) => c.tool)).toEqual(['edit', 'run_tests']);
    expect(calls[0]!.text).toMatch(/protected/i);
    expect(calls[1]!.text).toContain(
      "run_tests takes no arguments: it runs only the repository's configured test command. Nothing was run",
    );
    // The model saw both refusals in its next request.
    const next = JSON.stringify(editRequests(w).at(1));
    expect(next).toContain('protected');
    expect(next).toContain('run_tests takes no arguments');
    // Nothing was written: the workflow is as committed, and the only test runs were the job's own baseline.
    expect(fs.readFileSync(path.join(w.repo.workDir, '.github/workflows/ci.yml'), 'utf8')).toBe(
      AGENT_REPO_FILES['.github/workflows/ci.yml'],
    );
    expect(
      execFileSync('git', ['status', '--porcelain'], { cwd: w.repo.workDir, encoding: 'utf8' }),
    ).toBe('');
    expect(remoteBranches(w.repo.remoteDir)).toEqual(['main']);
    expectNoModelInstructions(w, r);
  });
});
