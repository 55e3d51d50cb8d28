/**
 * @tally/core: the canonical event, configuration, errors, and the three ports (bus, store, cache) with
 * their embedded and real adapters.
 */
export { TallyError, isTallyError } from './errors.ts';
export type { TallyErrorCode, TallyErrorOptions } from './errors.ts';

export { readConfig, CONFIG_VARIABLES } from './config/config.ts';
export type { TallyConfig } from './config/config.ts';
export { parseRolesConfig, ROLE_NAME_PATTERN, MAX_CONFIGURED_ROLES } from './config/roles-config.ts';
export type { RoleGrants } from './config/roles-config.ts';

export { createLogger } from './logger.ts';
export type { Logger } from './logger.ts';

export {
  CURRENT_SCHEMA_VERSION,
  canonicalEventSchema,
  eventTypeSchema,
  revenueSchema,
  eventKey,
} from './event/canonical-event.ts';
export type { CanonicalEvent, Revenue } from './event/canonical-event.ts';
export { UpcasterRegistry, defaultUpcasters, validateCurrent } from './event/upcasters.ts';
export type { Upcaster, ReadEventResult } from './event/upcasters.ts';

export type { Bus, BusMessage, BusBatch, DeliveredMessage, BatchHandler, PartitionLag, SubscribeOptions, Subscription } from './bus/bus.ts';
export { openEmbeddedBus } from './bus/embedded/embedded-bus.ts';
export type { EmbeddedBusOptions } from './bus/embedded/embedded-bus.ts';
export { createKafkaBus } from './bus/kafka/kafka-bus.ts';
export type { KafkaBusOptions } from './bus/kafka/kafka-bus.ts';

export type { Store, SqlExecutor, Row, StoreCapabilities, Migration, MigrationReport } from './store/store.ts';
export { openPostgresStore } from './store/postgres-store.ts';
export type { PostgresStoreOptions } from './store/postgres-store.ts';
export { openPGliteStore } from './store/pglite-store.ts';
export type { PGliteStoreOptions } from './store/pglite-store.ts';
export { buildInsertMany } from './store/insert-many.ts';
export type { ColumnSpec } from './store/insert-many.ts';

export type { Cache, CacheOp, MessageHandler } from './cache/cache.ts';
export { parseVersioned } from './cache/cache.ts';
export { createMemoryCache, MemoryCacheState } from './cache/memory-cache.ts';
export type { MemoryCacheOptions } from './cache/memory-cache.ts';
export { openRedisCache } from './cache/redis-cache.ts';
export type { RedisCacheOptions } from './cache/redis-cache.ts';
export { HyperLogLog } from './cache/hyperloglog.ts';

export { openAdapters, openStore } from './adapters.ts';
export type { Adapters, AdapterNames } from './adapters.ts';

export { TOPICS } from './topics.ts';
export { MIGRATIONS } from './schema/migrations.ts';
export { ensureEventPartitions, listEventPartitions, eventPartitionName, monthStart, monthsBetween } from './schema/event-partitions.ts';
export { timescaleRetentionSql } from './schema/timescale.ts';
export { ACTIVE_USER_WINDOWS, activeUsersWindowSql } from './schema/active-users-window.ts';
export { USER_LAST_ACTIVE_SQL } from './schema/user-last-active.ts';

export { METRIC_CATALOG } from './metrics/catalog.ts';
export { getMetric, hasMetric, STORED_METRICS, affectedMetrics } from './metrics/lookup.ts';
export type { StoredMetric, ChangedInputs } from './metrics/lookup.ts';
export { SENSITIVITIES } from './metrics/metric.ts';
export { eventPathSql, MAX_DIMENSION_VALUE } from './metrics/event-path-sql.ts';
export type {
  MetricDefinition,
  MetricSource,
  MetricRef,
  MetricUnit,
  Aggregation,
  Sensitivity,
  DimensionSource,
  EventMatch,
  EventPath,
} from './metrics/metric.ts';
export { murmur3, fmix32 } from './hash.ts';
export {
  METRIC_CHANGED_CHANNEL,
  LIVE_ROLLUP_DAYS,
  LIVE_HLL_HOUR_TTL_MS,
  LIVE_HLL_DAY_TTL_MS,
  liveRollupKey,
  liveActiveUsersKey,
  liveWatermarkKey,
} from './metrics/live-keys.ts';
export type { MetricChangedMessage } from './metrics/live-keys.ts';
