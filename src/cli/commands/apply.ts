import fs from 'node:fs/promises';
import path from 'node:path';
import type { CliCommand, CliIo } from '../command.js';
import { EXIT } from '../command.js';
import { withBuiltInProtections } from '../../config/protected-paths.js';
import { parseList } from '../../config/values.js';
import { applyEdits } from '../../edits/apply-edits.js';
import { summarizeChange } from '../../edits/change-summary.js';
import { checkLimits } from '../../edits/guards.js';
import { parseAnswer } from '../../edits/parse-answer.js';
import type { BlockResult, ParseIssue } from '../../edits/types.js';
import { loadWorkingFiles, writeWorkingFiles } from '../../edits/workspace-files.js';
import { getErrorMessage } from '../../shared/errors.js';
import { existingDirectory, existingFile, sizeText, UsageError } from '../path-flags.js';

const HELP = `Usage: ticket-to-pr apply --repo DIR --answer-file FILE [options]

Applies an edit model's raw answer (SEARCH/REPLACE blocks or whole-file rewrites) to a repository
with the same parser, applier and safety guards as a job. All or nothing: when any block is refused,
no file is written.

Options:
  --repo DIR                 Repository root (required).
  --answer-file FILE         File holding the model's answer (required; '-' reads standard input).
  --dry-run                  Report what would happen; write nothing.
  --json                     Print a JSON report: every block (applied and how it matched, or
                             refused and why) and the resulting unified diff.
  --protected-paths GLOBS    Comma- or newline-separated globs never written, added to the
                             built-in protections (.github/**, pipeline YAML, lock files,
                             .git/**, .env files), which are always on.
  --max-changed-files N      Most files the answer may change (default 5).
  --max-changed-lines N      Most lines added + removed (default 300).
  --no-new-files             Refuse blocks that create files.
  --help                     Show this text.

Exit codes:
  0  every block applied (or would apply, with --dry-run)
  1  a block was refused or malformed, the answer holds no edit block, a limit was exceeded,
     or writing failed; nothing written
  2  bad flags, or a --repo or --answer-file that is missing, of the wrong kind or too large
`;

/** `--answer-file -`: the answer comes from standard input. */
const STDIN = '-';
/** An answer is at most an edit model's output (tens of kilobytes); far more is not an answer. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

interface ApplyOptions {
  repo: string;
  answerFile: string;
  dryRun: boolean;
  json: boolean;
  protectedPaths: string[];
  maxChangedFiles: number;
  maxChangedLines: number;
  allowNewFiles: boolean;
}

export interface ApplyReport {
  readonly ok: boolean;
  readonly dryRun: boolean;
  readonly written: boolean;
  readonly blocks: readonly BlockResult[];
  readonly malformed: readonly ParseIssue[];
  /** Set when the whole change is over a limit. */
  readonly limit?: string;
  /** The answer holds no edit at all (prose only): nothing to apply is a refusal, not a success. */
  readonly noEditBlock: boolean;
  readonly changedFiles: readonly string[];
  readonly linesAdded: number;
  readonly linesRemoved: number;
  /** The unified diff of the blocks that applied (in the JSON report even when others were refused). */
  readonly diff: string;
}

export const applyCommand: CliCommand = {
  name: 'apply',
  summary:
    "Apply an edit model's answer to a repository with the job's parser, applier and guards.",
  help: HELP,
  async run(argv, io) {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    let options: ApplyOptions;
    try {
      options = parseFlags(argv, io);
    } catch (error) {
      // cli/main.ts prints a UsageError with the command's name and help, and exits 2.
      throw new UsageError(getErrorMessage(error));
    }
    options.repo = await existingDirectory('repo', options.repo, io.cwd);
    if (options.answerFile !== STDIN)
      options.answerFile = await existingFile('answer-file', options.answerFile, io.cwd, {
        maxBytes: MAX_ANSWER_BYTES,
        what: "an edit model's answer",
      });
    const fromStdin = options.answerFile === STDIN ? await io.readStdin!(MAX_ANSWER_BYTES) : '';
    if (fromStdin === undefined)
      throw new UsageError(
        `--answer-file -: standard input holds more than ${sizeText(MAX_ANSWER_BYTES)}; an edit model's answer is at most that.`,
      );
    try {
      const answer =
        options.answerFile === STDIN ? fromStdin : await fs.readFile(options.answerFile, 'utf8');
      const report = await applyAnswer(options, answer);
      io.stdout(options.json ? JSON.stringify(report, null, 2) + '\n' : renderText(report));
      return report.ok ? EXIT.ok : EXIT.failed;
    } catch (error) {
      io.stderr(`apply: ${getErrorMessage(error)}\n`);
      return EXIT.failed;
    }
  },
};

