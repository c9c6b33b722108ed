import { describe, expect, it } from '@jest/globals';
import { TemplateError, renderTemplate } from '../../../src/triage/prompt-template.js';

describe('renderTemplate', () => {
  it('fills every placeholder, spaces inside braces allowed', () => {
    expect(renderTemplate('Fix {{ title }} in {{path}}.', { title: 'the bug', path: 'a.ts' })).toBe(
      'Fix the bug in a.ts.',
    );
  });

  it('throws when a variable is missing', () => {
    expect(() => renderTemplate('Fix {{title}} in {{path}}.', { title: 'x' })).toThrow(
      new TemplateError('Prompt template variable(s) missing: path'),
    );
  });

  it('throws when a variable has no placeholder (a renamed variable)', () => {
    expect(() => renderTemplate('Fix {{title}}.', { title: 'x', tilte: 'y' })).toThrow(
      /no placeholder for: tilte/,
    );
  });

  it('does not expand placeholders that arrive inside values (ticket text is data)', () => {
    expect(renderTemplate('A {{a}} B {{b}}', { a: '{{b}}', b: 'two' })).toBe('A {{b}} B two');
  });
});
