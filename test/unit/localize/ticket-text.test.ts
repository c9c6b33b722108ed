import { describe, expect, it } from '@jest/globals';
import { reporterWords } from '../../../src/localize/ticket-text.js';
import { extractSignals } from '../../../src/localize/ticket-signals.js';

const templated = [
  '<!-- Please search existing issues first -->',
  '### Describe the bug',
  'The `patchAttr` call keeps readonly.',
  '### Validations',
  '- [x] Follow our Code of Conduct',
  '- [ ] Read the Contributing Guidelines',
  '### System Info',
  '```shell',
  'System:',
  '    OS: Linux 6.8 Ubuntu',
  '  Binaries:',
  '    Node: 22.1.0 - /usr/bin/node',
  '```',
  '```ts',
  'patchAttr(el, "readonly", NaN)',
  '```',
  'See https://play.vuejs.org/#eNqFUk1v00AQ and https://vite.dev/config/shared-options.html#base',
  '```sh',
  '$ pnpm install',
  'git clone repo && cd repo',
  '```',
  'Run `npm run dev`, then the clone breaks.',
].join('\n');

describe('reporterWords', () => {
  it('keeps the reporter’s words and code, not the template, the environment dump or link noise', () => {
    const words = reporterWords(templated);
    expect(words).toContain('The `patchAttr` call keeps readonly.');
    expect(words).toContain('patchAttr(el, "readonly", NaN)');
    expect(words).toContain('/config/shared-options.html');
    expect(words).toContain('then the clone breaks');
    for (const gone of [
      'pnpm',
      'install',
      'git clone',
      'npm run',
      'Describe',
      'Conduct',
      'Contributing',
      'Binaries',
      'Ubuntu',
      'eNqFUk1v00AQ',
      'play.vuejs',
      '```ts',
      'Please search',
    ])
      expect(words).not.toContain(gone);
  });

  it('feeds terms and identifiers, while paths still come from the whole text', () => {
    const signals = extractSignals(
      'Readonly kept',
      `${templated}\nhttps://github.com/o/r/blob/main/src/attrs.ts#L4`,
    );
    expect(signals.terms.has('conduct')).toBe(false);
    expect(signals.terms.has('ubuntu')).toBe(false);
    expect(signals.terms.has('shared')).toBe(true);
    expect(signals.identifiers.has('patchAttr')).toBe(true);
    expect(signals.paths).toContainEqual({ path: 'src/attrs.ts', line: 4 });
  });
});
