import { z } from 'zod';
import { classifyChangedPath, filesOfPatch, heldOutTestFiles } from './changed-paths.js';

/** One closed ticket with its known fix: what the backtest replays and judges. */
export interface Instance {
  readonly instanceId: string;
  /** The ticket's own id when it has one (a work item's); else taken from the instance id. */
  readonly ticketId?: number;
  /** owner/name (JSONL) or the Azure Repos repository name. */
  readonly repo: string;
  readonly baseCommit: string;
  readonly title: string;
  readonly body: string;
  /** The real fix's source changes (unified diff); never shown to the model. */
  readonly fixPatch: string;
  /** The real fix's test changes (unified diff): the held-out tests. */
  readonly testPatch: string;
  /** Tests that fail at the base with the test patch and pass with the fix, when known. */
  readonly failToPass: readonly string[];
  /** The test files the test patch adds or changes: every test in them must pass. */
  readonly heldOutFiles: readonly string[];
  /** Source files the real fix changed (no tests, no docs): what localization should find. */
  readonly goldFiles: readonly string[];
  /** Lines added + removed by the real fix (fix_patch): the ticket's size. */
  readonly fixLines: number;
}

const SHA = /^[0-9a-f]{7,40}$/i;

/** A row of the JSONL dataset (the fields of Multi-SWE-bench-style resolve sets). */
export const datasetRowSchema = z.object({
  instance_id: z.string().min(1),
  repo: z.string().min(1),
  base_commit: z.string().regex(SHA, 'expected a commit sha'),
  ticket_title: z.string(),
  ticket_body: z.string().default(''),
  fix_patch: z.string().min(1, 'the real fix is empty'),
  test_patch: z.string().min(1, 'the held-out tests are empty'),
  fail_to_pass: z.array(z.string()).nullish(),
});

export type DatasetRow = z.infer<typeof datasetRowSchema>;

export interface ParsedDataset {
  readonly instances: readonly Instance[];
  /** Rows of other repositories, by repo, with their counts. */
  readonly otherRepos: ReadonlyMap<string, number>;
}

/**
 * Parses a JSONL dataset, pure. Rows whose `repo` is not `repo` (when given) are skipped; every
 * bad line is reported at once, naming the file's line and the field, and nothing is half-read.
 */
export function parseDataset(
  text: string,
  options: { file: string; repo?: string },
): ParsedDataset {
  const problems: string[] = [];
  const instances: Instance[] = [];
  const otherRepos = new Map<string, number>();
  const seen = new Set<string>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${options.file}:${index + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      problems.push(`${where}: not JSON (${(error as Error).message}).`);
      return;
    }
    const row = datasetRowSchema.safeParse(json);
    if (!row.success) {
      const issues = row.error.issues.map((i) => `'${i.path.join('.') || '(row)'}' ${i.message}`);
      problems.push(`${where}: ${issues.join('; ')}.`);
      return;
    }
    const r = row.data;
    if (options.repo !== undefined && !sameRepo(r.repo, options.repo)) {
      otherRepos.set(r.repo, (otherRepos.get(r.repo) ?? 0) + 1);
      return;
    }
    if (seen.has(r.instance_id)) {
      problems.push(`${where}: instance_id '${r.instance_id}' appears twice.`);
      return;
    }
    seen.add(r.instance_id);
    instances.push(instanceOf(r));
  });
  if (problems.length > 0) {
    throw new DatasetError(
      `${options.file} has ${problems.length} bad line(s); fix them and run again:\n${problems.slice(0, 20).join('\n')}`,
    );
  }
  return { instances, otherRepos };
}

export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

function instanceOf(r: DatasetRow): Instance {
  const fix = filesOfPatch(r.fix_patch);
  return {
    instanceId: r.instance_id,
    repo: r.repo,
    baseCommit: r.base_commit,
    title: r.ticket_title,
    body: r.ticket_body,
    fixPatch: r.fix_patch,
    testPatch: r.test_patch,
    failToPass: r.fail_to_pass ?? [],
    heldOutFiles: heldOutTestFiles(filesOfPatch(r.test_patch).files),
    goldFiles: fix.files.filter((f) => classifyChangedPath(f) === 'source'),
    fixLines: fix.linesChanged,
  };
}

/** `owner/name` compared case-insensitively; a dataset may name the repo with or without its owner. */
export function sameRepo(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .trim()
      .toLowerCase()
      .replace(/\.git$/, '');
  const [x, y] = [norm(a), norm(b)];
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}
