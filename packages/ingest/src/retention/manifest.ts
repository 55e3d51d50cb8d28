import type { SqlExecutor } from '@tally/core';

/** One archived day as the `archive_files` manifest records it. */
export interface ManifestEntry {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  /** The file's name inside the archive folder. */
  path: string;
  rows: number;
  sha256: string;
  bytes: number;
  /** Epoch ms when the day's rows were dropped from `events`; null while they are there (never dropped, or restored since). */
  droppedMs: number | null;
  /** Epoch ms of the last restore of the day into `events`, or null. */
  restoredMs: number | null;
}

/** The day's rows are only in the file: dropped, and not restored since. */
export function isDropped(entry: ManifestEntry): boolean {
  return entry.droppedMs !== null;
}

/** The day was restored within the last `holdMs` before `nowMs` and is in `events` now. */
export function isHeld(entry: ManifestEntry, nowMs: number, holdMs: number): boolean {
  return entry.droppedMs === null && entry.restoredMs !== null && entry.restoredMs > nowMs - holdMs;
}

const SELECT = `SELECT day::text AS day, path, rows, sha256, bytes,
  (extract(epoch FROM dropped_at) * 1000)::float8 AS dropped_ms,
  (extract(epoch FROM restored_at) * 1000)::float8 AS restored_ms
  FROM archive_files`;

type EntryRow = { day: string; path: string; rows: number; sha256: string; bytes: number; dropped_ms: number | null; restored_ms: number | null };

const entry = (r: EntryRow): ManifestEntry => ({
  day: r.day,
  path: r.path,
  rows: r.rows,
  sha256: r.sha256,
  bytes: r.bytes,
  droppedMs: r.dropped_ms,
  restoredMs: r.restored_ms,
});

/** The manifest entries of the days from `from` to `to` (inclusive, `YYYY-MM-DD`), oldest first. */
export async function readManifest(db: SqlExecutor, from: string, to: string): Promise<ManifestEntry[]> {
  const rows = await db.query<EntryRow>(`${SELECT} WHERE day BETWEEN $1::date AND $2::date ORDER BY day`, [from, to]);
  return rows.map(entry);
}

/** Records a day archived and verified at `now` (replacing an older entry of the same day). */
export async function recordArchived(
  db: SqlExecutor,
  e: { day: string; path: string; rows: number; sha256: string; bytes: number },
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO archive_files (day, path, rows, sha256, bytes, archived_at) VALUES ($1::date, $2, $3, $4, $5, $6::timestamptz)
     ON CONFLICT (day) DO UPDATE SET path = excluded.path, rows = excluded.rows, sha256 = excluded.sha256,
       bytes = excluded.bytes, archived_at = excluded.archived_at`,
    [e.day, e.path, e.rows, e.sha256, e.bytes, now.toISOString()],
  );
}

/** Forgets a day whose rows are still in `events` (its file no longer matches them): the next run rewrites it. */
export async function forgetDay(db: SqlExecutor, day: string): Promise<void> {
  await db.query('DELETE FROM archive_files WHERE day = $1::date', [day]);
}

/** Marks the days from `from` to `to` (inclusive) dropped at `now`. */
export async function markDropped(db: SqlExecutor, from: string, to: string, now: Date): Promise<void> {
  await db.query('UPDATE archive_files SET dropped_at = $3::timestamptz WHERE day BETWEEN $1::date AND $2::date AND dropped_at IS NULL', [from, to, now.toISOString()]);
}

/** Marks a day restored into `events` at `now` (so no longer dropped). */
export async function markRestored(db: SqlExecutor, day: string, now: Date): Promise<void> {
  await db.query('UPDATE archive_files SET restored_at = $2::timestamptz, dropped_at = NULL WHERE day = $1::date', [day, now.toISOString()]);
}
