import { describe, expect, it } from '@jest/globals';
import type { OracleBlock } from '../../../src/backtest/oracle-answer.js';
import {
  containsLines,
  distinctiveLines,
  OracleAgent,
  parseHits,
  readLines,
  turnsOf,
  type AgentTurn,
} from '../../../src/backtest/scripted-agent.js';
import { createScriptedGateway } from '../../../src/backtest/scripted-gateway.js';
import type { ChatMessage, ToolCall } from '../../../src/model/gateway.js';

/**
 * A fake tool loop over files in memory, answering in the agent tools' formats
 * (src/agent/repository-view.ts): search hits `path:line: text`, reads `path` then `  12| text`
 * then a `[Lines …]` note, list one entry a line. `finish` ends the loop (its promise never settles).
 */
function fakeLoop(files: Record<string, string>) {
  const state = new Map(Object.entries(files));
  const calls: ToolCall[] = [];
  const texts: string[] = [];
  let finished: string | undefined;
  const answer = (c: ToolCall): string => {
    const a = c.arguments as {
      query: string;
      path: string;
      start_line?: number;
      end_line?: number;
      blocks: string;
    };
    switch (c.name) {
      case 'search': {
        const hits: string[] = [];
        for (const [path, text] of [...state].sort())
          text.split('\n').forEach((line, i) => {
            if (line.toLowerCase().includes(a.query.toLowerCase()))
              hits.push(`${path}:${i + 1}: ${line.trim()}`);
          });
        return hits.length ? hits.join('\n') : `No tracked file contains "${a.query}".`;
      }
      case 'read': {
        const text = state.get(a.path);
        if (text === undefined) return `'${a.path}' is not a tracked file.`;
        const lines = text.split('\n');
        const start = a.start_line ?? 1;
        const end = Math.min(lines.length, a.end_line ?? lines.length, start + 199);
        const body = lines
          .slice(start - 1, end)
          .map((l, i) => `${String(start + i).padStart(4)}| ${l}`);
        return `${a.path}\n${body.join('\n')}\n[Lines ${start}-${end} of ${lines.length}.]`;
      }
      case 'list':
        return [...state.keys()].filter((p) => p.startsWith(a.path ?? '')).join('\n');
      case 'edit': {
        const m = /^(.+)\n```\n<<<<<<< SEARCH\n([\s\S]*?)=======\n([\s\S]*?)>>>>>>> REPLACE/.exec(
          a.blocks,
        );
        if (!m) return 'No SEARCH/REPLACE block was found.';
        const [, path, search, replace] = m as unknown as [string, string, string, string];
        const text = state.get(path!) ?? '';
        if (search === '') state.set(path, replace);
        else if (text.includes(search)) state.set(path, text.replace(search, replace));
        else return `Block 1 (${path}): the SEARCH text is not in the file.`;
        return `Applied 1 block(s): 1 (${path}).`;
      }
      case 'run_tests':
        return 'Test run 1 of 4 (not the final verification). Every check passes.';
      default:
        return `There is no tool '${c.name}'.`;
    }
  };
  const send = (turn: AgentTurn): Promise<readonly string[]> => {
    texts.push(turn.content);
    calls.push(...turn.calls);
    const end = turn.calls.find((c) => c.name === 'finish');
    if (end) {
      finished = (end.arguments as { summary: string }).summary;
      return new Promise<never>(() => undefined);
    }
    return Promise.resolve(turn.calls.map(answer));
  };
  return {
    state,
    calls,
    texts,
    send,
    finished: () => finished,
    names: () => calls.map((c) => c.name),
  };
}

/** Lets the agent run until it waits on a promise that never settles (finish) or returns. */
async function drive(agent: OracleAgent, send: (t: AgentTurn) => Promise<readonly string[]>) {
  await Promise.race([agent.run(send), new Promise((r) => setTimeout(r, 50))]);
}

const PRICE = ['function withTax(cents) {', '  return cents + TAX_PERCENT;', '}', ''].join('\n');
const FIX: OracleBlock = {
  path: 'src/price.js',
  search: ['function withTax(cents) {', '  return cents + TAX_PERCENT;', '}'],
  replace: [
    'function withTax(cents) {',
    '  return cents + Math.round((cents * TAX_PERCENT) / 100);',
    '}',
  ],
};

describe('the oracle agent finds the real fix through the tools (a fake tool loop)', () => {
  it('searches a distinctive SEARCH line, reads around the hit, edits, runs the tests and finishes', async () => {
    const loop = fakeLoop({ 'src/price.js': PRICE, 'README.md': 'withTax adds the tax\n' });
    const agent = new OracleAgent([FIX]);
    await drive(agent, loop.send);
    expect(loop.names()).toEqual(['search', 'read', 'edit', 'run_tests', 'finish']);
    // The longest SEARCH line, trimmed.
    expect(loop.calls[0]!.arguments).toEqual({ query: 'return cents + TAX_PERCENT;' });
    expect(loop.calls[1]!.arguments).toEqual({ path: 'src/price.js', start_line: 1, end_line: 6 });
    expect(loop.state.get('src/price.js')).toContain('Math.round((cents * TAX_PERCENT) / 100)');
    expect(agent.placed).toEqual([{ block: 'block 1 of 1', path: 'src/price.js' }]);
    expect(agent.misses).toEqual([]);
    expect(loop.finished()).toContain('block 1 of 1 in src/price.js');
  });

  it('takes the path from the hits, never from the real fix: code that moved is edited where it is', async () => {
    // The real fix names src/price.js; in this tree the same code lives in lib/money/price.js.
    const loop = fakeLoop({ 'lib/money/price.js': PRICE });
    const agent = new OracleAgent([FIX]);
    await drive(agent, loop.send);
    expect(loop.names()).toEqual(['search', 'read', 'edit', 'run_tests', 'finish']);
    const edit = loop.calls.find((c) => c.name === 'edit')!.arguments as { blocks: string };
    expect(edit.blocks.split('\n')[0]).toBe('lib/money/price.js');
    expect(JSON.stringify(loop.calls)).not.toContain('src/price.js');
    expect(loop.state.get('lib/money/price.js')).toContain('Math.round');
    expect(loop.state.has('src/price.js')).toBe(false);
  });

  it('a hit whose surroundings are not the SEARCH lines is not taken: the file that has them is', async () => {
    const decoy = ['// old: return cents + TAX_PERCENT;', 'const unrelated = 1;', ''].join('\n');
    const loop = fakeLoop({ 'a/decoy.js': decoy, 'z/price.js': PRICE });
    const agent = new OracleAgent([FIX]);
    await drive(agent, loop.send);
    // Both hits are read in one turn; only z/price.js holds all three SEARCH lines.
    expect(loop.calls.filter((c) => c.name === 'read').map((c) => c.arguments.path)).toEqual([
      'a/decoy.js',
      'z/price.js',
    ]);
    expect(agent.placed.map((p) => p.path)).toEqual(['z/price.js']);
    expect(loop.state.get('a/decoy.js')).toBe(decoy);
  });

  it('a block of common lines is checked at every hit shown, not just the first few', async () => {
    const decoys = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`test/a${i}.js`, "  .expect('ok', done);\n})\n"]),
    );
    const target = "it('x', function (done) {\n  .expect('ok', done);\n})\n\nmore();\n";
    const loop = fakeLoop({ ...decoys, 'test/z.js': target });
    const block: OracleBlock = {
      path: 'test/z.js',
      search: ["  .expect('ok', done);", '})', '', 'more();'],
      replace: ["  .expect('ok', done);", '})', '', 'it(2)', 'more();'],
    };
    const agent = new OracleAgent([block]);
    await drive(agent, loop.send);
    expect(loop.calls.filter((c) => c.name === 'read')).toHaveLength(9);
    expect(agent.placed.map((p) => p.path)).toEqual(['test/z.js']);
  });

  it('a block it cannot find is a visible miss: no edit, no finish, it says so and stops', async () => {
    const loop = fakeLoop({ 'src/other.js': 'module.exports = {};\n' });
    const agent = new OracleAgent([FIX]);
    await drive(agent, loop.send);
    expect(loop.names()).not.toContain('edit');
    expect(loop.names()).not.toContain('finish');
    expect(loop.names().every((n) => n === 'search')).toBe(true);
    expect(agent.misses).toHaveLength(1);
    expect(agent.misses[0]!.why).toMatch(
      /^no file shows its SEARCH lines \(searched "return cents \+ TAX_PERCENT;", "function withTax\(cents\) \{"; last answer: No tracked file contains/,
    );
    // Two answers without a call: the loop ends on them.
    expect(loop.texts.slice(-2)).toEqual([
      expect.stringMatching(/^The oracle could not find where the real fix goes: block 1 of 1: /),
      expect.stringMatching(/^The oracle could not find/),
    ]);
    expect(loop.state.has('src/price.js')).toBe(false);
  });

  it('places what it finds and names what it missed in the finish summary', async () => {
    const gone: OracleBlock = { path: 'src/gone.js', search: ['const vanished = 1;'], replace: [] };
    const loop = fakeLoop({ 'src/price.js': PRICE });
    const agent = new OracleAgent([gone, FIX]);
    await drive(agent, loop.send);
    expect(agent.placed.map((p) => p.path)).toEqual(['src/price.js']);
    expect(loop.finished()).toMatch(
      /Could not place: block 1 of 2: no file shows its SEARCH lines/,
    );
  });

  it('a new file (empty SEARCH): lists its folder, then creates it under the fix path', async () => {
    const loop = fakeLoop({ 'src/price.js': PRICE });
    const created: OracleBlock = {
      path: 'src/util/round.js',
      search: [],
      replace: ['module.exports = 1;'],
    };
    const agent = new OracleAgent([created]);
    await drive(agent, loop.send);
    expect(loop.names()).toEqual(['list', 'edit', 'run_tests', 'finish']);
    expect(loop.calls[0]!.arguments).toEqual({ path: 'src/util' });
    expect(loop.state.get('src/util/round.js')).toBe('module.exports = 1;\n');
  });

  it('a SEARCH text longer than one read is read in parts', async () => {
    const long = Array.from({ length: 250 }, (_, i) => `line ${i} of the long file`);
    const loop = fakeLoop({ 'big.js': `${long.join('\n')}\n` });
    const block: OracleBlock = { path: 'big.js', search: long.slice(10, 240), replace: ['gone'] };
    const agent = new OracleAgent([block]);
    await drive(agent, loop.send);
    const reads = loop.calls.filter((c) => c.name === 'read').map((c) => c.arguments);
    expect(reads.slice(0, 2)).toEqual([
      { path: 'big.js', start_line: 8, end_line: 207 },
      { path: 'big.js', start_line: 208, end_line: 243 },
    ]);
    expect(agent.placed.map((p) => p.path)).toEqual(['big.js']);
  });

  it('never repeats a call whose answer it already has: two misses with the same line search once', async () => {
    const a: OracleBlock = { path: 'x.js', search: ['const vanished = 1;'], replace: [] };
    const loop = fakeLoop({ 'y.js': 'nothing\n' });
    const agent = new OracleAgent([a, { ...a, path: 'z.js' }]);
    await drive(agent, loop.send);
    expect(loop.names()).toEqual(['search']);
    expect(agent.misses).toHaveLength(2);
  });
});

describe('the scripted agent as model turns', () => {
  const tool = (content: string): ChatMessage => ({ role: 'tool', toolName: 't', content });
  const assistant: ChatMessage = { role: 'assistant', content: '' };

  it('hands the tool answers after the last assistant message back to the agent, in order', async () => {
    const got: (readonly string[])[] = [];
    const next = turnsOf(async (send) => {
      got.push(await send({ content: 'one', calls: [{ name: 'a', arguments: {} }] }));
      got.push(await send({ content: 'two', calls: [] }));
    });
    expect((await next([])).content).toBe('one');
    expect((await next([assistant, tool('A1'), tool('A2')])).content).toBe('two');
    const last = await next([
      assistant,
      tool('old'),
      assistant,
      { role: 'user', content: 'nudge' },
    ]);
    expect(got).toEqual([['A1', 'A2'], []]);
    // Ended: every further turn is a text answer.
    expect(last).toEqual({ content: 'The scripted agent has nothing more to do.', calls: [] });
    expect((await next([])).calls).toEqual([]);
  });

  it('an agent that throws fails the turn', async () => {
    const next = turnsOf(async () => {
      throw new Error('broken agent');
    });
    await expect(next([])).rejects.toThrow('broken agent');
  });

  it('the gateway: empty answers call no tool; oracle answers without an agent are an error, not a guess', async () => {
    const request = {
      role: 'edit' as const,
      purpose: 'agent turn 1',
      messages: [],
      tools: [],
      maxOutputTokens: 100,
    };
    const empty = createScriptedGateway({ answers: 'empty', filesToShow: [], editAnswer: '' });
    const turn = await empty.chatWithTools(request);
    expect(turn.toolCalls).toEqual([]);
    expect(turn.metrics).toMatchObject({ model: 'simulated-empty', promptTokens: 0 });
    const oracle = createScriptedGateway({ answers: 'oracle', filesToShow: [], editAnswer: 'x' });
    await expect(oracle.chatWithTools(request)).rejects.toThrow(/given no oracle agent/);
    expect((await oracle.preflight()).editModelTools).toBe('yes');
  });
});

describe('reading the tools answers', () => {
  it('distinctive lines: trimmed, with a letter or digit, longest first, three at most, cut to 200', () => {
    expect(
      distinctiveLines([
        '  }',
        '',
        '  return a + b;',
        'x',
        'function add(a, b) {',
        '  return a + b;',
      ]),
    ).toEqual(['function add(a, b) {', 'return a + b;']);
    expect(distinctiveLines(['a'.repeat(300)])[0]).toHaveLength(200);
    expect(distinctiveLines(['aaaa', 'bbbbb', 'cccccc', 'ddddddd'])).toEqual([
      'ddddddd',
      'cccccc',
      'bbbbb',
    ]);
  });

  it('hits, read lines and consecutive matching with whitespace set aside', () => {
    expect(
      parseHits(
        'src/a.js:3: const x = 1;\nlib/b:c.js:12: y: 2: z\n[40 more hits in 3 file(s) not shown]',
      ),
    ).toEqual([
      { path: 'src/a.js', line: 3 },
      { path: 'lib/b:c.js', line: 12 },
    ]);
    expect(readLines('src/a.js\n 9| a\n10| \n11|   b\n[Lines 9-11 of 20.]')).toEqual([
      'a',
      '',
      '  b',
    ]);
    expect(readLines("'x.js' is not a tracked file.")).toEqual([]);
    expect(containsLines(['a', '  b  c', 'd'], ['b c', 'd'])).toBe(true);
    expect(containsLines(['a', 'b', 'x', 'd'], ['b', 'd'])).toBe(false);
  });
});
