/**
 * The baseline: plain BM25 over whole files (words split on non-word characters, lower case, no field
 * weights). `haystack: 'source'` indexes what the dataset calls the haystack (code files by extension,
 * tests excluded); `'all'` indexes every tracked text file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isBinaryFileSync } from 'isbinaryfile';

const K1 = 1.2;
const B = 0.75;

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9_]+/g) ?? [];
}

const CODE_FILE = /\.(?:[cm]?[jt]sx?)$/;
const TEST_FILE = /(?:^|\/)(?:tests?|__tests__)\/|\.(?:test|spec)\./;

export function plainBm25(
  root: string,
  files: readonly string[],
  query: string,
  haystack: 'source' | 'all' = 'source',
): string[] {
  if (haystack === 'source')
    files = files.filter((path) => CODE_FILE.test(path) && !TEST_FILE.test(path));
  const queryTerms = new Set(words(query));
  const docs: { path: string; length: number; tf: Map<string, number> }[] = [];
  const df = new Map<string, number>();
  for (const path of files) {
    let buffer: Buffer;
    try {
      buffer = readFileSync(join(root, path));
    } catch {
      continue;
    }
    if (buffer.length > 0 && isBinaryFileSync(buffer, buffer.length)) continue;
    const tokens = words(buffer.toString('utf8'));
    const tf = new Map<string, number>();
    for (const token of tokens) if (queryTerms.has(token)) tf.set(token, (tf.get(token) ?? 0) + 1);
    for (const term of tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    docs.push({ path, length: tokens.length, tf });
  }
  const average = docs.reduce((sum, doc) => sum + doc.length, 0) / Math.max(docs.length, 1);
  return docs
    .map((doc) => {
      let score = 0;
      for (const [term, tf] of doc.tf) {
        const n = df.get(term) ?? 0;
        const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
        score +=
          (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / Math.max(average, 1)));
      }
      return { path: doc.path, score };
    })
    .filter((doc) => doc.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((doc) => doc.path);
}
