import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../../src/config/parse-config.js';
import { AzurePipelinesHost } from '../../../src/hosts/azure-pipelines.js';
import { ConfigError } from '../../../src/shared/errors.js';

/** The environment of an Azure Pipelines script step that did not map System.AccessToken. */
const AZURE_ENV = {
  TF_BUILD: 'True',
  SYSTEM_COLLECTIONURI: 'https://dev.azure.com/contoso/',
  SYSTEM_TEAMPROJECT: 'Fabrikam',
};

function reasonOf(env: NodeJS.ProcessEnv): string {
  const host = new AzurePipelinesHost(env, () => undefined);
  try {
    parseConfig((name) => host.getInput(name), env, '/work/repo');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).reason;
  }
  throw new Error('expected a ConfigError');
}

describe('a missing token in Azure Pipelines', () => {
  it('says to map SYSTEM_ACCESSTOKEN in the step env, as the example pipeline does', () => {
    const reason = reasonOf(AZURE_ENV);
    expect(reason).toContain('Missing required input: azure-devops-token.');
    expect(reason).toContain('map `SYSTEM_ACCESSTOKEN: $(System.AccessToken)`');
    expect(reason).toContain("in the step's `env:`");
  });

  it('does not give the Azure hint elsewhere, or when the token is there', () => {
    expect(reasonOf({})).not.toContain('SYSTEM_ACCESSTOKEN');
    // With the token mapped, the pipeline's own variables fill every required input.
    const host = new AzurePipelinesHost({ ...AZURE_ENV, SYSTEM_ACCESSTOKEN: 't' }, () => undefined);
    expect(() => parseConfig((name) => host.getInput(name), host.env, '/work/repo')).not.toThrow();
  });
});
