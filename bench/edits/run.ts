/**
 * Edit-application bench: the forgiving applier (parser + matching ladder + guards) against strict
 * exact-match application, on the same generated corpus.
 *
 *   npm run bench:edits [-- --json] [-- --seed N]
 *
 * For each case: correct = every block accepted and the files equal the intended result;
 * wrong = every block accepted but the files differ (a silent bad write);
 * refused = some block refused (nothing wrong written; the model gets feedback).
 * Must-refuse cases pass only when refused.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PROTECTED_PATHS } from '../../src/config/inputs.js';
import { applyEdits, NEW_FILE_STYLE } from '../../src/edits/apply-edits.js';
import type { WorkingFile } from '../../src/edits/apply-edits.js';
import { parseAnswer } from '../../src/edits/parse-answer.js';
import { decodeText, encodeText } from '../../src/edits/text-format.js';
import { buildCorpus, loadSources } from './corpus.js';
import type { Case } from './corpus.js';

type Verdict = 'correct' | 'wrong' | 'refused';

/** The forgiving path, as a job runs it (pure, in memory). */
export function forgiving(c: Case): { verdict: Verdict; files: Record<string, string> } {
  const parsed = parseAnswer(c.answer, { knownPaths: c.knownPaths, allowWhole: true });
  const files = new Map<string, WorkingFile>();
  for (const [p, raw] of Object.entries(c.files)) {
    const { text, style } = decodeText(raw);
    files.set(p, { path: p, text, style, binary: false });
  }
  for (const e of parsed.edits)
    if (!files.has(e.path))
      files.set(e.path, { path: e.path, style: NEW_FILE_STYLE, binary: false });
  const result = applyEdits(parsed.edits, files, {
    protectedPaths: DEFAULT_PROTECTED_PATHS,
    allowNewFiles: true,
  });
  const out: Record<string, string> = {};
  for (const [p, f] of result.files) if (f.text) out[p] = encodeText(f.text, f.style);
  const refused =
    parsed.issues.length > 0 ||
    parsed.edits.length === 0 ||
    result.results.some((r) => r.status === 'refused');
  return { verdict: refused ? 'refused' : sameFiles(c, out) ? 'correct' : 'wrong', files: out };
}

/**
 * The strict baseline: exact markers, the file name alone on the line before the fence (or the
 * marker), the SEARCH text found exactly once as a plain string, no guards.
 */
export function strict(c: Case): Verdict {
  const files: Record<string, string> = { ...c.files };
  const lines = c.answer.split('\n');
  let applied = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '<<<<<<< SEARCH') continue;
    const name = lines[i - 1]?.startsWith('```') ? lines[i - 2] : lines[i - 1];
    const div = lines.indexOf('=======', i);
    const end = lines.indexOf('>>>>>>> REPLACE', div);
    if (!name || div < 0 || end < 0) return 'refused';
    const search = lines.slice(i + 1, div).join('\n');
    const replace = lines.slice(div + 1, end).join('\n');
    const current = files[name];
    if (current === undefined) {
      if (search !== '') return 'refused';
      files[name] = replace + '\n';
    } else {
      const at = current.indexOf(search);
      if (search === '' || at < 0 || current.indexOf(search, at + 1) >= 0) return 'refused';
      files[name] = current.slice(0, at) + replace + current.slice(at + search.length);
    }
    applied++;
    i = end;
  }
  // Whole-file fallback only for answers without any marker-like line (fairness to the baseline).
  if (applied === 0 && /^(?:<{5,}|={5,}|>{5,})/m.test(c.answer)) return 'refused';
  if (applied === 0) {
    // Whole-file rewrite: a name line, a fence, the content, a fence.
    const m = /^(\S+)\n```\w*\n([\s\S]*?)\n```/m.exec(c.answer);
    if (!m?.[1] || m[2] === undefined) return 'refused';
    files[m[1]] = m[2] + '\n';
  }
  return sameFiles(c, files) ? 'correct' : 'wrong';
}

function sameFiles(c: Case, out: Readonly<Record<string, string>>): boolean {
  if (c.expect === 'refuse') return false;
  const paths = new Set([...Object.keys(c.files), ...Object.keys(out)]);
  for (const p of paths) {
    const want = c.expected[p] ?? c.files[p];
    if (out[p] !== want) return false;
  }
  return true;
}

interface Tally {
  correct: number;
  wrong: number;
  refused: number;
}

