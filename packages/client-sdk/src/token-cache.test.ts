import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeJwt } from './client-testing.ts';
import { createTokenCache, jwtExpiry } from './token-cache.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-11-20T12:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('jwtExpiry', () => {
  it("reads a JWT's exp in ms without verifying it", () => {
    expect(jwtExpiry(fakeJwt(Date.parse('2026-11-20T12:10:00.000Z')))).toBe(Date.parse('2026-11-20T12:10:00.000Z'));
  });

  it('is NaN for an opaque token or a JWT without exp', () => {
    expect(jwtExpiry('opaque-token')).toBeNaN();
    expect(jwtExpiry('a.b.c')).toBeNaN();
    expect(jwtExpiry(`x.${btoa('{"sub":"u"}')}.y`)).toBeNaN();
  });
});

describe('createTokenCache', () => {
  it('shares one getToken call among concurrent callers', async () => {
    const getToken = vi.fn(() => Promise.resolve('tok'));
    const cache = createTokenCache(getToken, 30_000);
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual(['tok', 'tok', 'tok']);
    expect(getToken).toHaveBeenCalledTimes(1);
  });

  it('refreshes a token that lives less than twice the margin halfway through its life', async () => {
    let n = 0;
    const getToken = vi.fn(() => Promise.resolve({ token: `tok-${++n}`, expiresAt: new Date(Date.now() + 40_000).toISOString() }));
    const cache = createTokenCache(getToken, 30_000);
    expect(await cache.get()).toBe('tok-1');
    vi.advanceTimersByTime(19_999);
    expect(await cache.get()).toBe('tok-1');
    vi.advanceTimersByTime(1);
    expect(await cache.get()).toBe('tok-2');
  });

  it('keeps a token of unknown expiry until it is invalidated, and ignores a stale invalidation', async () => {
    let n = 0;
    const cache = createTokenCache(() => Promise.resolve(`opaque-${++n}`), 30_000);
    expect(await cache.get()).toBe('opaque-1');
    vi.advanceTimersByTime(24 * 3_600_000);
    expect(await cache.get()).toBe('opaque-1');
    cache.invalidate('opaque-1');
    expect(await cache.get()).toBe('opaque-2');
    cache.invalidate('opaque-1');
    expect(await cache.get()).toBe('opaque-2');
  });

  it('rejects a provider answer without a token as unauthorized', async () => {
    const cache = createTokenCache(() => Promise.resolve({ expiresAt: 'soon' } as never), 30_000);
    await expect(cache.get()).rejects.toMatchObject({ code: 'unauthorized', message: /^getToken returned no token/ });
  });
});
