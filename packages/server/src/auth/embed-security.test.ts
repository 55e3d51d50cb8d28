import { createHmac } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, exportSPKI, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuthFixture, SECRET_DATA, type AuthFixture } from './auth-testing.ts';
import { WIDGET_HEADER } from '@tally/client-sdk';
import { createEmbedAuth } from './embed-auth.ts';
import { EMBED_TOKEN_TYP, mintEmbedToken } from './embed-tokens.ts';
import { CLOCK_SKEW_SECONDS } from './token-lifetimes.ts';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Expects a refusal with the one error shape and none of the protected data. */
async function expectRefused(res: Response, status: 401 | 403, code: string): Promise<string> {
  const text = await res.text();
  expect(res.status).toBe(status);
  expect(text).not.toContain(SECRET_DATA);
  const body = JSON.parse(text) as { error: { code: string; message: string; details: unknown } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.details).toBeTypeOf('object');
  expect(body.error.code).toBe(code);
  return body.error.message;
}

describe('embed tokens refuse every forgery and overreach with 401/403 and no data', () => {
  let f: AuthFixture;
  let valid: string;

  /** A token signed with Tally's own current key, with claims of our choosing. */
  async function signWithRealKey(payload: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
    const { kid, key } = await f.auth.signingKeys.signer();
    const iat = Math.floor(f.now() / 1000);
    return new SignJWT({ tenant: 'acme', role: 'admin', sub: 'u1', jti: crypto.randomUUID(), iss: 'tally', aud: 'tally-embed', iat, exp: iat + 600, ...payload })
      .setProtectedHeader({ alg: 'ES256', kid, typ: EMBED_TOKEN_TYP, ...header })
      .sign(key);
  }

  beforeAll(async () => {
    f = await openAuthFixture();
    const minted = await f.mint({ subject: 'user_1', role: 'viewer' });
    expect(minted.status).toBe(201);
    valid = minted.body.token;
  });
  afterAll(() => f.close());

  it('accepts a valid token (the control case)', async () => {
    const res = await f.read(valid, { metric: 'dau' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: SECRET_DATA, metric: 'dau', tenant: 'acme' });
  });

  it('refuses a request without a token', async () => {
    await expectRefused(await f.app.request('/test/read?metric=dau'), 401, 'unauthorized');
  });

  it('refuses an expired token, and accepts one within the clock skew', async () => {
    const { body } = await f.mint({ subject: 'u', role: 'viewer', ttlSeconds: 60 });
    f.advance((60 + CLOCK_SKEW_SECONDS - 5) * 1000);
    expect((await f.read(body.token, { metric: 'dau' })).status).toBe(200);
    f.advance(10_000);
    expect(await expectRefused(await f.read(body.token, { metric: 'dau' }), 401, 'unauthorized')).toContain('expired');
  });

  it('refuses a token with the wrong aud or iss', async () => {
    expect(await expectRefused(await f.read(await signWithRealKey({ aud: 'someone-else' }), { metric: 'dau' }), 401, 'unauthorized')).toContain('aud');
    expect(await expectRefused(await f.read(await signWithRealKey({ iss: 'evil' }), { metric: 'dau' }), 401, 'unauthorized')).toContain('iss');
  });

  it('refuses alg none', async () => {
    const { kid } = decodeProtectedHeader(valid);
    const payload = { ...decodeJwt(valid), role: 'admin' };
    const token = `${b64({ alg: 'none', kid, typ: EMBED_TOKEN_TYP })}.${b64(payload)}.`;
    await expectRefused(await f.read(token, { metric: 'revenue' }), 401, 'unauthorized');
  });

  it('refuses an HS256 token signed with the public key', async () => {
    const { keys } = (await (await f.app.request('/.well-known/jwks.json')).json()) as { keys: JWK[] };
    const jwk = keys[0]!;
    const pem = await exportSPKI((await importJWK(jwk, 'ES256', { extractable: true })) as CryptoKey);
    const payload = { ...decodeJwt(valid), role: 'admin' };
    for (const secret of [pem, JSON.stringify(jwk)]) {
      const signingInput = `${b64({ alg: 'HS256', kid: jwk.kid, typ: EMBED_TOKEN_TYP })}.${b64(payload)}`;
      const token = `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
      await expectRefused(await f.read(token, { metric: 'revenue' }), 401, 'unauthorized');
    }
  });

  it('refuses tampered claims', async () => {
    const [header, , signature] = valid.split('.');
    const payload = { ...decodeJwt(valid), role: 'admin' };
    await expectRefused(await f.read(`${header}.${b64(payload)}.${signature}`, { metric: 'revenue' }), 401, 'unauthorized');
    const otherTenant = { ...decodeJwt(valid), tenant: 'globex' };
    await expectRefused(await f.read(`${header}.${b64(otherTenant)}.${signature}`, { metric: 'dau' }), 401, 'unauthorized');
  });

  it('refuses an unknown kid, and a token signed by a key Tally does not have', async () => {
    expect(await expectRefused(await f.read(await signWithRealKey({}, { kid: 'no-such-key' }), { metric: 'dau' }), 401, 'unauthorized')).toContain('unknown key');
    const { kid } = decodeProtectedHeader(valid);
    const stranger = await generateKeyPair('ES256');
    const iat = Math.floor(f.now() / 1000);
    const forged = await new SignJWT({ tenant: 'acme', role: 'admin' })
      .setProtectedHeader({ alg: 'ES256', kid: kid!, typ: EMBED_TOKEN_TYP })
      .setIssuer('tally').setAudience('tally-embed').setSubject('u').setJti('x').setIssuedAt(iat).setExpirationTime(iat + 60)
      .sign(stranger.privateKey);
    await expectRefused(await f.read(forged, { metric: 'revenue' }), 401, 'unauthorized');
  });

  it('refuses a token whose lifetime is longer than an hour, or without the embed typ', async () => {
    const iat = Math.floor(f.now() / 1000);
    await expectRefused(await f.read(await signWithRealKey({ iat, exp: iat + 7200 }), { metric: 'dau' }), 401, 'unauthorized');
    await expectRefused(await f.read(await signWithRealKey({}, { typ: 'JWT' }), { metric: 'dau' }), 401, 'unauthorized');
  });

  it('refuses a revoked jti (revoked through the admin API)', async () => {
    const { body } = await f.mint({ subject: 'u', role: 'viewer' });
    expect((await f.read(body.token, { metric: 'dau' })).status).toBe(200);
    const revoke = await f.app.request(`/v1/admin/tokens/${body.id}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${f.keys.admin}` } });
    expect(revoke.status).toBe(200);
    expect(await expectRefused(await f.read(body.token, { metric: 'dau' }), 401, 'unauthorized')).toContain('revoked');
    // Only an admin key revokes; the tokens key does not.
    const denied = await f.app.request(`/v1/admin/tokens/${body.id}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${f.keys.tokens}` } });
    expect(denied.status).toBe(403);
  });

  it('confines a CRM-sidebar token to its customer', async () => {
    const { body } = await f.mint({ subject: 'rep_7', role: 'success', filters: { customerId: 'cus_1' } });
    await expectRefused(await f.read(body.token, { metric: 'dau', customerId: 'cus_2' }), 403, 'forbidden');
    const own = await f.read(body.token, { metric: 'dau', customerId: 'cus_1' });
    expect(await own.json()).toMatchObject({ customerId: 'cus_1' });
    const unnamed = await f.read(body.token, { metric: 'dau' });
    expect(await unnamed.json()).toMatchObject({ customerId: 'cus_1' });
  });

  it('refuses a viewer asking for revenue, and a token asking for a metric it does not name', async () => {
    await expectRefused(await f.read(valid, { metric: 'revenue' }), 403, 'forbidden');
    const { body } = await f.mint({ subject: 'u', role: 'finance', metrics: ['mrr'] });
    expect((await f.read(body.token, { metric: 'mrr' })).status).toBe(200);
    await expectRefused(await f.read(body.token, { metric: 'revenue' }), 403, 'forbidden');
  });
  it('refuses a token whose role this server does not have, or whose one-customer role names no customer', async () => {
    const identity = { issuer: 'tally', audience: 'tally-embed', now: f.now };
    // Minted where TALLY_ROLES had these roles (the signature is good), verified here where it has neither.
    const unknown = await mintEmbedToken(f.auth.signingKeys, 'acme', { subject: 'u', role: 'auditor' }, identity);
    expect(await expectRefused(await f.read(unknown.token, { metric: 'events' }), 401, 'unauthorized')).toContain('role auditor is not configured');
    const narrowed = createEmbedAuth({ store: f.store, cache: f.cache, now: f.now, roles: { viewer: { sensitivities: ['general'], customers: 'one' } } });
    await expect(narrowed.verify(valid)).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringContaining('reads one customer') });
  });

  it('refuses a token naming widgets on a request naming none or another, with 403 forbidden_widget', async () => {
    const { body } = await f.mint({ subject: 'u', role: 'viewer', widgets: ['kpi-tile', 'metric-chart'] });
    expect(await expectRefused(await f.read(body.token, { metric: 'dau' }), 403, 'forbidden_widget')).toContain('kpi-tile, metric-chart');
    await expectRefused(await f.read(body.token, { metric: 'dau' }, { [WIDGET_HEADER]: 'customer-360' }), 403, 'forbidden_widget');
    expect((await f.read(body.token, { metric: 'dau' }, { [WIDGET_HEADER]: 'metric-chart' })).status).toBe(200);
    // Without the claim the header is not needed, and any widget may name itself.
    expect((await f.read(valid, { metric: 'dau' }, { [WIDGET_HEADER]: 'anything' })).status).toBe(200);
    const preflight = await f.app.request('/test/read', { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET', 'access-control-request-headers': WIDGET_HEADER } });
    expect(preflight.headers.get('access-control-allow-headers')).toContain(WIDGET_HEADER);
  });
});
