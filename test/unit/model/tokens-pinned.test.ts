import { describe, expect, it } from '@jest/globals';
import { silentTruncation } from '../../../src/model/tokens.js';

// num_ctx 8192: a whole context is 8188 tokens or more, a v0.30+ cut exactly 4098 (num_ctx/2 + 2).
describe('silentTruncation at its thresholds', () => {
  it('a prompt that filled the context to within 4 tokens was cut; one more token short was not', () => {
    expect(silentTruncation(8188, 8000, 8192)).toMatch(/the whole num_ctx of 8192/);
    expect(silentTruncation(8187, 8000, 8192)).toBeUndefined();
  });

  it('exactly num_ctx/2 + 2 is a cut only when at least a quarter of num_ctx was sent', () => {
    expect(silentTruncation(4098, 2048, 8192)).toMatch(/exactly 4098 prompt tokens/);
    expect(silentTruncation(4098, 2047, 8192)).toBeUndefined();
    expect(silentTruncation(4097, 6000, 8192)).toBeUndefined();
    expect(silentTruncation(4099, 6000, 8192)).toBeUndefined();
    // Odd num_ctx: floor(num_ctx / 2) + 2.
    expect(silentTruncation(4097, 3000, 8191)).toMatch(/exactly 4097/);
  });

  it('less than half of what was counted is a cut, from 256 counted tokens on', () => {
    expect(silentTruncation(1999, 4000, 8192)).toMatch(/less than half of the 4000 counted/);
    expect(silentTruncation(2000, 4000, 8192)).toBeUndefined();
    expect(silentTruncation(127, 256, 8192)).toMatch(/less than half of the 256 counted/);
    expect(silentTruncation(10, 255, 8192)).toBeUndefined();
  });
});
