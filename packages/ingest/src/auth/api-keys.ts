import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { TallyError, type SqlExecutor } from '@tally/core';

/** What a key may do: send events, administer the tenant (dead letters, sources, keys), mint embed tokens. */
export type ApiKeyScope = 'ingest' | 'admin' | 'tokens';
export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['ingest', 'admin', 'tokens'];

/** A verified key. */
export interface ApiKeyIdentity {
  keyId: string;
  tenant: string;
  scopes: ApiKeyScope[];
}

const KEY = /^tk_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;
const TENANT = /^[A-Za-z0-9_-]{1,64}$/;

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Creates the tenant if it does not exist. */
export async function ensureTenant(db: SqlExecutor, tenant: string, name = tenant): Promise<void> {
  if (!TENANT.test(tenant)) throw new TallyError('invalid_argument', `tenant: expected 1-64 of A-Z a-z 0-9 _ -, got ${JSON.stringify(tenant)}`, { field: 'tenant' });
  await db.query('INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [tenant, name]);
}

/**
 * Creates an API key for a tenant. The full key is returned once; only a hash of its secret is stored.
 *
 * @example
 * const { key } = await createApiKey(store, { tenant: 'acme', scopes: ['ingest'], name: 'backend' });
 * // key = "tk_3f9a…_…": send it as `Authorization: Bearer <key>`
 */
export async function createApiKey(
  db: SqlExecutor,
  options: { tenant: string; scopes: readonly ApiKeyScope[]; name?: string },
): Promise<{ key: string; keyId: string }> {
  const scopes = [...new Set(options.scopes)];
  const bad = scopes.find((s) => !API_KEY_SCOPES.includes(s));
  if (bad !== undefined || scopes.length === 0) {
    throw new TallyError('invalid_argument', `scopes: expected some of ${API_KEY_SCOPES.join(', ')}, got ${JSON.stringify(options.scopes)}`, { field: 'scopes' });
  }
  await ensureTenant(db, options.tenant);
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  await db.query('INSERT INTO api_keys (key_id, tenant, secret_hash, scopes, name) VALUES ($1, $2, $3, $4::text[], $5)', [
    keyId,
    options.tenant,
    hashSecret(secret),
    scopes,
    options.name ?? '',
  ]);
  return { key: `tk_${keyId}_${secret}`, keyId };
}

/** Revokes a key; true when it existed, was active (and, with `tenant`, belonged to that tenant). */
export async function revokeApiKey(db: SqlExecutor, keyId: string, tenant?: string): Promise<boolean> {
  const rows = await db.query(
    'UPDATE api_keys SET revoked_at = now() WHERE key_id = $1 AND ($2::text IS NULL OR tenant = $2) AND revoked_at IS NULL RETURNING key_id',
    [keyId, tenant ?? null],
  );
  return rows.length === 1;
}

/** An API key as listed to its tenant's admins (never the secret or its hash). */
export interface ApiKeyListing {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  /** ISO instant it was revoked, or null while active. */
  revokedAt: string | null;
}

/** A tenant's API keys, newest first; revoked ones only when asked. */
export async function listApiKeys(db: SqlExecutor, tenant: string, options: { includeRevoked?: boolean } = {}): Promise<ApiKeyListing[]> {
  const rows = await db.query<{ key_id: string; name: string; scopes: string[]; created_at: Date; revoked_at: Date | null }>(
    `SELECT key_id, name, scopes, created_at, revoked_at FROM api_keys
      WHERE tenant = $1 AND ($2::boolean OR revoked_at IS NULL) ORDER BY created_at DESC, key_id`,
    [tenant, options.includeRevoked ?? false],
  );
  return rows.map((r) => ({
    id: r.key_id,
    name: r.name,
    scopes: r.scopes,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
  }));
}

interface CachedKey {
  identity: ApiKeyIdentity;
  secretHash: string;
  expires: number;
}

/**
 * Checks presented keys against the store, caching each key's row briefly (revocation takes effect within
 * `cacheMs`). Unknown and malformed keys always go to the store or fail fast; comparisons are constant-time.
 */
export class ApiKeyVerifier {
  readonly #db: SqlExecutor;
  readonly #cacheMs: number;
  readonly #cache = new Map<string, CachedKey>();

  /** @param cacheMs how long a verified key's row is reused. @default 30000 */
  constructor(db: SqlExecutor, cacheMs = 30_000) {
    this.#db = db;
    this.#cacheMs = cacheMs;
  }

  /** The key's identity, or undefined when the key is malformed, unknown or revoked. */
  async verify(presented: string | undefined): Promise<ApiKeyIdentity | undefined> {
    const m = presented ? KEY.exec(presented.trim()) : null;
    if (!m) return undefined;
    const [, keyId, secret] = m as unknown as [string, string, string];
    let entry = this.#cache.get(keyId);
    if (!entry || entry.expires < Date.now()) {
      const [row] = await this.#db.query<{ tenant: string; secret_hash: string; scopes: string[] }>(
        'SELECT tenant, secret_hash, scopes FROM api_keys WHERE key_id = $1 AND revoked_at IS NULL',
        [keyId],
      );
      if (!row) {
        this.#cache.delete(keyId);
        return undefined;
      }
      entry = {
        identity: { keyId, tenant: row.tenant, scopes: row.scopes.filter((s): s is ApiKeyScope => API_KEY_SCOPES.includes(s as ApiKeyScope)) },
        secretHash: row.secret_hash,
        expires: Date.now() + this.#cacheMs,
      };
      this.#cache.set(keyId, entry);
    }
    const a = Buffer.from(hashSecret(secret), 'hex');
    const b = Buffer.from(entry.secretHash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b) ? entry.identity : undefined;
  }
}

/** The key a request presents: `Authorization: Bearer <key>` or `X-Tally-Key: <key>`. */
export function presentedKey(headers: { get(name: string): string | null | undefined }): string | undefined {
  const auth = headers.get('authorization');
  if (auth && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '');
  return headers.get('x-tally-key') ?? undefined;
}
