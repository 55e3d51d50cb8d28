import { EventEmitter } from 'node:events';
import { TallyError } from '../errors.ts';
import { parseVersioned, type Cache, type CacheOp, type MessageHandler } from './cache.ts';
import { HyperLogLog } from './hyperloglog.ts';

type Value = { kind: 'string'; value: string } | { kind: 'hash'; value: Map<string, number> } | { kind: 'hll'; value: HyperLogLog };
type Entry = Value & { expiresAt: number | undefined };

/** The data behind one or more memory cache clients: share it to get two clients of one cache. */
export class MemoryCacheState {
  readonly channels = new EventEmitter();
  /**
   * Two generations bound memory in O(1): writes go to `#young`; when it holds half the bound, it becomes
   * `#old` and the previous old generation is dropped whole. A read of an old key moves it back to young.
   */
  #young = new Map<string, Entry>();
  #old = new Map<string, Entry>();
  #sweeper: NodeJS.Timeout | undefined;
  #clients = 0;

  /** @param maxKeys about how many keys are held before the least recently used are dropped. @default DEFAULT_MAX_KEYS */
  constructor(readonly maxKeys = DEFAULT_MAX_KEYS) {
    this.channels.setMaxListeners(0);
  }

  /** @internal */
  attach(): void {
    if (this.#clients++ === 0) {
      this.#sweeper = setInterval(() => this.sweep(), 5000);
      this.#sweeper.unref();
    }
  }

  /** @internal */
  detach(): void {
    if (--this.#clients === 0 && this.#sweeper) clearInterval(this.#sweeper);
  }

  get size(): number {
    return this.#young.size + this.#old.size;
  }

  /** The entry under `key`, whether or not it has expired. */
  read(key: string): Entry | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old !== undefined) {
      this.#old.delete(key);
      this.write(key, old);
    }
    return old;
  }

  write(key: string, entry: Entry): void {
    this.#young.set(key, entry);
    this.#old.delete(key);
    if (this.#young.size >= Math.max(1, this.maxKeys >> 1)) {
      this.#old = this.#young;
      this.#young = new Map();
    }
  }

  remove(key: string): boolean {
    const a = this.#young.delete(key);
    const b = this.#old.delete(key);
    return a || b;
  }

  /** Removes expired entries; reads also check expiry, so this only bounds memory. */
  sweep(now = Date.now()): number {
    let removed = 0;
    for (const map of [this.#young, this.#old]) {
      for (const [key, entry] of map) {
        if (entry.expiresAt !== undefined && entry.expiresAt <= now) {
          map.delete(key);
          removed++;
        }
      }
    }
    return removed;
  }
}

/** About how many keys a memory cache holds; past it the least recently used go, as Redis does under maxmemory. */
export const DEFAULT_MAX_KEYS = 1_000_000;

/** Options for {@link createMemoryCache}. */
export interface MemoryCacheOptions {
  /**
   * Prefix of every key and channel.
   * @default ''
   */
  keyPrefix?: string;
  /** Share the data of another client (for a second client of the same cache). */
  state?: MemoryCacheState;
}

