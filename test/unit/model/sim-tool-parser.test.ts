import { describe, expect, it } from '@jest/globals';
import {
  QWEN25_CODER_TEMPLATE,
  ToolCallParser,
  toolCallTag,
  toolCallText,
  type SimTool,
} from '../../simulators/ollama/index.js';
import { tokenPieces } from '../../simulators/ollama/tokenizer.js';

const tools: SimTool[] = ['get_temperature', 'get_conditions', 'say_hello'].map((name) => ({
  type: 'function',
  function: { name },
}));

/** Feeds the pieces as the server does, collecting what reaches the client. */
function run(pieces: readonly string[], tag = '<tool_call>') {
  const parser = new ToolCallParser(tools, tag);
  let content = '';
  const calls: { name: string; arguments: unknown; index: number }[] = [];
  for (const piece of pieces) {
    const out = parser.add(piece);
    content += out.content;
    calls.push(...out.calls.map((c) => c.function));
  }
  return { content: content + parser.content(), calls };
}

// Cases from ollama/ollama tools/tools_test.go TestParser (main fb30760), qwen template.
describe('the simulator parses tool calls as Ollama does for a qwen template', () => {
  it('reads the tag from the qwen2.5-coder template', () => {
    expect(toolCallTag(QWEN25_CODER_TEMPLATE)).toBe('<tool_call>');
    expect(toolCallTag('{{ range .Messages }}{{ .Content }}{{ end }}')).toBe('{');
  });

  it('"text before tool call": the text is content, the call parsed', () => {
    const out = run([
      'Let me check the weather. <tool_call>{"name": "get_temperature", "arguments": {"city": "New York"}}</tool_call>',
    ]);
    expect(out.content).toBe('Let me check the weather. ');
    expect(out.calls).toEqual([
      { index: 0, name: 'get_temperature', arguments: { city: 'New York' } },
    ]);
  });

  it('"qwen two tool calls", fed a token at a time', () => {
    const text =
      "Okay, let's call both tools! " +
      toolCallText('get_temperature', { city: 'London', format: 'fahrenheit' }) +
      toolCallText('get_conditions', { location: 'Tokyo' });
    const out = run(tokenPieces(text));
    expect(out.content).toBe("Okay, let's call both tools! ");
    expect(out.calls.map((c) => [c.index, c.name])).toEqual([
      [0, 'get_temperature'],
      [1, 'get_conditions'],
    ]);
  });

  it('"empty args" and string arguments that hold an object', () => {
    expect(
      run(['<tool_call>{"name": "get_conditions", "arguments": {}}</tool_call>']).calls,
    ).toEqual([{ index: 0, name: 'get_conditions', arguments: {} }]);
    expect(
      run(['<tool_call>{"name": "say_hello", "arguments": "{\\"to\\": \\"you\\"}"}</tool_call>'])
        .calls,
    ).toEqual([{ index: 0, name: 'say_hello', arguments: { to: 'you' } }]);
  });

  it('an undeclared name is no call, and after the tag nothing comes back as content', () => {
    const out = run(tokenPieces('Cleaning. ' + toolCallText('rm_rf', { path: '/' })));
    expect(out).toEqual({ content: 'Cleaning. ', calls: [] });
  });

  it('"qwen no args with text": no tag, all content', () => {
    const text = "Let me say hello to the user. I'll use the say_hello tool. ";
    expect(run(tokenPieces(text))).toEqual({ content: text, calls: [] });
  });

  it('with the { tag of a template without a tool tag, text first means no tools at all', () => {
    const text = 'Sure: {"name": "say_hello", "arguments": {}}';
    expect(run(tokenPieces(text), '{')).toEqual({ content: text, calls: [] });
    expect(run(['{"name": "say_hello", "arguments": {}}'], '{').calls).toHaveLength(1);
  });
});
