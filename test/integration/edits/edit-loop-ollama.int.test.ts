// The edit + repair loop end to end: editAndVerify → the real Ollama gateway → the `ollama` client
// over loopback HTTP → the Ollama simulator playing the edit model with scripted answers, and the
// repository's own `node test.js` run for real in a temp directory.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Config } from '../../../src/config/config.js';
import { editAndVerify } from '../../../src/edits/edit-loop.js';
import type { ModelGateway } from '../../../src/model/gateway.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { unsandboxed } from '../../../src/sandbox/sandbox.js';
import { createCommandVerifier } from '../../../src/verify/command-verifier.js';
import { makeRepo, makeTicket } from '../../fixtures/edits/repo.js';
import { EDIT, makeConfig, simulatorGateway } from '../model/helpers.js';
import {
  modelRequests,
  startOllamaSimulator,
  type OllamaSimulator,
  type RequestLogEntry,
} from '../../simulators/ollama/index.js';

// Simulated time runs 500 times faster than real time; deadline and keep-alive outlast the file.
const TIME_SCALE = 500;
const SIM_DAY_MS = 86_400_000;

/** A small repository whose ticket is a real bug with a real failing test on the base commit. */
const TEXT_JS = `function capitalize(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function slugify(title) {
  return title.trim().toLowerCase();
}

module.exports = { capitalize, slugify };
`;

const TEST_JS = `const test = require('node:test');
const assert = require('node:assert');
const text = require('./text.js');

test('capitalizes words', () => assert.strictEqual(text.capitalize('draft'), 'Draft'));
test('slugify joins words with dashes', () =>
  assert.strictEqual(text.slugify(' Release Notes 2024 '), 'release-notes-2024'));
`;

const TICKET = makeTicket({
  id: 77,
  title: 'slugify keeps the spaces of a title',
  description:
    'slugify(" Release Notes 2024 ") returns "release notes 2024"; it should be "release-notes-2024". ' +
    'The test "slugify joins words with dashes" shows it.',
});

function block(search: string, replace: string): string {
  return `text.js\n\`\`\`js\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n\`\`\``;
}

const ORIGINAL = '  return title.trim().toLowerCase();';
const FIXED = "  return title.trim().toLowerCase().split(/\\s+/).join('-');";
/** A plausible wrong fix: replace() with a string pattern changes only the first space. */
const FIRST_SPACE_ONLY = "  return title.trim().toLowerCase().replace(' ', '-');";

const fix = `Split on whitespace and join with dashes.\n\n${block(ORIGINAL, FIXED)}`;
const wrongFix = `Replace the spaces with dashes.\n\n${block(ORIGINAL, FIRST_SPACE_ONLY)}`;
const fixWrongFix = `replace() only changed the first space; split instead.\n\n${block(FIRST_SPACE_ONLY, FIXED)}`;
/** Fixes the ticket but breaks capitalize, whose test passed on the base commit. */
const fixAndBreak =
  `Fix slugify and tidy capitalize.\n\n${block(ORIGINAL, FIXED)}\n\n` +
  block(
    '  return word.charAt(0).toUpperCase() + word.slice(1);',
    '  return word.charAt(0).toUpperCase() + word;',
  );

