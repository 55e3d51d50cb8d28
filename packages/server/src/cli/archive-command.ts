import { resolve } from 'node:path';
import { readConfig } from '@tally/core';
import { archiveExpired, DEFAULT_RESTORED_HOLD_DAYS, planArchive, type ArchivePlan } from '@tally/ingest';
import { explain, withStore } from './cli-support.ts';
import { parseFlags, UsageError, type Command, type CommandIO } from './command.ts';
import { progressPrinter } from './retention-progress.ts';

const HELP = `Usage: tally archive [--hot-days <n>] [--dry-run]

Moves raw events older than the hot window to cold storage. Each expired UTC day becomes
events-YYYY-MM-DD.ndjson.gz in TALLY_ARCHIVE_DIR (default <TALLY_DATA_DIR>/archive), is read back and
verified (row count and SHA-256, and the day's row count in the store), recorded, and only then dropped
from the events table: a month partition at a time, once the whole month is past the window. Rollups and
the dedup table are kept. Safe to run again after a crash; a day whose file still verifies is not
rewritten. Days brought back by \`tally restore\` stay for ${DEFAULT_RESTORED_HOLD_DAYS} days of archive runs. Restore with
\`tally restore --from <day> --to <day>\`.

Options:
  --hot-days <n>  days kept hot, 1-3650 (default: $RETENTION_DAYS, 400)
  --dry-run       list the days that would be archived and the partitions that would be dropped; change nothing

Progress goes to stderr, the report (JSON) to stdout; the exit code is 1 when a day was skipped (the
report says why). Uses the store from the environment (DATABASE_URL, or PGlite in TALLY_DATA_DIR: stop
\`tally start\` first).`;

function printPlan(io: CommandIO, plan: ArchivePlan): void {
  io.out(`days before ${plan.cutoff} are expired`);
  for (const d of plan.days) io.out(`${d.day}  ${d.rows} rows  ${d.action}${d.held ? ' (restored recently: kept)' : ''}`);
  if (plan.timescale) io.out(`would drop chunks older than the first day kept, at most ${plan.cutoff}`);
  else io.out(plan.partitions.length > 0 ? `would drop ${plan.partitions.join(', ')}` : 'would drop no partition');
}

/** `tally archive`: write expired raw events to verified cold-storage files, then drop them. */
export const archiveCommand: Command = {
  name: 'archive',
  summary: 'move raw events older than the hot window to verified archive files',
  help: HELP,
  async run(argv, io) {
    const { values } = parseFlags(argv, { 'hot-days': { type: 'string' }, 'dry-run': { type: 'boolean' } }, false);
    const flag = values['hot-days'];
    if (flag !== undefined && (!/^\d{1,4}$/.test(flag) || Number(flag) < 1 || Number(flag) > 3650)) {
      throw new UsageError(`--hot-days: expected a whole number 1-3650, got ${JSON.stringify(flag)}`);
    }
    try {
      const config = readConfig(io.env);
      const hotDays = flag === undefined ? config.retentionDays : Number(flag);
      return await withStore(io, async (store) => {
        if (values['dry-run']) {
          printPlan(io, await planArchive(store, { hotDays }));
          return 0;
        }
        const report = await archiveExpired(store, {
          archiveDir: resolve(config.archiveDir),
          hotDays,
          onProgress: progressPrinter(io, 'archive'),
        });
        for (const reason of report.skipped) io.err(`archive: skipped ${reason}`);
        io.out(JSON.stringify(report));
        return report.skipped.length > 0 ? 1 : 0;
      });
    } catch (err) {
      return explain(io, 'archive', err);
    }
  },
};
