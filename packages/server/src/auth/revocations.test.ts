import { createMemoryCache } from '@tally/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../../test/support/stores.ts';
import { TokenRevocations, type TokenRevokedMessage } from './revocations.ts';

describe.each(STORE_KINDS)('token revocations on %s', (kind) => {
  let t: TestStore;
  let clock: number;
  const now = () => clock;
  beforeEach(async () => {
    t = await openTestStore(kind);
    clock = Date.parse('2026-03-01T12:00:00Z');
  });
  afterEach(() => t.close());

  it('revokes per tenant, at once here and within cacheMs elsewhere', async () => {
    const here = new TokenRevocations(t.store, { now, cacheMs: 5000 });
    const elsewhere = new TokenRevocations(t.store, { now, cacheMs: 5000 });
    expect(await elsewhere.isRevoked('acme', 'j1')).toBe(false);
    await here.revoke('acme', 'j1');
    await here.revoke('acme', 'j1'); // twice is fine
    expect(await here.isRevoked('acme', 'j1')).toBe(true);
    expect(await here.isRevoked('globex', 'j1')).toBe(false);
    expect(await elsewhere.isRevoked('acme', 'j1')).toBe(false); // cached answer
    clock += 5000;
    expect(await elsewhere.isRevoked('acme', 'j1')).toBe(true);
  });

  it('keeps a row until no token with that id can verify, then drops it', async () => {
    const revocations = new TokenRevocations(t.store, { now, cacheMs: 1 });
    await revocations.revoke('acme', 'old', new Date(clock + 1000));
    clock += 2000;
    await revocations.revoke('acme', 'new');
    const rows = await t.store.query<{ jti: string }>('SELECT jti FROM revoked_tokens');
    expect(rows.map((r) => r.jti)).toEqual(['new']);
  });
  it('announces each revocation on the cache: listeners elsewhere refuse at once and hear it', async () => {
    const cache = createMemoryCache();
    const here = new TokenRevocations(t.store, { now, cache });
    const elsewhere = new TokenRevocations(t.store, { now, cache, cacheMs: 60_000 });
    expect(await elsewhere.isRevoked('acme', 'j1')).toBe(false); // cached for a minute
    const heard: TokenRevokedMessage[] = [];
    const stop = await elsewhere.listen((m) => heard.push(m));
    await here.revoke('acme', 'j1');
    expect(heard).toEqual([{ tenant: 'acme', jti: 'j1' }]);
    expect(await elsewhere.isRevoked('acme', 'j1')).toBe(true);
    await stop();
    await here.revoke('acme', 'j2');
    expect(heard).toHaveLength(1);
    await cache.close();
  });

  it('tells which of many tokens are revoked in one query, per tenant', async () => {
    const revocations = new TokenRevocations(t.store, { now });
    await revocations.revoke('acme', 'j1');
    await revocations.revoke('globex', 'j2');
    const revoked = await revocations.revokedAmong([{ tenant: 'acme', jti: 'j1' }, { tenant: 'acme', jti: 'j2' }, { tenant: 'acme', jti: 'j3' }]);
    expect([...revoked]).toEqual(['acme\0j1']);
    expect(await revocations.revokedAmong([])).toEqual(new Set());
  });
});
