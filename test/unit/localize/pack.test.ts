import { describe, expect, it } from '@jest/globals';
import { packContext, renderBlock } from '../../../src/localize/pack.js';
import type { PackCandidate } from '../../../src/localize/pack.js';
import { mulberry32 } from '../../fixtures/random.js';

const words = [
  'const',
  'value',
  'return',
  'if',
  'format',
  '(',
  ')',
  '{',
  '}',
  'x',
  '=',
  'await',
  'offset',
  '"text"',
];

function randomRepository(random: () => number): PackCandidate[] {
  const files = 1 + Math.floor(random() * 8);
  return Array.from({ length: files }, (_, f) => {
    const lineCount = 1 + Math.floor(random() * (random() < 0.3 ? 800 : 60));
    const lines = Array.from({ length: lineCount }, () =>
      Array.from(
        { length: Math.floor(random() * 12) },
        () => words[Math.floor(random() * words.length)],
      ).join(' '),
    );
    const focus = Array.from({ length: Math.floor(random() * 4) }, () => {
      const start = 1 + Math.floor(random() * lineCount);
      return { startLine: start, endLine: Math.min(lineCount, start + Math.floor(random() * 40)) };
    });
    return { path: `src/file${f}.ts`, text: lines.join('\n'), focus };
  });
}

const counters: Record<string, (text: string) => number> = {
  chars4: (text) => Math.ceil(text.length / 4),
  words: (text) => text.split(/\s+/).filter(Boolean).length,
  // Not additive over concatenation: the packer must still hold the budget.
  lumpy: (text) => Math.ceil(text.length / 3) + (text.length % 7),
};

describe('packContext', () => {
  it('never exceeds the budget, and lists every file it left out or shortened (300 random cases)', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const random = mulberry32(seed);
      const candidates = randomRepository(random);
      const budgetTokens = Math.floor(random() * 6000);
      const [name, countTokens] = Object.entries(counters)[seed % 3]!;
      const packed = packContext(candidates, { budgetTokens, countTokens });
      const context = `seed ${seed}, counter ${name}, budget ${budgetTokens}`;
      expect({ context, used: countTokens(packed.rendered) <= budgetTokens }).toEqual({
        context,
        used: true,
      });
      expect(packed.usedTokens).toBe(countTokens(packed.rendered));
      expect(packed.rendered).toBe(packed.blocks.map(renderBlock).join('\n'));
      for (const candidate of candidates) {
        const blocks = packed.blocks.filter((b) => b.path === candidate.path);
        const complete = blocks.some((b) => b.whole);
        const listed = packed.cut.some((c) => c.path === candidate.path);
        expect({ context, path: candidate.path, accounted: complete || listed }).toEqual({
          context,
          path: candidate.path,
          accounted: true,
        });
        const lines = candidate.text.split('\n');
        for (const block of blocks)
          expect(block.text).toBe(lines.slice(block.startLine - 1, block.endLine).join('\n'));
      }
    }
  });

  it('keeps small files whole, in rank order', () => {
    const packed = packContext(
      [
        { path: 'a.ts', text: 'export const a = 1;', focus: [] },
        { path: 'b.ts', text: 'export const b = 2;\nexport const c = 3;', focus: [] },
      ],
      { budgetTokens: 1000, countTokens: (t) => t.length },
    );
    expect(packed.blocks.map((b) => [b.path, b.whole])).toEqual([
      ['a.ts', true],
      ['b.ts', true],
    ]);
    expect(packed.cut).toEqual([]);
    expect(packed.rendered).toContain(
      '=== a.ts (whole file, 1 lines) ===\nexport const a = 1;\n=== end a.ts ===',
    );
  });

  it('shows a window around the chosen symbol of a large file and says what was cut', () => {
    const text = Array.from({ length: 400 }, (_, i) => `line ${i + 1}`).join('\n');
    const packed = packContext(
      [{ path: 'big.ts', text, focus: [{ startLine: 200, endLine: 205 }] }],
      {
        budgetTokens: 400,
        countTokens: (t) => Math.ceil(t.length / 4),
      },
    );
    expect(packed.blocks).toHaveLength(1);
    expect(packed.blocks[0]).toMatchObject({
      startLine: 190,
      endLine: 215,
      whole: false,
      totalLines: 400,
    });
    expect(packed.cut).toEqual([
      { path: 'big.ts', reason: 'whole file (400 lines) did not fit; kept lines 190-215' },
    ]);
  });

  it('lists a file as not included when even a window does not fit', () => {
    const packed = packContext([{ path: 'a.ts', text: 'x'.repeat(1000), focus: [] }], {
      budgetTokens: 10,
      countTokens: (t) => t.length,
    });
    expect(packed.blocks).toEqual([]);
    expect(packed.rendered).toBe('');
    expect(packed.cut[0]?.reason).toMatch(/^not included/);
  });
});
