import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { DEFAULT_PROTECTED_PATHS } from '../../../src/config/inputs.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { ConfigError } from '../../../src/shared/errors.js';

const REQUIRED = {
  'azure-devops-org-url': 'https://dev.azure.com/contoso',
  'azure-devops-project': 'Fabrikam',
  'azure-devops-token': 'pat-secret-value-1234',
};

function parse(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const all: Record<string, string> = { ...REQUIRED, ...inputs };
  return parseConfig((name) => all[name] ?? '', env, '/work/repo');
}

function problemFor(inputs: Record<string, string>): string {
  try {
    parse(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).reason;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const config = parse({}, { RUNNER_TEMP: '/runner/tmp' });
    expect(config.tracker).toMatchObject({
      orgUrl: 'https://dev.azure.com/contoso',
      eligibleTag: 'autofix',
      ticketId: undefined,
    });
    expect(config.tracker.allowedStates).toEqual([
      'New',
      'Active',
      'To Do',
      'Approved',
      'Committed',
    ]);
    expect(config.models).toMatchObject({
      host: 'http://127.0.0.1:11434',
      triageContext: 'auto',
      keepAliveSeconds: 600,
    });
    expect(config.repository).toMatchObject({
      path: '/work/repo',
      prTarget: 'auto',
      draft: true,
      editFormat: 'auto',
    });
    expect(config.verification).toMatchObject({ commandTimeoutMs: 600_000, maxRepairAttempts: 2 });
    expect(config.safety.protectedPaths).toContain('.github/**');
    expect(config.budgets.jobBudgetMs).toBe(45 * 60_000);
    expect(config.outputDir).toBe(path.join('/runner/tmp', 'ticket-to-pr'));
    expect(config.secrets).toEqual(['pat-secret-value-1234']);
    expect(config.dryRun).toBe(false);
  });

  it('parses given values into typed fields', () => {
    const config = parse({
      'ticket-id': '42',
      'edit-context': '32768',
      'keep-alive': '-1',
      'gpu-memory': '24GiB',
      'command-timeout': '90s',
      'job-budget': '1h',
      'protected-paths': '.github/**, src/generated/**',
      'commit-author': 'Bot <bot@example.com>',
      'github-token': 'ghp_secretsecret',
      'repository-path': 'sub/dir',
      'dry-run': 'TRUE',
    });
    expect(config.tracker.ticketId).toBe(42);
    expect(config.models.editContext).toBe(32768);
    expect(config.models.keepAliveSeconds).toBe(-1);
    expect(config.models.gpuMemoryBytes).toBe(24 * 1024 ** 3);
    expect(config.verification.commandTimeoutMs).toBe(90_000);
    expect(config.budgets.jobBudgetMs).toBe(3_600_000);
    // A user's globs add to the built-in protections; none of those can be dropped.
    expect(config.safety.protectedPaths).toEqual([...DEFAULT_PROTECTED_PATHS, 'src/generated/**']);
    expect(config.repository.commitAuthor).toEqual({ name: 'Bot', email: 'bot@example.com' });
    expect(config.repository.path).toBe('/work/repo/sub/dir');
    expect(config.secrets).toEqual(['pat-secret-value-1234', 'ghp_secretsecret']);
    expect(config.dryRun).toBe(true);
  });

  it('names every missing required input in one message', () => {
    let message = '';
    try {
      parseConfig(() => '', {}, '/');
    } catch (error) {
      message = (error as ConfigError).reason;
    }
    expect(message).toMatch(
      /^Missing required inputs: azure-devops-org-url, azure-devops-project, azure-devops-token\./,
    );
  });

  // Every class of invalid value: the message names the input, quotes the value, lists what is accepted.
  it.each([
    ['bad URL', 'azure-devops-org-url', 'dev.azure.com/contoso', /absolute http\(s\) URL/],
    ['bad URL scheme', 'ollama-host', 'ftp://gpu-box:11434', /absolute http\(s\) URL/],
    ['negative number', 'max-repair-attempts', '-1', /whole number from 0 to 5/],
    ['non-numeric number', 'max-changed-files', 'many', /whole number from 1 to 100/],
    ['number out of range', 'max-repair-attempts', '9', /whole number from 0 to 5/],
    ['non-numeric id', 'ticket-id', '#42', /whole number from 1 to/],
    ['unknown enum', 'pr-target', 'gitlab', /one of: 'auto', 'github', 'azure-repos'/],
    ['unknown edit format', 'edit-format', 'udiff', /one of: 'auto', 'diff', 'whole'/],
    ['bad boolean', 'draft', 'yes', /'true' or 'false'/],
    ['malformed glob', 'protected-paths', 'src/[abc', /malformed/],
    ['climbing glob', 'protected-paths', '../secrets/**', /climbs out/],
    ['bad duration', 'command-timeout', 'ten minutes', /duration such as '90s'/],
    ['negative duration', 'job-budget', '-5m', /not negative/],
    ['bad context size', 'edit-context', 'big', /'auto' or a context size/],
    ['bad memory size', 'gpu-memory', '24 gigs', /memory size such as '24GiB'/],
    ['bad author', 'commit-author', 'just a name', /'Name <email@example.com>'/],
    [
      'status tag as opt-in tag',
      'eligible-tag',
      'autofix:working',
      /does not start with 'autofix:'/,
    ],
    ['not WIQL', 'wiql-query', 'DROP TABLE', /WIQL query/],
    ['bad repository name', 'github-repository', 'just-a-name', /'owner\/name'/],
  ])('%s: %s=%s', (_label, input, value, accepted) => {
    const message = problemFor({ [input]: value });
    expect(message).toContain(`Input '${input}'`);
    expect(message).toContain(`'${value}'`);
    expect(message).toMatch(accepted);
  });

  // Each URL input suggests its own kind of server: an Ollama example for the Ollama host.
  it.each([
    ['ollama-host', 'not a url', 'http://127.0.0.1:11434'],
    ['azure-devops-org-url', 'not a url', 'https://dev.azure.com/contoso'],
    ['github-api-url', 'not a url', 'https://github.example.com/api/v3'],
  ])('a bad %s suggests a URL of its own server', (input, value, example) => {
    const message = problemFor({ [input]: value });
    expect(message).toBe(
      `Input '${input}' has an invalid value '${value}': expected an absolute http(s) URL such as ${example}.`,
    );
  });

  it('never quotes a secret value in an error', () => {
    const message = problemFor({ 'azure-devops-org-url': 'nope', 'github-token': 'ghp_abc' });
    expect(message).not.toContain('ghp_abc');
  });

  it('reports every problem at once', () => {
    const message = problemFor({ 'pr-target': 'x', draft: 'y', 'max-changed-lines': '0' });
    expect(message.split('\n')).toHaveLength(3);
  });
});
