import { SimHttpError } from './http-error.js';
import { TEXTS } from './texts.js';

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * `keep_alive` as milliseconds (negative = forever): a number of seconds or a Go duration string.
 * A bare number in a string ("300") is a 400, as in the real server.
 */
export function parseKeepAlive(value: unknown, defaultMs: number): number {
  if (value === undefined || value === null) return defaultMs;
  if (typeof value === 'number') return value < 0 ? -1 : value * 1000;
  if (typeof value !== 'string') throw new SimHttpError(400, 'json: cannot unmarshal keep_alive');
  if (value === '0') return 0;
  const match = /^(-?)((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)$/.exec(value);
  if (!match) {
    if (/^-?\d+(\.\d+)?$/.test(value)) throw new SimHttpError(400, TEXTS.missingUnit(value));
    throw new SimHttpError(400, `time: invalid duration "${value}"`);
  }
  let ms = 0;
  for (const part of match[2]!.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    ms += Number(part[1]) * UNIT_MS[part[2]!]!;
  }
  return match[1] === '-' ? -1 : ms;
}
