import type { SqlExecutor } from '@tally/core';

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

/** Revokes one of the tenant's keys; true when it was the tenant's and active. */
export async function revokeTenantApiKey(db: SqlExecutor, tenant: string, keyId: string): Promise<boolean> {
  const rows = await db.query('UPDATE api_keys SET revoked_at = now() WHERE key_id = $1 AND tenant = $2 AND revoked_at IS NULL RETURNING key_id', [keyId, tenant]);
  return rows.length === 1;
}
