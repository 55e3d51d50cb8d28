import type { SqlExecutor, StoreCapabilities } from '../store/store.ts';

/** A fixed advisory-lock id: processes creating partitions take turns instead of racing on DDL. */
const PARTITION_LOCK_ID = 7_411_202;

/** `events_2026_11` for any instant in November 2026 (UTC). */
export function eventPartitionName(monthStartMs: number): string {
  const d = new Date(monthStartMs);
  return `events_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The first instant (UTC) of the month holding `ms`. */
export function monthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function nextMonth(monthStartMs: number): number {
  const d = new Date(monthStartMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** The month starts from `fromMs`'s month through `toMs`'s month. */
export function monthsBetween(fromMs: number, toMs: number): number[] {
  const months: number[] = [];
  for (let m = monthStart(fromMs); m <= toMs; m = nextMonth(m)) months.push(m);
  return months;
}

/**
 * Makes sure `events` has a partition for each month start given (plain Postgres and PGlite; a no-op on
 * TimescaleDB, whose chunks appear by themselves). Idempotent and safe from several processes.
 */
export async function ensureEventPartitions(
  transaction: <T>(fn: (tx: SqlExecutor) => Promise<T>) => Promise<T>,
  capabilities: StoreCapabilities,
  months: Iterable<number>,
): Promise<void> {
  if (capabilities.timescale) return;
  const wanted = [...new Set([...months].map(monthStart))].sort((a, b) => a - b);
  if (wanted.length === 0) return;
  await transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK_ID]);
    const existing = new Set(
      (await tx.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'events'::regclass`,
      )).map((r) => r.name),
    );
    for (const m of wanted) {
      const name = eventPartitionName(m);
      if (existing.has(name)) continue;
      const from = new Date(m).toISOString();
      const to = new Date(nextMonth(m)).toISOString();
      // Names and bounds come from integers formatted here, never from input.
      await tx.exec(`CREATE TABLE ${name} PARTITION OF events FOR VALUES FROM ('${from}') TO ('${to}')`);
    }
  });
}

/** The month partitions `events` has now, oldest first, with their month start. */
export async function listEventPartitions(db: SqlExecutor): Promise<{ name: string; monthStartMs: number }[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'events'::regclass ORDER BY c.relname`,
  );
  return rows.flatMap(({ name }) => {
    const match = /^events_(\d{4})_(\d{2})$/.exec(name);
    return match ? [{ name, monthStartMs: Date.UTC(Number(match[1]), Number(match[2]) - 1, 1) }] : [];
  });
}
