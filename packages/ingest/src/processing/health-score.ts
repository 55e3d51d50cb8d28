import type { SqlExecutor } from '@tally/core';

/**
 * The health score (0-100) of a customer, recomputed for the customers a batch touched (README "Health
 * score"). Weighted mean of four parts; the CRM part's weight is left out when the CRM has no score:
 * - usage (40%): distinct active users in the last 14 days (a) against the 14 before (b):
 *   b = 0 → 100 when a > 0, else 0; otherwise min(100, 75 · a / b): steady usage scores 75, growth more;
 * - billing (25%): active 100, no billing yet 60, past due 20, canceled 0;
 * - support (15%): 100 − 20 per open ticket, at least 0;
 * - CRM (20%): the CRM's own health score when one was sent.
 * Also counts open tickets. Written to `customer_health`.
 */
export const HEALTH_WEIGHTS = { usage: 0.4, billing: 0.25, support: 0.15, crm: 0.2 } as const;

const REFRESH_SQL = `
WITH target AS (SELECT DISTINCT unnest($2::text[]) AS customer_id),
today AS (SELECT ($3::timestamptz AT TIME ZONE 'UTC')::date AS d),
usage AS (
  SELECT t.customer_id,
         count(DISTINCT a.user_id) FILTER (WHERE a.day > today.d - 14) AS recent,
         count(DISTINCT a.user_id) FILTER (WHERE a.day <= today.d - 14) AS previous
  FROM target t CROSS JOIN today
  LEFT JOIN user_activity_daily a ON a.tenant = $1 AND a.customer_id = t.customer_id AND a.day > today.d - 28 AND a.day <= today.d
  GROUP BY t.customer_id
),
open AS (
  SELECT t.customer_id, count(k.ticket_id) FILTER (WHERE k.status NOT IN ('solved', 'closed')) AS open_tickets
  FROM target t LEFT JOIN tickets k ON k.tenant = $1 AND k.customer_id = t.customer_id
  GROUP BY t.customer_id
),
parts AS (
  SELECT c.customer_id, u.recent, u.previous, o.open_tickets, c.billing_status, c.crm_health,
         CASE WHEN u.previous = 0 THEN CASE WHEN u.recent > 0 THEN 100 ELSE 0 END
              ELSE least(100, round(75.0 * u.recent / u.previous)) END AS usage_score,
         CASE c.billing_status WHEN 'active' THEN 100 WHEN 'past_due' THEN 20 WHEN 'canceled' THEN 0 ELSE 60 END AS billing_score,
         greatest(0, 100 - 20 * o.open_tickets) AS support_score
  FROM customers c JOIN usage u ON u.customer_id = c.customer_id JOIN open o ON o.customer_id = c.customer_id
  WHERE c.tenant = $1
)
INSERT INTO customer_health AS h (tenant, customer_id, open_tickets, score, parts, updated_at)
SELECT $1, p.customer_id, p.open_tickets,
  round((${HEALTH_WEIGHTS.usage} * p.usage_score + ${HEALTH_WEIGHTS.billing} * p.billing_score
         + ${HEALTH_WEIGHTS.support} * p.support_score + ${HEALTH_WEIGHTS.crm} * coalesce(p.crm_health, 0))
        / (${HEALTH_WEIGHTS.usage + HEALTH_WEIGHTS.billing + HEALTH_WEIGHTS.support} + CASE WHEN p.crm_health IS NULL THEN 0 ELSE ${HEALTH_WEIGHTS.crm} END)),
  jsonb_build_object(
    'usage', jsonb_build_object('score', p.usage_score, 'activeUsers14d', p.recent, 'previous14d', p.previous),
    'billing', jsonb_build_object('score', p.billing_score, 'status', p.billing_status),
    'support', jsonb_build_object('score', p.support_score, 'openTickets', p.open_tickets),
    'crm', jsonb_build_object('score', p.crm_health)),
  $3::timestamptz
FROM parts p
ORDER BY p.customer_id
ON CONFLICT (tenant, customer_id) DO UPDATE SET open_tickets = excluded.open_tickets, score = excluded.score,
  parts = excluded.parts, updated_at = excluded.updated_at`;

/**
 * Recomputes health and open tickets for the given customers of each tenant, as of `nowMs`, into
 * `customer_health`. It reads `customers` without locking it, so batches never wait for a refresh.
 */
export async function refreshHealth(tx: SqlExecutor, customers: Map<string, Set<string>>, nowMs: number): Promise<void> {
  for (const [tenant, ids] of [...customers.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (ids.size === 0) continue;
    const sorted = [...ids].sort();
    for (let i = 0; i < sorted.length; i += 2000) await tx.query(REFRESH_SQL, [tenant, sorted.slice(i, i + 2000), new Date(nowMs).toISOString()]);
  }
}

/**
 * Collects the customers batches touched and refreshes their health at most once per interval, in its own
 * transaction: under load, a customer touched by every batch is scored once per interval, not per batch.
 * Health is derived state: a refresh lost to a crash is redone by the next one that touches the customer.
 */
export class HealthRefresher {
  readonly #dirty = new Map<string, Set<string>>();
  #running: Promise<void> = Promise.resolve();

  add(customers: Map<string, Set<string>>): void {
    for (const [tenant, ids] of customers) {
      let set = this.#dirty.get(tenant);
      if (!set) this.#dirty.set(tenant, (set = new Set()));
      for (const id of ids) set.add(id);
    }
  }

  /** Refreshes what is pending (one refresh at a time). */
  flush(transaction: <T>(fn: (tx: SqlExecutor) => Promise<T>) => Promise<T>, nowMs: number): Promise<void> {
    this.#running = this.#running.then(async () => {
      if (this.#dirty.size === 0) return;
      const pending = new Map(this.#dirty);
      this.#dirty.clear();
      try {
        await transaction((tx) => refreshHealth(tx, pending, nowMs));
      } catch (err) {
        this.add(pending);
        throw err;
      }
    });
    return this.#running;
  }
}
