import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { escapeData, escapeProperty, loggingCommand } from '../../../src/hosts/azure-logging.js';
import { AzurePipelinesHost } from '../../../src/hosts/azure-pipelines.js';
import { CliHost } from '../../../src/hosts/cli-host.js';
import { GitHubActionsHost } from '../../../src/hosts/github-actions.js';
import { annotationFor } from '../../../src/main.js';
import { readInputFromEnv } from '../../../src/hosts/read-input.js';

describe('reading inputs', () => {
  it('accepts both INPUT_TICKET-ID and INPUT_TICKET_ID', () => {
    expect(readInputFromEnv({ 'INPUT_TICKET-ID': '7' }, 'ticket-id')).toBe('7');
    expect(readInputFromEnv({ INPUT_TICKET_ID: '8' }, 'ticket-id')).toBe('8');
    expect(readInputFromEnv({ 'INPUT_TICKET-ID': '7', INPUT_TICKET_ID: '8' }, 'ticket-id')).toBe(
      '7',
    );
    expect(readInputFromEnv({}, 'ticket-id')).toBe('');
  });
});

describe('Azure Pipelines logging commands', () => {
  it('escapes like the task library', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%AZP25 done%0D%0Anext');
    expect(escapeProperty('a;b]c')).toBe('a%3Bb%5Dc');
    expect(loggingCommand('task.complete', { result: 'Failed' }, 'x')).toBe(
      '##vso[task.complete result=Failed;]x',
    );
  });

  it('sets outputs, masks secrets, groups, and completes', async () => {
    const lines: string[] = [];
    const host = new AzurePipelinesHost({}, (l) => lines.push(l));
    host.setSecret('s3cr3t-token');
    host.info('token is s3cr3t-token');
    host.setOutput('pr-url', 'https://x/pr/1');
    await host.group('Triage', async () => host.warning('multi\nline'));
    host.finish({ failed: true, message: 'model-capacity: does not fit' });
    expect(lines).toEqual([
      '##vso[task.setsecret]s3cr3t-token',
      'token is ***',
      '##vso[task.setvariable variable=pr_url;isOutput=true;]https://x/pr/1',
      '##[group]Triage',
      '##vso[task.logissue type=warning;]multi%0Aline',
      '##[endgroup]',
      '##vso[task.logissue type=error;]model-capacity: does not fit',
      '##vso[task.complete result=Failed;]model-capacity: does not fit',
    ]);
  });

  it('falls back to the predefined variables for the organization, project and token', () => {
    const host = new AzurePipelinesHost(
      {
        SYSTEM_COLLECTIONURI: 'https://dev.azure.com/contoso/',
        SYSTEM_TEAMPROJECT: 'Proj',
        SYSTEM_ACCESSTOKEN: 'tok',
        INPUT_AZURE_DEVOPS_PROJECT: 'Other',
      },
      () => undefined,
    );
    expect(host.getInput('azure-devops-org-url')).toBe('https://dev.azure.com/contoso/');
    expect(host.getInput('azure-devops-project')).toBe('Other');
    expect(host.getInput('azure-devops-token')).toBe('tok');
    expect(host.getInput('ticket-id')).toBe('');
  });

  it('builds the run link from the predefined variables', () => {
    const host = new AzurePipelinesHost(
      {
        SYSTEM_COLLECTIONURI: 'https://dev.azure.com/contoso/',
        SYSTEM_TEAMPROJECT: 'My Proj',
        BUILD_BUILDID: '12',
      },
      () => undefined,
    );
    expect(host.runUrl).toBe('https://dev.azure.com/contoso/My%20Proj/_build/results?buildId=12');
  });
});

