import { TallyError } from '@tally/core';
import type { Context } from 'hono';
import { presentedKey, type ApiKeyIdentity, type ApiKeyScope, type ApiKeyVerifier } from '../auth/api-keys.ts';

/** The identity of the request's API key, which must carry `scope`; 401/403 otherwise. */
export async function requireKey(c: Context, keys: ApiKeyVerifier, scope: ApiKeyScope): Promise<ApiKeyIdentity> {
  const presented = presentedKey(c.req.raw.headers);
  if (!presented) throw new TallyError('unauthorized', 'authorization: send an API key as "Authorization: Bearer tk_…"', { field: 'authorization' });
  const identity = await keys.verify(presented);
  if (!identity) throw new TallyError('unauthorized', 'authorization: the API key is unknown or revoked', { field: 'authorization' });
  if (!identity.scopes.includes(scope)) {
    throw new TallyError('forbidden', `authorization: this key lacks the "${scope}" scope`, { field: 'authorization' });
  }
  return identity;
}
