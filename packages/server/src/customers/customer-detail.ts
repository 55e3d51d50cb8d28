import type { CustomerDetail, CustomerHealth, CustomerTicket, CustomerTimelineEvent } from '@tally/client-sdk';
import type { SqlExecutor } from '@tally/core';

const DAY_MS = 86_400_000;
/** Days of usage trend and feature adoption, ending today (UTC). */
export const TREND_DAYS = 30;
const TIMELINE_LIMIT = 50;
const OPEN_TICKETS_LIMIT = 50;
const RECENT_TICKETS_LIMIT = 10;

const isoOf = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const epoch = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

type CustomerRow = {
  name: string | null; email: string | null; profile: Record<string, unknown>; plan: string | null; mrr: number; currency: string | null;
  billing_status: string; owner: string | null; stage: string | null; crm_health: number | null; first_seen: number; last_seen: number;
};
type TicketRow = {
  ticket_id: string; source: string; status: string; priority: string | null; channel: string | null; subject: string | null;
  opened: number; first_response_seconds: number | null; solved: number | null; csat: string | null;
};

const TICKET_COLUMNS = `ticket_id, source, status, priority, channel, subject, ${epoch('opened_at')} AS opened,
  first_response_seconds, ${epoch('solved_at')} AS solved, csat`;

function ticketOf(row: TicketRow): CustomerTicket {
  return {
    id: row.ticket_id, source: row.source, status: row.status, priority: row.priority, channel: row.channel, subject: row.subject,
    openedAt: isoOf(row.opened)!, firstResponseSeconds: row.first_response_seconds, solvedAt: isoOf(row.solved), csat: row.csat,
  };
}

/**
 * Customer 360 of one customer as of `now`, from the state tables, the activity tables and the customer's
 * notable events; undefined when the tenant has no such customer. Access is the caller's to check first.
 */
export async function readCustomerDetail(db: SqlExecutor, tenant: string, customerId: string, now: number): Promise<CustomerDetail | undefined> {
  const today = now - (now % DAY_MS);
  const first = today - (TREND_DAYS - 1) * DAY_MS;
  const window = [tenant, customerId, dayOf(first), dayOf(today)];
  const [[customer], subscriptions, [health], usage, features, [active], open, recent, timeline] = await Promise.all([
    db.query<CustomerRow>(
      `SELECT name, email, profile, plan, mrr_minor::float8 AS mrr, currency, billing_status, owner, stage, crm_health,
              ${epoch('first_seen_at')} AS first_seen, ${epoch('last_seen_at')} AS last_seen
       FROM customers WHERE tenant = $1 AND customer_id = $2`,
      [tenant, customerId],
    ),
    db.query<{ subscription_id: string; plan: string | null; status: string; mrr: number; currency: string | null; started: number; canceled: number | null }>(
      `SELECT subscription_id, plan, status, mrr_minor::float8 AS mrr, currency, ${epoch('started_at')} AS started, ${epoch('canceled_at')} AS canceled
       FROM subscriptions WHERE tenant = $1 AND customer_id = $2 ORDER BY started_at DESC, subscription_id`,
      [tenant, customerId],
    ),
    db.query<{ score: number; open_tickets: number; parts: CustomerHealth['parts']; updated: number }>(
      `SELECT score, open_tickets, parts, ${epoch('updated_at')} AS updated FROM customer_health WHERE tenant = $1 AND customer_id = $2`,
      [tenant, customerId],
    ),
    db.query<{ day: string; users: number }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, count(DISTINCT user_id)::int AS users FROM user_activity_daily
       WHERE tenant = $1 AND customer_id = $2 AND day >= $3::date AND day <= $4::date GROUP BY day`,
      window,
    ),
    db.query<{ feature: string; users: number }>(
      `SELECT feature, count(DISTINCT user_id)::int AS users FROM feature_activity_daily
       WHERE tenant = $1 AND customer_id = $2 AND day >= $3::date AND day <= $4::date GROUP BY feature`,
      window,
    ),
    db.query<{ users: number }>(
      `SELECT count(DISTINCT user_id)::int AS users FROM user_activity_daily
       WHERE tenant = $1 AND customer_id = $2 AND day >= $3::date AND day <= $4::date`,
      window,
    ),
    db.query<TicketRow>(
      `SELECT ${TICKET_COLUMNS} FROM tickets WHERE tenant = $1 AND customer_id = $2 AND status NOT IN ('solved', 'closed')
       ORDER BY opened_at DESC, ticket_id DESC LIMIT ${OPEN_TICKETS_LIMIT}`,
      [tenant, customerId],
    ),
    db.query<TicketRow>(
      `SELECT ${TICKET_COLUMNS} FROM tickets WHERE tenant = $1 AND customer_id = $2 ORDER BY opened_at DESC, ticket_id DESC LIMIT ${RECENT_TICKETS_LIMIT}`,
      [tenant, customerId],
    ),
    // `type NOT LIKE 'product.%'` repeats the predicate of the partial index events_customer_notable, so the
    // planner can use it instead of scanning the customer's product telemetry.
    db.query<{ id: string; type: string; source: string; at: number; properties: Record<string, unknown>; revenue_minor: number | null; currency: string | null }>(
      `SELECT id, type, source, ${epoch('occurred_at')} AS at, properties, revenue_minor::float8 AS revenue_minor, currency FROM events
       WHERE tenant = $1 AND customer_id = $2 AND type NOT LIKE 'product.%'
       ORDER BY occurred_at DESC, id DESC LIMIT ${TIMELINE_LIMIT}`,
      [tenant, customerId],
    ),
  ]);
  if (!customer) return undefined;

  const perDay = new Map(usage.map((r) => [r.day, r.users]));
  const activeUsers = active?.users ?? 0;
  return {
    id: customerId,
    name: customer.name,
    email: customer.email,
    profile: customer.profile,
    plan: customer.plan,
    mrr: { amountMinor: customer.mrr, currency: customer.currency },
    billingStatus: customer.billing_status,
    owner: customer.owner,
    stage: customer.stage,
    crmHealth: customer.crm_health,
    firstSeenAt: isoOf(customer.first_seen)!,
    lastSeenAt: isoOf(customer.last_seen)!,
    subscriptions: subscriptions.map((s) => ({
      id: s.subscription_id, plan: s.plan, status: s.status, mrr: { amountMinor: s.mrr, currency: s.currency },
      startedAt: isoOf(s.started)!, canceledAt: isoOf(s.canceled),
    })),
    health: health ? { score: health.score, openTickets: health.open_tickets, parts: health.parts, updatedAt: isoOf(health.updated)! } : null,
    usageTrend: Array.from({ length: TREND_DAYS }, (_, i) => {
      const day = dayOf(first + i * DAY_MS);
      return { day, activeUsers: perDay.get(day) ?? 0 };
    }),
    featureAdoption: {
      activeUsers,
      features: features
        .map((f) => ({ feature: f.feature, users: f.users, adoption: activeUsers === 0 ? 0 : f.users / activeUsers }))
        .sort((a, b) => b.users - a.users || (a.feature < b.feature ? -1 : 1)),
    },
    tickets: { open: open.map(ticketOf), recent: recent.map(ticketOf) },
    timeline: timeline.map((e): CustomerTimelineEvent => ({
      id: e.id, type: e.type, source: e.source, occurredAt: isoOf(e.at)!, properties: e.properties,
      ...(e.revenue_minor !== null ? { revenue: { amountMinor: e.revenue_minor, currency: e.currency } } : {}),
    })),
  };
}
