import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { parseConfig } from '../../config/parse-config.js';
import { parseUrl, URL_EXAMPLES } from '../../config/values.js';
import { localize } from '../../localize/localize.js';
import type { LocalizationResult } from '../../localize/localize.js';
import type { ModelGateway } from '../../model/gateway.js';
import { createOllamaGateway } from '../../model/ollama-gateway.js';
import { ConfigError, getErrorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { EXIT } from '../command.js';
import type { CliCommand, CliIo } from '../command.js';
import { parseFlags } from '../flags.js';
import { existingDirectory, existingFile, shown, UsageError } from '../path-flags.js';

const HELP = `Usage: ticket-to-pr localize --repo DIR --ticket-file FILE [--top N] [--budget TOKENS] [--json]
                            [--ollama-host URL --triage-model MODEL] [--verbose]

Ranks the files of a git repository for a ticket, the way a job's localize stage does, and prints
the ranking with the reasons behind it. Without model flags only the deterministic ranking runs
(paths, stack frames and identifiers named in the ticket, BM25 over paths, symbols and contents).
With --ollama-host and --triage-model the triage model also picks files and functions from outlines.

Flags:
  --repo DIR            Git checkout to search (its tracked files, from git ls-files). Required.
  --ticket-file FILE    JSON file {"title": "...", "body": "..."}, at most 4 MiB. Required.
  --top N               How many files to print and pack (default 5).
  --budget TOKENS       Editor context budget for the packed code (default 12000).
  --json                Print {"files":[{"path","score","reasons"}], ...} instead of text.
  --ollama-host URL     Ollama server, e.g. http://127.0.0.1:11434 (needs --triage-model).
  --triage-model MODEL  Small model that picks files from outlines (needs --ollama-host).
  --verbose             Print progress on stderr.
  --help                This text.

Exit codes: 0 ranked; 1 failed (git or the model failed); 2 bad flags, a --repo that is not a git
checkout, or a ticket file that is missing, too large or not a ticket.
`;

/**
 * A ticket is a title and a description: a job reads at most 300,000 characters of a field, so a
 * ticket file many times that is a wrong file, refused before it is read into memory.
 */
const MAX_TICKET_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Characters per token of the packed code: a rough estimate that errs on the large side. The same
 * with or without --triage-model: the budget is the edit model's, which this command never asks,
 * so the triage model's calibration says nothing about it, and a failed pick step must pack the
 * same code as the ranking alone.
 */
const estimateTokens = (text: string): number => Math.ceil(text.length / 3.5);

export const localizeCommand: CliCommand = {
  name: 'localize',
  summary: 'Rank the files of a repository for a ticket (the localize stage on its own).',
  help: HELP,
  async run(argv, io) {
    if (argv.includes('--help')) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    const parsed = parseFlags(argv, {
      values: ['repo', 'ticket-file', 'top', 'budget', 'ollama-host', 'triage-model'],
      switches: ['json', 'verbose'],
    });
    // cli/main.ts prints a UsageError with the command's name and help, and exits 2.
    const usage = (message: string): never => {
      throw new UsageError(message);
    };
    if ('error' in parsed) return usage(parsed.error);
    const { flags, switches } = parsed;
    const repo = flags.get('repo');
    const ticketFile = flags.get('ticket-file');
    if (!repo) return usage('Missing --repo DIR.');
    if (!ticketFile) return usage('Missing --ticket-file FILE.');
    const top = positiveInteger(flags.get('top') ?? '5');
    if (top === undefined)
      return usage(`Invalid --top '${flags.get('top')}': expected a positive whole number.`);
    const budget = positiveInteger(flags.get('budget') ?? '12000');
    if (budget === undefined)
      return usage(`Invalid --budget '${flags.get('budget')}': expected a positive whole number.`);
    const host = flags.get('ollama-host');
    const model = flags.get('triage-model');
    if (Boolean(host) !== Boolean(model))
      return usage('--ollama-host and --triage-model go together.');
    if (host) {
      try {
        parseUrl(host, URL_EXAMPLES.ollama);
      } catch (error) {
        return usage(`--ollama-host '${host}': ${getErrorMessage(error)}.`);
      }
    }

    const repoRoot = await existingDirectory('repo', repo, io.cwd);
    const ticketPath = await existingFile('ticket-file', ticketFile, io.cwd, {
      maxBytes: MAX_TICKET_FILE_BYTES,
      what: 'a ticket file',
    });
    let ticket: { title: string; body: string };
    try {
      ticket = parseTicket(await readFile(ticketPath, 'utf8'));
    } catch (error) {
      return usage(`Cannot use --ticket-file '${ticketFile}': ${getErrorMessage(error)}`);
    }
    const logger = stderrLogger(io, switches.has('verbose'));

    let files: string[];
    try {
      files = await trackedFiles(repoRoot);
    } catch (error) {
      if (/not a git repository/i.test(getErrorMessage(error)))
        throw new UsageError(`--repo ${shown(repo, repoRoot)} is not a git checkout.`);
      io.stderr(`Cannot list the tracked files of '${repoRoot}': ${getErrorMessage(error)}\n`);
      return EXIT.failed;
    }

    let gateway: ModelGateway | undefined;
    try {
      gateway = host && model ? createGateway(host, model, io, logger) : undefined;
    } catch (error) {
      // A value the job's own parser refuses (an --ollama-host that is no URL) is a bad flag.
      if (error instanceof ConfigError) return usage(getErrorMessage(error));
      throw error;
    }
    try {
      await gateway?.preflight();
      const result = await localize({
        repoRoot,
        files,
        ticket,
        gateway,
        editorBudgetTokens: budget,
        countTokens: estimateTokens,
        top,
        logger,
      });
      io.stdout(
        switches.has('json') ? `${JSON.stringify(asJson(result), null, 2)}\n` : asText(result),
      );
      return EXIT.ok;
    } catch (error) {
      io.stderr(`Localize failed: ${getErrorMessage(error)}\n`);
      return EXIT.failed;
    } finally {
      await gateway?.close();
    }
  },
};

function positiveInteger(value: string): number | undefined {
  return /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}

function parseTicket(text: string): { title: string; body: string } {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null)
    throw new Error('expected a JSON object {"title": "...", "body": "..."}');
  const { title, body } = value as { title?: unknown; body?: unknown };
  if (typeof title !== 'string' || title.trim() === '')
    throw new Error('"title" must be a non-empty string');
  if (body !== undefined && typeof body !== 'string') throw new Error('"body" must be a string');
  return { title, body: body ?? '' };
}

