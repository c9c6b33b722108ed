/**
 * What a JavaScript or TypeScript file imports, read with regular expressions rather than a parser:
 * the ranking asks this of thousands of files and only needs the specifiers and the imported names,
 * so a rare miss (an import built at run time) costs a hint, never correctness.
 */

export interface ImportRef {
  /** As written: `./util`, `@vue/shared`, `lodash/get`. */
  readonly specifier: string;
  /** Names taken from the module (`{ a, b as c }` gives a and b); empty for default, namespace and side-effect imports. */
  readonly names: readonly string[];
  /** A re-export (`export … from`): the file passes the target's names on. */
  readonly reexport: boolean;
}

const STATIC_FORM =
  /\b(import|export)\s+(?:type\s+)?([\w$*{}\s,]*?)\s*\bfrom\s*['"]([^'"\n]+)['"]|\bimport\s*['"]([^'"\n]+)['"]/g;
const CALL_FORM =
  /(?:\b(?:const|let|var)\s+(\{[^}]*\})\s*=\s*)?\b(?:require|import)\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;

/** Cheap test before the regular expressions: most data files import nothing. */
export function mayImport(text: string): boolean {
  return text.includes('import') || text.includes('require') || text.includes('export');
}

export function importsOf(text: string): ImportRef[] {
  if (!mayImport(text)) return [];
  const found: ImportRef[] = [];
  for (const match of text.matchAll(STATIC_FORM)) {
    const specifier = match[3] ?? match[4];
    if (!specifier) continue;
    found.push({
      specifier,
      names: match[2] ? namesIn(match[2]) : [],
      reexport: match[1] === 'export',
    });
  }
  for (const match of text.matchAll(CALL_FORM)) {
    if (match[2])
      found.push({ specifier: match[2], names: namesIn(match[1] ?? ''), reexport: false });
  }
  return found;
}

/** The imported (not local) names in `{ a, b as c, type d }` or `{ a, b: c }`. */
function namesIn(clause: string): string[] {
  const braces = /\{([^}]*)\}/.exec(clause);
  if (!braces?.[1]) return [];
  return braces[1]
    .split(',')
    .map((part) =>
      part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+|\s*:\s*/)[0]
        ?.trim(),
    )
    .filter((name): name is string => !!name && /^[A-Za-z_$][\w$]*$/.test(name));
}
