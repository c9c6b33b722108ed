import { reporterWords } from './ticket-text.js';
import { isStopWord, queryTermsOf } from './tokenize.js';

/** A path-like mention in the ticket: a file path, a module specifier, or a stack-trace location. */
export interface PathMention {
  /** Normalised forward-slash path, without URL scheme, query, fragment or `:line:col`. */
  readonly path: string;
  readonly line?: number;
  /** Position in a stack trace (0 = innermost frame), when the mention came from one. */
  readonly frame?: number;
  /**
   * A bare name from a code span (`ar-ly`) or a hyphenated word (no-unused-vars, v-model): matches
   * a file whose name is exactly this, hyphens and case aside (v-model names vModel.ts), nothing else.
   */
  readonly bare?: boolean;
}

/** What the ticket says that can point at code. Pure data extracted from the title and body. */
export interface TicketSignals {
  readonly paths: readonly PathMention[];
  /** Code-like identifiers (camelCase, snake_case, called, dotted, or in code spans), with how often they appear. */
  readonly identifiers: ReadonlyMap<string, number>;
  /** Literal messages worth an exact search (error texts, quoted strings). */
  readonly phrases: readonly string[];
  /** Query terms for BM25 with weights (title words count double). */
  readonly terms: ReadonlyMap<string, number>;
  /** The title and the reporter's own words (template and environment dumps left out), for names. */
  readonly words: string;
}

const PATH_TOKEN =
  /(?:[a-z][a-z+.-]*:\/\/)?[\w.@~$-]*(?:[/\\][\w.@~$-]+)+|[\w.@$-]+\.[a-zA-Z]{1,6}\b/g;
