import { describe, expect, it } from '@jest/globals';
import { cell, code, fence, inert, table } from '../../../src/report/markdown.js';
import { fencedBlocks, tableShapes } from './report-fixtures.js';

describe('markdown helpers', () => {
  it('keeps table rows at the header’s column count whatever the cell text', () => {
    const md = table(
      ['a', 'b'],
      [
        ['x | y', 'line\nbreak'],
        ['ends with \\', 'back\\|slash'],
        ['', ''],
      ],
    );
    expect(tableShapes(md)).toEqual([[2, 2, 2, 2, 2]]);
    expect(cell('back\\|slash')).toBe('back\\\\\\|slash');
  });

  it('fences text that itself contains fences', () => {
    const md = fence('```js\nx\n```\n````', 'text');
    expect(md.startsWith('`````text\n')).toBe(true);
    expect(fencedBlocks(md)).toEqual([{ lang: 'text', body: ['```js', 'x', '```', '````'] }]);
    expect(code('a `b` c')).toBe('``a `b` c``');
  });

  it('makes mentions, issue references and HTML inert, but leaves e-mail addresses alone', () => {
    expect(
      inert('closes #3, see AB#42 and org/repo#9; ping @team/devs <b>x</b> dana@example.com'),
    ).toBe(
      'closes `#3`, see `AB#42` and `org/repo#9`; ping `@team/devs` &lt;b&gt;x&lt;/b&gt; dana@example.com',
    );
  });
});
