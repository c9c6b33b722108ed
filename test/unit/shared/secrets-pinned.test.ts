import { describe, expect, it } from '@jest/globals';
import { SecretMasker } from '../../../src/shared/secrets.js';

/** A token with characters URL-encoding changes (`/`, `+`, `=`, `@`, space). */
const TOKEN = 'ab/cd+ef=gh@ij kl';
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('SecretMasker masks every form a secret travels in', () => {
  const masker = new SecretMasker([TOKEN]);

  it.each([
    ['as is', TOKEN],
    ['URL-encoded', encodeURIComponent(TOKEN)],
    ['base64', b64(TOKEN)],
    ['in Basic auth for Azure DevOps (PAT:token)', b64(`PAT:${TOKEN}`)],
    ['in Basic auth with an empty user (:token)', b64(`:${TOKEN}`)],
    ['in Basic auth for GitHub (x-access-token:token)', b64(`x-access-token:${TOKEN}`)],
  ])('%s', (_form, leaked) => {
    expect(masker.mask(`before ${leaked} after`)).toBe('before *** after');
    expect(masker.mask(`${leaked}${leaked}`)).toBe('******');
  });

  it('the URL-encoded form really differs from the raw one', () => {
    expect(encodeURIComponent(TOKEN)).toBe('ab%2Fcd%2Bef%3Dgh%40ij%20kl');
    expect(masker.mask(`https://x:${encodeURIComponent(TOKEN)}@dev.azure.com/org`)).toBe(
      'https://x:***@dev.azure.com/org',
    );
  });

  it('masks a secret that contains another one whole, whichever is listed first', () => {
    for (const secrets of [
      ['abcd', 'abcdefgh'],
      ['abcdefgh', 'abcd'],
    ]) {
      expect(new SecretMasker(secrets).mask('x abcdefgh y abcd z')).toBe('x *** y *** z');
    }
  });

  it('masks secrets of four characters or more, and leaves shorter ones alone', () => {
    expect(new SecretMasker(['abcd']).mask('abcd abc')).toBe('*** abc');
    expect(new SecretMasker(['abc']).mask('abc abcd')).toBe('abc abcd');
    expect(new SecretMasker(['']).mask('text')).toBe('text');
  });

  it('leaves text without secrets as it was', () => {
    expect(new SecretMasker([]).mask('nothing here')).toBe('nothing here');
    expect(masker.mask('ab/cd ef')).toBe('ab/cd ef');
  });
});
