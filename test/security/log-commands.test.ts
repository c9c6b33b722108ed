// Untrusted text must never become a runner's log command. Through `node dist/index.js`, on the
// Azure Pipelines host (TF_BUILD=True) and on the GitHub host: a ticket whose title and text carry
// `##vso[`, `##[`, leading `::` and bare carriage returns, and a test command whose own text (which
// the log shows as `$ <command>`) carries commands ticket-to-pr never writes. No line of the job's
// stdout may hold a command ticket-to-pr did not write itself.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  SAMPLE_TICKET,
  scriptedEditModel,
  scriptedTriageModel,
} from '../e2e/sample/scripted-model.js';
import { startWorld, type World } from '../e2e/world.js';

const AZURE_TITLE = 'Fix ##vso[task.setvariable variable=X]pwned';
const GITHUB_TITLE = 'Fix \r::set-output name=pwned::1 and ##[add-mask]z';
const HOSTILE_TEXT =
  '<p>##[add-mask]hidden</p><p>::set-output name=x::y</p><p>progress\r::error::fake</p>';
// Commands ticket-to-pr never writes itself, so the allowlist of our own cannot excuse them.
const TEST_COMMAND =
  "echo '##vso[task.prependpath]/tmp/evil' && printf '::add-path::/tmp/evil\\r##[section]g\\n' && node --test";

/** ticket-to-pr's own commands, at the start of a line. */
const OURS_AZURE =
  /^(##\[(debug|group|endgroup)\]|##vso\[(task\.setsecret|task\.setvariable|task\.logissue|task\.complete|task\.uploadsummary)( [^\]]*)?\])/;
const OURS_GITHUB = /^::(debug|group|endgroup|add-mask|warning|error|notice)( [^:]*)?::/;

function foreignCommands(stdout: string, ours: RegExp): string[] {
  return stdout
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => {
      const rest = line.replace(ours, '');
      return rest.includes('##vso[') || rest.includes('##[') || /^[\s\u0085]*::/.test(rest);
    });
}

describe('no log command from untrusted text (dist/index.js)', () => {
  let w: World;

  beforeAll(async () => {
    w = await startWorld({
      tickets: [
        {
          ...SAMPLE_TICKET,
          id: 1,
          priority: 1,
          title: AZURE_TITLE,
          description: SAMPLE_TICKET.description + HOSTILE_TEXT,
          comments: [{ text: '<p>##vso[task.uploadfile]/etc/passwd</p>' }],
        },
        {
          ...SAMPLE_TICKET,
          id: 2,
          priority: 2,
          title: GITHUB_TITLE,
          description: SAMPLE_TICKET.description + HOSTILE_TEXT,
        },
      ],
      triageAnswer: scriptedTriageModel(),
      editAnswer: scriptedEditModel({ fixes: true }),
    });
  });
  afterAll(() => w.close());

  it('on Azure Pipelines: the title is printed inert, only our own commands act', async () => {
    const result = await w.run({ azurePipelines: true, inputs: { 'test-command': TEST_COMMAND } });
    expect(foreignCommands(result.stdout, OURS_AZURE)).toEqual([]);
    expect(result.outputs.outcome).toBe('pr-opened');
    expect(result.stdout).toContain('Fix ##vso [task.setvariable variable=X]pwned');
    expect(result.stdout).toContain("echo '##vso [task.prependpath]/tmp/evil'");
    expect(result.stdout).not.toMatch(/\r(?!\n)/);
    // Our own commands still work: outputs were read from them.
    expect(result.stdout).toMatch(/^##vso\[task\.complete result=Succeeded;\]/m);
  }, 120_000);

  it('on GitHub Actions: no ::command at a line start, no ##[, no bare carriage return', async () => {
    const result = await w.run({ inputs: { 'test-command': TEST_COMMAND } });
    expect(foreignCommands(result.stdout, OURS_GITHUB)).toEqual([]);
    expect(result.outputs.outcome).toBe('pr-opened');
    expect(result.outputs['ticket-id']).toBe('2');
    expect(result.stdout).toContain('## [add-mask]z');
    expect(result.stdout).toContain('## [section]g');
    expect(result.stdout).not.toMatch(/\r(?!\n)/);
    expect(result.stdout).toMatch(/^::group::/m);
  }, 120_000);
});
