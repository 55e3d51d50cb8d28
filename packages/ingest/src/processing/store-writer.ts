import { ensureEventPartitions, monthStart, type CanonicalEvent, type SqlExecutor, type Store, type StoreCapabilities } from '@tally/core';

/**
 * The store writer: raw events into `events`, each (tenant, id) once for all time. `event_ids` decides which
 * events are new; only those reach `events` and, through the caller, the aggregates. Runs inside the
 * caller's transaction, so a batch is written whole or not at all.
 */
export class StoreWriter {
  readonly #store: Store;
  readonly #partitions = new Set<number>();
  #capabilities: StoreCapabilities | undefined;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Creates missing month partitions for these events (outside the batch transaction: DDL takes a lock). */
  async prepare(events: readonly CanonicalEvent[]): Promise<void> {
    this.#capabilities ??= await this.#store.capabilities();
    const missing = new Set<number>();
    for (const e of events) {
      const month = monthStart(Date.parse(e.occurredAt));
      if (!this.#partitions.has(month)) missing.add(month);
    }
    if (missing.size === 0) return;
    await ensureEventPartitions(this.#store.transaction.bind(this.#store), this.#capabilities, missing);
    for (const m of missing) this.#partitions.add(m);
  }

  /** Writes the events not stored before; resolves with those (in input order, first of any repeats). */
  async write(tx: SqlExecutor, events: readonly CanonicalEvent[]): Promise<CanonicalEvent[]> {
    const unique = new Map<string, CanonicalEvent>();
    for (const e of events) {
      const key = `${e.tenant}\u0000${e.id}`;
      if (!unique.has(key)) unique.set(key, e);
    }
    if (unique.size === 0) return [];
    const rows = [...unique.values()];
    // One JSON document for the whole batch: V8 serialises it natively and Postgres parses it once, the
    // properties objects included (no per-value array escaping, no JSON inside text).
    const fresh = await tx.query<{ tenant: string; id: string }>(INSERT_SQL, [JSON.stringify(rows.map(toRecord))]);
    if (fresh.length === rows.length) return rows;
    const kept = new Set(fresh.map((r) => `${r.tenant}\u0000${r.id}`));
    return rows.filter((e) => kept.has(`${e.tenant}\u0000${e.id}`));
  }
}

// One round trip: claim the ids, then store only the rows whose id was new. The events insert is a
// data-modifying CTE, which Postgres runs whether or not the outer query reads it.
const INSERT_SQL = `
WITH input AS (
  SELECT * FROM json_to_recordset($1::json)
    AS t(tenant text, id text, source text, type text, occurred_at timestamptz, received_at timestamptz, customer_id text,
         user_id text, properties jsonb, revenue_minor bigint, currency text, schema_version integer)
), fresh AS (
  INSERT INTO event_ids (tenant, id) SELECT tenant, id FROM input ON CONFLICT DO NOTHING RETURNING tenant, id
), stored AS (
  INSERT INTO events (tenant, id, source, type, occurred_at, received_at, customer_id, user_id, properties, revenue_minor, currency, schema_version)
  SELECT i.tenant, i.id, i.source, i.type, i.occurred_at, i.received_at, i.customer_id, i.user_id, i.properties,
         i.revenue_minor, i.currency, i.schema_version
  FROM input i JOIN fresh f ON f.tenant = i.tenant AND f.id = i.id
)
SELECT tenant, id FROM fresh`;

function toRecord(e: CanonicalEvent) {
  return {
    tenant: e.tenant,
    id: e.id,
    source: e.source,
    type: e.type,
    occurred_at: e.occurredAt,
    received_at: e.receivedAt,
    customer_id: e.customerId ?? null,
    user_id: e.userId ?? null,
    properties: e.properties,
    revenue_minor: e.revenue?.amountMinor ?? null,
    currency: e.revenue?.currency ?? null,
    schema_version: e.schemaVersion,
  };
}
