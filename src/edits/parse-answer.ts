import { climbsWithDotDot } from './guards.js';
import { splitLines } from './text-format.js';
import type { Edit, ParseIssue, ParsedAnswer } from './types.js';

// Markers are matched loosely (5-9 characters, any case, stray spaces): models miscount them.
const HEAD = /^\s*<{5,9}\s*SEARCH\b.*$/i;
const DIVIDER = /^\s*={5,9}\s*$/;
const UPDATED = /^\s*>{5,9}\s*REPLACE\b.*$/i;
const FENCE = /^\s*(`{3,}|~{3,})\s*([^`]*)$/;

export interface ParseOptions {
  /** Paths of the files the model was shown, used to resolve mangled or missing file names. */
  readonly knownPaths: readonly string[];
  /** Whether fenced blocks without markers, after a file name, are whole-file rewrites. */
  readonly allowWhole: boolean;
}

/**
 * Reads a model's answer into typed edits. Pure. Tolerates what models really write: file names
 * decorated with `#`, `**`, backticks or a trailing colon, the name inside the fence's info string,
 * fences missing or doubled, marker lengths off by one. What it cannot read becomes a ParseIssue
 * with the answer line, never an exception.
 */
export function parseAnswer(answer: string, options: ParseOptions): ParsedAnswer {
  const lines = splitLines(answer);
  const edits: Edit[] = [];
  const issues: ParseIssue[] = [];
  const prose: string[] = [];
  let previousPath = '';
  let index = 0;
  let i = 0;

  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (HEAD.test(line)) {
      index++;
      const rawPath = findFileNameBefore(lines, i);
      const block = readSearchReplace(lines, i, index);
      if ('issue' in block) {
        issues.push(block.issue);
        i = block.next;
        continue;
      }
      const path = resolvePath(rawPath, previousPath, block.search.length > 0, options.knownPaths);
      if (path === '') {
        issues.push({
          index,
          position: { line: i + 1 },
          message: `Block ${index} (line ${i + 1}) names no file. Write the file's path alone on the line before the opening fence.`,
        });
      } else {
        previousPath = path;
        edits.push({
          kind: 'search-replace',
          index,
          path,
          rawPath,
          search: block.search,
          replace: block.replace,
          position: { line: i + 1 },
        });
      }
      i = block.next;
      continue;
    }

    const fence = FENCE.exec(line);
    if (fence) {
      const close = findClosingFence(lines, i, fence[1] ?? '```');
      const inner = lines.slice(i + 1, close);
      if (inner.some((l) => HEAD.test(l))) {
        i++; // the fence only wraps SEARCH/REPLACE blocks; they are read line by line
        continue;
      }
      const rawPath = fileNameFromInfo(fence[2] ?? '') || fileNameLineBefore(lines, i);
      if (options.allowWhole && rawPath !== '' && close < lines.length) {
        index++;
        const path = resolvePath(rawPath, '', false, options.knownPaths);
        edits.push({
          kind: 'whole-file',
          index,
          path,
          rawPath,
          lines: inner,
          position: { line: i + 1 },
        });
        previousPath = path;
        dropTrailingFileName(prose, rawPath);
      }
      i = close + 1;
      continue;
    }
    prose.push(line);
    i++;
  }
  return { edits, issues, prose: cleanProse(prose, edits) };
}

function readSearchReplace(
  lines: readonly string[],
  head: number,
  index: number,
): { search: string[]; replace: string[]; next: number } | { issue: ParseIssue; next: number } {
  const search: string[] = [];
  let i = head + 1;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (DIVIDER.test(line)) break;
    if (HEAD.test(line) || UPDATED.test(line)) {
      return { issue: missing(lines, index, head, i, '=======', line), next: i };
    }
    search.push(line);
  }
  if (i >= lines.length) return { issue: missing(lines, index, head, i, '=======', ''), next: i };
  const replace: string[] = [];
  for (i++; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (UPDATED.test(line)) return { search, replace, next: i + 1 };
    if (HEAD.test(line) || DIVIDER.test(line)) {
      return {
        issue: missing(lines, index, head, i, '>>>>>>> REPLACE', line),
        next: HEAD.test(line) ? i : i + 1,
      };
    }
    replace.push(line);
  }
  return { issue: missing(lines, index, head, i, '>>>>>>> REPLACE', ''), next: i };
}

function missing(
  lines: readonly string[],
  index: number,
  head: number,
  at: number,
  expected: string,
  found: string,
): ParseIssue {
  const where = found === '' ? 'the end of the answer' : `line ${at + 1} (\`${found.trim()}\`)`;
  // At the end of the answer `at` is one past the last line, and a final newline adds an empty
  // line: the position is the answer's last line that holds anything.
  const line = found === '' ? lastTextLine(lines, head) : at + 1;
  return {
    index,
    position: { line },
    message: `Block ${index}, which starts at line ${head + 1}, is malformed: expected \`${expected}\` before ${where}. Each block is: the file path, \`<<<<<<< SEARCH\`, the lines to find, \`=======\`, the new lines, \`>>>>>>> REPLACE\`.`,
  };
}

