/**
 * A store of either kind holding the seeded dataset (test/support/seeded-events.ts) applied through the
 * real aggregator at a fixed clock, plus access scopes, for the query planner's tests.
 */
import { createMemoryCache, SENSITIVITIES, type CanonicalEvent, type Sensitivity, type Store } from '@tally/core';
import { BatchApplier } from '@tally/ingest';
import { seededEvents } from './seeded-events.ts';
import { openTestStore, type StoreKind } from './stores.ts';

/** The fixture's clock: 2026-11-20T12:00:00Z. */
export const QUERY_NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

export interface QueryFixture {
  store: Store;
  events: CanonicalEvent[];
  close(): Promise<void>;
}

/** A migrated store with 60 days of seeded events for tenants `acme` and `globex`, applied in batches of 400. */
export async function openQueryFixture(kind: StoreKind): Promise<QueryFixture> {
  const t = await openTestStore(kind);
  const cache = createMemoryCache();
  const events = seededEvents({ endMs: QUERY_NOW, days: 60 });
  const applier = new BatchApplier({ store: t.store, cache, now: () => QUERY_NOW });
  for (let i = 0; i < events.length; i += 400) await applier.apply(events.slice(i, i + 400));
  await applier.flushHealth();
  await cache.close();
  return { store: t.store, events, close: t.close };
}

/** The shape of the server's `AccessScope` (structural: test support imports packages by name only). */
export interface TestScope {
  tenant: string;
  sensitivities: ReadonlySet<Sensitivity>;
  filters: { customerId?: string };
}

/** A scope of `tenant` granting these sensitivities (every class by default), optionally confined to one customer. */
export function testScope(tenant = 'acme', options: { sensitivities?: readonly Sensitivity[]; customerId?: string } = {}): TestScope {
  return {
    tenant,
    sensitivities: new Set(options.sensitivities ?? SENSITIVITIES),
    filters: options.customerId !== undefined ? { customerId: options.customerId } : {},
  };
}
