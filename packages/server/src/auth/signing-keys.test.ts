import { isTallyError } from '@tally/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, STORE_KINDS, type TestStore } from '../../../../test/support/stores.ts';
import { SigningKeys } from './signing-keys.ts';
import { LONGEST_VALIDITY_SECONDS } from './token-lifetimes.ts';

describe.each(STORE_KINDS)('signing keys on %s', (kind) => {
  let t: TestStore;
  let clock: number;
  const now = () => clock;
  beforeEach(async () => {
    t = await openTestStore(kind);
    clock = Date.parse('2026-03-01T12:00:00Z');
  });
  afterEach(() => t.close());

  it('creates the first key on first use and publishes only its public half', async () => {
    const keys = new SigningKeys(t.store, { now });
    expect((await keys.jwks()).keys).toEqual([]);
    const { kid } = await keys.signer();
    expect((await keys.signer()).kid).toBe(kid);
    const { keys: published } = await keys.jwks();
    expect(published).toEqual([expect.objectContaining({ kid, kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' })]);
    expect(published[0]).not.toHaveProperty('d');
  });

  it('rotates: the new key signs, the old one verifies until no token it signed can be valid', async () => {
    const keys = new SigningKeys(t.store, { now, cacheMs: 30_000 });
    const old = (await keys.signer()).kid;
    const other = new SigningKeys(t.store, { now, cacheMs: 30_000 }); // another process
    expect((await other.signer()).kid).toBe(old);

    clock += 1000;
    const { kid, retired } = await keys.rotate();
    expect(retired.map((k) => k.kid)).toEqual([old]);
    expect(retired[0]!.expiresAt!.getTime()).toBe(clock + LONGEST_VALIDITY_SECONDS * 1000 + 30_000);
    expect((await keys.signer()).kid).toBe(kid);
    expect((await keys.jwks()).keys.map((k) => k.kid).sort()).toEqual([kid, old].sort());
    expect(await keys.publicKey(old)).toBeDefined();

    expect((await other.signer()).kid).toBe(old); // until its cache expires
    expect(await other.publicKey(kid)).toBeDefined(); // an unknown kid reloads at once
    clock += 30_000;
    expect((await other.signer()).kid).toBe(kid);

    clock = retired[0]!.expiresAt!.getTime();
    expect(await keys.publicKey(old)).toBeUndefined();
    expect((await keys.jwks()).keys.map((k) => k.kid)).toEqual([kid]);
    await keys.rotate(); // deletes what expired
    expect((await keys.list()).map((k) => k.kid)).not.toContain(old);
  });

  it('encrypts private keys at rest with TALLY_SECRET_KEY; verifying needs no secret', async () => {
    const secretKey = 'correct horse battery staple, 32+ chars';
    const sealed = new SigningKeys(t.store, { now, secretKey });
    const { kid } = await sealed.signer();
    const [row] = await t.store.query<{ private_jwk: Record<string, unknown> }>('SELECT private_jwk FROM signing_keys WHERE kid = $1', [kid]);
    expect(row!.private_jwk).toMatchObject({ sealed: 'A256GCM' });
    expect(row!.private_jwk).not.toHaveProperty('d');

    const noSecret = new SigningKeys(t.store, { now });
    expect(await noSecret.publicKey(kid)).toBeDefined();
    const err = await noSecret.signer().catch((e: unknown) => e);
    expect(isTallyError(err, 'config_invalid') && err.field).toBe('TALLY_SECRET_KEY');
    const wrong = await new SigningKeys(t.store, { now, secretKey: 'x'.repeat(32) }).signer().catch((e: unknown) => e);
    expect(isTallyError(wrong, 'config_invalid')).toBe(true);
  });
});
