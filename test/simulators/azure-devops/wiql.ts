/**
 * Enough of WIQL for ticket selection: SELECT … FROM WorkItems WHERE … ORDER BY …, with AND / OR /
 * NOT and parentheses; = <> < > <= >=, [NOT] CONTAINS, [NOT] IN, [NOT] UNDER; strings, numbers,
 * @project, @today[-n], @me. `[System.Tags] CONTAINS 'x'` matches a whole tag, as the service does;
 * comparisons of strings ignore case.
 */
import { errors } from './http.js';
import { splitTags } from './state.js';

type Token =
  | { kind: 'field'; text: string }
  | { kind: 'word'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'macro'; text: string }
  | { kind: 'punct'; text: string };

export type WiqlValue = string | number | { macro: string; offset: number };

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; inner: Condition }
  | { kind: 'compare'; field: string; op: string; negated: boolean; values: WiqlValue[] };

export interface WiqlQuery {
  readonly columns: string[];
  readonly where?: Condition;
  readonly orderBy: { field: string; descending: boolean }[];
}

export interface EvalContext {
  readonly project: string;
  readonly now: Date;
  readonly me: string;
}

function parseError(message: string): Error {
  return errors.badRequest(message, 'WorkItemTrackingQueryException');
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '[') {
      const end = text.indexOf(']', i);
      if (end < 0)
        throw parseError(
          `TF51006: The query statement is incomplete. The error is caused by «${text.slice(i)}».`,
        );
      tokens.push({ kind: 'field', text: text.slice(i + 1, end).trim() });
      i = end + 1;
    } else if (c === "'" || c === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length)
          throw parseError('TF51006: The query statement contains an unterminated string.');
        if (text[j] === c && text[j + 1] === c) {
          value += c;
          j += 2;
        } else if (text[j] === c) {
          break;
        } else {
          value += text[j++];
        }
      }
      tokens.push({ kind: 'string', text: value });
      i = j + 1;
    } else if (
      /[0-9]/.test(c) ||
      (c === '-' && /[0-9]/.test(text[i + 1] ?? '') && tokens.at(-1)?.kind === 'punct')
    ) {
      const match = /^-?[0-9]+(\.[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', text: match[0] });
      i += match[0].length;
    } else if (c === '@') {
      const match = /^@[A-Za-z]+/.exec(text.slice(i))!;
      tokens.push({ kind: 'macro', text: match[0].toLowerCase() });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][\w.]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'word', text: match[0] });
      i += match[0].length;
    } else {
      const two = text.slice(i, i + 2);
      if (['<>', '>=', '<=', '!='].includes(two)) {
        tokens.push({ kind: 'punct', text: two === '!=' ? '<>' : two });
        i += 2;
      } else if ('=<>(),+-'.includes(c)) {
        tokens.push({ kind: 'punct', text: c });
        i++;
      } else {
        throw parseError(
          `TF51006: The query statement contains an unexpected character. The error is caused by «${c}».`,
        );
      }
    }
  }
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private isWord(word: string, offset = 0): boolean {
    const token = this.tokens[this.position + offset];
    return token?.kind === 'word' && token.text.toUpperCase() === word;
  }

  private expectWord(word: string): void {
    if (!this.isWord(word))
      throw parseError(
        `TF51006: Expecting ${word}. The error is caused by «${this.peek()?.text ?? 'end of query'}».`,
      );
    this.position++;
  }

  private field(): string {
    const token = this.peek();
    if (token?.kind === 'field' || token?.kind === 'word') {
      this.position++;
      return token.text;
    }
    throw parseError(
      `TF51006: Expecting field name. The error is caused by «${token?.text ?? 'end of query'}».`,
    );
  }

  parse(): WiqlQuery {
    this.expectWord('SELECT');
    const columns = [this.field()];
    while (this.peek()?.text === ',') {
      this.position++;
      columns.push(this.field());
    }
    this.expectWord('FROM');
    const source = this.field();
    if (source.toLowerCase() !== 'workitems') {
      throw parseError(
        `TF51006: The simulator supports only FROM WorkItems. The error is caused by «${source}».`,
      );
    }
    let where: Condition | undefined;
    if (this.isWord('WHERE')) {
      this.position++;
      where = this.orExpression();
    }
    const orderBy: { field: string; descending: boolean }[] = [];
    if (this.isWord('ORDER')) {
      this.position++;
      this.expectWord('BY');
      do {
        if (this.peek()?.text === ',') this.position++;
        const field = this.field();
        let descending = false;
        if (this.isWord('ASC')) this.position++;
        else if (this.isWord('DESC')) {
          descending = true;
          this.position++;
        }
        orderBy.push({ field, descending });
      } while (this.peek()?.text === ',');
    }
    if (this.isWord('ASOF')) this.position += 2;
    if (this.position < this.tokens.length) {
      throw parseError(
        `TF51006: The query statement is not valid. The error is caused by «${this.peek()!.text}».`,
      );
    }
    return { columns, where, orderBy };
  }

  private orExpression(): Condition {
    let left = this.andExpression();
    while (this.isWord('OR')) {
      this.position++;
      left = { kind: 'or', left, right: this.andExpression() };
    }
    return left;
  }

  private andExpression(): Condition {
    let left = this.unary();
    while (this.isWord('AND')) {
      this.position++;
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Condition {
    if (this.isWord('NOT')) {
      this.position++;
      return { kind: 'not', inner: this.unary() };
    }
    if (this.peek()?.text === '(' && this.peek()?.kind === 'punct') {
      this.position++;
      const inner = this.orExpression();
      if (this.peek()?.text !== ')')
        throw parseError('TF51006: Expecting ). The error is caused by a missing parenthesis.');
      this.position++;
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Condition {
    const field = this.field();
    let negated = false;
    if (this.isWord('NOT')) {
      negated = true;
      this.position++;
    }
    const token = this.peek();
    if (!token) throw parseError(`TF51006: Expecting comparison operator after «${field}».`);
    let op: string;
    if (token.kind === 'punct' && ['=', '<>', '<', '>', '<=', '>='].includes(token.text)) {
      op = token.text;
      this.position++;
    } else if (
      token.kind === 'word' &&
      ['CONTAINS', 'IN', 'UNDER', 'EVER'].includes(token.text.toUpperCase())
    ) {
      op = token.text.toUpperCase();
      this.position++;
      if (op === 'CONTAINS' && this.isWord('WORDS')) {
        op = 'CONTAINS WORDS';
        this.position++;
      }
    } else {
      throw parseError(
        `TF51006: Expecting comparison operator. The error is caused by «${token.text}».`,
      );
    }
    const values: WiqlValue[] = [];
    if (op === 'IN') {
      if (this.peek()?.text !== '(') throw parseError('TF51006: Expecting ( after IN.');
      this.position++;
      values.push(this.value());
      while (this.peek()?.text === ',') {
        this.position++;
        values.push(this.value());
      }
      if (this.peek()?.text !== ')') throw parseError('TF51006: Expecting ) after the IN list.');
      this.position++;
    } else {
      values.push(this.value());
    }
    return { kind: 'compare', field, op, negated, values };
  }

  private value(): WiqlValue {
    const token = this.peek();
    if (!token) throw parseError('TF51006: Expecting a value.');
    this.position++;
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'macro') {
      let offset = 0;
      const next = this.peek();
      if (next?.kind === 'punct' && (next.text === '-' || next.text === '+')) {
        this.position++;
        const amount = this.peek();
        if (amount?.kind !== 'number')
          throw parseError('TF51006: Expecting a number after the macro offset.');
        this.position++;
        offset = (next.text === '-' ? -1 : 1) * Number(amount.text);
      } else if (next?.kind === 'number' && next.text.startsWith('-')) {
        this.position++;
        offset = Number(next.text);
      }
      return { macro: token.text, offset };
    }
    throw parseError(`TF51006: Expecting a value. The error is caused by «${token.text}».`);
  }
}

export function parseWiql(text: string): WiqlQuery {
  return new Parser(tokenize(text)).parse();
}

const KNOWN_FIELDS = new Map(
  [
    'System.Id',
    'System.Rev',
    'System.Title',
    'System.State',
    'System.Reason',
    'System.Tags',
    'System.AreaPath',
    'System.IterationPath',
    'System.WorkItemType',
    'System.TeamProject',
    'System.CreatedDate',
    'System.ChangedDate',
    'System.CreatedBy',
    'System.ChangedBy',
    'System.AssignedTo',
    'System.Description',
    'System.History',
    'System.CommentCount',
    'Microsoft.VSTS.Common.Priority',
    'Microsoft.VSTS.Common.Severity',
    'Microsoft.VSTS.Common.AcceptanceCriteria',
    'Microsoft.VSTS.TCM.ReproSteps',
    'Microsoft.VSTS.Common.StateChangeDate',
    'Microsoft.VSTS.Common.ActivatedDate',
  ].map((f) => [f.toLowerCase(), f] as const),
);

const FRIENDLY_NAMES: Record<string, string> = {
  id: 'System.Id',
  title: 'System.Title',
  state: 'System.State',
  tags: 'System.Tags',
  'area path': 'System.AreaPath',
  'work item type': 'System.WorkItemType',
  'team project': 'System.TeamProject',
  priority: 'Microsoft.VSTS.Common.Priority',
  'created date': 'System.CreatedDate',
  'changed date': 'System.ChangedDate',
};

/** The field's reference name, or the service's 400 for a field that does not exist. */
export function resolveField(name: string): string {
  const lower = name.toLowerCase();
  const known = FRIENDLY_NAMES[lower] ?? KNOWN_FIELDS.get(lower);
  if (known) return known;
  if (lower.startsWith('custom.')) return name;
  throw parseError(
    `TF51005: The query references a field that does not exist. The error is caused by «${name}».`,
  );
}

function macroValue(value: { macro: string; offset: number }, ctx: EvalContext): string | number {
  switch (value.macro) {
    case '@project':
      return ctx.project;
    case '@me':
      return ctx.me;
    case '@today': {
      const day = new Date(
        Date.UTC(ctx.now.getUTCFullYear(), ctx.now.getUTCMonth(), ctx.now.getUTCDate()),
      );
      return new Date(day.getTime() + value.offset * 86_400_000).toISOString();
    }
    default:
      throw parseError(
        `TF51011: The specified macro does not exist. The error is caused by «${value.macro}».`,
      );
  }
}

function scalar(fieldValue: unknown): string | number | undefined {
  if (fieldValue === undefined || fieldValue === null) return undefined;
  if (typeof fieldValue === 'number') return fieldValue;
  if (typeof fieldValue === 'object') {
    const identity = fieldValue as { displayName?: string; uniqueName?: string };
    return identity.displayName ?? identity.uniqueName ?? JSON.stringify(fieldValue);
  }
  return String(fieldValue);
}

function compareScalars(field: string, a: string | number, b: string | number): number {
  if (typeof a === 'number' || typeof b === 'number') return Number(a) - Number(b);
  if (/date$/i.test(field)) return Date.parse(a) - Date.parse(b);
  return a.toLowerCase().localeCompare(b.toLowerCase());
}

function evaluateComparison(
  condition: Extract<Condition, { kind: 'compare' }>,
  fields: Record<string, unknown>,
  ctx: EvalContext,
): boolean {
  const field = resolveField(condition.field);
  const raw = fields[field];
  const values = condition.values.map((v) => (typeof v === 'object' ? macroValue(v, ctx) : v));
  const actual = scalar(raw);
  let result: boolean;
  switch (condition.op) {
    case 'CONTAINS':
    case 'CONTAINS WORDS': {
      const wanted = String(values[0]).toLowerCase();
      result =
        field === 'System.Tags'
          ? splitTags(raw).some((tag) => tag.toLowerCase() === wanted)
          : String(actual ?? '')
              .toLowerCase()
              .includes(wanted);
      break;
    }
    case 'IN':
      result = actual !== undefined && values.some((v) => compareScalars(field, actual, v) === 0);
      break;
    case 'UNDER': {
      const path = String(actual ?? '').toLowerCase();
      const root = String(values[0]).toLowerCase();
      result = path === root || path.startsWith(`${root}\\`);
      break;
    }
    case 'EVER':
      result = actual !== undefined && compareScalars(field, actual, values[0]!) === 0;
      break;
    default: {
      if (actual === undefined) {
        result =
          condition.op === '=' ? values[0] === '' : condition.op === '<>' && values[0] !== '';
        break;
      }
      const order = compareScalars(field, actual, values[0]!);
      result =
        condition.op === '='
          ? order === 0
          : condition.op === '<>'
            ? order !== 0
            : condition.op === '<'
              ? order < 0
              : condition.op === '>'
                ? order > 0
                : condition.op === '<='
                  ? order <= 0
                  : order >= 0;
    }
  }
  return condition.negated ? !result : result;
}

export function evaluate(
  condition: Condition,
  fields: Record<string, unknown>,
  ctx: EvalContext,
): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluate(condition.left, fields, ctx) && evaluate(condition.right, fields, ctx);
    case 'or':
      return evaluate(condition.left, fields, ctx) || evaluate(condition.right, fields, ctx);
    case 'not':
      return !evaluate(condition.inner, fields, ctx);
    default:
      return evaluateComparison(condition, fields, ctx);
  }
}

/** Sorts by the ORDER BY columns (missing values last), then by id. */
export function sortWorkItems<T extends { id: number; fields: Record<string, unknown> }>(
  items: T[],
  orderBy: WiqlQuery['orderBy'],
): T[] {
  const keys = orderBy.map((o) => ({ field: resolveField(o.field), descending: o.descending }));
  return [...items].sort((a, b) => {
    for (const key of keys) {
      const x = scalar(a.fields[key.field]);
      const y = scalar(b.fields[key.field]);
      if (x === undefined && y === undefined) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const order = compareScalars(key.field, x, y);
      if (order !== 0) return key.descending ? -order : order;
    }
    return a.id - b.id;
  });
}
