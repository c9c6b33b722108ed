/**
 * Ollama's tool-call parser for template-based models, ported from ollama/ollama tools/tools.go
 * (main fb30760): the server feeds it every piece the model generates when a chat request has
 * `tools`. Text before the tag (from the model's template, tools/template.go parseTag) is content;
 * from the tag on, the text is held back and only calls to DECLARED tools come out (findTool),
 * their arguments the first JSON object with "name" and "arguments"/"parameters" (findArguments).
 * Go works on bytes, this on UTF-16 units: the structural characters are ASCII either way.
 */

/** A tool as the request declares it (`tools[]`). */
export interface SimTool {
  readonly type?: string;
  readonly function?: {
    readonly name?: string;
    readonly description?: string;
    readonly parameters?: unknown;
  };
}

/** A parsed call as the server sends it (api.ToolCall without the id, which routes.go adds). */
export interface SimToolCall {
  readonly function: {
    readonly index: number;
    readonly name: string;
    readonly arguments: Record<string, unknown>;
  };
}

type State = 'looking-for-tag' | 'tool-calling' | 'done';

export class ToolCallParser {
  private state: State = 'looking-for-tag';
  private buffer = '';
  private n = 0;
  private readonly names: string[];

  constructor(
    tools: readonly SimTool[],
    readonly tag: string,
  ) {
    this.names = tools.map((t) => t.function?.name ?? '');
  }

  /** Parser.Add: the calls completed by `s` and the content to send on to the client. */
  add(s: string): { calls: SimToolCall[]; content: string } {
    if (this.state === 'done') return { calls: [], content: s };
    this.buffer += s;
    let content = '';
    const calls: SimToolCall[] = [];
    if (this.state === 'looking-for-tag') {
      const { index, found } = this.findTag();
      if (index === -1) {
        content = this.buffer;
        this.buffer = '';
      } else {
        content = this.buffer.slice(0, index);
        this.buffer = this.buffer.slice(index);
      }
      // With { or [ as the tag, only an answer that starts with one is parsed for tools.
      if (this.tag === '{' || this.tag === '[') {
        if (content.trim() !== '') {
          this.state = 'done';
          return { calls: [], content: content + this.buffer };
        }
      }
      if (!found) return { calls: [], content };
      this.state = 'tool-calling';
    }
    for (;;) {
      const call = this.parseToolCall();
      if (!call) break;
      calls.push(call);
    }
    if (this.done()) {
      this.state = 'done';
      content = this.buffer;
      this.buffer = '';
    }
    return { calls, content };
  }

  /**
   * Parser.Content, sent as the content of the final chunk: "" once a call was parsed, and ""
   * for a tag like <tool_call> (what followed it is dropped); only a { or [ tag gives the text back.
   */
  content(): string {
    if (this.n > 0) return '';
    if (this.tag === '{' || this.tag === '[') return this.buffer;
    return '';
  }

  private findTag(): { index: number; found: boolean } {
    const at = this.buffer.indexOf(this.tag);
    if (at > -1) return { index: at, found: true };
    // A partial tag at the end is held back until the next piece decides.
    for (let i = Math.min(this.buffer.length, this.tag.length); i > 0; i--) {
      if (this.buffer.endsWith(this.tag.slice(0, i)))
        return { index: this.buffer.length - i, found: false };
    }
    return { index: -1, found: false };
  }

  private parseToolCall(): SimToolCall | undefined {
    const tool = findTool(this.names, this.buffer);
    if (!tool) return undefined;
    const args = findArguments(tool.name, this.buffer);
    if (!args) return undefined;
    const end = Math.max(tool.end, args.end);
    const call = { function: { index: this.n, name: tool.name, arguments: args.value } };
    this.n++;
    this.buffer = this.buffer.slice(end);
    return call;
  }

