import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { INPUTS, OUTPUTS } from '../../../src/config/inputs.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { fileURLToPath } from 'node:url';

const root = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const action = parse(fs.readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required: boolean; default?: string; description: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
};

describe('action.yml agrees with the config', () => {
  it('declares exactly the inputs the config reads, with the same defaults and required-ness', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(INPUTS.map((i) => i.name).sort());
    for (const input of INPUTS) {
      expect({
        name: input.name,
        required: action.inputs[input.name]!.required,
        default: action.inputs[input.name]!.default ?? '',
      }).toEqual({
        name: input.name,
        required: input.required,
        default: input.default,
      });
    }
  });

  it('declares the outputs the action sets', () => {
    expect(Object.keys(action.outputs)).toEqual(OUTPUTS.map((o) => o.name));
    expect(Object.keys(action.outputs)).toEqual(
      expect.arrayContaining([
        'outcome',
        'ticket-id',
        'pr-url',
        'branch',
        'reason',
        'summary-file',
        'transcript-file',
      ]),
    );
  });

  it('runs the bundled entry on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('uses hyphenated input names only', () => {
    for (const name of Object.keys(action.inputs)) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('has defaults the parser accepts, and reads every input of the table', () => {
    const read: string[] = [];
    const given: Record<string, string> = {
      'azure-devops-org-url': 'https://dev.azure.com/x',
      'azure-devops-project': 'p',
      'azure-devops-token': 'token-value',
    };
    parseConfig((name) => {
      read.push(name);
      return given[name] ?? action.inputs[name]?.default ?? '';
    }, {});
    expect(new Set(read)).toEqual(new Set(INPUTS.map((i) => i.name)));
  });
});