function main(): void {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const seedAt = args.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 20240601;
  const verbose = args.includes('--verbose');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sources = loadSources(path.resolve(here, '../../node_modules'));
  const corpus = buildCorpus(sources, seed);
  const started = performance.now();
  const byCategory = new Map<string, { expect: string; forgiving: Tally; strict: Tally }>();
  const failures: { id: string; verdict: Verdict }[] = [];
  for (const c of corpus) {
    const entry = byCategory.get(c.category) ?? {
      expect: c.expect,
      forgiving: { correct: 0, wrong: 0, refused: 0 },
      strict: { correct: 0, wrong: 0, refused: 0 },
    };
    byCategory.set(c.category, entry);
    const f = forgiving(c).verdict;
    const s = strict(c);
    entry.forgiving[f]++;
    entry.strict[s]++;
    if ((c.expect === 'apply' && f !== 'correct') || (c.expect === 'refuse' && f !== 'refused'))
      failures.push({ id: c.id, verdict: f });
    if (
      verbose &&
      ((c.expect === 'apply' && f !== 'correct') || (c.expect === 'refuse' && f !== 'refused'))
    ) {
      console.error(`--- ${c.id} (${f})\n${c.answer.slice(0, 1500)}\n`);
    }
  }
  const ms = performance.now() - started;
  const sum = (expect: string, who: 'forgiving' | 'strict') => {
    const t: Tally = { correct: 0, wrong: 0, refused: 0 };
    for (const e of byCategory.values())
      if (e.expect === expect)
        for (const k of ['correct', 'wrong', 'refused'] as const) t[k] += e[who][k];
    return t;
  };
  const apply = { forgiving: sum('apply', 'forgiving'), strict: sum('apply', 'strict') };
  const refuse = { forgiving: sum('refuse', 'forgiving'), strict: sum('refuse', 'strict') };
  const nApply = apply.forgiving.correct + apply.forgiving.wrong + apply.forgiving.refused;
  const nRefuse = refuse.forgiving.correct + refuse.forgiving.wrong + refuse.forgiving.refused;
  const pct = (k: number, n: number) => (n === 0 ? 0 : Math.round((1000 * k) / n) / 10);
  const summary = {
    seed,
    sources: sources.length,
    cases: corpus.length,
    shouldApply: nApply,
    mustRefuse: nRefuse,
    forgiving: {
      correctPct: pct(apply.forgiving.correct, nApply),
      wrongApplications: apply.forgiving.wrong + refuse.forgiving.wrong + refuse.forgiving.correct,
      refusedShouldApplyPct: pct(apply.forgiving.refused, nApply),
      mustRefuseRefusedPct: pct(refuse.forgiving.refused, nRefuse),
    },
    strict: {
      correctPct: pct(apply.strict.correct, nApply),
      wrongApplications: apply.strict.wrong + refuse.strict.wrong + refuse.strict.correct,
      refusedShouldApplyPct: pct(apply.strict.refused, nApply),
      mustRefuseRefusedPct: pct(refuse.strict.refused, nRefuse),
    },
    msTotal: Math.round(ms),
    categories: Object.fromEntries(byCategory),
    failures: failures.map((f) => `${f.id}: ${f.verdict}`),
  };
  if (json) {
    console.log(JSON.stringify(summary, null, 2));
  } else {
    console.log(
      `Edit-application bench: ${corpus.length} cases (${nApply} should apply, ${nRefuse} must be refused) from ${sources.length} source files, seed ${seed}`,
    );
    console.log('');
    console.log(
      'category                 expect   forgiving (correct/wrong/refused)   strict (correct/wrong/refused)',
    );
    for (const [name, e] of byCategory) {
      const f = e.forgiving;
      const s = e.strict;
      console.log(
        `${name.padEnd(24)} ${e.expect.padEnd(8)} ${`${f.correct}/${f.wrong}/${f.refused}`.padEnd(35)} ${s.correct}/${s.wrong}/${s.refused}`,
      );
    }
    console.log('');
    for (const who of ['forgiving', 'strict'] as const) {
      const x = summary[who];
      console.log(
        `${who.padEnd(10)} should-apply correct ${x.correctPct}%, refused ${x.refusedShouldApplyPct}%; wrong applications ${x.wrongApplications}; must-refuse refused ${x.mustRefuseRefusedPct}%`,
      );
    }
    console.log(`(${Math.round(ms)} ms for both appliers)`);
    if (failures.length > 0) console.log(`not as expected: ${summary.failures.join(', ')}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
