/** What a CLI command may touch: its output streams and environment. Exit code is the return value. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /**
   * All of standard input, for `--answer-file -`, or undefined once it holds more than `maxBytes`
   * (read no further); absent where there is none to read.
   */
  readonly readStdin?: (maxBytes: number) => Promise<string | undefined>;
}

/** One `ticket-to-pr <name>` command. `help` is printed for `ticket-to-pr <name> --help`. */
export interface CliCommand {
  readonly name: string;
  /** One line for `ticket-to-pr --help`. */
  readonly summary: string;
  /** Full usage text: synopsis, every flag, exit codes. */
  readonly help: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  /** The job ended with an operator outcome, or the command failed. */
  failed: 1,
  /** Bad flags or configuration. */
  usage: 2,
} as const;
