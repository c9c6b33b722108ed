/** A line-level difference: keep, remove (from a) or add (from b). */
export type DiffOp =
  | { readonly op: 'equal'; readonly a: number; readonly b: number }
  | { readonly op: 'delete'; readonly a: number }
  | { readonly op: 'insert'; readonly b: number };

/**
 * Shortest line diff of `a` into `b` (Myers' O(ND) algorithm), as ops in order. Pure.
 * Common head and tail are cut first, so the usual small edit in a large file stays cheap.
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  const ops: DiffOp[] = [];
  for (let i = 0; i < head; i++) ops.push({ op: 'equal', a: i, b: i });
  ops.push(...middle(a, b, head, a.length - tail, head, b.length - tail));
  for (let i = tail; i > 0; i--) ops.push({ op: 'equal', a: a.length - i, b: b.length - i });
  return ops;
}

function middle(
  a: readonly string[],
  b: readonly string[],
  a0: number,
  a1: number,
  b0: number,
  b1: number,
): DiffOp[] {
  const n = a1 - a0;
  const m = b1 - b0;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))
          ? (v[offset + k + 1] ?? 0)
          : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[a0 + x] === b[b0 + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from (n, m) to (0, 0).
  const reversed: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (vd[offset + k - 1] ?? 0) < (vd[offset + k + 1] ?? 0));
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : (vd[offset + prevK] ?? 0);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      reversed.push({ op: 'equal', a: a0 + x, b: b0 + y });
    }
    if (d === 0) break;
    if (down) {
      y--;
      reversed.push({ op: 'insert', b: b0 + y });
    } else {
      x--;
      reversed.push({ op: 'delete', a: a0 + x });
    }
  }
  return reversed.reverse();
}

/** Lines added and removed between two versions. */
export function countChangedLines(
  a: readonly string[],
  b: readonly string[],
): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const op of diffLines(a, b)) {
    if (op.op === 'insert') added++;
    else if (op.op === 'delete') removed++;
  }
  return { added, removed };
}

export interface DiffFile {
  readonly path: string;
  /** undefined = the file did not exist before. */
  readonly before?: { readonly lines: readonly string[]; readonly finalNewline: boolean };
  readonly after: { readonly lines: readonly string[]; readonly finalNewline: boolean };
}

/** A git-style unified diff (3 lines of context) of one file. Pure. */
export function unifiedDiff(file: DiffFile, context = 3): string {
  const a = file.before ? withEofMarker(file.before) : [];
  const b = withEofMarker(file.after);
  const ops = diffLines(a, b);
  if (ops.every((op) => op.op === 'equal')) return '';
  const header = file.before
    ? `diff --git a/${file.path} b/${file.path}\n--- a/${file.path}\n+++ b/${file.path}\n`
    : `diff --git a/${file.path} b/${file.path}\nnew file mode 100644\n--- /dev/null\n+++ b/${file.path}\n`;
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i]?.op === 'equal') i++;
    if (i >= ops.length) break;
    let start = Math.max(0, i - context);
    let end = i;
    // Extend the hunk while changes are closer than 2 × context lines apart.
    for (;;) {
      while (end < ops.length && ops[end]?.op !== 'equal') end++;
      let gap = end;
      while (gap < ops.length && ops[gap]?.op === 'equal') gap++;
      if (gap < ops.length && gap - end <= 2 * context) end = gap;
      else break;
    }
    const stop = Math.min(ops.length, end + context);
    const slice = ops.slice(start, stop);
    const aStart = firstIndex(ops, start, 'a');
    const bStart = firstIndex(ops, start, 'b');
    const aCount = slice.filter((op) => op.op !== 'insert').length;
    const bCount = slice.filter((op) => op.op !== 'delete').length;
    const body = slice.map((op) =>
      op.op === 'equal' ? ' ' + a[op.a] : op.op === 'delete' ? '-' + a[op.a] : '+' + b[op.b],
    );
    hunks.push(
      `@@ -${range(aStart, aCount)} +${range(bStart, bCount)} @@\n` + body.join('\n') + '\n',
    );
    i = stop;
    start = stop;
  }
  return header + hunks.join('');
}

const NO_EOL = '\\ No newline at end of file';

function withEofMarker(text: {
  readonly lines: readonly string[];
  readonly finalNewline: boolean;
}): string[] {
  if (text.finalNewline || text.lines.length === 0) return [...text.lines];
  // The last line differs from its newline-terminated twin: mark it so the two never compare equal.
  const lines = [...text.lines];
  lines[lines.length - 1] = `${lines[lines.length - 1]}\n${NO_EOL}`;
  return lines;
}

function firstIndex(ops: readonly DiffOp[], from: number, side: 'a' | 'b'): number {
  for (let i = from; i < ops.length; i++) {
    const op = ops[i] as DiffOp;
    if (side === 'a' && op.op !== 'insert') return op.a + 1;
    if (side === 'b' && op.op !== 'delete') return op.b + 1;
  }
  // Only insertions (or deletions) from here: the position after the last line of that side.
  let count = 0;
  for (let i = 0; i < from; i++) {
    const op = ops[i] as DiffOp;
    if (side === 'a' ? op.op !== 'insert' : op.op !== 'delete') count++;
  }
  return count;
}

function range(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}
