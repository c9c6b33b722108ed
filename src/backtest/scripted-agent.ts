import { READ_LINES, SEARCH_HITS } from '../agent/repository-view.js';
import type { ChatMessage, ToolCall } from '../model/gateway.js';
import { renderBlock, type OracleBlock } from './oracle-answer.js';

/** One turn of a scripted agent: what it writes and the tools it calls (none: a text answer). */
export interface AgentTurn {
  readonly content: string;
  readonly calls: readonly ToolCall[];
}

/** How a scripted agent reaches the tools: it sends one turn and gets the answers to its calls, in order. */
export type TurnPort = (turn: AgentTurn) => Promise<readonly string[]>;

/** Distinctive SEARCH lines tried per block, longest first, before the block counts as a miss. */
const MAX_QUERIES = 3;
/**
 * Search hits read per query to check the SEARCH lines are there: every hit shown, since a block of
 * common lines (a test's `.expect(...)` context) has its place anywhere among them.
 */
const MAX_READS = SEARCH_HITS;
/** Lines read either side of where the SEARCH text should start. */
const READ_MARGIN = 3;
/** The search tool takes queries of at most this many characters (src/agent/tool-definitions.ts). */
const MAX_QUERY_CHARS = 200;

const call = (name: string, args: Record<string, unknown> = {}): ToolCall => ({
  name,
  arguments: args,
});

/**
 * The backtest's oracle as an agent: it knows the real fix as SEARCH/REPLACE blocks but must FIND
 * where each goes through the tools, as a model would. Per block it searches a distinctive SEARCH
 * line, reads around the hits, and edits the file whose lines match; the block's own path is used
 * only for a file the fix creates (there is nothing to find). A block it cannot place is a miss,
 * recorded and said in its summary, never written under the real fix's path: the backtest must see
 * a harness that cannot find the fix, not paper over it.
 */
export class OracleAgent {
  /** Blocks placed, with the path the tools led to. */
  readonly placed: { readonly block: string; readonly path: string }[] = [];
  /** Blocks it could not place, with why. */
  readonly misses: { readonly block: string; readonly why: string }[] = [];
  /** Answers of calls made since the last change: asking again would only repeat them. */
  private readonly seen = new Map<string, string>();

  constructor(private readonly blocks: readonly OracleBlock[]) {}

  async run(send: TurnPort): Promise<void> {
    const ask = async (content: string, calls: readonly ToolCall[]): Promise<string[]> => {
      const keyOf = (c: ToolCall) => `${c.name} ${JSON.stringify(c.arguments)}`;
      const fresh = calls.filter((c) => !this.seen.has(keyOf(c)));
      const answers = fresh.length > 0 ? await send({ content, calls: fresh }) : [];
      fresh.forEach((c, i) => this.seen.set(keyOf(c), answers[i] ?? ''));
      return calls.map((c) => this.seen.get(keyOf(c)) ?? '');
    };
    for (const [index, block] of this.blocks.entries()) {
      const name = `block ${index + 1} of ${this.blocks.length}`;
      const path =
        block.search.length === 0
          ? await this.placeNewFile(block, ask)
          : await this.locate(block, name, ask);
      if (path === undefined) continue;
      const [answer = ''] = await send({
        content: `Editing ${path} (${name}).`,
        calls: [call('edit', { blocks: renderBlock(path, block) })],
      });
      if (answer.startsWith('Applied')) {
        this.placed.push({ block: name, path });
        this.seen.clear();
      } else
        this.misses.push({ block: name, why: `the edit of ${path} failed: ${firstLine(answer)}` });
    }
    if (this.placed.length === 0) {
      const why = `The oracle could not find where the real fix goes: ${this.missSentence()}`;
      // Two answers without a call end the loop: the miss stays visible as a miss.
      await send({ content: why, calls: [] });
      await send({ content: why, calls: [] });
      return;
    }
    await send({ content: 'Running the tests.', calls: [call('run_tests')] });
    const placed = this.placed.map((p) => `${p.block} in ${p.path}`).join(', ');
    const missed = this.misses.length > 0 ? ` Could not place: ${this.missSentence()}` : '';
    const [refused = ''] = await send({
      content: 'Done.',
      calls: [
        call('finish', {
          summary:
            `Replayed the real fix, found through search and read: ${placed}.${missed}`.slice(
              0,
              4000,
            ),
        }),
      ],
    });
    // finish answered instead of ending: the change did not pass, and the oracle has no other.
    const why = `The oracle has no other change to make: ${firstLine(refused)}`;
    await send({ content: why, calls: [] });
    await send({ content: why, calls: [] });
  }

