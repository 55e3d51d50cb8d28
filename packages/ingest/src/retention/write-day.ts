import type { SqlExecutor, Store } from '@tally/core';
import { writeArchiveFile, type ArchiveDigest } from './archive-file.ts';
import { DAY_MS, parseDay } from './days.ts';
import { EVENT_SELECT_LIST, toArchiveLine } from './event-rows.ts';

/** Rows fetched from the database per round trip while writing a day. */
const PAGE_ROWS = 2000;

/** The UTC bounds of a `YYYY-MM-DD` day as ISO timestamps, for `$n::timestamptz` parameters. */
export function dayBounds(day: string): [string, string] {
  const start = parseDay(day);
  if (start === undefined) throw new Error(`not a day: ${day}`);
  return [new Date(start).toISOString(), new Date(start + DAY_MS).toISOString()];
}

/** Rows of `events` on a UTC day, counted now. */
export async function countDay(db: SqlExecutor, day: string): Promise<number> {
  const [row] = await db.query<{ rows: number }>(
    'SELECT count(*) AS rows FROM events WHERE occurred_at >= $1::timestamptz AND occurred_at < $2::timestamptz',
    dayBounds(day),
  );
  return row?.rows ?? 0;
}

/**
 * Streams one day of `events`, ordered by (tenant, id), into a gzipped NDJSON file at `path` through a
 * server-side cursor (one snapshot, one sort, bounded memory). `onRows` hears the running row count.
 */
export function writeDay(store: Store, path: string, day: string, onRows?: (rows: number) => void): Promise<ArchiveDigest> {
  return store.transaction(async (tx) => {
    await tx.query(
      `DECLARE archive_day NO SCROLL CURSOR FOR SELECT ${EVENT_SELECT_LIST} FROM events
       WHERE occurred_at >= $1::timestamptz AND occurred_at < $2::timestamptz ORDER BY tenant, id`,
      dayBounds(day),
    );
    async function* pages(): AsyncGenerator<string> {
      let rows = 0;
      for (;;) {
        const page = await tx.query(`FETCH FORWARD ${PAGE_ROWS} FROM archive_day`);
        if (page.length === 0) return;
        rows += page.length;
        onRows?.(rows);
        yield `${page.map(toArchiveLine).join('\n')}\n`;
      }
    }
    const digest = await writeArchiveFile(path, pages());
    await tx.query('CLOSE archive_day');
    return digest;
  });
}