describe('editAndVerify through the Ollama gateway and the simulator (real node test.js)', () => {
  let sim: OllamaSimulator;
  let gateway: ModelGateway;
  let base: Config;
  const dirs: string[] = [];

  beforeAll(async () => {
    sim = await startOllamaSimulator({ timeScale: TIME_SCALE });
    base = makeConfig(sim.url, { keepAliveSeconds: 86_400 });
    gateway = simulatorGateway(sim, base, { deadline: sim.clock.now() + SIM_DAY_MS });
    await gateway.preflight();
  });
  afterAll(async () => {
    await gateway.close();
    await sim.close();
  });
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function scenario(answers: string[], maxRepairAttempts: number) {
    const repo = makeRepo({ 'text.js': TEXT_JS, 'test.js': TEST_JS });
    dirs.push(repo);
    const config: Config = {
      ...base,
      repository: { ...base.repository, path: repo, editFormat: 'diff' },
      verification: {
        ...base.verification,
        testCommand: 'node test.js',
        commandTimeoutMs: 20_000,
        maxRepairAttempts,
      },
    };
    const verifier = createCommandVerifier({
      config,
      repoRoot: repo,
      logger: silentLogger,
      commands: { sandbox: unsandboxed('test'), env: { PATH: process.env.PATH } },
    });
    const baseline = await verifier.run('baseline');
    sim.setAnswer(EDIT, answers);
    const since = sim.requests.length;
    await gateway.prepareFor('edit');
    const result = await editAndVerify({
      ticket: TICKET,
      context: [{ path: 'text.js', content: TEXT_JS }],
      gateway,
      verifier,
      baseline,
      config,
      repoRoot: repo,
      logger: silentLogger,
    });
    const chats = modelRequests(sim.requests.slice(since)).filter(
      (entry) => entry.path === '/api/chat' && entry.model === EDIT,
    );
    return {
      result,
      baseline,
      chats,
      text: fs.readFileSync(path.join(repo, 'text.js'), 'utf8'),
    };
  }

  const userPrompt = (entry: RequestLogEntry | undefined): string =>
    ((entry?.body?.messages ?? []) as { role: string; content: string }[])[1]?.content ?? '';

  it('fixes the ticket in one round', async () => {
    const { result, baseline, chats, text } = await scenario([fix], 2);

    expect(baseline.checks[0]?.passed).toBe(false); // the ticket's own test fails on the base commit
    expect(result.status).toBe('verified');
    expect(result.rounds).toBe(1);
    expect(result.runs.map((r) => r.checks[0]?.passed)).toEqual([true]);
    expect(result.modelSummary).toBe('Split on whitespace and join with dashes.');
    expect(result.changedFiles).toEqual(['text.js']);
    expect(text).toContain(FIXED);

    expect(chats).toHaveLength(1);
    expect(chats[0]!.body?.options).toMatchObject({ num_ctx: 16384, num_predict: 4096 });
    expect(chats[0]!.doneReason).toBe('stop');
    expect(userPrompt(chats[0])).toContain('<<<TICKET');
    expect(userPrompt(chats[0])).toContain(ORIGINAL);
  });

  it('fixes it after one repair round, with the failing test named in the repair prompt', async () => {
    const { result, chats, text } = await scenario([wrongFix, fixWrongFix], 2);

    expect(result.status).toBe('verified');
    expect(result.rounds).toBe(2);
    expect(result.runs.map((r) => r.checks[0]?.passed)).toEqual([false, true]);
    expect(text).toContain(FIXED);
    expect(result.modelSummary).toContain('Repair 1: replace() only changed the first space');

    expect(chats).toHaveLength(2);
    const repair = userPrompt(chats[1]);
    expect(repair).toContain('Failing tests: slugify joins words with dashes');
    expect(repair).toContain("'release-notes 2024'"); // the assertion's actual value from node:test
    expect(repair).toContain(FIRST_SPACE_ONLY); // the file as it is now
  });

  it('ends needs-human, naming the broken test, when the repairs do not undo a regression', async () => {
    const stillBroken = `Tidy the slug.\n\n${block(FIXED, FIXED.replace("'-'", '"-"'))}`;
    const { result, chats } = await scenario([fixAndBreak, stillBroken], 1);

    expect(result.status).toBe('needs-human');
    expect(result.rounds).toBe(2);
    expect(result.failing).toEqual(['capitalizes words']);
    expect(result.reason).toContain('capitalizes words');
    expect(result.reason).toContain('after 1 repair attempt(s)');
    expect(chats).toHaveLength(2);
    expect(userPrompt(chats[1])).toContain('Failing tests: capitalizes words');
  });

  it('counts an answer the server stopped for looping as a failed round, never retried', async () => {
    // The simulator ends the stream without `done` once one token repeats 31 times, as Ollama does.
    const looping = `Make the slug use dashes: ${'dash '.repeat(60)}`;
    const { result, chats } = await scenario([fixAndBreak, looping], 2);

    expect(result.status).toBe('needs-human');
    expect(result.rounds).toBe(2);
    expect(result.reason).toContain('Repair round 1 produced no applicable change');
    expect(result.reason).toContain('the answer degenerated');
    expect(chats).toHaveLength(2); // one request for the looping round: no connection retry
    expect(chats[1]!.repeatAborted).toBe(true);
    expect(chats[1]!.status).toBe(200);
  });

  it('says in people’s words why an answer without edits changed nothing, never the model’s instructions', async () => {
    const proseOnly = 'I would split the title on whitespace and join the words with dashes.';
    const { result } = await scenario(Array(8).fill(proseOnly), 1);

    expect(result.status).toBe('no-change');
    expect(result.reason).toContain('the answer held no edit that could be applied');
    expect(result.reason).not.toMatch(/Reply with|[Yy]our answer/);
  });

  it('reports a red baseline the change does not fix as such, naming the failing test', async () => {
    const anotherWrongFix = `Use replace for the whitespace.\n\n${block(FIRST_SPACE_ONLY, "  return title.trim().toLowerCase().replace(' ', '-').trim();")}`;
    const { result, chats } = await scenario([wrongFix, anotherWrongFix], 1);

    expect(result.status).toBe('red-baseline');
    expect(result.rounds).toBe(2);
    expect(result.verdict?.regressions).toEqual([]);
    expect(result.reason).toContain('already failing on the base commit');
    expect(result.reason).toContain('slugify joins words with dashes');
    expect(chats).toHaveLength(2);
    // The repair prompt says the failure pre-existed instead of blaming the change.
    expect(userPrompt(chats[1])).toContain('(it failed before the change too)');
  });
});