/**
 * The embedded adapter of the cache port: everything in this process's memory, with Redis's semantics for
 * the operations Tally uses (expiry, counters, HyperLogLog, pub/sub).
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): Cache & { readonly state: MemoryCacheState } {
  const state = options.state ?? new MemoryCacheState();
  const prefix = options.keyPrefix ?? '';
  const subscriptions = new Set<() => void>();
  let closed = false;
  state.attach();

  const live = (key: string): Entry | undefined => {
    const entry = state.read(prefix + key);
    if (entry && entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      state.remove(prefix + key);
      return undefined;
    }
    return entry;
  };
  const wrongType = (key: string, expected: string) =>
    new TallyError('invalid_argument', `cache key ${key}: holds another type than ${expected}`, { field: 'key' });
  const ofKind = <K extends Value['kind']>(key: string, kind: K): Extract<Entry, { kind: K }> | undefined => {
    const entry = live(key);
    if (entry && entry.kind !== kind) throw wrongType(key, kind);
    return entry as Extract<Entry, { kind: K }> | undefined;
  };
  const expireAt = (ttlMs: number | undefined) => (ttlMs === undefined ? undefined : Date.now() + ttlMs);
  const checkTtl = (ttlMs: number | undefined) => {
    if (ttlMs !== undefined && (!Number.isFinite(ttlMs) || ttlMs <= 0)) {
      throw new TallyError('invalid_argument', `ttlMs: expected a positive number, got ${ttlMs}`, { field: 'ttlMs' });
    }
  };
  const checkOpen = () => {
    if (closed) throw new TallyError('cache_unavailable', 'cache: client is closed');
  };

  const cache = {
    adapter: 'memory' as const,
    state,
    async get(key: string) {
      checkOpen();
      return ofKind(key, 'string')?.value ?? null;
    },
    async getMany(keys: readonly string[]) {
      checkOpen();
      return keys.map((key) => {
        const entry = live(key);
        return entry?.kind === 'string' ? entry.value : null;
      });
    },
    async set(key: string, value: string, ttlMs?: number) {
      checkOpen();
      checkTtl(ttlMs);
      state.write(prefix + key, { kind: 'string', value, expiresAt: expireAt(ttlMs) });
    },
    async setIfAbsent(key: string, value: string, ttlMs: number) {
      checkOpen();
      checkTtl(ttlMs);
      if (live(key)) return false;
      state.write(prefix + key, { kind: 'string', value, expiresAt: expireAt(ttlMs) });
      return true;
    },
    async del(...keys: string[]) {
      checkOpen();
      let n = 0;
      for (const key of keys) if (live(key) && state.remove(prefix + key)) n++;
      return n;
    },
    async ttl(key: string) {
      checkOpen();
      const entry = live(key);
      if (!entry) return -2;
      return entry.expiresAt === undefined ? -1 : Math.max(0, entry.expiresAt - Date.now());
    },
    async incrBy(key: string, by: number) {
      checkOpen();
      const entry = ofKind(key, 'string');
      const current = entry ? Number(entry.value) : 0;
      if (!Number.isSafeInteger(current) || !Number.isSafeInteger(by)) throw wrongType(key, 'an integer');
      const next = current + by;
      state.write(prefix + key, { kind: 'string', value: String(next), expiresAt: entry?.expiresAt });
      return next;
    },
    async hincrBy(key: string, field: string, by: number) {
      checkOpen();
      if (!Number.isSafeInteger(by)) throw new TallyError('invalid_argument', `by: expected an integer, got ${by}`, { field: 'by' });
      let entry = ofKind(key, 'hash');
      if (!entry) {
        entry = { kind: 'hash', value: new Map(), expiresAt: undefined };
        state.write(prefix + key, entry);
      }
      const next = (entry.value.get(field) ?? 0) + by;
      entry.value.set(field, next);
      return next;
    },
    async hgetall(key: string) {
      checkOpen();
      return Object.fromEntries(ofKind(key, 'hash')?.value ?? []);
    },
    async pfAdd(key: string, members: readonly string[]) {
      checkOpen();
      let entry = ofKind(key, 'hll');
      let changed = false;
      if (!entry) {
        entry = { kind: 'hll', value: new HyperLogLog(), expiresAt: undefined };
        state.write(prefix + key, entry);
        changed = true;
      }
      for (const m of members) if (entry.value.add(m)) changed = true;
      return changed;
    },
    async pfCount(...keys: string[]) {
      checkOpen();
      const union = new HyperLogLog();
      for (const key of keys) {
        const entry = ofKind(key, 'hll');
        if (entry) union.merge(entry.value);
      }
      return union.count();
    },
    async pfMerge(dest: string, ...sources: string[]) {
      checkOpen();
      const union = new HyperLogLog(ofKind(dest, 'hll')?.value.registers);
      for (const key of sources) {
        const entry = ofKind(key, 'hll');
        if (entry) union.merge(entry.value);
      }
      state.write(prefix + dest, { kind: 'hll', value: union, expiresAt: live(dest)?.expiresAt });
    },
    async batch(ops: readonly CacheOp[]) {
      checkOpen();
      for (const op of ops) {
        checkTtl(op.ttlMs);
        if (op.op === 'incrBy') await cache.incrBy(op.key, op.by);
        else if (op.op === 'hincrBy') await cache.hincrBy(op.key, op.field, op.by);
        else if (op.op === 'pfAdd') await cache.pfAdd(op.key, op.members);
        else if (op.op === 'setNewer') {
          const current = parseVersioned((await cache.getMany([op.key]))[0] ?? null);
          if (current && current.version >= op.version) continue;
          await cache.set(op.key, `${op.version}|${op.value}`);
        } else await cache.set(op.key, op.value);
        if (op.ttlMs !== undefined) {
          const entry = state.read(prefix + op.key);
          if (entry) entry.expiresAt = Date.now() + op.ttlMs;
        }
      }
    },
    async publish(channel: string, message: string) {
      checkOpen();
      // Deliver asynchronously, as a network round trip would.
      queueMicrotask(() => state.channels.emit(prefix + channel, message));
    },
    async subscribe(channel: string, handler: MessageHandler) {
      checkOpen();
      const listener = (message: string) => handler(message);
      state.channels.on(prefix + channel, listener);
      const off = () => {
        state.channels.off(prefix + channel, listener);
        subscriptions.delete(off);
      };
      subscriptions.add(off);
      return async () => off();
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const off of [...subscriptions]) off();
      state.detach();
    },
  };
  return cache;
}
