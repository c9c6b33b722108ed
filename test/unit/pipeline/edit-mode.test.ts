import { describe, expect, it } from '@jest/globals';
import type { EditMode } from '../../../src/config/config.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import {
  EDIT_MODES,
  chooseEditMode,
  localizationDoubt,
  type EditModeInput,
} from '../../../src/pipeline/edit-mode.js';
import type { LocalizedFileSummary } from '../../../src/report/job-report.js';

const file = (path: string, score: number): LocalizedFileSummary => ({
  path,
  score,
  reasons: [],
});

/** One file far ahead of the rest: localization is sure. */
const CLEAR: readonly LocalizedFileSummary[] = [
  file('src/a.ts', 10),
  file('src/b.ts', 7.9),
  file('src/c.ts', 3),
];
/** Four files within 20% of the first: three besides it. */
const CROWDED: readonly LocalizedFileSummary[] = [
  file('src/a.ts', 10),
  file('src/b.ts', 9),
  file('src/c.ts', 8.5),
  file('src/d.ts', 8),
  file('src/e.ts', 2),
];

const input = (overrides: Partial<EditModeInput>): EditModeInput => ({
  configured: 'auto',
  triageSize: 'small',
  ranking: CLEAR,
  editModelTools: 'yes',
  ...overrides,
});

describe('chooseEditMode', () => {
  it('takes pipeline as configured, whatever triage and localization say', () => {
    expect(
      chooseEditMode(input({ configured: 'pipeline', triageSize: 'large', ranking: [] })),
    ).toEqual({ mode: 'pipeline', why: 'edit-mode is pipeline.' });
  });

  it('takes agent as configured when the model can call tools, or the server does not say', () => {
    for (const tools of ['yes', 'unknown', undefined] as const) {
      expect(chooseEditMode(input({ configured: 'agent', editModelTools: tools }))).toEqual({
        mode: 'agent',
        why: 'edit-mode is agent.',
      });
    }
  });

  it('never returns agent when the edit model cannot call tools, in any mode or case', () => {
    for (const configured of EDIT_MODES)
      for (const triageSize of ['small', 'medium', 'large', undefined])
        for (const ranking of [CLEAR, CROWDED, []]) {
          const choice = chooseEditMode({ configured, triageSize, ranking, editModelTools: 'no' });
          expect(choice.mode).toBe('pipeline');
        }
    expect(chooseEditMode(input({ configured: 'agent', editModelTools: 'no' })).why).toBe(
      'edit-mode is agent, but the edit model cannot call tools, so the pipeline ran.',
    );
    expect(chooseEditMode(input({ editModelTools: 'no', triageSize: 'large' })).why).toBe(
      'auto: the edit model cannot call tools, so the pipeline ran.',
    );
  });

  it('auto: the pipeline when the server does not say whether the model can call tools', () => {
    for (const tools of ['unknown', undefined] as const) {
      expect(chooseEditMode(input({ editModelTools: tools, triageSize: 'large' }))).toEqual({
        mode: 'pipeline',
        why: 'auto: the model server does not say whether the edit model can call tools, so the pipeline ran.',
      });
    }
  });

  it('auto: the agent for a ticket triage calls medium or large', () => {
    expect(chooseEditMode(input({ triageSize: 'medium' }))).toEqual({
      mode: 'agent',
      why: 'auto: triage called the ticket medium.',
    });
    expect(chooseEditMode(input({ triageSize: 'large' }))).toEqual({
      mode: 'agent',
      why: 'auto: triage called the ticket large.',
    });
  });

  it('auto: the agent for a small ticket when localization is unsure', () => {
    expect(chooseEditMode(input({ ranking: CROWDED }))).toEqual({
      mode: 'agent',
      why: 'auto: localization is unsure: 3 files score within 20% of the first.',
    });
    expect(chooseEditMode(input({ ranking: [] }))).toEqual({
      mode: 'agent',
      why: 'auto: localization is unsure: it ranked no file.',
    });
    expect(chooseEditMode(input({ ranking: [file('src/a.ts', 0)] }))).toEqual({
      mode: 'agent',
      why: 'auto: localization is unsure: no file matched the ticket’s words.',
    });
  });

  it('auto: the pipeline for a small ticket with a clear first file', () => {
    expect(chooseEditMode(input({}))).toEqual({
      mode: 'pipeline',
      why: 'auto: triage called the ticket small and localization ranked a clear first file.',
    });
  });

  it('auto without a triage verdict (a revision) decides on localization alone', () => {
    expect(chooseEditMode(input({ triageSize: undefined }))).toEqual({
      mode: 'pipeline',
      why: 'auto: localization ranked a clear first file.',
    });
    expect(chooseEditMode(input({ triageSize: 'huge', ranking: CROWDED })).mode).toBe('agent');
  });

  it('every why is one sentence', () => {
    for (const configured of EDIT_MODES)
      for (const editModelTools of ['yes', 'no', 'unknown'] as const)
        for (const triageSize of ['small', 'medium', 'large', undefined])
          for (const ranking of [CLEAR, CROWDED, []]) {
            const { why } = chooseEditMode({ configured, triageSize, ranking, editModelTools });
            expect(why).toMatch(/^[a-z][^\n]*\.$/);
            expect(why.split(/\.\s/)).toHaveLength(1);
          }
  });
});

describe('localizationDoubt', () => {
  it('counts files at exactly 80% of the first as close, and below it as not', () => {
    const at = [file('a', 10), file('b', 8), file('c', 8), file('d', 8)];
    expect(localizationDoubt(at)).toBe('3 files score within 20% of the first');
    const below = [file('a', 10), file('b', 8), file('c', 8), file('d', 7.99)];
    expect(localizationDoubt(below)).toBeUndefined();
  });

  it('measures against the first file, which may not be the highest score', () => {
    // A model pick leads with a low score: the files after it all score above it.
    const picked = [file('pick', 1), file('b', 5), file('c', 1), file('d', 1)];
    expect(localizationDoubt(picked)).toBe('3 files score within 20% of the first');
  });
});

describe('EDIT_MODES', () => {
  it('are exactly the values edit-mode accepts', () => {
    const required: Record<string, string> = {
      'azure-devops-org-url': 'https://dev.azure.com/contoso',
      'azure-devops-project': 'Fabrikam',
      'azure-devops-token': 'pat-secret-value-1234',
    };
    const parse = (value: string): EditMode =>
      parseConfig(
        (name) => (name === 'edit-mode' ? value : (required[name] ?? '')),
        {},
        '/work/repo',
      ).editing.mode;
    for (const mode of EDIT_MODES) expect(parse(mode)).toBe(mode);
    expect(() => parse('agents')).toThrow(/edit-mode/);
  });
});
