// The agent editor on the real Ollama gateway against the Ollama simulator: tool calls parsed by the
// simulated server, every request counted before it is sent, and a history that outgrows num_ctx
// compacted (old tool answers replaced by notes), never cut by the server.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from '@jest/globals';
import { runAgent } from '../../../src/agent/agent-loop.js';
import type { Config } from '../../../src/config/config.js';
import type { ModelGateway } from '../../../src/model/gateway.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { Transcript } from '../../../src/shared/transcript.js';
import {
  modelRequests,
  startOllamaSimulator,
  toolCallText,
  type OllamaSimulator,
  type SimChatRequest,
} from '../../simulators/ollama/index.js';
import { localVerifier } from '../../fixtures/edits/local-verifier.js';
import { makeRepo, makeTicket } from '../../fixtures/edits/repo.js';
import { EDIT, makeConfig, simulatorGateway } from '../model/helpers.js';

let sim: OllamaSimulator | undefined;
let gateway: ModelGateway | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await gateway?.close();
  await sim?.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const BIG = Array.from(
  { length: 300 },
  (_, i) => `export const setting${i} = { name: 'setting ${i}', enabled: ${i % 2 === 0} };`,
).join('\n');
const CALC = 'function add(a, b) {\n  return a - b;\n}\nmodule.exports = { add };\n';
const TEST =
  "const assert = require('node:assert');\nassert.strictEqual(require('./calc').add(2, 3), 5);\n";
const FIX =
  'calc.js\n```\n<<<<<<< SEARCH\n  return a - b;\n=======\n  return a + b;\n>>>>>>> REPLACE\n```';

/** Reads the big file in three ranges, then fixes calc.js and finishes: by the tool answers seen so far. */
function model(request: SimChatRequest): string {
  const answers = request.messages.filter((m) => m.role === 'tool').length;
  if (answers < 3)
    return toolCallText('read', {
      path: 'big.js',
      start_line: answers * 100 + 1,
      end_line: answers * 100 + 100,
    });
  if (answers === 3) return toolCallText('edit', { blocks: FIX });
  return toolCallText('finish', { summary: 'add adds.' });
}

describe('the agent editor on the Ollama gateway and simulator', () => {
  it('compacts the history before it would overflow num_ctx: every request fits as sent, none is cut', async () => {
    const repo = makeRepo({ 'big.js': `${BIG}\n`, 'calc.js': CALC, 'test.js': TEST });
    dirs.push(repo);
    sim = await startOllamaSimulator({ timeScale: 2000, answers: { [EDIT]: model } });
    const base = makeConfig(sim.url, { editContext: 8192 });
    const config: Config = {
      ...base,
      repository: { ...base.repository, path: repo },
      verification: { ...base.verification, testCommand: 'node test.js', commandTimeoutMs: 20_000 },
      editing: { ...base.editing, mode: 'agent' },
    };
    gateway = simulatorGateway(sim, config, { transcript: new Transcript() });
    const report = await gateway.preflight();
    expect(report.editModelTools).toBe('yes');
    const verifier = localVerifier(config, repo);
    const transcript = new Transcript();
    const result = await runAgent({
      ticket: makeTicket({ title: 'add subtracts', description: 'add(2, 3) gives -1.' }),
      candidates: ['calc.js'],
      files: ['big.js', 'calc.js', 'test.js'],
      gateway,
      verifier,
      baseline: await verifier.run('baseline'),
      config,
      repoRoot: repo,
      logger: silentLogger,
      transcript,
    });

    expect(result.status).toBe('verified');
    expect(result.activity.compactedAnswers).toBeGreaterThan(0);
    const chats = modelRequests(sim.requests).filter(
      (r) => r.model === EDIT && r.path === '/api/chat',
    );
    expect(chats).toHaveLength(5);
    for (const chat of chats) {
      expect(chat.status).toBe(200);
      expect(chat.truncated).toBeFalsy();
      expect(chat.numCtx).toBe(8192);
      // The answer's reserve stays free: the prompt never took the room the gateway kept for it.
      expect(chat.promptEvalCount!).toBeLessThanOrEqual(8192 - 4096);
    }
    // A later request carries the note in place of an early read answer; the transcript has it whole.
    const sent = JSON.stringify(chats.at(-1)!.body);
    expect(sent).toContain('[Removed to stay within the context window: this read answer');
    const firstRead = transcript.entries().find((e) => e.stage === 'agent turn 1')!;
    expect(firstRead.text).toContain("export const setting0 = { name: 'setting 0'");
  });
});
