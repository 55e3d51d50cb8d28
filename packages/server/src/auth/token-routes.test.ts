import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { createApiKey } from '@tally/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuthFixture, type AuthFixture } from './auth-testing.ts';

describe('POST /v1/tokens and the JWKS', () => {
  let f: AuthFixture;
  beforeAll(async () => {
    f = await openAuthFixture();
  });
  afterAll(() => f.close());

  it('mints a token for the key\'s tenant that the published JWKS verifies', async () => {
    const { status, body } = await f.mint({
      subject: 'user_42', role: 'success', metrics: ['dau'], widgets: ['metric-chart'],
      filters: { customerId: '4100023' }, origins: ['https://crm.example.com'], ttlSeconds: 900,
    });
    expect(status).toBe(201);
    expect(body.expiresAt).toBe(new Date((Math.floor(f.now() / 1000) + 900) * 1000).toISOString());
    const header = decodeProtectedHeader(body.token);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'tally-embed+jwt' });
    const jwks = (await (await f.app.request('/.well-known/jwks.json')).json()) as JSONWebKeySet;
    expect(jwks.keys.map((k) => k.kid)).toContain(header.kid);
    expect(JSON.stringify(jwks)).not.toMatch(/"d":/); // never a private half
    const { payload } = await jwtVerify(body.token, createLocalJWKSet(jwks), { issuer: 'tally', audience: 'tally-embed', currentDate: new Date(f.now()) });
    expect(payload).toMatchObject({
      sub: 'user_42', jti: body.id, tenant: 'acme', role: 'success', metrics: ['dau'], widgets: ['metric-chart'],
      filters: { customerId: '4100023' }, origins: ['https://crm.example.com'],
    });
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it('defaults to ten minutes and ignores a tenant in the body', async () => {
    const { status, body } = await f.mint({ subject: 'u', role: 'viewer', tenant: 'globex' });
    expect(status).toBe(422); // unknown fields are refused, so a body cannot pick the tenant
    expect(body.error).toMatchObject({ code: 'validation_failed' });
    const ok = await f.mint({ subject: 'u', role: 'viewer' });
    const claims = decodeJwt(ok.body.token);
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(claims.tenant).toBe('acme');
  });

  it.each([
    [{ role: 'viewer' }, 'subject'],
    [{ subject: 'u', role: 'root' }, 'role'],
    [{ subject: 'u', role: 'viewer', ttlSeconds: 7200 }, 'ttlSeconds'],
    [{ subject: 'u', role: 'viewer', metrics: ['no_such_metric'] }, 'metrics[0]'],
    [{ subject: 'u', role: 'viewer', metrics: ['dau', 'revenue'] }, 'metrics[1]'],
    [{ subject: 'u', role: 'viewer', origins: ['https://crm.example.com/path'] }, 'origins[0]'],
    [{ subject: 'u', role: 'viewer', filters: { accountId: 'x' } }, 'filters'],
  ])('refuses %j naming %s', async (request, field) => {
    const { status, body } = await f.mint(request);
    expect(status).toBe(422);
    expect(body.error).toMatchObject({ code: 'validation_failed', field });
  });

  it('needs an API key with the tokens scope', async () => {
    expect((await f.mint({ subject: 'u', role: 'viewer' }, 'tk_nope')).status).toBe(401);
    expect((await f.mint({ subject: 'u', role: 'viewer' }, f.keys.ingest)).status).toBe(403);
    const res = await f.app.request('/v1/tokens', { method: 'POST', body: '{"subject":"u","role":"viewer"}' });
    expect(res.status).toBe(401);
  });
});