/** 1-based number of the last line that is not blank, at least the block's own first line. */
function lastTextLine(lines: readonly string[], head: number): number {
  let last = lines.length - 1;
  while (last > head && (lines[last] ?? '').trim() === '') last--;
  return last + 1;
}

function findClosingFence(lines: readonly string[], open: number, marker: string): number {
  const char = marker[0] ?? '`';
  for (let i = open + 1; i < lines.length; i++) {
    const t = (lines[i] ?? '').trim();
    if (t.length >= marker.length && [...t].every((c) => c === char)) return i;
  }
  return lines.length;
}

/** The file name of a SEARCH block: among the 3 lines before it, skipping fences and blank lines. */
function findFileNameBefore(lines: readonly string[], head: number): string {
  let looked = 0;
  for (let i = head - 1; i >= 0 && looked < 3; i--) {
    const line = lines[i] ?? '';
    if (UPDATED.test(line)) return '';
    if (line.trim() === '') continue;
    looked++;
    const fence = FENCE.exec(line);
    if (fence) {
      const fromInfo = fileNameFromInfo(fence[2] ?? '');
      if (fromInfo !== '') return fromInfo;
      continue;
    }
    const name = cleanFileName(line);
    if (name !== '') return name;
  }
  return '';
}

function fileNameLineBefore(lines: readonly string[], fence: number): string {
  for (let i = fence - 1; i >= 0 && i >= fence - 2; i--) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    return cleanFileName(line);
  }
  return '';
}

/** ```ts src/a.ts  or  ```src/a.ts  (a language alone is not a file name). */
function fileNameFromInfo(info: string): string {
  const words = info.trim().split(/\s+/).filter(Boolean);
  for (const word of words) {
    if (word.includes('/') || /\.[A-Za-z0-9]+$/.test(word)) return cleanFileName(word);
  }
  return '';
}

/**
 * A line reduced to a file name, or '' when it is prose. Strips the decorations models add:
 * `#`, `*`, backticks, quotes, "File:", a trailing colon, a leading "./".
 */
export function cleanFileName(line: string): string {
  let name = line.trim();
  name = name.replace(/^(?:#+|\/\/|--|[*-])\s*/, '');
  name = name.replace(/^(?:file(?:name)?|path)\s*:\s*/i, '');
  name = name.replace(/^[*_`"']+|[*_`"']+$/g, '');
  name = name.replace(/:$/, '');
  name = name.replace(/^[*_`"']+|[*_`"']+$/g, '');
  name = name.trim().replace(/^\.\//, '');
  if (name === '' || /\s/.test(name)) return '';
  // A drive letter is kept so that the guards refuse it as absolute, rather than the name being lost.
  if (!/^(?:[A-Za-z]:)?[\w@+~.\-/\\[\]()]+$/.test(name)) return '';
  if (!name.includes('/') && !/\.[A-Za-z0-9]+$/.test(name) && !/^[A-Z][A-Za-z]+$/.test(name))
    return '';
  return name.replaceAll('\\', '/');
}

/**
 * The repository path a written name means. An edit that must find text (non-empty SEARCH) can only
 * mean a file the model was shown, so a mangled name is mapped to the one known file it names; a
 * name that creates a file is taken as written.
 */
function resolvePath(
  rawPath: string,
  previousPath: string,
  mustExist: boolean,
  knownPaths: readonly string[],
): string {
  if (rawPath === '') {
    if (previousPath !== '') return previousPath;
    // Only an edit that must find its text may fall back to the single file shown; a nameless
    // block that creates or appends is never pointed at a file by guesswork.
    return mustExist && knownPaths.length === 1 ? (knownPaths[0] ?? '') : '';
  }
  // An absolute name is kept as written (the guards refuse it) unless it ends in a known file's path.
  const name = rawPath;
  // A '..' name is never mapped to a known file: the applier refuses it as written.
  if (knownPaths.includes(name) || !mustExist || climbsWithDotDot(name)) return name;
  const bySuffix = knownPaths.filter((p) => p.endsWith('/' + name) || name.endsWith('/' + p));
  if (bySuffix.length === 1) return bySuffix[0] ?? name;
  const base = name.split('/').pop() ?? name;
  const byBase = knownPaths.filter((p) => (p.split('/').pop() ?? p) === base);
  if (byBase.length === 1) return byBase[0] ?? name;
  return name;
}

function dropTrailingFileName(prose: string[], rawPath: string): void {
  while (prose.length > 0 && (prose[prose.length - 1] ?? '').trim() === '') prose.pop();
  if (prose.length > 0 && cleanFileName(prose[prose.length - 1] ?? '') === rawPath) prose.pop();
}

function cleanProse(prose: readonly string[], edits: readonly Edit[]): string {
  const names = new Set(edits.map((e) => e.rawPath).filter(Boolean));
  return prose
    .filter((line) => !names.has(cleanFileName(line)))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
