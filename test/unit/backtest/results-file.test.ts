import { afterAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ResultsFile } from '../../../src/backtest/results-file.js';
import type { InstanceResult } from '../../../src/backtest/result.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ttp-results-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const line = (id: string, verdict: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({ instance_id: id, answers: 'live', test_command: 'npm test', verdict, ...over });

describe('ResultsFile: what a rerun may skip', () => {
  it('keeps judged instances, and runs again what was not judged, from other runs or cut mid-write', async () => {
    const file = path.join(dir, 'results.jsonl');
    fs.writeFileSync(
      file,
      [
        line('a', 'resolved'),
        line('b', 'not-judged'),
        line('c', 'not-fixed'),
        line('c', 'not-judged'), // the last word on c: it runs again
        line('d', 'not-judged'),
        line('d', 'pr-would-be-wrong'),
        line('e', 'resolved', { answers: 'oracle' }),
        line('f', 'resolved', { test_command: 'npx jest' }),
        JSON.stringify({
          instance_id: 'g',
          answers: 'live',
          test_command: 'npm test',
          resolved: true,
        }),
        '{"instance_id": "h", "answ',
      ].join('\n') + '\n',
    );
    const done = await new ResultsFile(file).done('live', 'npm test');
    expect([...done.keys()].sort()).toEqual(['a', 'd']);
    expect((done.get('d') as InstanceResult).verdict).toBe('pr-would-be-wrong');
  });

  it('keeps the edit modes apart: a row before edit modes existed is a pipeline run', async () => {
    const file = path.join(dir, 'modes.jsonl');
    fs.writeFileSync(
      file,
      [
        line('old', 'resolved'),
        line('p', 'resolved', { edit_mode: 'pipeline' }),
        line('a', 'resolved', { edit_mode: 'agent' }),
      ].join('\n') + '\n',
    );
    const results = new ResultsFile(file);
    expect([...(await results.done('live', 'npm test')).keys()]).toEqual(['old', 'p']);
    expect([...(await results.done('live', 'npm test', 'pipeline')).keys()]).toEqual(['old', 'p']);
    expect([...(await results.done('live', 'npm test', 'agent')).keys()]).toEqual(['a']);
  });

  it('reads a missing file as nothing done', async () => {
    expect((await new ResultsFile(path.join(dir, 'none.jsonl')).done('live', 'x')).size).toBe(0);
  });
});