describe('CLI host', () => {
  it('prefers flags, falls back to INPUT_ variables, and masks secrets in every line', () => {
    const out: string[] = [];
    const host = new CliHost(
      new Map([['ticket-id', '5']]),
      { INPUT_TICKET_ID: '9', INPUT_DRAFT: 'false' },
      (t) => out.push(t),
      (t) => out.push(t),
    );
    expect(host.getInput('ticket-id')).toBe('5');
    expect(host.getInput('draft')).toBe('false');
    host.setSecret('pat-abcdef');
    host.info(`Authorization: Basic ${Buffer.from('PAT:pat-abcdef').toString('base64')}`);
    host.warning('pat-abcdef leaked?');
    expect(out.join('')).not.toContain('pat-abcdef');
    expect(out.join('')).not.toContain(Buffer.from('PAT:pat-abcdef').toString('base64'));
  });
});

describe('the end of a step that did nothing or needs a person', () => {
  const SKIPPED = 'ticket-to-pr: skipped. The rounding rule is not stated.';
  const NEEDS_HUMAN = 'ticket-to-pr: needs-human. The tests still fail:\n10% off 200.00 is 180.00';

  afterEach(() => {
    process.exitCode = undefined;
    jest.restoreAllMocks();
  });

  function githubLines(finish: (host: GitHubActionsHost) => void): string[] {
    let written = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written += String(chunk);
      return true;
    });
    finish(new GitHubActionsHost({}));
    jest.restoreAllMocks();
    return written.split(/\r?\n/).filter(Boolean);
  }

  it('GitHub Actions: a notice for skipped, a warning for needs-human, one line each, step green', () => {
    expect(
      githubLines((h) => h.finish({ failed: false, message: SKIPPED, annotation: 'notice' })),
    ).toEqual([`::notice::${SKIPPED}`]);
    expect(
      githubLines((h) => h.finish({ failed: false, message: NEEDS_HUMAN, annotation: 'warning' })),
    ).toEqual([
      '::warning::ticket-to-pr: needs-human. The tests still fail: 10% off 200.00 is 180.00'.replace(
        '%',
        '%25',
      ),
    ]);
    expect(process.exitCode).toBeUndefined();
  });

  it('GitHub Actions: other passing outcomes stay a plain line', () => {
    expect(
      githubLines((h) => h.finish({ failed: false, message: 'ticket-to-pr: pr-opened.' })),
    ).toEqual(['ticket-to-pr: pr-opened.']);
  });

  it('Azure Pipelines: a warning issue (the only non-error type), then Succeeded', () => {
    const lines: string[] = [];
    const host = new AzurePipelinesHost({}, (l) => lines.push(l));
    host.finish({ failed: false, message: SKIPPED, annotation: 'notice' });
    host.finish({ failed: false, message: NEEDS_HUMAN, annotation: 'warning' });
    host.finish({ failed: false, message: 'ticket-to-pr: pr-opened.' });
    expect(lines).toEqual([
      `##vso[task.logissue type=warning;]${SKIPPED}`,
      `##vso[task.complete result=Succeeded;]${SKIPPED}`,
      '##vso[task.logissue type=warning;]ticket-to-pr: needs-human. The tests still fail: 10%AZP25 off 200.00 is 180.00',
      '##vso[task.complete result=Succeeded;]ticket-to-pr: needs-human. The tests still fail:%0A10%AZP25 off 200.00 is 180.00',
      '##vso[task.complete result=Succeeded;]ticket-to-pr: pr-opened.',
    ]);
  });

  it('the terminal: a plain line on stdout, no annotation syntax', () => {
    const out: string[] = [];
    const err: string[] = [];
    const host = new CliHost(
      new Map(),
      {},
      (t) => out.push(t),
      (t) => err.push(t),
    );
    host.finish({ failed: false, message: SKIPPED, annotation: 'notice' });
    host.finish({ failed: false, message: NEEDS_HUMAN, annotation: 'warning' });
    expect(out.join('')).toBe(`${SKIPPED}\n${NEEDS_HUMAN}\n`);
    expect(err).toEqual([]);
  });

  it('the job picks the annotation from the outcome', () => {
    expect(annotationFor('skipped')).toBe('notice');
    expect(annotationFor('needs-human')).toBe('warning');
    for (const outcome of ['pr-opened', 'pr-updated', 'pr-revised', 'no-ticket', 'error'] as const)
      expect(annotationFor(outcome)).toBeUndefined();
  });
});
