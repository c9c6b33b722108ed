import { afterEach, describe, expect, it } from '@jest/globals';
import type { Config } from '../../../src/config/config.js';
import type { ChatMessage, ModelGateway, ToolDefinition } from '../../../src/model/gateway.js';
import { PromptTooLongError } from '../../../src/model/ollama-gateway.js';
import { ConfigError, ModelCapacityError } from '../../../src/shared/errors.js';
import { Transcript } from '../../../src/shared/transcript.js';
import {
  modelRequests,
  QWEN_CODER_32B,
  QWEN_CODER_7B,
  startOllamaSimulator,
  toolCallText,
  type OllamaSimulator,
  type OllamaSimulatorOptions,
  type SimChatRequest,
} from '../../simulators/ollama/index.js';
import { EDIT, makeConfig, simulatorGateway, user } from './helpers.js';

const READ_FILE: ToolDefinition = {
  name: 'read_file',
  description: 'Read a file of the repository.',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string', description: 'Path from the repository root' } },
    required: ['path'],
  },
};
const SEARCH: ToolDefinition = {
  name: 'search',
  description: 'Search the repository for a text.',
  parameters: {
    type: 'object',
    properties: { query: { type: 'string' } },
    required: ['query'],
  },
};
const TOOLS = [READ_FILE, SEARCH];

let sim: OllamaSimulator | undefined;
let gateway: ModelGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  await sim?.close();
  gateway = undefined;
  sim = undefined;
});

async function setup(
  options: OllamaSimulatorOptions = {},
  config: (url: string) => Config = (url) => makeConfig(url),
) {
  sim = await startOllamaSimulator({ timeScale: 2000, ...options });
  const transcript = new Transcript();
  gateway = simulatorGateway(sim, config(sim.url), { transcript });
  const report = await gateway.preflight();
  return { sim, gateway, transcript, report };
}

const toolTurn = (messages: readonly ChatMessage[], tools = TOOLS) =>
  gateway!.chatWithTools({
    role: 'edit',
    purpose: 'agent turn',
    messages,
    tools,
    maxOutputTokens: 512,
  });

/** The model reads two things at once, then answers in text once it has both tool answers. */
const twoCallsThenText = (request: SimChatRequest): string => {
  const answers = request.messages.filter((m) => m.role === 'tool');
  if (answers.length === 0)
    return (
      'Let me look first.\n' +
      toolCallText('read_file', { path: 'src/a.ts' }) +
      '\n' +
      toolCallText('search', { query: 'parseDate(' })
    );
  return `Read ${answers.map((m) => `${m.tool_name}: ${m.content}`).join('; ')}. Done.`;
};

