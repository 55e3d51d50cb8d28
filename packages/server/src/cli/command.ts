/** One `tally` sub-command. */
export interface Command {
  name: string;
  /** One line for `tally --help`. */
  summary: string;
  /** The full `tally <name> --help` text. */
  help: string;
  /** Runs the command; resolves with the process exit code. */
  run(argv: string[], io: CommandIO): Promise<number>;
}

/** Where a command writes; the process's streams, or buffers in tests. */
export interface CommandIO {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

/** A bad command line: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