function parseFlags(argv: readonly string[], io: CliIo): ApplyOptions {
  const options: ApplyOptions = {
    repo: '',
    answerFile: '',
    dryRun: false,
    json: false,
    protectedPaths: [],
    maxChangedFiles: 5,
    maxChangedLines: 300,
    allowNewFiles: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const [name, inline] = flag.includes('=')
      ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)]
      : [flag, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${name} needs a value`);
      return v;
    };
    const count = (): number => {
      const raw = value();
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1)
        throw new Error(`${name} expects a positive whole number; got '${raw}'`);
      return n;
    };
    switch (name) {
      case '--repo':
        options.repo = value();
        break;
      case '--answer-file': {
        const file = value();
        if (file === '-' && !io.readStdin)
          throw new Error('--answer-file -: no standard input to read');
        options.answerFile = file === '-' ? STDIN : file;
        break;
      }
      case '--dry-run':
        options.dryRun = true;
        break;
      case '--json':
        options.json = true;
        break;
      case '--protected-paths':
        options.protectedPaths = parseList(value());
        break;
      case '--max-changed-files':
        options.maxChangedFiles = count();
        break;
      case '--max-changed-lines':
        options.maxChangedLines = count();
        break;
      case '--no-new-files':
        options.allowNewFiles = false;
        break;
      default:
        throw new Error(`unknown flag '${flag}'`);
    }
  }
  if (options.repo === '') throw new Error('--repo is required');
  if (options.answerFile === '') throw new Error('--answer-file is required');
  return { ...options, protectedPaths: withBuiltInProtections(options.protectedPaths) };
}

/** Parses, applies and guards an answer against a repository; writes only when everything applied and not a dry run. */
async function applyAnswer(options: ApplyOptions, answer: string): Promise<ApplyReport> {
  const knownPaths = await listFiles(options.repo);
  const parsed = parseAnswer(answer, { knownPaths, allowWhole: true });
  const named = parsed.edits.map((e) => e.path);
  // A name that does not exist may be mangled: the applier may look for its SEARCH text elsewhere.
  const known = new Set(knownPaths);
  const extra = named.some((p) => !known.has(p)) ? knownPaths.slice(0, 2000) : [];
  const files = await loadWorkingFiles(options.repo, [...named, ...extra]);
  const applied = applyEdits(parsed.edits, files, options);
  const change = summarizeChange(files, applied.files);
  const limit = checkLimits(change.files, options);
  const noEditBlock = parsed.edits.length === 0 && parsed.issues.length === 0;
  const ok =
    !noEditBlock &&
    parsed.issues.length === 0 &&
    limit === undefined &&
    applied.results.every((r) => r.status !== 'refused');
  let written = false;
  if (ok && !options.dryRun && applied.changed.length > 0) {
    await writeWorkingFiles(options.repo, applied.files, applied.changed);
    written = true;
  }
  return {
    ok,
    dryRun: options.dryRun,
    written,
    blocks: applied.results,
    malformed: parsed.issues,
    ...(limit ? { limit } : {}),
    noEditBlock,
    changedFiles: change.files.map((f) => f.path),
    linesAdded: change.linesAdded,
    linesRemoved: change.linesRemoved,
    diff: change.diff,
  };
}

const SKIP_DIRS = new Set(['.git', 'node_modules']);

async function listFiles(root: string, limit = 50_000): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(path.join(root, dir), { withFileTypes: true })) {
      if (out.length >= limit) return;
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) await walk(rel);
      } else if (entry.isFile()) out.push(rel);
    }
  };
  await walk('');
  return out.sort();
}

function renderText(report: ApplyReport): string {
  const lines: string[] = [];
  for (const issue of report.malformed)
    lines.push(
      `block ${issue.index ?? '?'}: malformed (answer line ${issue.position.line}): ${issue.message}`,
    );
  for (const block of report.blocks) {
    if (block.status === 'applied')
      lines.push(
        `block ${block.index}: ${block.path}: applied (${block.method}, line ${block.line})`,
      );
    else if (block.status === 'already-applied')
      lines.push(`block ${block.index}: ${block.path}: already applied`);
    else
      lines.push(
        `block ${block.index}: ${block.path}: REFUSED (${block.reason}): ${block.message}`,
      );
  }
  if (report.limit) lines.push(`limit: ${report.limit}`);
  if (report.noEditBlock)
    lines.push(
      'no edit block: the answer holds no SEARCH/REPLACE block and no fenced whole file after a file name',
    );
  const verdict = report.ok
    ? report.dryRun
      ? 'dry run: every block would apply; nothing written'
      : report.written
        ? `written: ${report.changedFiles.join(', ')} (+${report.linesAdded} -${report.linesRemoved})`
        : 'nothing to change'
    : 'refused: nothing written';
  lines.push(verdict);
  // A refused answer wrote nothing: printing a diff would show a change that did not happen.
  return lines.join('\n') + '\n' + (report.ok && report.diff ? '\n' + report.diff : '');
}
