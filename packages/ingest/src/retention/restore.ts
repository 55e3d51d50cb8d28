import { join } from 'node:path';
import { buildInsertMany, ensureEventPartitions, TallyError, type SqlExecutor, type Store } from '@tally/core';
import { scanArchiveFile, verifyArchiveFile } from './archive-file.ts';
import { parseDay } from './days.ts';
import { ARCHIVE_LOCK_ID } from './drop.ts';
import { EVENT_COLUMNS, fromArchiveLine } from './event-rows.ts';
import { markRestored, readManifest, type ManifestEntry } from './manifest.ts';
import type { RetentionProgressListener } from './progress.ts';
import { countDay, dayBounds } from './write-day.ts';

/** Rows per insert statement while restoring. */
const BATCH_ROWS = 1000;

/** Options of {@link restoreArchive}. */
export interface RestoreOptions {
  /** Folder of the archive files. */
  archiveDir: string;
  /** First day to restore, `YYYY-MM-DD` (UTC). */
  from: string;
  /** Last day to restore (inclusive), `YYYY-MM-DD` (UTC). */
  to: string;
  /** @default new Date() */
  now?: Date;
  onProgress?: RetentionProgressListener;
}

/** What {@link restoreArchive} did. */
export interface RestoreReport {
  /** Archived days in the range, all restored. */
  days: number;
  /** Rows loaded back into `events`. */
  rows: number;
}

function day(value: string, field: 'from' | 'to'): number {
  const ms = parseDay(value);
  if (ms === undefined) throw new TallyError('invalid_argument', `${field}: expected a date YYYY-MM-DD, got ${JSON.stringify(value)}`, { field });
  return ms;
}

/**
 * Loads the archived days from `from` to `to` back into `events`. Every file in the range is verified
 * against the manifest (rows and SHA-256) before anything changes; a corrupt or missing file is refused
 * with `invalid_argument` naming it. The month partitions are created as needed; then each day is restored
 * in one transaction: the rows of the file replace the rows of `events` with the same (tenant, id) on that
 * day, so restoring twice changes nothing and rows ingested after the archive are kept. The file is hashed
 * again while it loads, and a mismatch rolls the day back.
 *
 * A restored day stays in `events` for `restoredHoldDays` (`DEFAULT_RESTORED_HOLD_DAYS`, 7) of later
 * archive runs, which then drop it again (its file is unchanged, so it is not rewritten).
 *
 * @example
 * await restoreArchive(store, { archiveDir: config.archiveDir, from: '2024-03-01', to: '2024-03-31' });
 */
export async function restoreArchive(store: Store, options: RestoreOptions): Promise<RestoreReport> {
  const fromMs = day(options.from, 'from');
  if (day(options.to, 'to') < fromMs) {
    throw new TallyError('invalid_argument', `to: ${options.to} is before from: ${options.from}`, { field: 'to' });
  }
  const now = options.now ?? new Date();
  const progress = options.onProgress ?? (() => {});
  const entries = await readManifest(store, options.from, options.to);
  const path = (e: ManifestEntry) => join(options.archiveDir, e.path);
  for (const [done, e] of entries.entries()) {
    progress({ phase: 'verify', day: e.day, done, total: entries.length, rows: 0 });
    await verifyArchiveFile(path(e), e);
  }
  await ensureEventPartitions((fn) => store.transaction(fn), await store.capabilities(), entries.map((e) => parseDay(e.day)!));

  let rows = 0;
  for (const [done, e] of entries.entries()) {
    rows += await store.transaction(async (tx) => {
      const loaded = await restoreDay(tx, path(e), e, (n) => progress({ phase: 'restore', day: e.day, done, total: entries.length, rows: rows + n }));
      await markRestored(tx, e.day, now);
      return loaded;
    });
  }
  return { days: entries.length, rows };
}

async function restoreDay(tx: SqlExecutor, file: string, entry: ManifestEntry, onRows: (rows: number) => void): Promise<number> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [ARCHIVE_LOCK_ID]);
  // Most restores fill a freshly created partition: rows go straight into events. When the day has rows
  // already, the file is staged first so the replaced rows are found with one join (there is no index on
  // (tenant, id) to find them batch by batch).
  const replace = (await countDay(tx, entry.day)) > 0;
  const target = replace ? 'restore_rows' : 'events';
  if (replace) await tx.exec('CREATE TEMP TABLE restore_rows (LIKE events) ON COMMIT DROP');
  let batch: unknown[][] = [];
  let line = 0;
  const flush = async () => {
    const { sql, params } = buildInsertMany(target, EVENT_COLUMNS, batch);
    await tx.query(sql, params);
    onRows(line);
    batch = [];
  };
  const digest = await scanArchiveFile(file, async (lines) => {
    for (const text of lines) {
      batch.push(fromArchiveLine(text, `${file}:${++line}`));
      if (batch.length >= BATCH_ROWS) await flush();
    }
  });
  if (batch.length > 0) await flush();
  if (digest.rows !== entry.rows || digest.sha256 !== entry.sha256) {
    throw new TallyError('invalid_argument', `archive file ${file} changed while it was restored (sha256 ${digest.sha256}); nothing of ${entry.day} was restored`, { field: file });
  }
  if (replace) {
    await tx.exec('ANALYZE restore_rows');
    await tx.query(
      `DELETE FROM events e USING restore_rows r
       WHERE e.occurred_at >= $1::timestamptz AND e.occurred_at < $2::timestamptz AND e.tenant = r.tenant AND e.id = r.id`,
      dayBounds(entry.day),
    );
    const names = EVENT_COLUMNS.map((c) => c.name).join(', ');
    await tx.query(`INSERT INTO events (${names}) SELECT ${names} FROM restore_rows`);
  }
  return digest.rows;
}
