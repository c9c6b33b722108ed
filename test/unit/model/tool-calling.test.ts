import { describe, expect, it } from '@jest/globals';
import { toOllamaMessage, toOllamaTool } from '../../../src/model/chat-stream.js';
import { classifyOllamaError } from '../../../src/model/classify-error.js';
import type { ChatMessage, ToolDefinition } from '../../../src/model/gateway.js';
import { TokenCounter } from '../../../src/model/tokens.js';

const TOOL: ToolDefinition = {
  name: 'read_file',
  description: 'Read a file.',
  parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

describe('messages and tools as Ollama takes them', () => {
  it('an assistant turn sends its calls as tool_calls, a tool answer its tool_name', () => {
    const assistant: ChatMessage = {
      role: 'assistant',
      content: '',
      toolCalls: [{ name: 'read_file', arguments: { path: 'a.ts' } }],
    };
    expect(toOllamaMessage(assistant)).toEqual({
      role: 'assistant',
      content: '',
      tool_calls: [{ function: { name: 'read_file', arguments: { path: 'a.ts' } } }],
    });
    expect(toOllamaMessage({ role: 'tool', toolName: 'read_file', content: 'x' })).toEqual({
      role: 'tool',
      content: 'x',
      tool_name: 'read_file',
    });
    // Nothing extra on plain messages: a request without tools looks as it did before.
    expect(toOllamaMessage({ role: 'user', content: 'hi', toolCalls: [] })).toEqual({
      role: 'user',
      content: 'hi',
    });
  });

  it('arguments go back as the model made them, even when they are not an object', () => {
    const odd = { name: 'read_file', arguments: 'a.ts' as unknown as Record<string, unknown> };
    const sent = toOllamaMessage({ role: 'assistant', content: '', toolCalls: [odd] });
    expect(sent.tool_calls![0]!.function.arguments).toBe('a.ts');
  });

  it('a tool is a function entry with its JSON Schema', () => {
    expect(toOllamaTool(TOOL)).toEqual({
      type: 'function',
      function: { name: 'read_file', description: 'Read a file.', parameters: TOOL.parameters },
    });
  });
});

describe('counting a prompt with tools', () => {
  it('counts the tool definitions and the calls of earlier turns', () => {
    const counter = new TokenCounter();
    const messages: ChatMessage[] = [{ role: 'user', content: 'fix' }];
    const plain = counter.countMessages(messages);
    const withTool = counter.countMessages(messages, [TOOL]);
    expect(withTool - plain).toBeGreaterThanOrEqual(counter.count(JSON.stringify(TOOL)) + 100);
    const call = { name: 'read_file', arguments: { path: 'x'.repeat(320) } };
    const withCall = counter.countMessages([
      ...messages,
      { role: 'assistant', content: '', toolCalls: [call] },
    ]);
    const without = counter.countMessages([...messages, { role: 'assistant', content: '' }]);
    expect(withCall - without).toBeGreaterThanOrEqual(counter.count(JSON.stringify(call)));
  });

  it('calibrates from every character of the prompt, tool definitions included', () => {
    const counter = new TokenCounter();
    const messages: ChatMessage[] = [{ role: 'user', content: 'x'.repeat(2000) }];
    const tool = { ...TOOL, description: 'y'.repeat(2000) };
    const chars = 2000 + JSON.stringify(tool).length;
    const template =
      counter.countMessages(messages, [tool]) -
      counter.count('x'.repeat(2000)) -
      counter.count(JSON.stringify(tool));
    // The server saw 4 characters a token over all of them.
    counter.calibrate(messages, template + chars / 4, [tool]);
    expect(counter.charsPerToken()).toBeCloseTo(4 * 0.95, 5);
  });
});

describe('a model without tools', () => {
  it('is its own kind of error, not retried', () => {
    const error = Object.assign(
      new Error('registry.ollama.ai/library/llama2:latest does not support tools'),
      { status_code: 400 },
    );
    expect(classifyOllamaError(error)).toMatchObject({ kind: 'no-tools', retryable: false });
  });
});
