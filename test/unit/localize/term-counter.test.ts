import { describe, expect, it } from '@jest/globals';
import { createTermCounter as createByteCounter } from '../../../src/localize/term-counter.js';
import { identifierParts, keepsWhole, terms } from '../../../src/localize/tokenize.js';
import { lcg } from '../../fixtures/random.js';

/** The counter over the UTF-8 bytes of a string. */
const createTermCounter = (query: readonly string[]) => {
  const count = createByteCounter(query);
  return (text: string) => count(Buffer.from(text, 'utf8'));
};

/** The plain definition the counter must agree with: every index term, stop words included. */
function reference(text: string, query: readonly string[]) {
  let length = 0;
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/[A-Za-z_$][\w$]*|\d+/g)) {
    const word = match[0];
    if (word.length < 2 || /^\d/.test(word)) continue;
    const parts = identifierParts(word);
    const visited = keepsWhole(word, parts) ? [...parts, word.toLowerCase()] : [...parts];
    for (const term of visited) {
      length += 1;
      if (query.includes(term)) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
  }
  return { length, counts };
}

const ALPHABET = 'aAbBzZ01_$ -.(é\n';

describe('createTermCounter', () => {
  it('splits camelCase, acronyms, snake_case and digits like the ticket tokenizer', () => {
    const count = createTermCounter(['parse', 'http', 'header', 'parsehttpheader', 'utf8', 'x']);
    const result = count('parseHTTPHeader(utf8Decode, my_http_header) 42 x');
    expect(result.counts).toEqual(
      new Map([
        ['parse', 1],
        ['http', 2],
        ['header', 2],
        ['parsehttpheader', 1],
        ['utf8', 1],
      ]),
    );
    // parse http header parsehttpheader | utf8 decode utf8decode | my http header my_http_header
    expect(result.length).toBe(11);
  });

  it('keeps an identifier whole when splitting drops a one-letter part', () => {
    const result = createTermCounter(['na', 'nan', 'is'])('NaN isNaN Na');
    // NaN: na nan | isNaN: is na isnan | Na: na
    expect(result.counts).toEqual(
      new Map([
        ['na', 3],
        ['nan', 1],
        ['is', 1],
      ]),
    );
    expect(result.length).toBe(6);
  });

  it('counts stop words towards the length but only query terms in the counts', () => {
    const result = createTermCounter(['offset'])('const offset = this.value; return offset');
    expect(result.counts).toEqual(new Map([['offset', 2]]));
    expect(result.length).toBe(terms('const offset = this.value; return offset').length + 4);
  });

  it('agrees with the regex definition on 3000 random texts', () => {
    const next = lcg(7);
    const query = ['ab', 'bz', 'abz', 'zz', 'a_b', 'b$z', 'ab01', 'bbb', 'za'];
    const count = createTermCounter(query);
    for (let round = 0; round < 3000; round++) {
      const size = Math.floor(next() * 40);
      let text = '';
      for (let i = 0; i < size; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
      const expected = reference(text, query);
      const actual = count(text);
      expect({ text, length: actual.length, counts: actual.counts }).toEqual({
        text,
        length: expected.length,
        counts: expected.counts,
      });
    }
  });

  it('agrees with the regex definition on real code', () => {
    const code = [
      'export class XMLHttpRequestUpload extends EventTarget_Base {',
      '  async getJSONData$($el, __proto__, ID2Name) { return this.parseHTTPHeader(A1B2c3D) }',
      '  static UTCOffset = 12.5e3; // see https://example.com/parseHTTPHeader?x=1',
      '}',
    ].join('\n');
    const query = ['xml', 'http', 'request', 'upload', 'json', 'data', 'proto', 'utc', 'offset'];
    const expected = reference(code, query);
    const actual = createTermCounter(query)(code);
    expect(actual.length).toBe(expected.length);
    expect(actual.counts).toEqual(expected.counts);
  });
});
