import type { StoreCapabilities } from '../store/store.ts';
import { timescaleEventsSql } from './timescale.ts';

/**
 * Raw events. Plain Postgres and PGlite: range-partitioned by month on `occurred_at` (partitions are made
 * ahead of time and on demand by `ensureEventPartitions`). TimescaleDB: a hypertable with compression and
 * continuous aggregates (timescale.ts). Either way there is no unique key on `events` itself (a partitioned
 * table's unique keys must contain the partition column): `event_ids` is the final word on dedup.
 */
const EVENT_COLUMNS = `
  tenant text NOT NULL,
  id text NOT NULL,
  source text NOT NULL,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  customer_id text,
  user_id text,
  properties jsonb NOT NULL,
  revenue_minor bigint,
  currency text,
  schema_version integer NOT NULL`;

function eventsSql(capabilities: StoreCapabilities): string {
  if (capabilities.timescale) return `CREATE TABLE events (${EVENT_COLUMNS}\n);\n${timescaleEventsSql()}`;
  return `CREATE TABLE events (${EVENT_COLUMNS}
) PARTITION BY RANGE (occurred_at);
CREATE INDEX events_time ON events USING brin (occurred_at) WITH (pages_per_range = 32);`;
}

const rollupTable = (grain: 'hour' | 'day' | 'month') => `
-- Rollup of every stored metric (metric catalog: collected and computed) at one grain. One row per total
-- (dimension = '') and per allowed dimension value. value = Σ of the metric's contributions, count = events.
CREATE TABLE rollup_${grain} (
  tenant text NOT NULL,
  metric text NOT NULL,
  bucket timestamptz NOT NULL,
  dimension text NOT NULL,
  dim_value text NOT NULL,
  value bigint NOT NULL,
  count bigint NOT NULL,
  rev bigint NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant, metric, bucket, dimension, dim_value)
);`;

/** Version 3: raw events, rollups, activity and the current state behind Customer 360. */
export function analyticsSchemaSql(capabilities: StoreCapabilities): string {
  return `
-- Dedup: one row per (tenant, event id) ever stored. Kept after raw events are archived, so a replayed
-- event is still recognised.
CREATE TABLE event_ids (
  tenant text NOT NULL,
  id text NOT NULL,
  PRIMARY KEY (tenant, id)
);

${eventsSql(capabilities)}
-- A customer's timeline of notable (non-product) events. Product telemetry, the bulk of the rows, stays out
-- of this index: a full (tenant, customer_id, occurred_at) index more than doubled the cost of a write.
CREATE INDEX events_customer_notable ON events (tenant, customer_id, occurred_at) WHERE type NOT LIKE 'product.%';
${rollupTable('hour')}
${rollupTable('day')}
${rollupTable('month')}

-- One row per tenant, UTC day, user and customer with product activity: DAU/WAU/MAU and retention.
-- Presence only (how much a user did is in the rollups), so a user's second event of the day writes nothing.
CREATE TABLE user_activity_daily (
  tenant text NOT NULL,
  day date NOT NULL,
  user_id text NOT NULL,
  customer_id text NOT NULL,
  PRIMARY KEY (tenant, day, user_id, customer_id)
);
CREATE INDEX user_activity_customer ON user_activity_daily (tenant, customer_id, day);

-- One row per tenant, UTC day, feature, user and customer who used it: feature adoption. Presence only.
CREATE TABLE feature_activity_daily (
  tenant text NOT NULL,
  day date NOT NULL,
  feature text NOT NULL,
  user_id text NOT NULL,
  customer_id text NOT NULL,
  PRIMARY KEY (tenant, day, feature, user_id, customer_id)
);

-- Current state for Customer 360. Fields change only for a newer event than the one that last set them.
CREATE TABLE customers (
  tenant text NOT NULL,
  customer_id text NOT NULL,
  name text,
  email text,
  plan text,
  mrr_minor bigint NOT NULL DEFAULT 0,
  currency text,
  ever_paid boolean NOT NULL DEFAULT false,
  billing_status text NOT NULL DEFAULT 'none',
  billing_status_at timestamptz,
  owner text,
  stage text,
  crm_health integer,
  crm_updated_at timestamptz,
  profile jsonb NOT NULL DEFAULT '{}',
  profile_updated_at timestamptz,
  first_seen_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  PRIMARY KEY (tenant, customer_id)
);

-- Derived per customer, recomputed every few seconds for the customers batches touched, in its own table so
-- the refresh never holds locks on the rows batches write.
CREATE TABLE customer_health (
  tenant text NOT NULL,
  customer_id text NOT NULL,
  open_tickets integer NOT NULL,
  score integer NOT NULL,
  parts jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant, customer_id)
);
CREATE INDEX customer_health_score ON customer_health (tenant, score);
CREATE INDEX customers_mrr ON customers (tenant, mrr_minor DESC);
CREATE INDEX customers_name ON customers (tenant, lower(name));

CREATE TABLE subscriptions (
  tenant text NOT NULL,
  subscription_id text NOT NULL,
  customer_id text NOT NULL,
  plan text,
  status text NOT NULL,
  mrr_minor bigint NOT NULL,
  currency text,
  started_at timestamptz NOT NULL,
  canceled_at timestamptz,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant, subscription_id)
);
CREATE INDEX subscriptions_customer ON subscriptions (tenant, customer_id);

CREATE TABLE invoices (
  tenant text NOT NULL,
  invoice_id text NOT NULL,
  customer_id text NOT NULL,
  subscription_id text,
  status text NOT NULL,
  amount_minor bigint NOT NULL DEFAULT 0,
  refunded_minor bigint NOT NULL DEFAULT 0,
  currency text,
  failed_attempts integer NOT NULL DEFAULT 0,
  paid_at timestamptz,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant, invoice_id)
);
CREATE INDEX invoices_customer ON invoices (tenant, customer_id, updated_at DESC);

-- Tickets and chat conversations (source zendesk, intercom, ...).
CREATE TABLE tickets (
  tenant text NOT NULL,
  ticket_id text NOT NULL,
  customer_id text,
  source text NOT NULL,
  status text NOT NULL,
  priority text,
  channel text,
  subject text,
  opened_at timestamptz NOT NULL,
  first_response_at timestamptz,
  first_response_seconds integer,
  solved_at timestamptz,
  csat text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant, ticket_id)
);
CREATE INDEX tickets_customer ON tickets (tenant, customer_id, opened_at DESC);
CREATE INDEX tickets_opened ON tickets (tenant, opened_at);

-- How far processing has got per tenant: the newest receivedAt applied, for freshness in query answers.
CREATE TABLE processing_watermarks (
  tenant text PRIMARY KEY,
  applied_through timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
`;
}