  /** What was missed, in one sentence; '' when nothing was. */
  missSentence(): string {
    return this.misses.map((m) => `${m.block}: ${m.why}`).join('; ');
  }

  /** Where a block's SEARCH lines are, found through search and read; undefined (a miss) when not found. */
  private async locate(
    block: OracleBlock,
    name: string,
    ask: (content: string, calls: readonly ToolCall[]) => Promise<string[]>,
  ): Promise<string | undefined> {
    const queries = distinctiveLines(block.search);
    if (queries.length === 0) {
      this.misses.push({ block: name, why: 'its SEARCH text has no line worth searching for' });
      return undefined;
    }
    let lastSearch = '';
    for (const query of queries) {
      const [hits = ''] = await ask(`Searching for "${query}".`, [call('search', { query })]);
      lastSearch = hits;
      // Where the SEARCH text would start for each hit: the query's line is `offset` lines into it.
      const offset = block.search.findIndex((l) => l.toLowerCase().includes(query.toLowerCase()));
      const starts = [
        ...new Map(
          parseHits(hits).map((h) => {
            const start = Math.max(1, h.line - offset);
            return [`${h.path}:${start}`, { path: h.path, start }] as const;
          }),
        ).values(),
      ].slice(0, MAX_READS);
      if (starts.length === 0) continue;
      const plans = starts.map((s) => ({
        path: s.path,
        calls: readCalls(
          s.path,
          Math.max(1, s.start - READ_MARGIN),
          s.start + block.search.length - 1 + READ_MARGIN,
        ),
      }));
      const answers = await ask(
        `Reading around ${starts.length} hit(s).`,
        plans.flatMap((p) => p.calls),
      );
      let at = 0;
      for (const plan of plans) {
        const read = answers.slice(at, at + plan.calls.length);
        at += plan.calls.length;
        if (containsLines(read.flatMap(readLines), block.search)) return plan.path;
      }
    }
    this.misses.push({
      block: name,
      why: `no file shows its SEARCH lines (searched ${queries.map((q) => `"${q.slice(0, 60)}"`).join(', ')}; last answer: ${firstLine(lastSearch)})`,
    });
    return undefined;
  }

  /** A file the fix creates: its folder is listed (as a model would look), and its path is the fix's. */
  private async placeNewFile(
    block: OracleBlock,
    ask: (content: string, calls: readonly ToolCall[]) => Promise<string[]>,
  ): Promise<string> {
    const folder = block.path.includes('/') ? block.path.slice(0, block.path.lastIndexOf('/')) : '';
    await ask(`Listing ${folder || 'the root'}.`, [call('list', folder ? { path: folder } : {})]);
    return block.path;
  }
}

/** The agent that changes nothing: it answers without calling a tool, so the loop ends with no change. */
export async function emptyAgent(send: TurnPort): Promise<void> {
  const content = 'No change: the simulated empty model changes nothing.';
  await send({ content, calls: [] });
  await send({ content, calls: [] });
}

