import type { Store } from '@tally/core';
import { DAY_MS, formatDay, nextMonth } from './days.ts';
import { isDropped, isHeld, markDropped, readManifest } from './manifest.ts';

/** Archive runs and restores take turns on drops and day rewrites (a transaction-scoped advisory lock). */
export const ARCHIVE_LOCK_ID = 7_411_203;

const PARTITION = /^events_\d{4}_\d{2}$/;

/** Why a partition was kept, or undefined when it was dropped. */
export type DropOutcome = { dropped: true } | { dropped: false; reason: string };

/**
 * Drops one month partition of `events` (plain Postgres and PGlite) if, with writes to it blocked, every
 * day that has rows in it is in the manifest, not held after a restore, with exactly that many rows; marks
 * the month's days dropped in the same transaction. Anything else keeps the partition.
 */
export async function dropArchivedPartition(
  store: Store,
  partition: { name: string; monthStartMs: number },
  now: Date,
  restoredHoldMs: number,
): Promise<DropOutcome> {
  const { name, monthStartMs } = partition;
  if (!PARTITION.test(name)) throw new Error(`not an events partition: ${name}`);
  const from = formatDay(monthStartMs);
  const to = formatDay(nextMonth(monthStartMs) - DAY_MS);
  return store.transaction(async (tx): Promise<DropOutcome> => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ARCHIVE_LOCK_ID]);
    const present = await tx.query(
      `SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'events'::regclass AND c.relname = $1`,
      [name],
    );
    if (present.length === 0) return { dropped: false, reason: 'already gone' };
    // The name matched PARTITION above: it is never input.
    await tx.exec(`LOCK TABLE ${name} IN SHARE MODE`);
    const counts = await tx.query<{ day: string; rows: number }>(
      `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS rows FROM ${name} GROUP BY 1`,
    );
    const entries = new Map((await readManifest(tx, from, to)).map((e) => [e.day, e]));
    for (const { day, rows } of counts) {
      const entry = entries.get(day);
      if (!entry) return { dropped: false, reason: `${day} is not archived` };
      if (isDropped(entry)) return { dropped: false, reason: `${day} has rows ingested after it was dropped` };
      if (isHeld(entry, now.getTime(), restoredHoldMs)) return { dropped: false, reason: `${day} was restored recently` };
      if (entry.rows !== rows) return { dropped: false, reason: `${day} has ${rows} rows, its archive ${entry.rows}` };
    }
    await tx.exec(`DROP TABLE ${name}`);
    await markDropped(tx, from, to, now);
    return { dropped: true };
  });
}

/**
 * TimescaleDB: drops the `events` chunks wholly older than `before` (a `YYYY-MM-DD` day) and marks dropped
 * the archived days before it that have no rows left. Resolves with the dropped chunks' names.
 */
export async function dropTimescaleChunks(store: Store, before: string, now: Date): Promise<string[]> {
  const rows = await store.query<{ name: string }>(
    `SELECT drop_chunks('events', older_than => $1::timestamptz)::text AS name`,
    [`${before}T00:00:00.000Z`],
  );
  await store.query(
    `UPDATE archive_files a SET dropped_at = $2::timestamptz
     WHERE a.day < $1::date AND a.dropped_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM events e WHERE e.occurred_at >= (a.day::timestamp AT TIME ZONE 'UTC')
                                                AND e.occurred_at < ((a.day + 1)::timestamp AT TIME ZONE 'UTC'))`,
    [before, now.toISOString()],
  );
  return rows.map((r) => r.name);
}
