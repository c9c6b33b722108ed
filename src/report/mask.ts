import type { SecretMasker } from '../shared/secrets.js';

/**
 * A copy of `value` with every string (keys too) masked. Renderers mask their input this way
 * before escaping: an escaped secret (`ghp\_…`, `&amp;`) would no longer match the masker.
 */
export function maskDeep<T>(value: T, masker: SecretMasker): T {
  return walk(value, masker) as T;
}

function walk(value: unknown, masker: SecretMasker): unknown {
  if (typeof value === 'string') return masker.mask(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, masker));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [masker.mask(k), walk(v, masker)]),
    );
  }
  return value;
}
