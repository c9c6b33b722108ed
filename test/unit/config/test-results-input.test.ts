import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../../src/config/parse-config.js';
import { ConfigError } from '../../../src/shared/errors.js';

const REQUIRED = {
  'azure-devops-org-url': 'https://dev.azure.com/contoso',
  'azure-devops-project': 'Fabrikam',
  'azure-devops-token': 'pat-secret-value-1234',
};

function parse(inputs: Record<string, string>) {
  const all: Record<string, string> = { ...REQUIRED, ...inputs };
  return parseConfig((name) => all[name] ?? '', {}, '/work/repo');
}

describe('the test-results input', () => {
  it('is not set by default: test names come from the console', () => {
    expect(parse({}).verification.testResults).toEqual([]);
  });

  it('takes globs one per line or comma-separated', () => {
    expect(
      parse({ 'test-results': 'junit.xml, **/TEST-*.xml\n**/*.trx' }).verification.testResults,
    ).toEqual(['junit.xml', '**/TEST-*.xml', '**/*.trx']);
  });

  it.each(['/tmp/junit.xml', '../junit.xml', 'reports/[junit.xml'])(
    'refuses %s with an error naming the input',
    (glob) => {
      let error: unknown;
      try {
        parse({ 'test-results': glob });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect(String((error as ConfigError).message)).toContain('test-results');
    },
  );
});
