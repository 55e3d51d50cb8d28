import type { SqlExecutor } from '@tally/core';
import type { NewPresence } from './window-writer.ts';

const UPSERT_SQL = `
INSERT INTO user_last_active AS l (tenant, scope, customer_id, user_id, last_day)
SELECT t, s, c, u, DATE '1970-01-01' + d FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) AS x(t, s, c, u, d)
ON CONFLICT (tenant, scope, customer_id, user_id) DO UPDATE SET last_day = greatest(l.last_day, excluded.last_day)
  WHERE excluded.last_day > l.last_day`;

/**
 * Moves each user's last active day forward for a batch's new presence rows, over every customer and within
 * the row's customer: one sorted upsert (rows in key order, so concurrent batches wait rather than deadlock).
 * `greatest` makes it order-free: late and redelivered days never move a last day back.
 */
export async function writeLastActive(tx: SqlExecutor, added: readonly NewPresence[]): Promise<void> {
  if (added.length === 0) return;
  const last = new Map<string, { tenant: string; scope: 'all' | 'customer'; customerId: string; userId: string; day: number }>();
  const keep = (tenant: string, scope: 'all' | 'customer', customerId: string, userId: string, day: number) => {
    const key = `${tenant}\u0000${scope}\u0000${customerId}\u0000${userId}`;
    const seen = last.get(key);
    if (seen === undefined) last.set(key, { tenant, scope, customerId, userId, day });
    else if (day > seen.day) seen.day = day;
  };
  for (const r of added) {
    keep(r.tenant, 'all', '', r.userId, r.day);
    keep(r.tenant, 'customer', r.customerId, r.userId, r.day);
  }
  const rows = [...last.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  await tx.query(UPSERT_SQL, [
    rows.map((r) => r.tenant),
    rows.map((r) => r.scope),
    rows.map((r) => r.customerId),
    rows.map((r) => r.userId),
    rows.map((r) => r.day),
  ]);
}
