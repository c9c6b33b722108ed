import type { Config } from '../../src/config/config.js';
import { parseConfig } from '../../src/config/parse-config.js';

/** A valid Config from the action's own parser, with inputs overridden by name. */
export function testConfig(inputs: Record<string, string> = {}): Config {
  const all: Record<string, string> = {
    'azure-devops-org-url': 'https://dev.azure.com/contoso',
    'azure-devops-project': 'Proj',
    'azure-devops-token': 'ado-token-secret-0001',
    'test-command': 'npm test',
    'output-dir': '/tmp/ticket-to-pr-tests',
    ...inputs,
  };
  return parseConfig((name) => all[name] ?? '', {}, '/repo');
}
