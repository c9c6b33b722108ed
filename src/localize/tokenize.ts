/**
 * Word splitting shared by the ticket parser and the file scorer. Identifiers are split into their
 * parts (`parseHTTPHeader` → parse, http, header) and the whole identifier is kept as a term too, so
 * a ticket naming `utcOffset` matches both the exact identifier and prose about "utc offset".
 */

/** Words too common in tickets and code to carry any signal. */
const STOP_WORDS = new Set(
  (
    'a an and are as at be but by can could did do does for from had has have how i if in into is it its ' +
    'me my no not of on or our so some such than that the their them then there these they this to too ' +
    'was we were what when where which while who why will with would you your also just like get got use ' +
    'used using should want need any all one two new return returns returned true false null undefined ' +
    'var let const function this self value values expected actual behavior behaviour bug issue version ' +
    'example code describe information reproduce steps result results work works working however still ' +
    'see same other only way case does doesn don isn https http www com github org html png jpg img src ' +
    'alt width height br div span ul li details summary'
  ).split(' '),
);

const IDENTIFIER = /[A-Za-z_$][\w$]*|\d+/g;

/** Lower-case parts of one identifier: camelCase, PascalCase, snake_case, kebab and digits split. */
export function identifierParts(identifier: string): readonly string[] {
  return identifier
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_$-]+/)
    .map((p) => p.toLowerCase())
    .filter((p) => p.length > 1);
}

/** Index terms of a text: each identifier's parts plus the whole identifier (lower case), stop words dropped. */
export function terms(text: string): string[] {
  return termsOf(text, false);
}

/**
 * Query terms of a ticket's text: like `terms`, but a part shorter than three letters is dropped
 * when it is a fragment of a longer word ("rs" from "PRs", "na" from "NaN"); a two-letter word of
 * its own (`hu`, `mr`: locale names) is kept.
 */
export function queryTermsOf(text: string): string[] {
  return termsOf(text, true);
}

function termsOf(text: string, dropFragments: boolean): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(IDENTIFIER)) {
    const word = match[0];
    if (word.length < 2 || /^\d+$/.test(word)) continue;
    const lower = word.toLowerCase();
    const parts = identifierParts(word);
    const fragmentsDropped = dropFragments && !(parts.length === 1 && parts[0] === lower);
    for (const part of parts)
      if ((!fragmentsDropped || part.length > 2) && !STOP_WORDS.has(part)) out.push(part);
    if (keepsWhole(word, parts) && !STOP_WORDS.has(lower)) out.push(lower);
  }
  return out;
}

/**
 * Whether the whole identifier is a term of its own beside its parts: when it has several, or when
 * splitting lost a one-letter part (`NaN` is na + n; nan is the word meant).
 */
export function keepsWhole(word: string, parts: readonly string[]): boolean {
  if (parts.length > 1) return true;
  if (parts.length === 0) return false;
  return (parts[0]?.length ?? 0) < word.replace(/[_$]/g, '').length;
}

export function isStopWord(term: string): boolean {
  return STOP_WORDS.has(term);
}

const UPPER = 0;
const LOWER = 1;
const DIGIT = 2;
/** Separates parts: `/`, `.`, `-`, `_`, `$` and white space. */
const JOINER = 3;
const OTHER = 4;

function partClass(code: number, char: string): number {
  if (code >= 65 && code <= 90) return UPPER;
  if (code >= 97 && code <= 122) return LOWER;
  if (code >= 48 && code <= 57) return DIGIT;
  if (code === 47 || code === 46 || code === 45 || code === 95 || code === 36) return JOINER;
  return /\s/.test(char) ? JOINER : OTHER;
}

/**
 * The lower-case parts of `path` that are among `wanted`, for matching ticket words against path
 * segments: segments split at `/` and `.`, then like `identifierParts` (with `-` as a separator).
 * One pass over the characters, as the ranking asks this of every file.
 */
export function pathPartsAmong(path: string, wanted: ReadonlyMap<string, unknown>): Set<string> {
  const found = new Set<string>();
  let start = 0;
  const emit = (end: number): void => {
    if (end - start < 2) return;
    const part = path.slice(start, end).toLowerCase();
    if (wanted.has(part)) found.add(part);
  };
  let previous = JOINER;
  for (let i = 0; i < path.length; i++) {
    const current = partClass(path.charCodeAt(i), path[i]!);
    if (current === JOINER) {
      emit(i);
      start = i + 1;
    } else if (
      current === UPPER &&
      (previous === LOWER ||
        previous === DIGIT ||
        (previous === UPPER &&
          i + 1 < path.length &&
          partClass(path.charCodeAt(i + 1), path[i + 1]!) === LOWER))
    ) {
      // camelCase (`aB`, `1B`) and the end of an acronym (`HTTPHeader`) start a new part.
      emit(i);
      start = i;
    }
    previous = current;
  }
  emit(path.length);
  return found;
}
