import { parseArgs } from 'node:util';

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

/** Flag definitions of a command, as `node:util` parseArgs takes them. */
export type Flags = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/**
 * Parses a command's arguments strictly: an unknown flag or a flag missing its value is a usage error.
 * `--help` is handled by the CLI before a command runs.
 */
export function parseFlags<F extends Flags>(argv: string[], flags: F, allowPositionals = true) {
  return parseArgs({ args: argv, strict: true, allowPositionals, options: flags });
}
