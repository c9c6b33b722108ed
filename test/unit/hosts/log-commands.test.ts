import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { AzurePipelinesHost } from '../../../src/hosts/azure-pipelines.js';
import { CliHost } from '../../../src/hosts/cli-host.js';
import { GitHubActionsHost } from '../../../src/hosts/github-actions.js';
import { neutralizeLogText } from '../../../src/shared/log-text.js';

/**
 * What the runners act on (see src/shared/log-text.ts for the sources). Their culture-sensitive
 * matching (ICU) skips format and control characters, so the line is read without them.
 */
function actsAsCommand(line: string): boolean {
  const seen = line.replace(/[\p{Cf}\p{Cc}]/gu, (c) => (c === '\t' ? c : ''));
  return seen.includes('##vso[') || seen.includes('##[') || /^[\s\u0085]*::/.test(seen);
}

const HOSTILE = [
  'Fix ##vso[task.setvariable variable=X]pwned',
  'please ##[add-mask]secret',
  '::set-output name=x::y',
  '   ::error::fake',
  '\u0085::warning::nel',
  'progress 10%\r::add-mask::overwritten',
  'upper ##VSO[task.complete result=Succeeded]',
  'zero width ##\u200bvso[task.setvariable variable=Y]z and #\u2060#[group]g',
  'colour ##\u001b[0mvso[task.complete]x',
  '\u200b::notice::hidden start',
];

describe('neutralizeLogText', () => {
  it.each(HOSTILE)('leaves no command in %j', (text) => {
    const lines = neutralizeLogText(text).split('\n');
    for (const line of lines) expect(actsAsCommand(line)).toBe(false);
    expect(neutralizeLogText(text)).not.toMatch(/\r/);
  });

  it('keeps the text readable', () => {
    expect(neutralizeLogText('Fix ##vso[task.setvariable variable=X]pwned')).toBe(
      'Fix ##vso [task.setvariable variable=X]pwned',
    );
    expect(neutralizeLogText('##[add-mask]a')).toBe('## [add-mask]a');
    expect(neutralizeLogText('  ::set-output name=x::y')).toBe('  : :set-output name=x::y');
    expect(neutralizeLogText('a\rb\r\nc')).toBe('a\nb\nc');
    // Colour codes and invisible characters go whole, leaving no remnant such as '[31m'.
    expect(neutralizeLogText('\x1b[31mred\x1b[0m and \x1b[1;32mgreen\x1b[m')).toBe('red and green');
    expect(neutralizeLogText('zero\u200bwidth\u2060joined')).toBe('zerowidthjoined');
  });

  it('leaves ordinary text alone, and is idempotent', () => {
    for (const text of ['a::b', 'C++ # heading', 'std::vector<int>', 'x ## y [z]', 'line\nnext']) {
      expect(neutralizeLogText(text)).toBe(text);
    }
    for (const text of HOSTILE) {
      expect(neutralizeLogText(neutralizeLogText(text))).toBe(neutralizeLogText(text));
    }
  });
});

describe('every host writes untrusted text inert, its own commands intact', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('Azure Pipelines: every level, group titles, outputs and the final message', async () => {
    const lines: string[] = [];
    const host = new AzurePipelinesHost({}, (l) => lines.push(...l.split('\n')));
    for (const text of HOSTILE) {
      host.debug(text);
      host.info(text);
      host.warning(text);
      host.error(text);
      await host.group(text, async () => undefined);
      host.setOutput('reason', text);
    }
    host.finish({ failed: true, message: HOSTILE.join(' ') });
    host.finish({ failed: false, message: HOSTILE.join('\n'), annotation: 'warning' });
    const ours =
      /^(##\[(debug|group|endgroup)\]|##vso\[(task\.logissue|task\.setvariable|task\.complete) [^\]]*\])/;
    expect(lines.filter((l) => l.includes('##[group]'))).toHaveLength(HOSTILE.length);
    for (const line of lines) {
      expect(actsAsCommand(line.replace(ours, ''))).toBe(false);
      expect(line).not.toMatch(/\r/);
    }
  });

  it('GitHub Actions: every level, group titles and the final message', async () => {
    let written = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written += String(chunk);
      return true;
    });
    const host = new GitHubActionsHost({});
    for (const text of HOSTILE) {
      host.debug(text);
      host.info(text);
      host.warning(text);
      host.error(text);
      await host.group(text, async () => undefined);
    }
    host.finish({ failed: false, message: HOSTILE.join('\n') });
    host.finish({ failed: false, message: HOSTILE.join('\n'), annotation: 'notice' });
    host.finish({ failed: false, message: HOSTILE.join('\n'), annotation: 'warning' });
    process.exitCode = undefined;
    jest.restoreAllMocks();
    const ours = /^::(debug|warning|error|notice|group|endgroup)::/;
    const lines = written.split(/\r?\n/);
    expect(lines.filter((l) => l.startsWith('::group::'))).toHaveLength(HOSTILE.length);
    for (const line of lines) expect(actsAsCommand(line.replace(ours, ''))).toBe(false);
    expect(written).not.toMatch(/\r(?!\n)/);
  });

  it('the terminal: every level, outputs and the final message', async () => {
    const out: string[] = [];
    const host = new CliHost(
      new Map(),
      {},
      (t) => out.push(t),
      (t) => out.push(t),
      true,
    );
    for (const text of HOSTILE) {
      host.debug(text);
      host.info(text);
      host.warning(text);
      await host.group(text, async () => undefined);
      host.setOutput('reason', text);
    }
    host.finish({ failed: true, message: HOSTILE.join('\n') });
    host.finish({ failed: false, message: HOSTILE.join('\n'), annotation: 'warning' });
    for (const line of out.join('').split('\n')) expect(actsAsCommand(line)).toBe(false);
    expect(out.join('')).not.toMatch(/\r/);
  });
});
