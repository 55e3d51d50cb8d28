import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isTallyError, listEventPartitions, type Store } from '@tally/core';
import { verifyArchiveFile } from './archive-file.ts';
import { archiveFileName, DAY_MS, formatDay, nextMonth, parseDay } from './days.ts';
import { dropArchivedPartition, dropTimescaleChunks } from './drop.ts';
import { forgetDay, recordArchived } from './manifest.ts';
import { DEFAULT_RESTORED_HOLD_DAYS, planArchive, type PlanOptions, type PlannedDay } from './plan.ts';
import type { RetentionProgressListener } from './progress.ts';
import { countDay, writeDay } from './write-day.ts';

/** Options of {@link archiveExpired}. */
export interface ArchiveOptions extends PlanOptions {
  /** Folder of the archive files (created when absent). */
  archiveDir: string;
  onProgress?: RetentionProgressListener;
}

/** What {@link archiveExpired} did. */
export interface ArchiveReport {
  /** Days written to (new or rewritten) files this run. */
  days: number;
  /** Rows in those files. */
  rows: number;
  /** Compressed bytes of those files. */
  bytes: number;
  /** Month partitions (plain Postgres, PGlite) or chunks (TimescaleDB) dropped. */
  droppedPartitions: string[];
  /** Restored days kept in `events` for now (see `restoredHoldDays`). */
  held: string[];
  /** Why a day was not archived or a partition not dropped; its rows stay in `events`. */
  skipped: string[];
}

/**
 * Moves raw events older than the hot window to cold storage. Each expired UTC day with rows is streamed,
 * ordered by (tenant, id), to `events-YYYY-MM-DD.ndjson.gz` in `archiveDir` (temporary name, fsync,
 * rename), read back and checked (rows and SHA-256 of the uncompressed NDJSON, and the day's `count(*)` in
 * `events`), then recorded in the `archive_files` manifest. A day already recorded whose file and count
 * still match is not rewritten. Only then are rows removed:
 *
 * - plain Postgres and PGlite: the drop unit is the month partition. `events_YYYY_MM` is dropped once the
 *   whole month is past the window and every day with rows in it is recorded, with writes blocked while
 *   the rows are counted again. Expired days of a month not yet wholly expired are archived but stay in
 *   `events` until a later run drops their month.
 * - TimescaleDB: `drop_chunks('events', older_than => …)` at the first day not safely archived.
 *
 * A crash at any point before a drop leaves every row in `events`; a rerun verifies or rewrites. `event_ids`
 * (dedup) and the rollup tables are never touched. Run one at a time.
 *
 * @example
 * const report = await archiveExpired(store, { archiveDir: config.archiveDir, hotDays: config.retentionDays });
 */
export async function archiveExpired(store: Store, options: ArchiveOptions): Promise<ArchiveReport> {
  const now = options.now ?? new Date();
  const holdMs = (options.restoredHoldDays ?? DEFAULT_RESTORED_HOLD_DAYS) * DAY_MS;
  const plan = await planArchive(store, { ...options, now });
  const report: ArchiveReport = { days: 0, rows: 0, bytes: 0, droppedPartitions: [], held: [], skipped: [] };
  const progress = options.onProgress ?? (() => {});
  await mkdir(options.archiveDir, { recursive: true });

  const archived = new Set<string>();
  for (const [done, planned] of plan.days.entries()) {
    const { day } = planned;
    if (planned.held) report.held.push(day);
    if (planned.action === 'conflict') {
      report.skipped.push(`${day}: ${planned.rows} rows were ingested after the day was archived and dropped; restore the day to merge them, then archive again`);
      continue;
    }
    if (planned.action === 'check') {
      progress({ phase: 'verify', day, done, total: plan.days.length, rows: report.rows });
      if (await stillMatches(options.archiveDir, planned)) {
        archived.add(day);
        continue;
      }
    }
    const name = archiveFileName(day);
    const digest = await writeDay(store, join(options.archiveDir, name), day, (rows) =>
      progress({ phase: 'write', day, done, total: plan.days.length, rows: report.rows + rows }),
    );
    if ((await countDay(store, day)) !== digest.rows) {
      // Rows arrived while the file was written: the file is not the day. Its rows are all still in events.
      if (planned.entry) await forgetDay(store, day);
      report.skipped.push(`${day}: events of the day changed while it was archived; the next run retries`);
      continue;
    }
    await recordArchived(store, { day, path: name, ...digest }, now);
    archived.add(day);
    report.days++;
    report.rows += digest.rows;
    report.bytes += digest.bytes;
  }

  if (plan.timescale) {
    const blocked = plan.days.find((d) => d.held || !archived.has(d.day));
    report.droppedPartitions = await dropTimescaleChunks(store, blocked?.day ?? plan.cutoff, now);
    return report;
  }
  const cutoffMs = parseDay(plan.cutoff)!;
  const expired = (await listEventPartitions(store)).filter((p) => nextMonth(p.monthStartMs) <= cutoffMs);
  for (const [done, partition] of expired.entries()) {
    const month = formatDay(partition.monthStartMs).slice(0, 7);
    const days = plan.days.filter((d) => d.day.startsWith(month));
    // Days skipped above are reported already; held days are kept on purpose.
    if (days.some((d) => d.held || !archived.has(d.day))) continue;
    progress({ phase: 'drop', day: partition.name, done, total: expired.length, rows: report.rows });
    const outcome = await dropArchivedPartition(store, partition, now, holdMs);
    if (outcome.dropped) report.droppedPartitions.push(partition.name);
    else if (outcome.reason !== 'already gone') report.skipped.push(`${partition.name} kept: ${outcome.reason}`);
  }
  return report;
}

/** An archived day whose file still verifies against the manifest and whose row count is unchanged. */
async function stillMatches(archiveDir: string, planned: PlannedDay): Promise<boolean> {
  const entry = planned.entry!;
  if (entry.rows !== planned.rows) return false;
  try {
    await verifyArchiveFile(join(archiveDir, entry.path), entry);
    return true;
  } catch (err) {
    if (isTallyError(err, 'invalid_argument')) return false;
    throw err;
  }
}
