import { defaultLockFile } from '../../config/parse-config.js';
import { INPUTS } from '../../config/inputs.js';
import {
  InvalidValue,
  parseByteSize,
  parseDuration,
  parseUrl,
  URL_EXAMPLES,
} from '../../config/values.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { acquireHostLock } from '../../model/host-lock.js';
import { formatProbeTable, probeModels } from '../../model/probe.js';
import { getErrorMessage, OutcomeError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { EXIT, type CliCommand } from '../command.js';
import { parseFlags } from '../flags.js';
import { fileToWrite, UsageError } from '../path-flags.js';

const DEFAULT_CONTEXTS = [4096, 8192, 16384, 32768];
/** The job's own defaults: without flags the probe measures what a job without model inputs loads. */
const jobDefault = (input: string): string => INPUTS.find((i) => i.name === input)!.default;
const DEFAULT_HOST = jobDefault('ollama-host');
const DEFAULT_TRIAGE_MODEL = jobDefault('triage-model');
const DEFAULT_EDIT_MODEL = jobDefault('edit-model');

const HELP = `Usage: ticket-to-pr probe [--ollama-host URL] [--triage-model M] [--edit-model M]
                          [--contexts 4096,8192,16384,32768] [--gpu-memory SIZE] [--json FILE]
                          [--lock-file FILE] [--lock-wait DURATION]

Measures what the Ollama server can hold: loads each model alone at each context size with a tiny
prompt, reads /api/ps (size, size_vram), and measures load time and tokens/s. Prints a table and,
per model, the largest context that stays fully on the GPU. Takes the host-wide model lock, so it
never runs while a job uses the server; it unloads every model it finds loaded.

Flags:
  --ollama-host URL     Ollama server (default: $OLLAMA_HOST or ${DEFAULT_HOST}).
  --triage-model M      Small model (default ${DEFAULT_TRIAGE_MODEL}).
  --edit-model M        Big model (default ${DEFAULT_EDIT_MODEL}).
  --contexts LIST       Context sizes to try, comma-separated (default 4096,8192,16384,32768).
  --gpu-memory SIZE     GPU memory, e.g. 24GiB or 24000MiB, recorded in the capacity file
                        (default: learned from a load that spilled to the CPU, if any).
  --json FILE           Also write the capacity file that the capacity-file input accepts.
  --lock-file FILE      Host-wide model lock (default: ticket-to-pr-model.lock in the temp dir).
  --lock-wait DURATION  How long to wait for the lock, as the lock-wait input: '20m', '90s'
                        or a number of seconds (default 10m).
  --help                This text.

Exit codes: 0 measured; 1 failed (server unreachable, model missing, lock not had in time);
2 bad flags.
`;

export const probeCommand: CliCommand = {
  name: 'probe',
  summary: 'Measure what the Ollama server holds (VRAM per context size, load time, tokens/s).',
  help: HELP,
  async run(argv, io) {
    const parsed = parseFlags(argv, {
      values: [
        'ollama-host',
        'triage-model',
        'edit-model',
        'contexts',
        'gpu-memory',
        'json',
        'lock-file',
        'lock-wait',
      ],
    });
    // cli/main.ts prints a UsageError with the command's name and help, and exits 2.
    const usage = (message: string): never => {
      throw new UsageError(message);
    };
    if ('error' in parsed) return usage(parsed.error);
    const { flags } = parsed;
    const contexts = (flags.get('contexts') ?? DEFAULT_CONTEXTS.join(','))
      .split(',')
      .map((v) => Number(v.trim()));
    if (contexts.some((n) => !Number.isInteger(n) || n < 256)) {
      return usage(
        `--contexts '${flags.get('contexts')}' is not a list of whole numbers of tokens (each at least 256), e.g. 4096,8192.`,
      );
    }
    let gpuMemoryBytes: number | undefined;
    if (flags.has('gpu-memory')) {
      try {
        gpuMemoryBytes = parseByteSize(flags.get('gpu-memory')!);
      } catch {
        return usage(
          `--gpu-memory '${flags.get('gpu-memory')}' is not a size such as 24GiB or 24000MiB.`,
        );
      }
    }
    let lockWaitMs = 600_000;
    if (flags.has('lock-wait')) {
      try {
        lockWaitMs = parseDuration(flags.get('lock-wait')!);
      } catch (error) {
        if (!(error instanceof InvalidValue)) throw error;
        return usage(`--lock-wait '${flags.get('lock-wait')}': ${error.message}.`);
      }
    }
    // The flag is checked as the ollama-host input is; OLLAMA_HOST keeps Ollama's own forms (host:port).
    const hostFlag = flags.get('ollama-host');
    if (hostFlag !== undefined) {
      try {
        parseUrl(hostFlag, URL_EXAMPLES.ollama);
      } catch (error) {
        if (!(error instanceof InvalidValue)) throw error;
        return usage(`--ollama-host '${hostFlag}': ${error.message}.`);
      }
    }
    const host = hostFlag ?? io.env.OLLAMA_HOST ?? DEFAULT_HOST;
    const models = [
      flags.get('triage-model') ?? DEFAULT_TRIAGE_MODEL,
      flags.get('edit-model') ?? DEFAULT_EDIT_MODEL,
    ];
    const logger: Logger = {
      debug: () => undefined,
      info: (m) => io.stderr(`${m}\n`),
      warning: (m) => io.stderr(`warning: ${m}\n`),
      error: (m) => io.stderr(`error: ${m}\n`),
      group: (_title, fn) => fn(),
    };
    const lockFile = flags.has('lock-file')
      ? await fileToWrite('lock-file', flags.get('lock-file')!, io.cwd)
      : defaultLockFile();
    // Checked before measuring: a capacity file that cannot be written would waste the probe.
    const jsonFile = flags.has('json') ? await fileToWrite('json', flags.get('json')!, io.cwd) : '';
    try {
      const lock = await acquireHostLock(lockFile, {
        waitMs: lockWaitMs,
        deadline: Date.now() + lockWaitMs + 1,
        now: Date.now,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        logger,
        owner: `ticket-to-pr probe pid ${process.pid}`,
      });
      try {
        const capacity = await probeModels({ host, models, contexts, logger, gpuMemoryBytes });
        io.stdout(formatProbeTable(capacity));
        if (jsonFile) {
          await mkdir(dirname(jsonFile), { recursive: true });
          await writeFile(jsonFile, JSON.stringify(capacity, null, 2) + '\n');
          io.stdout(
            `Capacity file written to ${flags.get('json')} (use it as the capacity-file input).\n`,
          );
        }
        return EXIT.ok;
      } finally {
        await lock.release();
      }
    } catch (error) {
      io.stderr(
        `probe failed: ${error instanceof OutcomeError ? error.reason : getErrorMessage(error)}\n`,
      );
      return EXIT.failed;
    }
  },
};
