import { resolve } from 'node:path';
import { isTallyError, readConfig } from '@tally/core';
import { DEFAULT_RESTORED_HOLD_DAYS, parseDay, restoreArchive } from '@tally/ingest';
import { explain, required, withStore } from './cli-support.ts';
import { parseFlags, UsageError, type Command } from './command.ts';
import { progressPrinter } from './retention-progress.ts';

const HELP = `Usage: tally restore --from <YYYY-MM-DD> --to <YYYY-MM-DD>

Loads the archived UTC days from --from to --to (inclusive) back into the events table. Every file in the
range is verified against the manifest (row count and SHA-256) first: a corrupt or missing file is
refused, naming it, and nothing changes. Each day is then restored in one transaction, replacing rows with
the same (tenant, id), so running it twice is harmless. Restored days stay for ${DEFAULT_RESTORED_HOLD_DAYS} days of \`tally archive\`
runs, which then drop them again (their files are kept as they are).

Options:
  --from <day>  first day to restore
  --to <day>    last day to restore

Progress goes to stderr, the report (JSON) to stdout. Reads TALLY_ARCHIVE_DIR (default
<TALLY_DATA_DIR>/archive) and the store from the environment (stop \`tally start\` first with PGlite).`;

function dayFlag(values: Record<string, unknown>, flag: 'from' | 'to'): string {
  const value = required(values, flag);
  if (parseDay(value) === undefined) throw new UsageError(`--${flag}: expected a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

/** `tally restore`: load a range of archived days back into the events table. */
export const restoreCommand: Command = {
  name: 'restore',
  summary: 'load archived days of raw events back into the store',
  help: HELP,
  async run(argv, io) {
    const { values } = parseFlags(argv, { from: { type: 'string' }, to: { type: 'string' } }, false);
    const from = dayFlag(values, 'from');
    const to = dayFlag(values, 'to');
    if (to < from) throw new UsageError(`--to: ${to} is before --from ${from}`);
    try {
      const config = readConfig(io.env);
      return await withStore(io, async (store) => {
        const report = await restoreArchive(store, { archiveDir: resolve(config.archiveDir), from, to, onProgress: progressPrinter(io, 'restore') });
        if (report.days === 0) io.err(`restore: no archived day from ${from} to ${to}`);
        io.out(JSON.stringify(report));
        return 0;
      });
    } catch (err) {
      // The flags were checked above: invalid_argument here is a corrupt or missing archive file.
      if (isTallyError(err, 'invalid_argument')) {
        io.err(`tally restore: ${err.message}`);
        return 1;
      }
      return explain(io, 'restore', err);
    }
  },
};
