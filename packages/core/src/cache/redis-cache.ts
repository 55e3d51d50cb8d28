import { Redis } from 'ioredis';
import { TallyError } from '../errors.ts';
import type { Cache, CacheOp, MessageHandler } from './cache.ts';

/** Options for {@link openRedisCache}. */
export interface RedisCacheOptions {
  /** `redis://host:6379/0` */
  url: string;
  /**
   * Prefix of every key and channel, so several deployments or test runs share one Redis.
   * @default ''
   */
  keyPrefix?: string;
}

function toTallyError(err: unknown): TallyError {
  const message = (err as Error).message ?? String(err);
  if (/WRONGTYPE|not an integer|out of range|not a valid/i.test(message)) {
    return new TallyError('invalid_argument', `redis: ${message}`, { cause: err });
  }
  return new TallyError('cache_unavailable', `redis: ${message}`, { cause: err });
}

async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw toTallyError(err);
  }
}

/** `version|value` unless the key holds a version at least as high; TTL in ms when ARGV[3] > 0. */
const SET_NEWER_LUA = `
local current = redis.call('GET', KEYS[1])
if current then
  local bar = string.find(current, '|', 1, true)
  if bar and tonumber(string.sub(current, 1, bar - 1)) >= tonumber(ARGV[1]) then return 0 end
end
if tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2])
end
return 1`;

interface SetNewerPipeline {
  tallySetNewer(key: string, version: number, value: string, ttlMs: number): void;
}

function checkTtl(ttlMs: number | undefined): void {
  if (ttlMs !== undefined && (!Number.isFinite(ttlMs) || ttlMs <= 0)) {
    throw new TallyError('invalid_argument', `ttlMs: expected a positive number, got ${ttlMs}`, { field: 'ttlMs' });
  }
}

/**
 * Opens the Redis adapter of the cache port. One connection serves commands; a second one is opened on the
 * first `subscribe` (a subscribed Redis connection can do nothing else). Reconnects with backoff.
 */
export async function openRedisCache(options: RedisCacheOptions): Promise<Cache> {
  const prefix = options.keyPrefix ?? '';
  const connect = async (): Promise<Redis> => {
    const client = new Redis(options.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      enableAutoPipelining: true,
      retryStrategy: (times) => Math.min(50 * 2 ** times, 2000),
    });
    client.on('error', () => {}); // surfaced through the failing commands instead
    try {
      await client.connect();
    } catch (err) {
      client.disconnect();
      throw new TallyError('cache_unavailable', `redis unreachable at ${options.url}: ${(err as Error).message}`, { cause: err });
    }
    return client;
  };
  const redis = await connect();
  redis.defineCommand('tallySetNewer', { numberOfKeys: 1, lua: SET_NEWER_LUA });
  let subscriber: Promise<Redis> | undefined;
  const handlers = new Map<string, Set<MessageHandler>>();
  const active = new Map<string, Promise<unknown>>(); // SUBSCRIBE sent per channel, resolved once confirmed
  const k = (key: string) => prefix + key;

  const subscriberClient = (): Promise<Redis> => {
    subscriber ??= connect().then((client) => {
      client.on('message', (channel: string, message: string) => {
        for (const handler of handlers.get(channel) ?? []) handler(message);
      });
      return client;
    });
    return subscriber;
  };

  return {
    adapter: 'redis',
    get: (key) => guard(redis.get(k(key))),
    getMany: (keys) => (keys.length === 0 ? Promise.resolve([]) : guard(redis.mget(...keys.map(k)))),
    async set(key, value, ttlMs) {
      checkTtl(ttlMs);
      await guard(ttlMs === undefined ? redis.set(k(key), value) : redis.set(k(key), value, 'PX', Math.ceil(ttlMs)));
    },
    async setIfAbsent(key, value, ttlMs) {
      checkTtl(ttlMs);
      return (await guard(redis.set(k(key), value, 'PX', Math.ceil(ttlMs), 'NX'))) === 'OK';
    },
    del: (...keys) => (keys.length === 0 ? Promise.resolve(0) : guard(redis.del(...keys.map(k)))),
    ttl: (key) => guard(redis.pttl(k(key))),
    incrBy: (key, by) => guard(redis.incrby(k(key), by)),
    hincrBy: (key, field, by) => guard(redis.hincrby(k(key), field, by)),
    async hgetall(key) {
      const raw = await guard(redis.hgetall(k(key)));
      return Object.fromEntries(Object.entries(raw).map(([f, v]) => [f, Number(v)]));
    },
    async pfAdd(key, members) {
      return (await guard(redis.pfadd(k(key), ...members))) === 1;
    },
    pfCount: (...keys) => guard(redis.pfcount(...keys.map(k))),
    async pfMerge(dest, ...sources) {
      await guard(redis.pfmerge(k(dest), ...sources.map(k)));
    },
    async batch(ops: readonly CacheOp[]) {
      if (ops.length === 0) return;
      const pipe = redis.pipeline();
      for (const op of ops) {
        checkTtl(op.ttlMs);
        const key = k(op.key);
        if (op.op === 'incrBy') pipe.incrby(key, op.by);
        else if (op.op === 'hincrBy') pipe.hincrby(key, op.field, op.by);
        else if (op.op === 'pfAdd') pipe.pfadd(key, ...op.members);
        else if (op.op === 'setNewer') {
          (pipe as unknown as SetNewerPipeline).tallySetNewer(key, op.version, op.value, op.ttlMs === undefined ? 0 : Math.ceil(op.ttlMs));
          continue;
        } else if (op.ttlMs !== undefined) pipe.set(key, op.value, 'PX', Math.ceil(op.ttlMs)); // one command, not SET + PEXPIRE
        else pipe.set(key, op.value);
        if (op.ttlMs !== undefined && op.op !== 'set') pipe.pexpire(key, Math.ceil(op.ttlMs));
      }
      const results = await guard(pipe.exec());
      const failed = results?.find(([err]) => err);
      if (failed?.[0]) throw toTallyError(failed[0]);
    },
    async publish(channel, message) {
      await guard(redis.publish(k(channel), message));
    },
    async subscribe(channel, handler) {
      const sub = await subscriberClient();
      const name = k(channel);
      let set = handlers.get(name);
      if (!set) {
        set = new Set();
        handlers.set(name, set);
        active.set(name, sub.subscribe(name));
      }
      set.add(handler);
      await guard(active.get(name)!);
      return async () => {
        const current = handlers.get(name);
        if (!current?.delete(handler) || current.size > 0) return;
        handlers.delete(name);
        active.delete(name);
        await guard(sub.unsubscribe(name));
      };
    },
    async close() {
      const sub = subscriber ? await subscriber.catch(() => undefined) : undefined;
      await Promise.allSettled([redis.quit(), sub?.quit()]);
    },
  };
}