describe('embed routes: CORS follows the token, rate limit per token', () => {
  let f: AuthFixture;
  beforeAll(async () => {
    f = await openAuthFixture();
  });
  afterAll(() => f.close());

  it('grants CORS only to the token\'s origins; any other origin gets 403 and no grant', async () => {
    const { body } = await f.mint({ subject: 'u', role: 'viewer', origins: ['https://crm.example.com'] });
    const ok = await f.read(body.token, { metric: 'dau' }, { origin: 'https://crm.example.com' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://crm.example.com');
    expect(ok.headers.get('vary')).toContain('Origin');
    const evil = await f.read(body.token, { metric: 'dau' }, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(await evil.json()).toMatchObject({ error: { code: 'forbidden', field: 'origin' } });
  });

  it('lets a token without origins be used only without a foreign Origin', async () => {
    const { body } = await f.mint({ subject: 'u', role: 'viewer' });
    expect((await f.read(body.token, { metric: 'dau' })).status).toBe(200);
    expect((await f.read(body.token, { metric: 'dau' }, { origin: 'http://localhost' })).status).toBe(200); // Tally's own origin
    expect((await f.read(body.token, { metric: 'dau' }, { origin: 'https://crm.example.com' })).status).toBe(403);
  });

  it('answers a preflight without a token, granting nothing to read', async () => {
    const res = await f.app.request('/test/read', { method: 'OPTIONS', headers: { origin: 'https://crm.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(await res.text()).toBe('');
  });

  it('answers 429 with Retry-After past the limit, and lets the token in again next window', async () => {
    const { body } = await f.mint({ subject: 'u', role: 'viewer', origins: ['https://crm.example.com'] });
    const other = (await f.mint({ subject: 'v', role: 'viewer' })).body.token;
    f.advance(60_000 - (f.now() % 60_000)); // the start of a window
    for (let i = 0; i < 5; i++) expect((await f.read(body.token, { metric: 'dau' })).status).toBe(200);
    f.advance(20_000);
    const limited = await f.read(body.token, { metric: 'dau' }, { origin: 'https://crm.example.com' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('access-control-allow-origin')).toBe('https://crm.example.com'); // the page can read Retry-After
    expect(limited.headers.get('retry-after')).toBe('40');
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await f.read(other, { metric: 'dau' })).status).toBe(200); // per token
    f.advance(40_000);
    expect((await f.read(body.token, { metric: 'dau' })).status).toBe(200);
  });
});

describe('admin routes for API keys', () => {
  let f: AuthFixture;
  beforeAll(async () => {
    f = await openAuthFixture();
  });
  afterAll(() => f.close());

  const admin = (path: string, method = 'GET', key?: string) => f.app.request(path, { method, headers: { authorization: `Bearer ${key ?? f.keys.admin}` } });

  it('lists the tenant\'s keys without secrets and revokes one', async () => {
    const list = await admin('/v1/admin/keys');
    expect(list.status).toBe(200);
    const { items } = (await list.json()) as { items: { id: string; scopes: string[] }[] };
    expect(items.map((k) => k.scopes[0]).sort()).toEqual(['admin', 'ingest', 'tokens']);
    expect(JSON.stringify(items)).not.toContain('hash');
    const ingestId = f.keys.ingest.slice(3, 19);
    expect((await admin(`/v1/admin/keys/${ingestId}`, 'DELETE')).status).toBe(200);
    expect((await admin(`/v1/admin/keys/${ingestId}`, 'DELETE')).status).toBe(404);
    const after = (await (await admin('/v1/admin/keys')).json()) as { items: unknown[] };
    expect(after.items).toHaveLength(2);
    const all = (await (await admin('/v1/admin/keys?includeRevoked=true')).json()) as { items: { revokedAt: string | null }[] };
    expect(all.items.filter((k) => k.revokedAt !== null)).toHaveLength(1);
  });

  it('needs the admin scope, and cannot revoke another tenant\'s key', async () => {
    expect((await admin('/v1/admin/keys', 'GET', f.keys.tokens)).status).toBe(403);
    const foreign = await createApiKey(f.store, { tenant: 'globex', scopes: ['ingest'] });
    expect((await admin(`/v1/admin/keys/${foreign.keyId}`, 'DELETE')).status).toBe(404);
  });
});