async function trackedFiles(repoRoot: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    'git',
    ['-c', 'core.quotepath=off', 'ls-files', '-z'],
    {
      cwd: repoRoot,
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  return stdout.split('\0').filter(Boolean);
}

/**
 * A gateway for this command alone: the job configuration with only the model inputs given (the
 * tracker is never contacted; its required inputs get placeholders), the triage model doubling as
 * the edit model so preflight checks one model.
 */
function createGateway(host: string, model: string, io: CliIo, logger: Logger): ModelGateway {
  const values: Record<string, string> = {
    'ollama-host': host,
    'triage-model': model,
    'edit-model': model,
    'azure-devops-org-url': 'https://dev.azure.com/localize-only',
    'azure-devops-project': 'localize-only',
    'azure-devops-token': 'unused-by-localize',
  };
  const config = parseConfig((name) => values[name] ?? '', io.env, io.cwd);
  return createOllamaGateway({ config, logger, deadline: Date.now() + config.budgets.jobBudgetMs });
}

function asJson(result: LocalizationResult): unknown {
  return {
    files: result.files.map((file) => ({
      path: file.path,
      score: file.score,
      reasons: file.reasons,
      ...(file.symbols.length > 0 ? { symbols: file.symbols } : {}),
    })),
    modelUsed: result.modelUsed,
    filesScanned: result.filesScanned,
    context: {
      usedTokens: result.context.usedTokens,
      budgetTokens: result.context.budgetTokens,
      blocks: result.context.blocks.map((b) => ({
        path: b.path,
        startLine: b.startLine,
        endLine: b.endLine,
        whole: b.whole,
      })),
      cut: result.context.cut,
    },
    notes: result.notes,
  };
}

function asText(result: LocalizationResult): string {
  const lines = result.files.map((file, index) => {
    const symbols = file.symbols.length > 0 ? `\n     symbols: ${file.symbols.join(', ')}` : '';
    return `${index + 1}. ${file.path}  (score ${file.score})${symbols}\n${file.reasons.map((r) => `     - ${r}`).join('\n')}`;
  });
  const context = result.context;
  const cut = context.cut.map((c) => `  cut: ${c.path}: ${c.reason}`);
  return [
    ...lines,
    '',
    `Editor context: ${context.blocks.length} block(s), ${context.usedTokens} of ${context.budgetTokens} tokens.`,
    ...cut,
    ...result.notes.map((note) => `Note: ${note}`),
    '',
  ].join('\n');
}

function stderrLogger(io: CliIo, verbose: boolean): Logger {
  return {
    debug: (message) => (verbose ? io.stderr(`${message}\n`) : undefined),
    info: (message) => (verbose ? io.stderr(`${message}\n`) : undefined),
    warning: (message) => io.stderr(`warning: ${message}\n`),
    error: (message) => io.stderr(`error: ${message}\n`),
    group: (_title, fn) => fn(),
  };
}
