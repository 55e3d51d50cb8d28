import type { Bus, Cache, Store, Subscription } from '@tally/core';
import type { Hono } from 'hono';
import { ApiKeyVerifier } from './auth/api-keys.ts';
import { SourceRegistry } from './auth/source-registry.ts';
import { CONNECTORS } from './connectors/registry.ts';
import type { Connector } from './connectors/types.ts';
import { createAdminRoutes } from './api/admin-routes.ts';
import { createIngestRoutes } from './api/ingest-routes.ts';
import { startDeadLetterIndexer } from './dead-letters/indexer.ts';
import { BoundedPublisher } from './pipeline/bounded-publisher.ts';
import { DedupCache } from './pipeline/dedup.ts';
import { IngestService, type OutcomeObserver } from './pipeline/ingest-service.ts';
import { DEFAULT_TIME_BOUNDS, type TimeBounds } from './pipeline/prepare.ts';

/** Options for {@link createIngest}. */
export interface IngestOptions {
  bus: Bus;
  store: Store;
  cache: Cache;
  /** @default every built-in connector */
  connectors?: ReadonlyMap<string, Connector>;
  /** @default DEFAULT_TIME_BOUNDS */
  bounds?: TimeBounds;
  /** @default 5 MiB */
  maxBodyBytes?: number;
  /** @default 24 hours */
  dedupTtlMs?: number;
  /** Events awaiting the bus before requests get 429. @default 200000 */
  maxInFlight?: number;
  observe?: OutcomeObserver;
  now?: () => number;
}

/** Ingest, assembled: HTTP routes for the server to mount, and its background consumer. */
export interface Ingest {
  routes: Hono[];
  service: IngestService;
  keys: ApiKeyVerifier;
  sources: SourceRegistry;
  connectors: ReadonlyMap<string, Connector>;
  /** Starts the dead-letter indexer; the caller stops the returned subscriptions. */
  start(): Promise<Subscription[]>;
}

/** Wires ingest's parts together on the given ports. */
export function createIngest(options: IngestOptions): Ingest {
  const connectors = options.connectors ?? CONNECTORS;
  const publisher = new BoundedPublisher(options.bus, options.maxInFlight);
  const service = new IngestService(publisher, new DedupCache(options.cache, options.dedupTtlMs), options.bounds ?? DEFAULT_TIME_BOUNDS, options.observe);
  const keys = new ApiKeyVerifier(options.store);
  const sources = new SourceRegistry(options.store);
  const deps = { connectors, service, publisher, keys, sources, store: options.store, ...(options.now ? { now: options.now } : {}), ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}) };
  return {
    routes: [createIngestRoutes(deps), createAdminRoutes(deps)],
    service,
    keys,
    sources,
    connectors,
    start: async () => [await startDeadLetterIndexer(options.bus, options.store)],
  };
}
