import type { Cache } from '@tally/core';

/** The outcome of one {@link hitFixedWindow}. */
export interface WindowHit {
  allowed: boolean;
  /** Requests counted in this window, this one included. */
  count: number;
  /** Seconds until the window ends (for `Retry-After`). */
  retryAfterSeconds: number;
}

/**
 * Counts one request against `limit` per `windowMs` for `key`, in a fixed window shared through the cache
 * (every process behind Redis counts together). The window's counter expires with the window.
 */
export async function hitFixedWindow(cache: Pick<Cache, 'setIfAbsent' | 'incrBy'>, key: string, limit: number, windowMs: number, now: number): Promise<WindowHit> {
  const window = Math.floor(now / windowMs);
  const counter = `ratelimit:${key}:${window}`;
  // Created with its expiry first, so the counter never outlives its window even if this process dies here.
  await cache.setIfAbsent(counter, '0', windowMs * 2);
  const count = await cache.incrBy(counter, 1);
  const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
  return { allowed: count <= limit, count, retryAfterSeconds };
}
