import { describe, expect, it } from '@jest/globals';
import { DEFAULT_TEST_PATHS } from '../../../src/config/inputs.js';
import { testConfig } from '../../fakes/config.js';

describe('evidence inputs', () => {
  it('default to test paths of the usual layouts, reproduce auto and min-evidence no-regression', () => {
    const { verification } = testConfig();
    expect(verification.testPaths).toEqual(DEFAULT_TEST_PATHS);
    expect(verification.reproduce).toBe('auto');
    expect(verification.minEvidence).toBe('no-regression');
  });

  it('take the values a team sets', () => {
    const { verification } = testConfig({
      'test-paths': 'spec/**, **/*_test.go',
      reproduce: 'off',
      'min-evidence': 'reproduced',
    });
    expect(verification).toMatchObject({
      testPaths: ['spec/**', '**/*_test.go'],
      reproduce: 'off',
      minEvidence: 'reproduced',
    });
  });

  it('name the input and what is accepted for a bad value', () => {
    expect(() => testConfig({ 'min-evidence': 'verified' })).toThrow(
      "Input 'min-evidence' has an invalid value 'verified': expected one of: 'reproduced', 'failing-test-fixed', 'no-regression'.",
    );
    expect(() => testConfig({ reproduce: 'always' })).toThrow(/Input 'reproduce'.*'auto', 'off'/);
    expect(() => testConfig({ 'test-paths': '../tests/**' })).toThrow(/Input 'test-paths'/);
  });
});
