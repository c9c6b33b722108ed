// The backtest's oracle agent through the real agent loop (runAgent) on a temp repository: real
// tools (search, read, list, edit through the applier), a real `node test.js` verifier.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from '@jest/globals';
import { runAgent } from '../../../src/agent/agent-loop.js';
import { oracleAnswer, type FixedFile } from '../../../src/backtest/oracle-answer.js';
import { OracleAgent } from '../../../src/backtest/scripted-agent.js';
import {
  createScriptedGateway,
  type ScriptedAnswers,
} from '../../../src/backtest/scripted-gateway.js';

import { silentLogger } from '../../../src/shared/logger.js';
import { makeConfig } from '../../fixtures/edits/config.js';
import { localVerifier } from '../../fixtures/edits/local-verifier.js';
import { makeRepo, makeTicket, snapshot } from '../../fixtures/edits/repo.js';
import { PRICE_JS, RATES_JS, taxTestJs } from '../../fixtures/edits/tax-repo.js';

const testJs = taxTestJs;

/** The real fix, as the dataset names it: under src/. */
const FIX: FixedFile[] = [
  { path: 'src/rates.js', before: RATES_JS, after: RATES_JS.replace('20', '19') },
  {
    path: 'src/price.js',
    before: PRICE_JS,
    after: PRICE_JS.replace(
      'cents + TAX_PERCENT',
      'cents + Math.round((cents * TAX_PERCENT) / 100)',
    ),
  },
  { path: 'src/CHANGES.md', before: undefined, after: 'Tax is a percentage.\n' },
];

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function replay(answers: ScriptedAnswers, options: { dir?: string; rates?: string } = {}) {
  const dir = options.dir ?? 'src';
  const files = {
    [`${dir}/rates.js`]: options.rates ?? RATES_JS,
    [`${dir}/price.js`]: PRICE_JS,
    'test.js': testJs(dir),
  };
  const repo = makeRepo(files);
  dirs.push(repo);
  const config = makeConfig({ repoPath: repo });
  const verifier = localVerifier(config, repo);
  const baseline = await verifier.run('baseline');
  const { answer, blocks } = oracleAnswer(FIX);
  const agent = answers === 'oracle' ? new OracleAgent(blocks) : undefined;
  const gateway = createScriptedGateway({
    answers,
    filesToShow: FIX.map((f) => f.path),
    editAnswer: answer,
    ...(agent ? { agent } : {}),
  });
  const before = snapshot(repo);
  const result = await runAgent({
    ticket: makeTicket({ title: 'Tax is wrong', description: 'withTax(1000) should be 1190.' }),
    candidates: [],
    files: Object.keys(files),
    gateway,
    verifier,
    baseline,
    config,
    repoRoot: repo,
    logger: silentLogger,
  });
  return { result, agent, before, after: snapshot(repo) };
}

describe('the oracle agent in the real agent loop', () => {
  it('finds both blocks and creates the new file, runs the tests once, finishes: verified', async () => {
    const { result, agent } = await replay('oracle');
    expect(result.status).toBe('verified');
    expect([...result.changedFiles].sort()).toEqual([
      'src/CHANGES.md',
      'src/price.js',
      'src/rates.js',
    ]);
    expect(agent!.misses).toEqual([]);
    expect(result.activity).toMatchObject({
      filesRead: ['src/rates.js', 'src/price.js'],
      searches: 2,
      edits: 3,
      testRuns: 1,
      promptTokens: 0,
    });
    expect(result.turnRecords.map((t) => t.tools.join('+'))).toEqual([
      'search',
      'read',
      'edit',
      'search',
      'read',
      'edit',
      'list',
      'edit',
      'run_tests',
      'finish',
    ]);
    expect(result.modelSummary).toMatch(/^Replayed the real fix, found through search and read/);
  });

  it('code that lives elsewhere than the fix says is edited where the tools found it', async () => {
    const { result, after } = await replay('oracle', { dir: 'lib/billing' });
    expect(result.status).toBe('verified');
    expect(result.changedFiles).toEqual(
      expect.arrayContaining(['lib/billing/rates.js', 'lib/billing/price.js']),
    );
    expect(after['lib/billing/price.js']).toContain('Math.round');
    // Nothing was written under the fix's own paths but the file it creates.
    expect(Object.keys(after).filter((p) => p.startsWith('src/'))).toEqual(['src/CHANGES.md']);
  });

  it('a block it cannot find is a visible miss: the rest is placed, the change fails, the loop stops', async () => {
    // This tree's rates differ from the fix's SEARCH text: the oracle cannot find that block.
    const { result, agent, after } = await replay('oracle', {
      rates: 'module.exports = { TAX_PERCENT: 20, ROUNDING: 1 };\n',
    });
    expect(agent!.misses).toEqual([
      {
        block: 'block 1 of 3',
        why: expect.stringMatching(
          /^no file shows its SEARCH lines \(searched "module.exports = \{ TAX_PERCENT: 20 \};"/,
        ),
      },
    ]);
    expect(result.status).not.toBe('verified');
    expect(after['src/rates.js']).toBe('module.exports = { TAX_PERCENT: 20, ROUNDING: 1 };\n');
    expect(result.modelSummary).toMatch(
      /Could not place: block 1 of 3: no file shows its SEARCH lines/,
    );
  });

  it('empty answers call no tool: no change, and the loop says why it stopped', async () => {
    const { result, before, after } = await replay('empty');
    expect(result.status).toBe('needs-human');
    expect(result.changedFiles).toEqual([]);
    expect(after).toEqual(before);
    expect(result.activity).toMatchObject({
      turns: 2,
      searches: 0,
      edits: 0,
      testRuns: 0,
      stoppedBy: 'two answers in a row that called no tool',
    });
  });
});
