// Out-of-memory advice names real options in the right direction, each once, decided from the
// numbers: never "a smaller model" larger than the one that ran.
import { describe, expect, it } from '@jest/globals';
import { whatWouldFit, type ModelFacts } from '../../../src/model/plan.js';

const GiB = 2 ** 30;
/** qwen2.5-coder:7b's shape (GQA: 28 heads, 4 KV heads, 28 blocks). */
const coder7b: ModelFacts = {
  role: 'triage',
  name: 'qwen2.5-coder:7b',
  weightBytes: 4.4 * GiB,
  limits: {
    architecture: 'qwen2',
    contextLength: 32768,
    blockCount: 28,
    headCount: 28,
    headCountKv: 4,
    embeddingLength: 3584,
  },
};

const optionsOf = (text: string) => text.split('; or ');

describe('whatWouldFit', () => {
  it('a plan that fits a large GPU ran out of memory: free memory or keep fewer models, no smaller model', () => {
    const advice = whatWouldFit(coder7b, 8192, 43.2 * GiB);
    expect(advice).not.toMatch(/smaller model/);
    expect(advice).toMatch(
      /^free GPU memory: this plan needs about \d+\.\d GiB of the 43\.2 GiB usable/,
    );
    expect(advice).toContain('OLLAMA_MAX_LOADED_MODELS=1');
    const options = optionsOf(advice);
    expect(new Set(options).size).toBe(options.length);
  });

  it('a plan larger than the GPU: a smaller num_ctx first; a smaller model only below this one', () => {
    const advice = whatWouldFit(coder7b, 32768, 5.5 * GiB);
    expect(optionsOf(advice)[0]).toMatch(/^num_ctx \d+ \(about \d+\.\d GiB\)$/);
    for (const m of advice.matchAll(/weights are at most (\d+\.\d) GiB \(now (\d+\.\d) GiB\)/g))
      expect(Number(m[1])).toBeLessThan(Number(m[2]));
  });

  it('weights alone too large: only a smaller model, smaller than this one', () => {
    const advice = whatWouldFit(coder7b, 8192, 4 * GiB);
    expect(advice).toMatch(
      /^a smaller model whose weights are at most (\d+\.\d) GiB \(now 4\.4 GiB\)$/,
    );
  });
});
