import { METRIC_CHANGED_CHANNEL, type Cache, type CanonicalEvent, type Logger, type MetricChangedMessage, type SqlExecutor, type Store } from '@tally/core';
import { ActivityDeltas, isActivity, SeenKeys } from './activity-deltas.ts';
import { writeActivity, writeRollups } from './aggregate-writer.ts';
import { applyState, CustomerSeen } from './customer-state.ts';
import { HealthRefresher, refreshHealth } from './health-score.ts';
import { liveCacheOps, metricChangedMessages, type TenantChanges } from './live-cache.ts';
import { RollupDeltas } from './rollup-deltas.ts';
import { StoreWriter } from './store-writer.ts';
import { writeLastActive } from './last-active-writer.ts';
import { collectWindowDeltas, writeWindowDeltas } from './window-writer.ts';

/** What one applied batch did. */
export interface AppliedBatch {
  events: number;
  /** Events stored and counted for the first time. */
  fresh: number;
  /** Events already stored before (a redelivery or a replay): counted nowhere again. */
  duplicates: number;
  messages: MetricChangedMessage[];
  /** Whether the cache writes failed (the database is the truth; the live mirror heals on the next change). */
  cacheFailed: boolean;
}

export interface BatchApplierOptions {
  store: Store;
  cache: Cache;
  logger?: Logger;
  /** The clock (tests fix it). */
  now?: () => number;
  /**
   * 0: health scores are recomputed inside each batch's transaction. Above 0: touched customers are
   * collected and refreshed at most this often (and on {@link BatchApplier.flushHealth}).
   * @default 0
   */
  healthEveryMs?: number;
}

/**
 * Applies batches of canonical events: the store writer and the aggregator in ONE transaction. The writer's
 * unique key decides which events are new, and only those change rollups, activity and state, in the same
 * commit: a batch delivered twice (a crash before the bus commit, a replay) is counted once. Cache writes
 * and the "metric changed" message follow the commit.
 */
export class BatchApplier {
  readonly #store: Store;
  readonly #cache: Cache;
  readonly #logger: Logger | undefined;
  readonly #now: () => number;
  readonly #writer: StoreWriter;
  readonly #healthEveryMs: number;
  readonly #health = new HealthRefresher();
  readonly #seenActivity = new SeenKeys();
  readonly #seenCustomers = new CustomerSeen();
  #lastHealth = 0;

  constructor(options: BatchApplierOptions) {
    this.#store = options.store;
    this.#cache = options.cache;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#writer = new StoreWriter(options.store);
    this.#healthEveryMs = options.healthEveryMs ?? 0;
  }

  /**
   * Marks every customer for the next health refresh: usage trends move with time even when a customer
   * sends nothing, so the processor rescores everyone periodically (hourly).
   */
  async rescoreAll(): Promise<void> {
    const rows = await this.#store.query<{ tenant: string; customer_id: string }>('SELECT tenant, customer_id FROM customers');
    const all = new Map<string, Set<string>>();
    for (const r of rows) {
      let set = all.get(r.tenant);
      if (!set) all.set(r.tenant, (set = new Set()));
      set.add(r.customer_id);
    }
    this.#health.add(all);
    await this.flushHealth();
  }

  /** Recomputes the health of customers touched since the last refresh. */
  async flushHealth(): Promise<void> {
    this.#lastHealth = this.#now();
    await this.#health.flush(this.#store.transaction.bind(this.#store), this.#lastHealth);
  }

  async apply(events: readonly CanonicalEvent[]): Promise<AppliedBatch> {
    if (events.length === 0) return { events: 0, fresh: 0, duplicates: 0, messages: [], cacheFailed: false };
    await this.#writer.prepare(events);
    const { fresh, dayRows, changes, customers, activity, state } = await this.#store.transaction(async (tx) => this.#applyInTransaction(tx, events));
    activity.committed();
    state.committed();
    const now = this.#now();
    if (this.#healthEveryMs > 0) {
      this.#health.add(customers);
      if (now - this.#lastHealth >= this.#healthEveryMs) await this.flushHealth();
    }
    const messages = metricChangedMessages(changes, now);
    let cacheFailed = false;
    try {
      await this.#cache.batch(liveCacheOps(dayRows, fresh, now));
      for (const m of messages) await this.#cache.publish(METRIC_CHANGED_CHANNEL, JSON.stringify(m));
    } catch (err) {
      cacheFailed = true;
      this.#logger?.warn({ err }, 'processor: live cache update failed; the database has the batch');
    }
    return { events: events.length, fresh: fresh.length, duplicates: events.length - fresh.length, messages, cacheFailed };
  }

  async #applyInTransaction(tx: SqlExecutor, events: readonly CanonicalEvent[]) {
    const fresh = await this.#writer.write(tx, events);
    const rollups = new RollupDeltas();
    const activity = new ActivityDeltas(this.#seenActivity);
    const changes = new Map<string, TenantChanges>();
    for (const e of fresh) {
      const at = Date.parse(e.occurredAt);
      rollups.addEvent(e, at);
      activity.addEvent(e, at);
      let c = changes.get(e.tenant);
      if (!c) changes.set(e.tenant, (c = { stored: new Set(), activity: false, features: false, tables: new Set(), fromMs: at, toMs: at }));
      c.fromMs = Math.min(c.fromMs, at);
      c.toMs = Math.max(c.toMs, at);
      if (isActivity(e)) {
        c.activity = true;
        if (e.type === 'product.feature_used') c.features = true;
      }
      if (e.type.startsWith('support.')) c.tables.add('tickets');
    }
    // Locks are taken in one global order (state rows, activity, window-user advisory locks, active-user
    // windows, rollups, watermark), each set sorted, so concurrent batches wait instead of deadlocking; the
    // hot rows every batch touches (window and rollup totals, the watermark) come last, so they are held only
    // until the commit right after.
    const state = await applyState(tx, fresh, rollups, this.#seenCustomers);
    const added = await writeActivity(tx, activity);
    const windows = await collectWindowDeltas(tx, added);
    if (this.#healthEveryMs === 0) await refreshHealth(tx, state.customers, this.#now());
    await writeWindowDeltas(tx, windows);
    await writeLastActive(tx, added);
    const dayRows = await writeRollups(tx, rollups);
    await writeWatermarks(tx, fresh);
    for (const row of dayRows) changes.get(row.tenant)?.stored.add(row.metric);
    for (const tenant of state.customers.keys()) changes.get(tenant)?.tables.add('customer_health');
    return { fresh, dayRows, changes, customers: state.customers, activity, state };
  }
}

async function writeWatermarks(tx: SqlExecutor, events: readonly CanonicalEvent[]): Promise<void> {
  const newest = new Map<string, string>();
  for (const e of events) if ((newest.get(e.tenant) ?? '') < e.receivedAt) newest.set(e.tenant, e.receivedAt);
  if (newest.size === 0) return;
  const tenants = [...newest.keys()].sort();
  await tx.query(
    `INSERT INTO processing_watermarks AS w (tenant, applied_through, updated_at)
     SELECT t, a, now() FROM unnest($1::text[], $2::timestamptz[]) AS u(t, a)
     ON CONFLICT (tenant) DO UPDATE SET applied_through = greatest(w.applied_through, excluded.applied_through), updated_at = now()`,
    [tenants, tenants.map((t) => newest.get(t)!)],
  );
}
