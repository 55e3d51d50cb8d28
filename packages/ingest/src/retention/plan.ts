import { listEventPartitions, TallyError, type Store } from '@tally/core';
import { DAY_MS, dayStart, formatDay, nextMonth } from './days.ts';
import { isDropped, isHeld, readManifest, type ManifestEntry } from './manifest.ts';

/**
 * What an archive run does with one expired day that still has rows in `events`:
 * - `write`: not archived yet (or its file no longer matches): write, verify, record.
 * - `check`: archived already; verify the file and the row count again, rewrite only if they differ.
 * - `conflict`: archived and dropped, yet `events` has rows of it again (events ingested after the drop);
 *   left alone, and its month is not dropped, until `restoreArchive` merges the file back in.
 */
export type DayAction = 'write' | 'check' | 'conflict';

/** One expired day with rows in `events`. */
export interface PlannedDay {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  /** Rows of the day in `events` when planned. */
  rows: number;
  action: DayAction;
  /** The day's manifest entry, when it has one. */
  entry: ManifestEntry | undefined;
  /** Restored within the hold period: its month is not dropped yet. */
  held: boolean;
}

/** What an archive run would do (`tally archive --dry-run` prints it). */
export interface ArchivePlan {
  /** The first day kept hot: days before it are expired. */
  cutoff: string;
  /** Expired days with rows in `events`, oldest first. */
  days: PlannedDay[];
  /**
   * Month partitions wholly before the cutoff whose days would all be archived: dropped by the run when
   * every file verifies (plain Postgres and PGlite; empty on TimescaleDB, which drops chunks instead).
   */
  partitions: string[];
  /** True on TimescaleDB: the run drops chunks older than the cutoff (or older than the first held or conflicting day). */
  timescale: boolean;
}

/** How long a restored day stays in `events` before archive runs may drop it again. */
export const DEFAULT_RESTORED_HOLD_DAYS = 7;

/** Options of {@link planArchive}. */
export interface PlanOptions {
  /** Days kept hot in `events`: UTC days wholly before the day of `now − hotDays` are expired. */
  hotDays: number;
  /** @default new Date() */
  now?: Date;
  /**
   * Days a restored day stays in `events` before an archive run may drop it again.
   * @default DEFAULT_RESTORED_HOLD_DAYS (7)
   */
  restoredHoldDays?: number;
}

/**
 * Reads which expired days have rows, and what an archive run would do with each. Changes nothing.
 * Throws `invalid_argument` for a `hotDays` that is not a whole number ≥ 1.
 */
export async function planArchive(store: Store, options: PlanOptions): Promise<ArchivePlan> {
  if (!Number.isInteger(options.hotDays) || options.hotDays < 1) {
    throw new TallyError('invalid_argument', `hotDays: expected a whole number ≥ 1, got ${options.hotDays}`, { field: 'hotDays' });
  }
  const hold = options.restoredHoldDays ?? DEFAULT_RESTORED_HOLD_DAYS;
  if (!(hold >= 0)) throw new TallyError('invalid_argument', `restoredHoldDays: expected a number ≥ 0, got ${hold}`, { field: 'restoredHoldDays' });
  const nowMs = (options.now ?? new Date()).getTime();
  const cutoffMs = dayStart(nowMs - options.hotDays * DAY_MS);
  const holdMs = hold * DAY_MS;
  const counts = await store.query<{ day: string; rows: number }>(
    `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS rows
     FROM events WHERE occurred_at < $1::timestamptz GROUP BY 1 ORDER BY 1`,
    [new Date(cutoffMs).toISOString()],
  );
  const entries = counts.length === 0 ? [] : await readManifest(store, counts[0]!.day, counts.at(-1)!.day);
  const byDay = new Map(entries.map((e) => [e.day, e]));
  const days = counts.map(({ day, rows }): PlannedDay => {
    const entry = byDay.get(day);
    const action: DayAction = !entry ? 'write' : isDropped(entry) ? 'conflict' : 'check';
    return { day, rows, action, entry, held: entry !== undefined && isHeld(entry, nowMs, holdMs) };
  });
  const timescale = (await store.capabilities()).timescale !== null;
  const blocked = new Set(days.filter((d) => d.held || d.action === 'conflict').map((d) => d.day.slice(0, 7)));
  const partitions = timescale
    ? []
    : (await listEventPartitions(store))
        .filter((p) => nextMonth(p.monthStartMs) <= cutoffMs && !blocked.has(formatDay(p.monthStartMs).slice(0, 7)))
        .map((p) => p.name);
  return { cutoff: formatDay(cutoffMs), days, partitions, timescale };
}
