import type { Cache, CanonicalEvent } from '@tally/core';

/**
 * The dedup fast path: a cache key per `(tenant, id)` remembers recently accepted events, so most vendor
 * retries stop here. It is set only after the bus has the events (a crash in between must not turn a retry
 * into a silent drop); the store's unique key remains the final word for anything that slips through.
 */
export class DedupCache {
  readonly #cache: Cache;
  readonly #ttlMs: number;

  /** @param ttlMs how long an accepted id is remembered. @default 24 hours */
  constructor(cache: Cache, ttlMs = 24 * 60 * 60 * 1000) {
    this.#cache = cache;
    this.#ttlMs = ttlMs;
  }

  static key(event: Pick<CanonicalEvent, 'tenant' | 'id'>): string {
    return `dedup:${event.tenant}:${event.id}`;
  }

  /** The ids among `events` that were accepted before. */
  async seen(events: readonly CanonicalEvent[]): Promise<Set<string>> {
    const values = await this.#cache.getMany(events.map((e) => DedupCache.key(e)));
    const seen = new Set<string>();
    values.forEach((v, i) => {
      if (v !== null) seen.add(events[i]!.id);
    });
    return seen;
  }

  /** Remembers accepted events. */
  async remember(events: readonly CanonicalEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.#cache.batch(events.map((e) => ({ op: 'set' as const, key: DedupCache.key(e), value: '1', ttlMs: this.#ttlMs })));
  }
}
