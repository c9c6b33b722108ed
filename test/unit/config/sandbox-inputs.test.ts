import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../../src/config/parse-config.js';
import { testConfig } from '../../fakes/config.js';

describe('sandbox inputs', () => {
  it('default to auto, network on, nothing more writable, no extra names', () => {
    expect(testConfig().sandbox).toEqual({
      mode: 'auto',
      network: true,
      writable: [],
      envNames: [],
    });
  });

  it('take the values a team sets; ~/ is HOME and relative paths are taken from the working dir', () => {
    const config = parseConfig(
      (name) =>
        ({
          'azure-devops-org-url': 'https://dev.azure.com/contoso',
          'azure-devops-project': 'Proj',
          'azure-devops-token': 'ado-token-secret-0001',
          sandbox: 'Required',
          'sandbox-network': 'off',
          'sandbox-writable': '~/.npm\n.cache, /opt/cache',
          'sandbox-env': 'NODE_OPTIONS, JEST_WORKERS',
        })[name] ?? '',
      { HOME: '/home/runner' },
      '/repo',
    );
    expect(config.sandbox).toEqual({
      mode: 'required',
      network: false,
      writable: ['/home/runner/.npm', '/repo/.cache', '/opt/cache'],
      envNames: ['NODE_OPTIONS', 'JEST_WORKERS'],
    });
  });

  it('name the input and what is accepted for a bad value', () => {
    expect(() => testConfig({ sandbox: 'strict' })).toThrow(
      "Input 'sandbox' has an invalid value 'strict': expected one of: 'auto', 'required', 'off'.",
    );
    expect(() => testConfig({ 'sandbox-network': 'none' })).toThrow(
      /Input 'sandbox-network'.*'on', 'off'/,
    );
    expect(() => testConfig({ 'sandbox-writable': '/' })).toThrow(
      /Input 'sandbox-writable'.*the root would make the whole disk writable/,
    );
    expect(() => testConfig({ 'sandbox-env': 'NOT A NAME' })).toThrow(
      /Input 'sandbox-env'.*environment variable names/,
    );
    expect(() => testConfig({ 'sandbox-env': 'GITHUB_ENV' })).toThrow(
      /Input 'sandbox-env'.*runner's own channel/,
    );
    for (const name of ['INPUT_AZURE_DEVOPS_TOKEN', 'ACTIONS_RUNTIME_TOKEN'])
      expect(() => testConfig({ 'sandbox-env': name })).toThrow(
        /Input 'sandbox-env'.*runner's own channel/,
      );
  });
});