const LOCATION_SUFFIX = /^(.*?)(?::(\d+))?(?::\d+)?$/;
const STACK_FRAME = /^\s*at\s+(?:.*?\()?([^()\s]+?):(\d+)(?::\d+)?\)?\s*$/;
/** The function a stack frame names: `at Object.isThing (` gives isThing. */
const FRAME_FUNCTION = /^\s*at\s+(?:async\s+)?(?:new\s+)?([\w$.<>]+?)\s+[([]/;
const SOURCE_EXTENSION =
  /\.(?:[cm]?[jt]sx?|vue|svelte|json|py|rb|go|rs|java|kt|cs|cpp|cc|c|h|hpp|php|swift|scala|css|scss|less|html|ya?ml|toml|sh|sql|md)$/i;
const IDENTIFIER_IN_TEXT = /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(\s*\()?/g;

/**
 * Words of the languages themselves: every file "defines" them (`import`, `default`, `string`), so
 * a ticket quoting them names nothing.
 */
const KEYWORDS = new Set(
  (
    'abstract any as async await boolean break case catch class const constructor continue debugger ' +
    'declare default delete do else enum export extends finally for from function get if implements ' +
    'import in infer instanceof interface keyof let module namespace never new number object of ' +
    'private protected public readonly require return satisfies set static string super switch symbol ' +
    'this throw try type typeof unknown var void while with yield Array Boolean Error Function Map ' +
    'Number Object Promise Set String Symbol console window document process exports'
  ).split(' '),
);

/** Hosts and parts of URLs that never name a repository file. */
const URL_NOISE = /^(?:[a-z][a-z+.-]*:\/\/[^/]*)?/i;

export function extractSignals(title: string, body: string): TicketSignals {
  const text = `${title}\n${body}`;
  const words = reporterWords(body);
  return {
    paths: extractPaths(text),
    identifiers: withFrameFunctions(extractIdentifiers(title, words), body),
    phrases: extractPhrases(text),
    terms: queryTerms(title, words),
    words: `${title}\n${words}`,
  };
}

function normalisePath(raw: string): string | undefined {
  let path = raw
    .replace(URL_NOISE, '')
    .replace(/[?#].*$/, '')
    .replaceAll('\\', '/');
  const location = LOCATION_SUFFIX.exec(path);
  if (location?.[1]) path = location[1];
  path = path.replace(/^\/+/, '').replace(/[.,;:)]+$/, '');
  if (path.length < 3) return undefined;
  // GitHub blob/tree links: keep what follows the commit or branch.
  const blob = /(?:^|\/)(?:blob|tree|raw)\/[^/]+\/(.+)$/.exec(path);
  if (blob?.[1]) path = blob[1];
  return path;
}

function extractPaths(text: string): PathMention[] {
  const mentions: PathMention[] = [];
  const seen = new Set<string>();
  let frame = 0;
  for (const line of text.split('\n')) {
    const frameMatch = STACK_FRAME.exec(line);
    if (frameMatch?.[1]) {
      const path = normalisePath(frameMatch[1]);
      if (path && !path.startsWith('node:') && !path.startsWith('internal/')) {
        mentions.push({ path, line: Number(frameMatch[2]), frame });
        seen.add(path);
      }
      frame += 1;
      continue;
    }
    for (const match of line.matchAll(PATH_TOKEN)) {
      const raw = match[0];
      const path = normalisePath(raw);
      if (!path || seen.has(path)) continue;
      const hasSlash = path.includes('/');
      if (!hasSlash && !SOURCE_EXTENSION.test(path)) continue;
      // A bare domain like example.com or a version like v1.2.3 is not a path.
      if (!hasSlash && /^[\d.v]+$|\.(?:com|org|net|io|dev)$/i.test(path)) continue;
      // A line number follows the token (`file.js:915:3`) or sits in a link fragment (`#L61`).
      const after = /^(?::(\d+)(?::\d+)?|#L(\d+))/.exec(
        line.slice((match.index ?? 0) + raw.length),
      );
      const at = after?.[1] ?? after?.[2];
      mentions.push(at ? { path, line: Number(at) } : { path });
      seen.add(path);
    }
  }
  for (const match of text.matchAll(/`([\w@-]{2,40})`/g)) {
    const name = match[1];
    if (name && !seen.has(name) && !/^\d+$/.test(name)) {
      mentions.push({ path: name, bare: true });
      seen.add(name);
    }
  }
  // Hyphenated names in prose are names too: a rule (no-unused-vars), a directive (v-model).
  for (const match of text.matchAll(/(?<![\w@/.-])[a-z][a-z\d]*(?:-[a-z\d]+)+(?![\w/-])/gi)) {
    const name = match[0];
    if (!seen.has(name) && name.length <= 40) {
      mentions.push({ path: name, bare: true });
      seen.add(name);
    }
  }
  return mentions;
}

/** Identifiers that look like code: mixed case, underscores, `$`, a call, a member access, or inside backticks / fences. */
function extractIdentifiers(title: string, body: string): Map<string, number> {
  const found = new Map<string, number>();
  const add = (name: string, weight: number): void => {
    if (name.length < 3 || isStopWord(name.toLowerCase()) || KEYWORDS.has(name)) return;
    found.set(name, (found.get(name) ?? 0) + weight);
  };
  const scan = (text: string, inCode: boolean, weight: number): void => {
    for (const match of text.matchAll(IDENTIFIER_IN_TEXT)) {
      const chain = match[0].replace(/\s*\($/, '');
      const called = match[1] !== undefined;
      const names = chain.split('.');
      names.forEach((name, index) => {
        const codeLike =
          inCode ||
          called ||
          index > 0 ||
          /[a-z][A-Z]|_|\$/.test(name) ||
          (/^[A-Z][a-z]+[A-Z]/.test(name) && name.length > 4);
        if (codeLike) add(name, weight);
      });
    }
  };
  const codeSpans = (text: string): string[] => [
    ...[...text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? ''),
    ...[...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? ''),
  ];
  const prose = (text: string): string =>
    text.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]+`/g, ' ');
  scan(prose(title), false, 3);
  for (const span of codeSpans(title)) scan(span, true, 3);
  scan(prose(body), false, 1);
  for (const span of codeSpans(body)) scan(span, true, 1);
  return found;
}

/**
 * Functions named by stack frames (innermost first), as identifiers: the frame's file is often a
 * bundle, but the function keeps its name in the source.
 */
function withFrameFunctions(identifiers: Map<string, number>, body: string): Map<string, number> {
  for (const line of body.split('\n')) {
    const name = FRAME_FUNCTION.exec(line)?.[1]?.split('.').at(-1);
    if (!name || name.length < 3 || /^(?:Object|Module|<anonymous>|anonymous)$/.test(name))
      continue;
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || isStopWord(name.toLowerCase())) continue;
    identifiers.set(name, (identifiers.get(name) ?? 0) + 1);
  }
  return identifiers;
}

/** Phrases searched in every file: each costs a scan of the repository. */
const MAX_PHRASES = 8;
/** An error or warning line as printed: `TypeError: …`, `[Vue warn]: …`, `Warning: …`. */
const MESSAGE_LINE = /(?:\b(?:[A-Z]\w*)?Error|\bwarn(?:ing)?\]?|\bWarning)\s*:\s*([^\n]{8,160})/gi;

/**
 * Error messages and quoted strings long enough to be distinctive when found verbatim in a file. A
 * printed message carries values the source fills in at run time, so its literal stretches
 * between quotes, numbers and brackets are searched too (`Failed to resolve component: "foo"`
 * finds the template `Failed to resolve component: ${name}`).
 */
function extractPhrases(text: string): string[] {
  const messages = new Set<string>();
  const chunks = new Set<string>();
  const quoted = new Set<string>();
  for (const match of text.matchAll(MESSAGE_LINE)) {
    const message = match[1]?.trim();
    if (!message) continue;
    messages.add(message);
    for (const chunk of message.split(/["'`()[\]{}<>]|\b\d[\w.]*|\s-\s/)) {
      const literal = chunk.trim().replace(/[:,.]$/, '');
      if (literal !== message && literal.length >= 12 && /[a-z]{2,}\s+[a-z]{2,}/i.test(literal))
        chunks.add(literal);
    }
  }
  for (const match of text.matchAll(/(["'])([^"'\n]{10,120})\1/g)) {
    const phrase = match[2]?.trim();
    if (phrase && /[a-z]{3,}\s+[a-z]{3,}/i.test(phrase)) quoted.add(phrase);
  }
  // A code span that is a literal rather than a name (`vite:html-inline-proxy`, `?html-proxy`).
  for (const match of text.matchAll(/`([^`\s]{8,80})`/g)) {
    const literal = match[1] ?? '';
    if (/[:?=#@]|-.*-/.test(literal) && /[a-z]{3,}/i.test(literal) && !/[()]/.test(literal))
      quoted.add(literal);
  }
  return [...new Set([...messages, ...chunks, ...quoted])].slice(0, MAX_PHRASES);
}

function queryTerms(title: string, body: string): Map<string, number> {
  const weights = new Map<string, number>();
  const add = (text: string, weight: number): void => {
    for (const term of queryTermsOf(text)) weights.set(term, (weights.get(term) ?? 0) + weight);
  };
  add(title, 2);
  add(body, 1);
  return weights;
}
