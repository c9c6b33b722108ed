/**
 * The ranking's hot loop: one pass over a file's UTF-8 bytes that counts its index terms and how
 * often each query term occurs, without decoding the file or creating a string per identifier.
 * Identifiers are ASCII, and every byte of a multi-byte character is a separator here just as the
 * character is in `terms()`, so bytes and characters give the same terms. It gives exactly what
 * `terms()` in tokenize.ts gives (stop words included, since they count towards a file's length):
 * identifiers split at camelCase, acronym, `_` and `$` boundaries into lower-case parts longer than
 * one letter, plus the whole lower-cased identifier when it has more than one part or lost a
 * one-letter part (`NaN` gives na and nan). A part is only
 * turned into a string when its hash matches a query term's.
 */

export interface TermCounts {
  /** Index terms in the file: the document length for BM25. */
  readonly length: number;
  /** Occurrences of the query terms that occur at all. */
  readonly counts: Map<string, number>;
}

export type TermCounter = (utf8: Buffer) => TermCounts;

const UPPER = 1;
const LOWER = 2;
const DIGIT = 4;
/** `_` and `$`: part of an identifier, but they separate its parts. */
const JOINER = 8;
const WORD = UPPER | LOWER | DIGIT | JOINER;

/** By byte value: everything from 128 up (parts of non-ASCII characters) separates words. */
const CLASS = new Uint8Array(256);
for (let c = 65; c <= 90; c++) CLASS[c] = UPPER;
for (let c = 97; c <= 122; c++) CLASS[c] = LOWER;
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
CLASS[95] = JOINER;
CLASS[36] = JOINER;

const classOf = (code: number): number => CLASS[code] ?? 0;

const step = (hash: number, code: number): number =>
  Math.imul(hash ^ (code < 91 && code > 64 ? code + 32 : code), 16777619);
const HASH_SEED = 2166136261 | 0;

function hashOf(term: string): number {
  let hash = HASH_SEED;
  for (let i = 0; i < term.length; i++) hash = step(hash, term.charCodeAt(i));
  return hash;
}

/** A counter for one query: call it once per file. */
export function createTermCounter(queryTerms: Iterable<string>): TermCounter {
  const byHash = new Map<number, string[]>();
  for (const term of queryTerms) {
    const hash = hashOf(term);
    const bucket = byHash.get(hash);
    if (bucket) bucket.push(term);
    else byHash.set(hash, [term]);
  }

  return (utf8) => {
    const counts = new Map<string, number>();
    let length = 0;

    const match = (hash: number, start: number, end: number): void => {
      const bucket = byHash.get(hash);
      if (!bucket) return;
      const candidate = utf8.toString('latin1', start, end).toLowerCase();
      if (bucket.includes(candidate)) counts.set(candidate, (counts.get(candidate) ?? 0) + 1);
    };

    const size = utf8.length;
    let i = 0;
    while (i < size) {
      const kind = classOf(utf8[i]!);
      if (kind === 0) {
        i += 1;
        continue;
      }
      if (kind === DIGIT) {
        // A run of digits is a token of its own and never a term.
        while (i < size && classOf(utf8[i]!) === DIGIT) i += 1;
        continue;
      }
      const start = i;
      let end = i + 1;
      while (end < size && (classOf(utf8[end]!) & WORD) !== 0) end += 1;
      i = end;
      if (end - start < 2) continue;

      let parts = 0;
      let partLetters = 0;
      let letters = 0;
      let wholeHash = HASH_SEED;
      let partStart = start;
      let partHash = HASH_SEED;
      let previous = 0;
      for (let k = start; k <= end; k++) {
        const code = k < end ? utf8[k]! : 0;
        const current = k < end ? classOf(code) : JOINER;
        // camelCase (`aB`, `1B`) and the end of an acronym (`HTTPHeader`: `HTTP|Header`) start a new part.
        const boundary =
          current === JOINER ||
          (current === UPPER &&
            ((previous & (LOWER | DIGIT)) !== 0 ||
              (previous === UPPER && k + 1 < end && classOf(utf8[k + 1]!) === LOWER)));
        if (boundary) {
          if (k - partStart > 1) {
            parts += 1;
            partLetters += k - partStart;
            length += 1;
            match(partHash, partStart, k);
          }
          partStart = current === JOINER ? k + 1 : k;
          partHash = current === JOINER ? HASH_SEED : step(HASH_SEED, code);
        } else {
          partHash = step(partHash, code);
        }
        if (k < end) {
          wholeHash = step(wholeHash, code);
          if (current !== JOINER) letters += 1;
        }
        previous = current;
      }
      if (parts > 1 || (parts === 1 && partLetters < letters)) {
        length += 1;
        match(wholeHash, start, end);
      }
    }
    return { length, counts };
  };
}
