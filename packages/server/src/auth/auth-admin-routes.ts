import { TallyError, type SqlExecutor } from '@tally/core';
import { listApiKeys, requireKey, revokeApiKey, type ApiKeyVerifier } from '@tally/ingest';
import { Hono } from 'hono';
import { TOKEN_ID_PATTERN, type TokenRevocations } from './revocations.ts';

/** What the auth admin routes need. */
export interface AuthAdminRoutesDeps {
  db: SqlExecutor;
  apiKeys: ApiKeyVerifier;
  revocations: TokenRevocations;
}

const KEY_ID = /^[a-f0-9]{16}$/;

/**
 * Tenant administration of access, with an `admin`-scope key: `GET /v1/admin/keys[?includeRevoked=true]`
 * lists the tenant's API keys, `DELETE /v1/admin/keys/:id` revokes one (running servers stop accepting it
 * within 30 s), `POST /v1/admin/tokens/:jti/revoke` revokes an embed token by id.
 */
export function createAuthAdminRoutes(deps: AuthAdminRoutesDeps): Hono {
  const app = new Hono();

  app.get('/v1/admin/keys', async (c) => {
    const { tenant } = await requireKey(c, deps.apiKeys, 'admin');
    return c.json({ items: await listApiKeys(deps.db, tenant, { includeRevoked: c.req.query('includeRevoked') === 'true' }) });
  });

  app.delete('/v1/admin/keys/:id', async (c) => {
    const { tenant } = await requireKey(c, deps.apiKeys, 'admin');
    const id = c.req.param('id');
    if (!KEY_ID.test(id) || !(await revokeApiKey(deps.db, id, tenant))) {
      throw new TallyError('not_found', `id: no active key ${JSON.stringify(id.slice(0, 64))} in this tenant`, { field: 'id' });
    }
    return c.json({ id, revoked: true });
  });

  app.post('/v1/admin/tokens/:jti/revoke', async (c) => {
    const { tenant } = await requireKey(c, deps.apiKeys, 'admin');
    const jti = c.req.param('jti');
    if (!TOKEN_ID_PATTERN.test(jti)) throw new TallyError('validation_failed', 'jti: expected a token id (the "id" POST /v1/tokens answered)', { field: 'jti' });
    await deps.revocations.revoke(tenant, jti);
    return c.json({ id: jti, revoked: true });
  });

  return app;
}
