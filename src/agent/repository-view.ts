import { realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { checkPathSyntax, climbsWithDotDot } from '../edits/guards.js';
import { isExcludedPath, readTextFile } from '../localize/files.js';
import { outlineFile, renderOutline } from '../localize/outline.js';

/** Lines one `read` returns at most. */
export const READ_LINES = 200;
/** Hits one `search` returns at most. */
export const SEARCH_HITS = 30;
/** Entries one `list` returns at most. */
export const LIST_ENTRIES = 200;
/** Characters of one hit's line shown. */
const HIT_LINE_CHARS = 160;
/** Files searched between two yields to the event loop (the model lock's heartbeat keeps beating). */
const FILES_PER_SLICE = 200;

/**
 * What the agent may look at: the repository's tracked files (and the files it created), read from
 * the checkout as they are now. Read-only; every answer is bounded and says where it was cut.
 */
export class RepositoryView {
  private readonly files: Set<string>;
  private readonly root: string;

  constructor(root: string, tracked: readonly string[]) {
    this.root = realpathSync(root);
    this.files = new Set(tracked);
  }

  /**
   * A file's text, only when it really is inside the repository: the tests of a change run before
   * some reads and may have turned a folder into a link to anywhere (the file itself is opened
   * without following a link).
   */
  private text(path: string): ReturnType<typeof readTextFile> {
    let real: string;
    try {
      real = realpathSync(join(this.root, path));
    } catch {
      return undefined;
    }
    if (!real.startsWith(this.root + sep)) return undefined;
    return readTextFile(this.root, path);
  }

  /** A file the agent created becomes visible to every tool. */
  add(path: string): void {
    this.files.add(path);
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** Why `path` cannot be read, in words the model can act on; undefined when it can. */
  private refuse(path: string): string | undefined {
    const syntax = checkPathSyntax(path);
    if (syntax || climbsWithDotDot(path))
      return `'${path}' is not a repository path. ${syntax ?? ''}`.trim();
    if (!this.files.has(path)) {
      const near = this.nearest(path);
      return `'${path}' is not a tracked file.${near ? ` Did you mean '${near}'?` : ''} Use search or list to find files.`;
    }
    return undefined;
  }

  read(path: string, startLine = 1, endLine?: number): string {
    const refused = this.refuse(path);
    if (refused) return refused;
    const file = this.text(path);
    if (!file) return `'${path}' cannot be read as text (binary, generated or unreadable).`;
    const lines = file.text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const total = lines.length;
    if (startLine > total)
      return `'${path}' has ${total} lines; start_line ${startLine} is past its end.`;
    const last = Math.min(total, endLine ?? total, startLine + READ_LINES - 1);
    const width = String(last).length;
    const body = lines
      .slice(startLine - 1, last)
      .map((line, i) => `${String(startLine + i).padStart(width)}| ${line}`)
      .join('\n');
    const notes: string[] = [];
    if (file.truncated)
      notes.push(
        `Only the first ${total} lines could be read: the file is larger than the read limit.`,
      );
    if (last < (endLine ?? total))
      notes.push(
        `Lines ${startLine}-${last} of ${total} shown (at most ${READ_LINES} per read). Call read with start_line ${last + 1} for more.`,
      );
    else notes.push(`Lines ${startLine}-${last} of ${total}.`);
    return `${path}\n${body}\n[${notes.join(' ')}]`;
  }

  async search(query: string, under = ''): Promise<string> {
    const needle = query.toLowerCase();
    const prefix = under.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    const hits: string[] = [];
    let more = 0;
    const filesWithMore = new Set<string>();
    let scanned = 0;
    for (const path of [...this.files].sort()) {
      if (prefix && path !== prefix && !path.startsWith(`${prefix}/`)) continue;
      if (isExcludedPath(path)) continue;
      if (++scanned % FILES_PER_SLICE === 0) await yieldToEventLoop();
      const file = this.text(path);
      if (!file || !file.text.toLowerCase().includes(needle)) continue;
      const lines = file.text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (!lines[i]!.toLowerCase().includes(needle)) continue;
        if (hits.length < SEARCH_HITS) hits.push(`${path}:${i + 1}: ${clip(lines[i]!.trim())}`);
        else {
          more++;
          filesWithMore.add(path);
        }
      }
    }
    const where = prefix ? ` under '${prefix}'` : '';
    if (hits.length === 0) return `No tracked file${where} contains "${query}".`;
    const cut =
      more > 0
        ? `\n[${more} more hits in ${filesWithMore.size} file(s) not shown: use a longer query, or pass path to search one folder or file.]`
        : '';
    return `${hits.join('\n')}${cut}`;
  }

  list(under = ''): string {
    const prefix = under.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    if (prefix && climbsWithDotDot(prefix)) return `'${under}' is not a repository path.`;
    const entries = new Map<string, number>();
    for (const path of this.files) {
      if (prefix && !path.startsWith(`${prefix}/`)) continue;
      const rest = prefix ? path.slice(prefix.length + 1) : path;
      const slash = rest.indexOf('/');
      const entry = slash === -1 ? rest : `${rest.slice(0, slash)}/`;
      entries.set(entry, (entries.get(entry) ?? 0) + 1);
    }
    if (entries.size === 0)
      return prefix
        ? `No tracked files under '${prefix}'.`
        : 'The repository has no tracked files.';
    const sorted = [...entries.keys()].sort();
    const shown = sorted
      .slice(0, LIST_ENTRIES)
      .map((e) => (e.endsWith('/') ? `${e} (${entries.get(e)} files)` : e));
    const cut =
      sorted.length > LIST_ENTRIES
        ? `\n[${sorted.length - LIST_ENTRIES} more entries not shown: list a subfolder.]`
        : '';
    return `${prefix || '.'}/\n${shown.join('\n')}${cut}`;
  }

  async outline(path: string): Promise<string> {
    const refused = this.refuse(path);
    if (refused) return refused;
    const file = this.text(path);
    if (!file) return `'${path}' cannot be read as text (binary, generated or unreadable).`;
    const outline = await outlineFile(path, file.text);
    if (outline.symbols.length === 0)
      return `${path} (${outline.lineCount} lines): no functions or classes found; use read.`;
    return renderOutline(outline);
  }

  /** A tracked path with the same file name, for "did you mean". */
  private nearest(path: string): string | undefined {
    const name = path.split('/').at(-1)!;
    return [...this.files].find((f) => f.split('/').at(-1) === name);
  }
}

function clip(line: string): string {
  return line.length > HIT_LINE_CHARS ? `${line.slice(0, HIT_LINE_CHARS)}…` : line;
}
