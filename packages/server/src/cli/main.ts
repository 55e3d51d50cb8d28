import { VERSION } from '../version.ts';
import { UsageError, type Command, type CommandIO } from './command.ts';
import { archiveCommand } from './archive-command.ts';
import { backfillCommand } from './backfill-command.ts';
import { deadLettersCommand } from './dead-letters-command.ts';
import { keysCommand } from './keys-command.ts';
import { restoreCommand } from './restore-command.ts';
import { processCommand } from './process-command.ts';
import { sourcesCommand } from './sources-command.ts';
import { startCommand } from './start-command.ts';
import { tokensCommand } from './tokens-command.ts';

/** Every `tally` command; later features add theirs here. */
const COMMANDS: readonly Command[] = [startCommand, processCommand, keysCommand, tokensCommand, sourcesCommand, deadLettersCommand, backfillCommand, archiveCommand, restoreCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: tally <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `tally <command> --help` for its options. `tally --version` prints the version.',
  ].join('\n');
}

const processIO: CommandIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

/** Runs the CLI; resolves with the exit code (0 ok, 1 failure, 2 bad usage, 78 bad configuration). */
export async function main(argv: readonly string[], io: CommandIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(VERSION);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`tally: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (err instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.err(`tally ${name}: ${(err as Error).message}\nRun \`tally ${name} --help\` for usage.`);
      return 2;
    }
    io.err(`tally ${name}: ${(err as Error).message}`);
    return 1;
  }
}