describe('chatWithTools against the simulated server', () => {
  it('round trip: two calls in one answer, the tool answers sent back by name, then a text answer', async () => {
    const { sim } = await setup({ answers: { [EDIT]: twoCallsThenText } });
    const first = await toolTurn(user('Fix the date parsing.'));
    expect(first.content).toBe('Let me look first.\n');
    expect(first.toolCalls).toEqual([
      { name: 'read_file', arguments: { path: 'src/a.ts' } },
      { name: 'search', arguments: { query: 'parseDate(' } },
    ]);
    const sent = modelRequests(sim.requests).at(-1)!.body!;
    expect(sent.tools).toEqual(
      TOOLS.map((t) => ({
        type: 'function',
        function: { name: t.name, description: t.description, parameters: t.parameters },
      })),
    );
    expect(modelRequests(sim.requests).at(-1)!.toolCalls).toBe(2);

    const second = await toolTurn([
      ...user('Fix the date parsing.'),
      { role: 'assistant', content: first.content, toolCalls: first.toolCalls },
      { role: 'tool', toolName: 'read_file', content: 'export const a = 1;' },
      { role: 'tool', toolName: 'search', content: 'src/date.ts:3' },
    ]);
    expect(second.content).toBe(
      'Read read_file: export const a = 1;; search: src/date.ts:3. Done.',
    );
    expect(second.toolCalls).toEqual([]);
    const messages = modelRequests(sim.requests).at(-1)!.body!.messages as Record<
      string,
      unknown
    >[];
    expect(messages[1]).toEqual({
      role: 'assistant',
      content: 'Let me look first.\n',
      tool_calls: [
        { function: { name: 'read_file', arguments: { path: 'src/a.ts' } } },
        { function: { name: 'search', arguments: { query: 'parseDate(' } } },
      ],
    });
    expect(messages[2]).toEqual({
      role: 'tool',
      content: 'export const a = 1;',
      tool_name: 'read_file',
    });
    expect(messages[3]).toMatchObject({ role: 'tool', tool_name: 'search' });
  });

  it('a busy server is retried on a tool turn as on any call', async () => {
    const { sim } = await setup({ answers: { [EDIT]: twoCallsThenText } });
    sim.faults.busy(1);
    const answer = await toolTurn(user('Fix it.'));
    expect(answer.toolCalls).toHaveLength(2);
    expect(modelRequests(sim.requests).map((r) => r.status)).toEqual([503, 200]);
  });

  it('a plain chat sends no tools and plain messages, and answers without toolCalls', async () => {
    const { sim } = await setup();
    const answer = await gateway!.chat({
      role: 'edit',
      purpose: 'edit',
      messages: user('Fix it.'),
      maxOutputTokens: 512,
    });
    expect(answer).not.toHaveProperty('toolCalls');
    const body = modelRequests(sim.requests).at(-1)!.body!;
    expect(body).not.toHaveProperty('tools');
    expect(body.messages).toEqual([{ role: 'user', content: 'Fix it.' }]);
  });

  it('a text-only answer has no tool calls', async () => {
    await setup({ answers: { [EDIT]: 'Nothing to call; the fix is obvious.' } });
    const answer = await toolTurn(user('Fix it.'));
    expect(answer).toMatchObject({
      content: 'Nothing to call; the fix is obvious.',
      toolCalls: [],
    });
  });

  it('a call to an undeclared tool is no call: the text before the tag stays, the tagged block is dropped (qwen tag)', async () => {
    await setup({
      answers: {
        [EDIT]: 'I will clean up.\n' + toolCallText('delete_repository', { force: true }),
      },
    });
    const answer = await toolTurn(user('Fix it.'));
    expect(answer.toolCalls).toEqual([]);
    expect(answer.content).toBe('I will clean up.\n');
  });

  it('a call written without the tag stays text', async () => {
    const raw = '{"name": "read_file", "arguments": {"path": "a.ts"}}';
    await setup({ answers: { [EDIT]: raw } });
    const answer = await toolTurn(user('Fix it.'));
    expect(answer).toMatchObject({ content: raw, toolCalls: [] });
  });

  it('arguments that are not what the schema says come back as the server parsed them, for the caller to validate', async () => {
    await setup({
      answers: { [EDIT]: toolCallText('read_file', { path: 42, extra: ['x'] }) },
    });
    const answer = await toolTurn(user('Fix it.'));
    expect(answer.toolCalls).toEqual([
      { name: 'read_file', arguments: { path: 42, extra: ['x'] } },
    ]);
  });

  it('refuses a prompt over budget with the tool definitions counted, before sending', async () => {
    const { sim } = await setup();
    const budget = gateway!.promptBudget('edit', 512);
    const big: ToolDefinition = { ...READ_FILE, description: 'Reads a file. '.repeat(4000) };
    const messages = user('Fix it.');
    expect(gateway!.countMessages(messages)).toBeLessThan(budget);
    expect(gateway!.countMessages(messages, [big])).toBeGreaterThan(budget);
    const error = await toolTurn(messages, [big]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PromptTooLongError);
    expect(modelRequests(sim.requests)).toHaveLength(0);
  });

  it('counts the tool calls and tool answers of the conversation too', async () => {
    await setup();
    const call = { name: 'read_file', arguments: { path: 'x'.repeat(3000) } };
    const withCall: ChatMessage[] = [
      ...user('Fix it.'),
      { role: 'assistant', content: '', toolCalls: [call] },
      { role: 'tool', toolName: 'read_file', content: 'ok' },
    ];
    const without: ChatMessage[] = [
      ...user('Fix it.'),
      { role: 'assistant', content: '' },
      { role: 'tool', toolName: 'read_file', content: 'ok' },
    ];
    expect(gateway!.countMessages(withCall) - gateway!.countMessages(without)).toBeGreaterThan(
      gateway!.countTokens('x'.repeat(3000)),
    );
  });

  it('the server counts tools too: a prompt that only tools push past num_ctx is a 400 with truncate:false, not retried', async () => {
    const { sim } = await setup({ flavour: '0.30' }, (url) =>
      makeConfig(url, { editContext: 4096 }),
    );
    // Digits and commas: one token a character for the server, about 3 characters a token for us.
    const dense: ToolDefinition = { ...READ_FILE, description: '7,'.repeat(4500) };
    const error = await toolTurn(user('Fix it.'), [dense]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PromptTooLongError);
    expect(modelRequests(sim.requests).map((r) => r.status)).toEqual([400]);
  });

  it('a server that ignores truncate:false cuts a prompt long with tools silently; the answer is not used', async () => {
    const { sim } = await setup({ ignoreTruncate: true }, (url) =>
      makeConfig(url, { editContext: 4096 }),
    );
    const dense: ToolDefinition = { ...READ_FILE, description: '7,'.repeat(4500) };
    const error = await toolTurn(user('Fix it.'), [dense]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCapacityError);
    expect((error as Error).message).toMatch(/silently truncated/);
    expect(modelRequests(sim.requests).at(-1)!.truncated).toBe(true);
  });

  it('calibrates from a tool turn without skewing the count: the next estimate of the same prompt stays near the server count', async () => {
    const { sim } = await setup({ answers: { [EDIT]: twoCallsThenText } });
    const wide: ToolDefinition[] = Array.from({ length: 12 }, (_, i) => ({
      ...READ_FILE,
      name: `tool_${i}`,
      description: `Reads the file of part ${i} of the repository and returns its text with line numbers.`,
    }));
    const messages = user('Please fix the date parsing in the report module. '.repeat(20));
    await toolTurn(messages, wide);
    const server = modelRequests(sim.requests).at(-1)!.promptEvalCount!;
    const estimate = gateway!.countMessages(messages, wide);
    expect(estimate).toBeGreaterThanOrEqual(server);
    expect(estimate).toBeLessThanOrEqual(server * 1.15);
  });

  it('out of memory during a tool turn is a ModelCapacityError, sent once', async () => {
    const { sim } = await setup({ answers: { [EDIT]: twoCallsThenText } });
    sim.faults.oomMidStream(4);
    const error = await toolTurn(user('Fix it.')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCapacityError);
    expect(modelRequests(sim.requests)).toHaveLength(1);
    expect(modelRequests(sim.requests)[0]!.oom).toBe(true);
  });

  it('the transcript records the tools offered, the calls sent back and the calls made', async () => {
    const { transcript } = await setup({ answers: { [EDIT]: twoCallsThenText } });
    const first = await toolTurn(user('Fix it.'));
    await toolTurn([
      ...user('Fix it.'),
      { role: 'assistant', content: first.content, toolCalls: first.toolCalls },
      { role: 'tool', toolName: 'read_file', content: 'export const a = 1;' },
    ]);
    const prompts = transcript.entries().filter((e) => e.kind === 'prompt');
    const answers = transcript.entries().filter((e) => e.kind === 'answer');
    expect(prompts[0]!.data).toMatchObject({ tools: ['read_file', 'search'] });
    expect(answers[0]!.data).toMatchObject({
      toolCalls: [
        { name: 'read_file', arguments: { path: 'src/a.ts' } },
        { name: 'search', arguments: { query: 'parseDate(' } },
      ],
    });
    expect(prompts[1]!.text).toContain('<call read_file {"path":"src/a.ts"}>');
    expect(prompts[1]!.text).toContain('[tool read_file]\nexport const a = 1;');
    expect(answers[1]!.data).toMatchObject({ toolCalls: [] });
  });
});

