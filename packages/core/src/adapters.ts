import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Bus } from './bus/bus.ts';
import { openEmbeddedBus } from './bus/embedded/embedded-bus.ts';
import { createKafkaBus } from './bus/kafka/kafka-bus.ts';
import type { Cache } from './cache/cache.ts';
import { mkdir } from 'node:fs/promises';
import { acquireDirLock } from './dir-lock.ts';
import { createMemoryCache } from './cache/memory-cache.ts';
import { openRedisCache } from './cache/redis-cache.ts';
import type { TallyConfig } from './config/config.ts';
import { openPGliteStore } from './store/pglite-store.ts';
import { openPostgresStore } from './store/postgres-store.ts';
import type { Store } from './store/store.ts';

/** Which adapter serves each port. */
export interface AdapterNames {
  bus: Bus['adapter'];
  store: Store['adapter'];
  cache: Cache['adapter'];
}

/** The three ports, opened from the configuration. */
export interface Adapters {
  bus: Bus;
  store: Store;
  cache: Cache;
  names: AdapterNames;
  /** Closes all three, the bus first (it drains consumers that write to the store and cache). */
  close(): Promise<void>;
}

/**
 * Opens the adapter of each port that the configuration selects: an absent `KAFKA_BROKERS`,
 * `DATABASE_URL` or `REDIS_URL` selects the embedded bus, PGlite or the memory cache.
 */
export async function openAdapters(config: TallyConfig, logger: Logger): Promise<Adapters> {
  const dataDir = resolve(config.dataDir);
  const opened: { close(): Promise<void> }[] = [];
  // PGlite and the embedded bus belong to one process: lock the data folder before opening either.
  const embedded = config.store.adapter === 'pglite' || config.bus.adapter === 'embedded';
  if (embedded) {
    await mkdir(dataDir, { recursive: true });
    const lock = await acquireDirLock(dataDir, 'data folder');
    opened.push({ close: () => lock.release() });
  }
  try {
    const store =
      config.store.adapter === 'postgres'
        ? await openPostgresStore({ url: config.store.url, schema: config.store.schema, poolSize: config.store.poolSize })
        : await openPGliteStore({ dataDir: join(dataDir, 'pglite') });
    opened.push(store);
    const cache =
      config.cache.adapter === 'redis'
        ? await openRedisCache({ url: config.cache.url, keyPrefix: config.cache.keyPrefix })
        : createMemoryCache({ keyPrefix: config.cache.keyPrefix });
    opened.push(cache);
    const busLog = logger.child({ port: 'bus' });
    const onHandlerError = (err: unknown, ctx: object) => busLog.error({ err, ...ctx }, 'bus handler failed; retrying');
    const bus =
      config.bus.adapter === 'kafka'
        ? createKafkaBus({
            brokers: config.bus.brokers,
            clientId: config.bus.clientId,
            idempotent: config.bus.idempotent,
            createTopics: config.bus.createTopics,
            defaultPartitions: config.bus.partitions,
            logger: busLog,
          })
        : await openEmbeddedBus({ dataDir: join(dataDir, 'bus'), defaultPartitions: config.bus.partitions, onHandlerError });
    const names: AdapterNames = { bus: bus.adapter, store: store.adapter, cache: cache.adapter };
    return {
      bus,
      store,
      cache,
      names,
      async close() {
        await bus.close();
        await Promise.allSettled([store.close(), cache.close()]);
        await Promise.allSettled(opened.filter((o) => o !== store && o !== cache).map((o) => o.close()));
      },
    };
  } catch (err) {
    await Promise.allSettled(opened.map((o) => o.close()));
    throw err;
  }
}

/**
 * Opens only the store the configuration selects (for CLI commands that change settings). With PGlite the
 * data folder is locked as by {@link openAdapters}, so this fails clearly while `tally start` runs.
 */
export async function openStore(config: TallyConfig): Promise<Store> {
  if (config.store.adapter === 'postgres') {
    return openPostgresStore({ url: config.store.url, schema: config.store.schema, poolSize: 2 });
  }
  const dataDir = resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true });
  const lock = await acquireDirLock(dataDir, 'data folder');
  try {
    const store = await openPGliteStore({ dataDir: join(dataDir, 'pglite') });
    return { ...store, adapter: store.adapter, close: async () => { await store.close(); await lock.release(); } };
  } catch (err) {
    await lock.release();
    throw err;
  }
}
