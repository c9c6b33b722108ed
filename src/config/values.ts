import picomatch from 'picomatch';

/**
 * Small parsers for input values. Each returns the value or throws an InvalidValue whose message
 * says what is accepted; parseConfig adds the input's name and the quoted value.
 */
export class InvalidValue extends Error {}

/** An absolute http(s) URL without trailing slashes; `example` is what the message suggests. */
export function parseUrl(raw: string, example: string): string {
  const hint = `expected an absolute http(s) URL such as ${example}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidValue(hint);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidValue(hint);
  return raw.replace(/\/+$/, '');
}

/** What the URL inputs' messages suggest: each input's own kind of server. */
export const URL_EXAMPLES = {
  azureDevOps: 'https://dev.azure.com/contoso',
  ollama: 'http://127.0.0.1:11434',
  githubApi: 'https://github.example.com/api/v3',
} as const;

export function parseInteger(raw: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(raw)) throw new InvalidValue(`expected a whole number from ${min} to ${max}`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new InvalidValue(`expected a whole number from ${min} to ${max}`);
  return value;
}

export function parseBoolean(raw: string): boolean {
  const v = raw.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new InvalidValue("expected 'true' or 'false'");
}

export function parseEnum<T extends string>(raw: string, accepted: readonly T[]): T {
  const found = accepted.find((a) => a === raw.toLowerCase());
  if (!found)
    throw new InvalidValue(`expected one of: ${accepted.map((a) => `'${a}'`).join(', ')}`);
  return found;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION_HINT = "expected a duration such as '90s', '10m', '1h' or a number of seconds";

/** A duration in milliseconds; a bare number is seconds. */
export function parseDuration(
  raw: string,
  options: { allowNegative?: boolean; min?: number } = {},
): number {
  const match = /^(-?\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(raw.trim());
  if (!match) throw new InvalidValue(DURATION_HINT);
  const ms = Number(match[1]) * DURATION_UNITS[match[2] ?? 's']!;
  if (ms < 0 && !options.allowNegative) throw new InvalidValue(`${DURATION_HINT}, not negative`);
  if (options.min !== undefined && ms >= 0 && ms < options.min) {
    throw new InvalidValue(`${DURATION_HINT}, at least ${options.min / 1000}s`);
  }
  return Math.round(ms);
}

const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

export function parseByteSize(raw: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw.trim());
  const unit = (match?.[2] || 'b').toLowerCase();
  if (!match || !(unit in BYTE_UNITS) || Number(match[1]) <= 0) {
    throw new InvalidValue("expected a memory size such as '24GiB', '24000MiB' or '16GB'");
  }
  return Math.round(Number(match[1]) * BYTE_UNITS[unit]!);
}

/** A list of items separated by newlines or commas; blanks dropped. */
export function parseList(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Repository-relative glob patterns, checked by compiling them. */
export function parseGlobs(raw: string): string[] {
  const globs = parseList(raw);
  for (const glob of globs) {
    if (glob.startsWith('/') || glob.split('/').includes('..')) {
      throw new InvalidValue(
        `expected repository-relative glob patterns (such as '.github/**' or '**/*.lock'); '${glob}' is absolute or climbs out with '..'`,
      );
    }
    try {
      picomatch.makeRe(glob, { strictBrackets: true, dot: true });
    } catch {
      throw new InvalidValue(
        `expected glob patterns (such as '.github/**' or '**/*.lock'); '${glob}' is malformed (unbalanced brackets, braces or parentheses)`,
      );
    }
  }
  return globs;
}

export function parseAuthor(raw: string): { name: string; email: string } {
  const match = /^\s*([^<>]+?)\s*<([^<>\s@]+@[^<>\s@]+)>\s*$/.exec(raw);
  if (!match) throw new InvalidValue("expected 'Name <email@example.com>'");
  return { name: match[1]!, email: match[2]! };
}