  /** Only { and [ tags end: a <tool_call> tag keeps the parser in tool calling to the end. */
  private done(): boolean {
    let open: string;
    let close: string;
    if (this.tag === '{') [open, close] = ['{', '}'];
    else if (this.tag === '[') [open, close] = ['[', ']'];
    else return false;
    let count = 0;
    for (const [, c] of outsideStrings(this.buffer)) {
      if (c === open) count++;
      else if (c === close) {
        count--;
        if (count === 0) return true;
      }
    }
    return false;
  }
}

/** findTool: the earliest (then longest) declared name in the buffer; none while the buffer ends in part of a name. */
function findTool(
  names: readonly string[],
  buffer: string,
): { name: string; end: number } | undefined {
  if (buffer.length === 0) return undefined;
  const longest = Math.max(0, ...names.map((n) => n.length));
  for (let i = 1; i <= Math.min(buffer.length, longest); i++) {
    const tail = buffer.slice(buffer.length - i);
    if (names.some((name) => tail.length < name.length && name.startsWith(tail))) return undefined;
  }
  let found: string | undefined;
  let start = -1;
  let end = -1;
  for (const name of names) {
    const pos = buffer.indexOf(name);
    if (pos === -1) continue;
    if (start !== -1) {
      if (pos > start) continue;
      if (pos === start && name.length <= found!.length) continue;
    }
    found = name;
    start = pos;
    end = pos + name.length;
  }
  return found === undefined ? undefined : { name: found, end };
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** findMap: an object under `key`, or a string under it that parses to one. */
function findMap(key: string, obj: JsonObject): JsonObject | undefined {
  const value = obj[key];
  if (isObject(value)) return value;
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      if (isObject(parsed)) return parsed;
    } catch {
      // not arguments
    }
  }
  return undefined;
}

/** findObject: `null` = it has a "name" but no usable arguments (the call is not parsed). */
function findObject(toolName: string, obj: JsonObject): { args: JsonObject | null } | undefined {
  if ('name' in obj) {
    const args = findMap('arguments', obj) ?? findMap('parameters', obj);
    return { args: args ?? null };
  }
  const named = findMap(toolName, obj);
  if (named) return { args: named };
  for (const value of Object.values(obj)) {
    const children = isObject(value) ? [value] : Array.isArray(value) ? value.filter(isObject) : [];
    for (const child of children) {
      const result = findObject(toolName, child);
      if (result) return result;
    }
  }
  return undefined;
}

/** findArguments: the first whole JSON object in the buffer, read for the tool's arguments. */
function findArguments(
  toolName: string,
  buffer: string,
): { value: JsonObject; end: number } | undefined {
  let start = -1;
  let braces = 0;
  for (const [i, c] of outsideStrings(buffer)) {
    if (c === '{') {
      if (braces === 0) start = i;
      braces++;
    } else if (c === '}') {
      braces--;
      if (braces === 0 && start !== -1) {
        let data: unknown;
        try {
          data = JSON.parse(buffer.slice(start, i + 1));
        } catch {
          data = undefined;
        }
        if (!isObject(data)) {
          start = -1; // not a valid object, keep looking
          continue;
        }
        const result = findObject(toolName, data);
        if (result) return result.args ? { value: result.args, end: i } : undefined;
        return { value: data, end: i };
      }
      if (braces < 0) braces = 0;
    }
  }
  return undefined;
}

/**
 * The characters of a buffer that are outside JSON strings, with their index: what both of the
 * server's brace counters (done and findArguments in tools/tools.go) look at. Quotes and escapes
 * are consumed here.
 */
function* outsideStrings(buffer: string): Generator<[number, string]> {
  let inString = false;
  let escaped = false;
  for (let i = 0; i < buffer.length; i++) {
    const c = buffer[i]!;
    if (escaped) {
      escaped = false;
      continue;
    }
    if (c === '\\') {
      escaped = true;
      continue;
    }
    if (c === '"') {
      inString = !inString;
      continue;
    }
    if (!inString) yield [i, c];
  }
}
