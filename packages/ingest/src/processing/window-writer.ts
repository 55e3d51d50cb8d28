import { ACTIVE_USER_WINDOWS, murmur3, type SqlExecutor } from '@tally/core';
import { userWindowDeltas, WindowDeltas, type PresenceDay } from './window-deltas.ts';

/** A `user_activity_daily` row a batch inserted (it was not there before). */
export interface NewPresence {
  tenant: string;
  userId: string;
  customerId: string;
  /** Day number (days since 1970-01-01, UTC). */
  day: number;
}

/**
 * Advisory locks per (tenant, user) hash bucket. Bounded: a transaction holds at most this many entries of
 * the server's shared lock table (max_locks_per_transaction × connections, 6,400 by default), however many
 * users it touches. A large batch locks most buckets whatever their number; small ones rarely collide.
 */
const WINDOW_LOCK_BUCKETS = 256;
/** The first key of the two-key advisory locks (the one-key space, used by migrations, is separate). */
const WINDOW_LOCK_CLASS = 7_411_206;
const MAX_WINDOW = Math.max(...ACTIVE_USER_WINDOWS);

const LOCK_SQL = `SELECT count(pg_advisory_xact_lock(${WINDOW_LOCK_CLASS}, b))::int AS n FROM (SELECT b FROM unnest($1::int[]) AS b ORDER BY b) s`;

const EXISTING_SQL = `
SELECT a.tenant, a.user_id, a.customer_id, (a.day - DATE '1970-01-01') AS d
FROM unnest($1::text[], $2::text[], $3::int[], $4::int[]) AS u(tenant, user_id, lo, hi)
JOIN user_activity_daily a ON a.tenant = u.tenant AND a.user_id = u.user_id
  AND a.day >= DATE '1970-01-01' + u.lo AND a.day <= DATE '1970-01-01' + u.hi`;

const UPSERT_SQL = `
INSERT INTO active_users_window AS w (tenant, window_days, scope, customer_id, day, users)
SELECT t, wd, s, c, DATE '1970-01-01' + d, n FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::int[], $6::int[]) AS u(t, wd, s, c, d, n)
ON CONFLICT (tenant, window_days, scope, customer_id, day) DO UPDATE SET users = w.users + excluded.users`;

/**
 * The `active_users_window` changes of a batch's new presence rows (call it right after inserting them, in the
 * same transaction). Per user with new days: that user's other active days near them are read and the
 * coverage before and after compared (window-deltas.ts).
 *
 * Events are partitioned by tenant and customer, so a user's rows within one customer are written by one
 * processor at a time, but the user's all-customers rows are not: two members could each read the other's
 * new day as absent. So before reading, the transaction takes an advisory lock per (tenant, user) hash bucket,
 * in ascending order (no deadlock), held until commit; the next writer's read then sees the first one's rows.
 */
export async function collectWindowDeltas(tx: SqlExecutor, added: readonly NewPresence[]): Promise<WindowDeltas> {
  const deltas = new WindowDeltas();
  if (added.length === 0) return deltas;
  const users = new Map<string, { tenant: string; userId: string; added: PresenceDay[]; lo: number; hi: number }>();
  for (const r of added) {
    const key = `${r.tenant}\u0000${r.userId}`;
    const u = users.get(key);
    if (u) {
      u.added.push({ day: r.day, customerId: r.customerId });
      u.lo = Math.min(u.lo, r.day);
      u.hi = Math.max(u.hi, r.day);
    } else users.set(key, { tenant: r.tenant, userId: r.userId, added: [{ day: r.day, customerId: r.customerId }], lo: r.day, hi: r.day });
  }
  const buckets = [...new Set([...users.keys()].map((k) => murmur3(k) % WINDOW_LOCK_BUCKETS))].sort((a, b) => a - b);
  await tx.query(LOCK_SQL, [buckets]);

  const list = [...users.values()];
  const rows = await tx.query<{ tenant: string; user_id: string; customer_id: string; d: number }>(EXISTING_SQL, [
    list.map((u) => u.tenant),
    list.map((u) => u.userId),
    list.map((u) => u.lo - MAX_WINDOW + 1),
    list.map((u) => u.hi + MAX_WINDOW - 1),
  ]);
  const existing = new Map<string, PresenceDay[]>();
  for (const r of rows) {
    const key = `${r.tenant}\u0000${r.user_id}`;
    let days = existing.get(key);
    if (!days) existing.set(key, (days = []));
    days.push({ day: Number(r.d), customerId: r.customer_id });
  }
  for (const [key, u] of users) {
    // The read sees this batch's own rows too: they are the "after", not the "before".
    const mine = new Set(u.added.map((p) => `${p.day}\u0000${p.customerId}`));
    const before = (existing.get(key) ?? []).filter((p) => !mine.has(`${p.day}\u0000${p.customerId}`));
    deltas.add(u.tenant, userWindowDeltas(before, u.added, ACTIVE_USER_WINDOWS));
  }
  return deltas;
}

/** Applies a batch's window changes: one upsert, rows in key order. */
export async function writeWindowDeltas(tx: SqlExecutor, deltas: WindowDeltas): Promise<void> {
  const rows = deltas.rows();
  if (rows.length === 0) return;
  await tx.query(UPSERT_SQL, [
    rows.map((r) => r.tenant),
    rows.map((r) => r.windowDays),
    rows.map((r) => r.scope),
    rows.map((r) => r.customerId),
    rows.map((r) => r.day),
    rows.map((r) => r.users),
  ]);
}
