import { describe, expect, it } from '@jest/globals';
import { chooseFormat, WHOLE_FILE_MAX_LINES } from '../../../src/edits/format-choice.js';
import { EDIT_USER } from '../../../src/edits/prompts/templates.js';
import { TemplateError, renderTemplate } from '../../../src/triage/prompt-template.js';

// The edit prompts use the same strict renderer as triage and file picking.
describe('renderTemplate on the edit prompts', () => {
  it('fills variables and inserts values literally', () => {
    expect(renderTemplate('a {{x}} b {{y}}', { x: '{{y}}', y: '2' })).toBe('a {{y}} b 2');
  });

  it('throws on a missing variable', () => {
    expect(() => renderTemplate(EDIT_USER, { ticketId: '1', ticket: 't' })).toThrow(
      new TemplateError('Prompt template variable(s) missing: files'),
    );
  });
});

describe('chooseFormat', () => {
  const small = { content: 'a\n'.repeat(10), windowed: false };
  const big = { content: 'a\n'.repeat(WHOLE_FILE_MAX_LINES + 1), windowed: false };
  it('picks whole files for small files in auto, diff for large ones and for windows', () => {
    expect(chooseFormat('auto', small)).toBe('whole');
    expect(chooseFormat('auto', big)).toBe('diff');
    expect(chooseFormat('whole', { ...small, windowed: true })).toBe('diff');
    expect(chooseFormat('diff', small)).toBe('diff');
    expect(chooseFormat('whole', big)).toBe('whole');
  });
});
