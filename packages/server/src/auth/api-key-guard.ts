import { TallyError } from '@tally/core';
import type { ApiKeyIdentity, ApiKeyScope, ApiKeyVerifier } from '@tally/ingest';
import type { Context } from 'hono';

/**
 * The identity of the request's API key (`Authorization: Bearer tk_…` or `X-Tally-Key`), which must carry
 * `scope`. Throws `unauthorized` without a valid key, `forbidden` without the scope.
 */
export async function requireApiKey(c: Context, keys: ApiKeyVerifier, scope: ApiKeyScope): Promise<ApiKeyIdentity> {
  const auth = c.req.header('authorization');
  const presented = auth && /^bearer\s+/i.test(auth) ? auth.replace(/^bearer\s+/i, '') : c.req.header('x-tally-key');
  if (!presented) throw new TallyError('unauthorized', 'authorization: send an API key as "Authorization: Bearer tk_…"', { field: 'authorization' });
  const identity = await keys.verify(presented);
  if (!identity) throw new TallyError('unauthorized', 'authorization: the API key is unknown or revoked', { field: 'authorization' });
  if (!identity.scopes.includes(scope)) throw new TallyError('forbidden', `authorization: this key lacks the "${scope}" scope`, { field: 'authorization' });
  return identity;
}
