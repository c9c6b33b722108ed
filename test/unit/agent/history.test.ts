import { describe, expect, it } from '@jest/globals';
import { compactHistory } from '../../../src/agent/history.js';
import type { ChatMessage } from '../../../src/model/gateway.js';

const count = (messages: readonly ChatMessage[]): number =>
  messages.reduce((sum, m) => sum + m.content.length, 0);

function conversation(answers: number): ChatMessage[] {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'S'.repeat(100) },
    { role: 'user', content: 'T'.repeat(100) },
  ];
  for (let i = 0; i < answers; i++) {
    messages.push({
      role: 'assistant',
      content: '',
      toolCalls: [{ name: 'read', arguments: { path: `f${i}.js` } }],
    });
    messages.push({ role: 'tool', toolName: 'read', content: `answer ${i}\n${'x'.repeat(1000)}` });
  }
  return messages;
}

describe('compactHistory', () => {
  it('changes nothing while the conversation fits', () => {
    const messages = conversation(3);
    const result = compactHistory(messages, 10_000, count);
    expect(result).toEqual({ messages, replaced: 0, fits: true });
  });

  it('replaces the oldest tool answers first, only as many as needed, with a note naming the tool', () => {
    const messages = conversation(5);
    const result = compactHistory(messages, count(messages) - 1500, count);
    expect(result.fits).toBe(true);
    expect(result.replaced).toBe(2);
    const tools = result.messages.filter((m) => m.role === 'tool').map((m) => m.content);
    expect(tools[0]).toBe(
      '[Removed to stay within the context window: this read answer (2 lines). Call the tool again if you need it.]',
    );
    expect(tools[1]).toMatch(/^\[Removed/);
    expect(tools[2]).toMatch(/^answer 2/);
    // The system prompt, the task and every call stay as they were; the input is not mutated.
    expect(result.messages.slice(0, 2)).toEqual(messages.slice(0, 2));
    expect(result.messages.filter((m) => m.role === 'assistant')).toEqual(
      messages.filter((m) => m.role === 'assistant'),
    );
    expect(messages[3]!.content).toMatch(/^answer 0/);
  });

  it('never replaces the two newest answers; says when it still does not fit', () => {
    const messages = conversation(3);
    const result = compactHistory(messages, 500, count);
    expect(result.fits).toBe(false);
    const tools = result.messages.filter((m) => m.role === 'tool').map((m) => m.content);
    expect(tools[0]).toMatch(/^\[Removed/);
    expect(tools[1]).toMatch(/^answer 1/);
    expect(tools[2]).toMatch(/^answer 2/);
  });

  it('counts notes from earlier calls and does not replace a note again', () => {
    const once = compactHistory(conversation(4), count(conversation(4)) - 900, count);
    expect(once.replaced).toBe(1);
    const twice = compactHistory(once.messages, 10_000, count);
    expect(twice.replaced).toBe(1);
    expect(twice.messages).toEqual(once.messages);
  });
});
