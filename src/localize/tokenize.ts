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

const splitCache = new Map<string, readonly string[]>();

/** Lower-case parts of one identifier: camelCase, PascalCase, snake_case, kebab and digits split. */
export function identifierParts(identifier: string): readonly string[] {
  const cached = splitCache.get(identifier);
  if (cached) return cached;
  const parts = identifier
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_$-]+/)
    .map((p) => p.toLowerCase())
    .filter((p) => p.length > 1);
  if (splitCache.size > 200_000) splitCache.clear();
  splitCache.set(identifier, parts);
  return parts;
}

/** Index terms of a text: each identifier's parts plus the whole identifier (lower case), stop words dropped. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(IDENTIFIER)) {
    const word = match[0];
    if (word.length < 2 || /^\d+$/.test(word)) continue;
    const lower = word.toLowerCase();
    const parts = identifierParts(word);
    for (const part of parts) if (!STOP_WORDS.has(part)) out.push(part);
    if (parts.length > 1 && !STOP_WORDS.has(lower)) out.push(lower);
  }
  return out;
}

export function isStopWord(term: string): boolean {
  return STOP_WORDS.has(term);
}