/** Trimmed SEARCH lines worth a search, longest (and so likely rarest) first, cut to the query limit. */
export function distinctiveLines(search: readonly string[]): string[] {
  const lines = [
    ...new Set(search.map((l) => l.trim()).filter((l) => /[A-Za-z0-9]/.test(l) && l.length >= 3)),
  ];
  return lines
    .sort((a, b) => b.length - a.length)
    .slice(0, MAX_QUERIES)
    .map((l) => l.slice(0, MAX_QUERY_CHARS));
}

/** The hits of a search answer: lines `path:line: text` (src/agent/repository-view.ts search). */
export function parseHits(answer: string): { path: string; line: number }[] {
  const hits: { path: string; line: number }[] = [];
  for (const line of answer.split('\n')) {
    const m = /^(.+?):(\d+): /.exec(line);
    if (m) hits.push({ path: m[1]!, line: Number(m[2]) });
  }
  return hits;
}

/** The numbered lines of a read answer: `path`, then `  12| text` lines, then a `[Lines …]` note. */
export function readLines(answer: string): string[] {
  const lines: string[] = [];
  for (const line of answer.split('\n').slice(1)) {
    const m = /^ *\d+\| ?(.*)$/.exec(line);
    if (m) lines.push(m[1]!);
  }
  return lines;
}

/** `needle` occurs in `lines` as consecutive lines, whitespace set aside as the applier sets it aside. */
export function containsLines(lines: readonly string[], needle: readonly string[]): boolean {
  const norm = (l: string) => l.replace(/\s+/g, ' ').trim();
  const hay = lines.map(norm);
  const want = needle.map(norm);
  for (let i = 0; i + want.length <= hay.length; i++)
    if (want.every((w, j) => hay[i + j] === w)) return true;
  return false;
}

/** Reads of [from, to], at most READ_LINES lines each. */
function readCalls(path: string, from: number, to: number): ToolCall[] {
  const calls: ToolCall[] = [];
  for (let start = from; start <= to; start += READ_LINES)
    calls.push(
      call('read', { path, start_line: start, end_line: Math.min(to, start + READ_LINES - 1) }),
    );
  return calls;
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim() !== '') ?? '(no answer)').slice(0, 300);
}

/** The closing answer of an agent that has nothing more to do. */
const NOTHING_MORE: AgentTurn = {
  content: 'The scripted agent has nothing more to do.',
  calls: [],
};

/**
 * A scripted agent as a model's turns: each call gets the conversation so far, hands the answers
 * to the agent's previous calls back to it (the tool messages after the last assistant message)
 * and returns the agent's next turn. The agent is written as straight-line code awaiting its
 * answers; when it ends, every further turn is a text answer.
 */
export function turnsOf(
  agent: (send: TurnPort) => Promise<void>,
): (messages: readonly ChatMessage[]) => Promise<AgentTurn> {
  let waiting: Deferred<AgentTurn> | undefined;
  let resume: ((answers: readonly string[]) => void) | undefined;
  let started = false;
  let ended = false;
  const send: TurnPort = (turn) =>
    new Promise((resolve) => {
      resume = resolve;
      waiting?.resolve(turn);
    });
  return (messages) => {
    const turn = deferred<AgentTurn>();
    waiting = turn;
    if (!started) {
      started = true;
      agent(send).then(
        () => {
          ended = true;
          waiting?.resolve(NOTHING_MORE);
        },
        (error: unknown) => {
          ended = true;
          waiting?.reject(error);
        },
      );
    } else if (resume && !ended) {
      const next = resume;
      resume = undefined;
      next(answersSince(messages));
    } else turn.resolve(NOTHING_MORE);
    return turn.promise;
  };
}

/** The tool answers after the last assistant message, in order. */
function answersSince(messages: readonly ChatMessage[]): string[] {
  let last = messages.length - 1;
  while (last >= 0 && messages[last]!.role !== 'assistant') last--;
  return messages
    .slice(last + 1)
    .filter((m) => m.role === 'tool')
    .map((m) => m.content);
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