/** The edit model without the 'tools' capability: its template has no tool section. */
const NO_TOOLS_EDIT = { ...QWEN_CODER_32B, capabilities: ['completion', 'insert'] };
const noToolsServer = { models: [QWEN_CODER_7B, NO_TOOLS_EDIT] };

describe('an edit model that cannot call tools', () => {
  it('edit-mode agent: preflight ends with a ConfigError naming the model and the fix, and releases the lock', async () => {
    sim = await startOllamaSimulator({ timeScale: 2000, ...noToolsServer });
    const config = makeConfig(sim.url);
    const agent: Config = { ...config, editing: { ...config.editing, mode: 'agent' } };
    gateway = simulatorGateway(sim, agent);
    const error = await gateway.preflight().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(EDIT);
    expect((error as Error).message).toContain('edit-mode: pipeline');
    expect((error as Error).message).toMatch(
      /edit-model whose `ollama show` capabilities list tools/,
    );
    expect(modelRequests(sim.requests)).toHaveLength(0);
    // The lock went with the error: a job on the pipeline can start at once.
    const pipeline = simulatorGateway(sim, config);
    await expect(pipeline.preflight()).resolves.toMatchObject({ editModelTools: 'no' });
    await pipeline.close();
  });

  it.each(['auto', 'pipeline'] as const)(
    'edit-mode %s: preflight says so, and a tool turn is a ConfigError after one 400, not retried',
    async (mode) => {
      const { sim, report } = await setup(noToolsServer, (url) => {
        const config = makeConfig(url);
        return { ...config, editing: { ...config.editing, mode } };
      });
      expect(report.editModelTools).toBe('no');
      const noted = report.notes.some((n) => n.includes('cannot call tools'));
      expect(noted).toBe(mode === 'auto');
      const error = await toolTurn(user('Fix it.')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(
        `registry.ollama.ai/library/${EDIT} does not support tools`,
      );
      expect((error as Error).message).toContain('edit-mode: pipeline');
      expect(modelRequests(sim.requests).map((r) => r.status)).toEqual([400]);
    },
  );

  it('a server before capabilities (v0.6.3) leaves it unknown, with a note unless edit-mode is pipeline', async () => {
    const { report } = await setup({ version: '0.6.3' }, (url) => {
      const config = makeConfig(url);
      return { ...config, editing: { ...config.editing, mode: 'agent' } };
    });
    expect(report.editModelTools).toBe('unknown');
    expect(report.notes.join(' ')).toContain('does not say whether the edit model');
  });

  it('a model with tools is reported as such', async () => {
    const { report } = await setup();
    expect(report.editModelTools).toBe('yes');
    expect(report.notes.join(' ')).not.toContain('tools');
  });
});

describe('the simulated server streams tool calls as Ollama does', () => {
  it('each call in a chunk of its own before done, content "", an id call_xxxxxxxx and its index', async () => {
    sim = await startOllamaSimulator({
      timeScale: 2000,
      answers: {
        [EDIT]:
          'Reading.\n' +
          toolCallText('read_file', { path: 'a.ts' }) +
          toolCallText('search', { query: 'q' }),
      },
    });
    const response = await fetch(`${sim.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({
        model: EDIT,
        messages: user('Fix it.'),
        tools: TOOLS.map((t) => ({ type: 'function', function: t })),
      }),
    });
    const chunks = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { message: Record<string, unknown>; done: boolean });
    const withCalls = chunks.filter((c) => c.message.tool_calls);
    expect(withCalls.map((c) => c.message.content)).toEqual(['', '']);
    expect(withCalls.every((c) => !c.done)).toBe(true);
    expect(withCalls.flatMap((c) => c.message.tool_calls as unknown[])).toEqual([
      {
        id: expect.stringMatching(/^call_[a-z0-9]{8}$/),
        function: { index: 0, name: 'read_file', arguments: { path: 'a.ts' } },
      },
      {
        id: expect.stringMatching(/^call_[a-z0-9]{8}$/),
        function: { index: 1, name: 'search', arguments: { query: 'q' } },
      },
    ]);
    expect(chunks.map((c) => c.message.content).join('')).toBe('Reading.\n');
    expect(chunks.at(-1)).toMatchObject({ done: true, message: { content: '' } });
  });
});
