import { describe, expect, it } from '@jest/globals';
import { importsOf } from '../../../src/localize/imports.js';

describe('importsOf', () => {
  it('reads static, re-export, side-effect, require and dynamic forms with their names', () => {
    const text = [
      "import def, { a, b as c, type D } from './local'",
      "import * as ns from '@scope/shared'",
      "import type { T } from '../types'",
      "export * from './domAttrConfig'",
      "export { x, y as z } from './xy.js'",
      "import './side-effect.css'",
      "const { parse, format: fmt } = require('lib/util')",
      "const later = await import('./lazy')",
      '// import nothing from here',
    ].join('\n');
    expect(importsOf(text)).toEqual([
      { specifier: './local', names: ['a', 'b', 'D'], reexport: false },
      { specifier: '@scope/shared', names: [], reexport: false },
      { specifier: '../types', names: ['T'], reexport: false },
      { specifier: './domAttrConfig', names: [], reexport: true },
      { specifier: './xy.js', names: ['x', 'y'], reexport: true },
      { specifier: './side-effect.css', names: [], reexport: false },
      { specifier: 'lib/util', names: ['parse', 'format'], reexport: false },
      { specifier: './lazy', names: [], reexport: false },
    ]);
  });

  it('reads a multi-line import clause', () => {
    expect(importsOf("import {\n  isOn,\n  isString,\n} from '@vue/shared'\n")).toEqual([
      { specifier: '@vue/shared', names: ['isOn', 'isString'], reexport: false },
    ]);
  });

  it('finds nothing in text without import words', () => {
    expect(importsOf('const x = 1; // from "./y"')).toEqual([]);
  });
});
