/** Small, pure Markdown/HTML helpers shared by the renderers. */

/**
 * A table cell (its text already Markdown): pipes escaped and line breaks flattened, so every row
 * keeps its column count. A backslash right before a pipe is doubled so it cannot unescape it.
 */
export function cell(text: string): string {
  return (
    text
      .replace(/\\(?=\|)/g, '\\\\')
      .replace(/\|/g, '\\|')
      .replace(/\r?\n/g, ' ')
      .trim() || ' '
  );
}

/** A Markdown table; every row must have as many cells as the header. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function fence(text: string, language = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${text.replace(/\n+$/, '')}\n${ticks}`;
}

/** Inline code that survives backticks inside. */
export function code(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/**
 * Untrusted text (ticket, model) made inert for GitHub/Azure Markdown: no raw HTML, and no
 * @mentions or #references that would ping people or link/close unrelated issues.
 */
export function inert(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(
      /(^|[^\w`])((?:[\w.-]+\/[\w.-]+)?(?:AB)?#\d+|@[\w-]+(?:\/[\w-]+)?)/g,
      (_m, before: string, ref: string) => `${before}\`${ref}\``,
    );
}

/**
 * The model's text with nothing in it that a forge or an integration acts on when it reads the raw
 * text rather than the rendering: GitHub closes issues on `Closes #12`, `Fixes o/r#12` and issue
 * URLs (docs.github.com, "Linking a pull request to an issue"); Azure Boards links any `AB#12` in a
 * pull request's title or description and moves it to Resolved after `fix`/`fixes`/`fixed` (Azure
 * Boards docs, "Link GitHub commits, PRs, branches, and issues to work items"); Azure Repos links
 * `#12`. So references lose their `#` adjacency, URLs their `://`, and HTML comments (ticket-to-pr's
 * own markers) their opener; a reviewer still reads every word.
 */
export function defang(text: string): string {
  return (
    text
      .replace(/\b(AB|GH)([#-])(?=\s*\d)/gi, '$1 $2')
      .replace(/#(?=\d)/g, '# ')
      .replace(/\b([a-z][a-z0-9+.-]*):\/\//gi, '$1[:]//')
      .replace(/\bwww\./gi, 'www[.]')
      // GitHub autolinks e-mail addresses.
      .replace(/(\w)@(?=[\w-]+\.\w)/g, '$1[@]')
      .replace(/<!--/g, '<!- -')
  );
}

/**
 * Text the model wrote, as a block a reviewer can read but no renderer acts on: a fenced code block
 * (no image, heading, link, HTML or mention is rendered in one), its fence longer than any run of
 * backticks inside so the text cannot close it, and the text defanged for raw-text readers.
 */
export function modelBlock(text: string): string {
  return fence(defang(text.replace(/\r\n?/g, '\n')), 'text');
}

/** Text the model wrote, for inline use (a list item, a cell): escaped, and no URL becomes a link. */
export function modelInline(text: string): string {
  return linkText(defang(text));
}

/** A bare http(s) URL in text, without the punctuation that usually ends a sentence after it. */
const BARE_URL = /https?:\/\/[^\s<>"`]+?(?=[.,;:!?'")\]]*(?:\s|$))/gi;

/**
 * Untrusted text for inline use (a link text, a table cell): inert and with Markdown syntax
 * escaped. A URL in it becomes an autolink (`<url>`): escaping its `_` as text would put a
 * backslash into the address renderers then link to (`/\_git/` → `/%5C_git/`).
 */
export function inlineText(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  let out = '';
  let at = 0;
  for (const match of flat.matchAll(BARE_URL)) {
    out += linkText(flat.slice(at, match.index)) + `<${match[0]}>`;
    at = match.index + match[0].length;
  }
  return out + linkText(flat.slice(at));
}

/**
 * A URL as a link destination: destinations are not text, so nothing is backslash-escaped; the
 * few characters that would end or break a destination are percent-encoded instead. Undefined for
 * anything but http(s).
 */
export function linkDestination(url: string): string | undefined {
  if (!/^https?:\/\//i.test(url)) return undefined;
  return url.replace(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must be encoded
    /[\s()<>\\\x00-\x1f\x7f]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'),
  );
}

/** Untrusted text for a link's text: as inlineText, but a URL stays text (links do not nest). */
export function linkText(text: string): string {
  return inert(text.replace(/\r?\n/g, ' ')).replace(/([[\]*_~])/g, '\\$1');
}

/** `[text](url)` with the text already Markdown; only the text when the URL is not http(s). */
export function link(text: string, url: string): string {
  const destination = linkDestination(url);
  return destination ? `[${text}](${destination})` : text;
}

/** 1234 → "1.2 s", 65000 → "1 min 5 s". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${seconds} s`;
}

/** 12345 → "12,345". */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Milliseconds between two ISO times (0 when unknown). */
export function between(startIso: string, endIso: string): number {
  const ms = Date.parse(endIso) - Date.parse(startIso);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}
