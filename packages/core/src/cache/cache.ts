/** Called with each message published on a subscribed channel. */
export type MessageHandler = (message: string) => void;

/** One operation of a {@link Cache.batch}: the pre-aggregated writes of one processed batch. */
export type CacheOp =
  | { op: 'incrBy'; key: string; by: number; ttlMs?: number }
  | { op: 'hincrBy'; key: string; field: string; by: number; ttlMs?: number }
  | { op: 'pfAdd'; key: string; members: readonly string[]; ttlMs?: number }
  | { op: 'set'; key: string; value: string; ttlMs?: number }
  /**
   * Stores `version|value` unless the key already holds a version at least as high: a mirror of a database
   * row that concurrent writers may deliver out of order. Read it back with {@link parseVersioned}.
   */
  | { op: 'setNewer'; key: string; version: number; value: string; ttlMs?: number };

/** Reads a value written by a `setNewer` op; null when absent or not versioned. */
export function parseVersioned(raw: string | null): { version: number; value: string } | null {
  if (raw === null) return null;
  const bar = raw.indexOf('|');
  const version = bar > 0 ? Number(raw.slice(0, bar)) : Number.NaN;
  return Number.isSafeInteger(version) ? { version, value: raw.slice(bar + 1) } : null;
}

/**
 * The cache port: TTL keys, counters, hash counters, HyperLogLog and pub/sub. Adapters: Redis (ioredis)
 * and memory. Keys and channels are namespaced by the adapter's key prefix; callers never add it.
 */
export interface Cache {
  readonly adapter: 'memory' | 'redis';
  get(key: string): Promise<string | null>;
  /** Many values in one round trip (MGET), in the order of `keys`. */
  getMany(keys: readonly string[]): Promise<(string | null)[]>;
  /** Sets a value, with a time to live when `ttlMs` is given. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Sets the value only when the key is absent; true when it was set. For dedup fast paths. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes keys; resolves with how many existed. */
  del(...keys: string[]): Promise<number>;
  /** Remaining time to live in ms; -1 without expiry, -2 when the key does not exist. */
  ttl(key: string): Promise<number>;
  incrBy(key: string, by: number): Promise<number>;
  hincrBy(key: string, field: string, by: number): Promise<number>;
  /** All fields of a hash of counters, as numbers. */
  hgetall(key: string): Promise<Record<string, number>>;
  /** Adds members to a HyperLogLog; true when its estimate changed. */
  pfAdd(key: string, members: readonly string[]): Promise<boolean>;
  /** Estimated distinct members across the union of the given HyperLogLogs (standard error ≈ 0.81%). */
  pfCount(...keys: string[]): Promise<number>;
  /** Stores the union of `sources` in `dest`. */
  pfMerge(dest: string, ...sources: string[]): Promise<void>;
  /** Applies many writes in one round trip (a pipeline on Redis). */
  batch(ops: readonly CacheOp[]): Promise<void>;
  /** Publishes to every subscriber of the channel, in this process and others. */
  publish(channel: string, message: string): Promise<void>;
  /** Subscribes; resolves once the subscription is active, with a function that ends it. */
  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
