import { Language, Parser } from 'web-tree-sitter';
import type { Node } from 'web-tree-sitter';
import { locateWasm } from './wasm.js';

/** One definition in a file. Lines are 1-based and inclusive. */
export interface OutlineSymbol {
  readonly name: string;
  readonly kind: string;
  readonly startLine: number;
  readonly endLine: number;
  /** The definition's first line, trimmed: enough for a model to recognise it. */
  readonly signature: string;
}

export interface FileOutline {
  readonly path: string;
  readonly lineCount: number;
  readonly symbols: readonly OutlineSymbol[];
  /** 'tree-sitter' when a grammar parsed it, 'indentation' for the regex fallback. */
  readonly parser: 'tree-sitter' | 'indentation';
}

const GRAMMARS: Readonly<Record<string, string>> = {
  ts: 'tree-sitter-typescript.wasm',
  mts: 'tree-sitter-typescript.wasm',
  cts: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  js: 'tree-sitter-javascript.wasm',
  jsx: 'tree-sitter-javascript.wasm',
  mjs: 'tree-sitter-javascript.wasm',
  cjs: 'tree-sitter-javascript.wasm',
};

let runtime: Promise<void> | undefined;
const languages = new Map<string, Promise<Language | undefined>>();

/** Loads the tree-sitter runtime once per process; undefined grammar means "use the fallback". */
async function languageFor(path: string): Promise<Language | undefined> {
  const extension = path.split('.').pop()?.toLowerCase() ?? '';
  const grammar = GRAMMARS[extension];
  if (!grammar) return undefined;
  let language = languages.get(grammar);
  if (!language) {
    language = (async () => {
      const runtimeWasm = locateWasm('web-tree-sitter.wasm');
      const grammarWasm = locateWasm(grammar);
      if (!runtimeWasm || !grammarWasm) return undefined;
      runtime ??= Parser.init({ locateFile: () => runtimeWasm });
      await runtime;
      return Language.load(grammarWasm);
    })().catch(() => undefined);
    languages.set(grammar, language);
  }
  return language;
}

/** Node types that define something worth listing, with the label shown in the outline. */
const DEFINITIONS: Readonly<Record<string, string>> = {
  function_declaration: 'function',
  generator_function_declaration: 'function',
  class_declaration: 'class',
  abstract_class_declaration: 'class',
  method_definition: 'method',
  interface_declaration: 'interface',
  type_alias_declaration: 'type',
  enum_declaration: 'enum',
  variable_declarator: 'const',
  assignment_expression: 'assign',
  pair: 'property',
  public_field_definition: 'field',
};

const FUNCTION_VALUES = new Set([
  'function_expression',
  'function',
  'arrow_function',
  'generator_function',
  'class',
]);

/**
 * Outlines a file: its functions, classes, methods and function-valued constants, properties and
 * assignments (`proto.format = function …`). Uses tree-sitter for JavaScript and TypeScript and an
 * indentation heuristic for everything else (or when a grammar cannot be loaded).
 */
export async function outlineFile(path: string, text: string): Promise<FileOutline> {
  const lineCount = text.split('\n').length;
  const language = await languageFor(path);
  if (language) {
    const parser = new Parser();
    try {
      parser.setLanguage(language);
      const tree = parser.parse(text);
      if (tree) {
        try {
          const symbols: OutlineSymbol[] = [];
          collect(tree.rootNode, text.split('\n'), symbols, 0);
          return { path, lineCount, symbols, parser: 'tree-sitter' };
        } finally {
          tree.delete();
        }
      }
    } finally {
      parser.delete();
    }
  }
  return { path, lineCount, symbols: outlineByIndentation(text), parser: 'indentation' };
}

function collect(node: Node, lines: readonly string[], out: OutlineSymbol[], depth: number): void {
  if (depth > 12) return;
  for (const child of node.namedChildren) {
    const symbol = definitionOf(child, lines);
    if (symbol) out.push(symbol);
    collect(child, lines, out, depth + 1);
  }
}

function definitionOf(node: Node, lines: readonly string[]): OutlineSymbol | undefined {
  const kind = DEFINITIONS[node.type];
  if (!kind) return undefined;
  let nameNode: Node | null;
  if (
    node.type === 'variable_declarator' ||
    node.type === 'assignment_expression' ||
    node.type === 'pair'
  ) {
    const value = node.childForFieldName(
      node.type === 'variable_declarator' ? 'value' : node.type === 'pair' ? 'value' : 'right',
    );
    if (!value || !FUNCTION_VALUES.has(value.type)) return undefined;
    const target = node.childForFieldName(
      node.type === 'variable_declarator' ? 'name' : node.type === 'pair' ? 'key' : 'left',
    );
    nameNode = target?.type === 'member_expression' ? target.childForFieldName('property') : target;
  } else {
    nameNode = node.childForFieldName('name');
  }
  const name = nameNode?.text.replace(/^['"]|['"]$/g, '');
  if (!name) return undefined;
  const startLine = node.startPosition.row + 1;
  return {
    name,
    kind: kind === 'const' || kind === 'assign' || kind === 'property' ? 'function' : kind,
    startLine,
    endLine: node.endPosition.row + 1,
    signature: (lines[node.startPosition.row] ?? '').trim().slice(0, 120),
  };
}

const FALLBACK_DEFINITION =
  /^(\s*)(?:(?:export|public|private|protected|static|async|pub|override|final|abstract)\s+)*(?:def|class|func|fn|function|interface|struct|enum|trait|impl|module|sub|proc|type)\s+([A-Za-z_$][\w$]*)/;

/** Definitions found by keyword; each ends where indentation returns to its level (or at a closing brace). */
export function outlineByIndentation(text: string): OutlineSymbol[] {
  const lines = text.split('\n');
  const symbols: OutlineSymbol[] = [];
  lines.forEach((line, index) => {
    const match = FALLBACK_DEFINITION.exec(line);
    if (!match?.[2]) return;
    const indent = match[1]?.length ?? 0;
    let end = index;
    for (let next = index + 1; next < lines.length; next += 1) {
      const candidate = lines[next] ?? '';
      if (candidate.trim() === '') continue;
      const candidateIndent = candidate.length - candidate.trimStart().length;
      if (candidateIndent <= indent) {
        if (/^\s*[}\])]/.test(candidate) || /^\s*end\b/.test(candidate)) end = next;
        break;
      }
      end = next;
    }
    symbols.push({
      name: match[2],
      kind: /class|struct|interface|trait|enum|type/.exec(line)?.[0] ?? 'function',
      startLine: index + 1,
      endLine: end + 1,
      signature: line.trim().slice(0, 120),
    });
  });
  return symbols;
}

/** The outline as compact text for a prompt: one line per symbol, nested ones indented. */
export function renderOutline(outline: FileOutline, maxSymbols = 60): string {
  const header = `${outline.path} (${outline.lineCount} lines)`;
  const shown = outline.symbols.slice(0, maxSymbols);
  const body = shown.map((symbol) => {
    const depth = outline.symbols.filter(
      (other) =>
        other !== symbol && other.startLine <= symbol.startLine && other.endLine >= symbol.endLine,
    ).length;
    return `${'  '.repeat(depth + 1)}${symbol.startLine}-${symbol.endLine} ${symbol.kind} ${symbol.name}: ${symbol.signature}`;
  });
  if (outline.symbols.length > shown.length)
    body.push(`  … ${outline.symbols.length - shown.length} more symbols`);
  return [header, ...body].join('\n');
}
