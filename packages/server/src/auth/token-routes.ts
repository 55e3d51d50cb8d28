import { JWKS_PATH, TOKENS_PATH } from '@tally/client-sdk';
import { TallyError, type Logger } from '@tally/core';
import { requireKey, type ApiKeyVerifier } from '@tally/ingest';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { mintEmbedToken, type TokenIdentity } from './embed-tokens.ts';
import { jsonBody } from '../http/json-body.ts';
import type { SigningKeys } from './signing-keys.ts';
import type { RoleTable } from './roles.ts';
import { parseTokenRequest } from './token-request.ts';

/** What the token routes need. */
export interface TokenRoutesDeps extends TokenIdentity {
  apiKeys: ApiKeyVerifier;
  signingKeys: SigningKeys;
  /** The roles tokens may carry. @default the built-in roles */
  roles?: RoleTable;
  /** Told of every minted token (tenant, subject, role, id), for the audit trail. */
  logger?: Logger;
}

const MAX_BODY_BYTES = 16 * 1024;

/**
 * `POST /v1/tokens` (an API key with the `tokens` scope) mints an embed token for the key's tenant;
 * `GET /.well-known/jwks.json` publishes the public keys that verify them.
 */
export function createTokenRoutes(deps: TokenRoutesDeps): Hono {
  const app = new Hono();
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new TallyError('payload_too_large', `body: larger than ${MAX_BODY_BYTES} bytes`, { field: 'body' });
    },
  });

  app.post(TOKENS_PATH, limit, async (c) => {
    const { tenant, keyId } = await requireKey(c, deps.apiKeys, 'tokens');
    const request = parseTokenRequest(await jsonBody(c, { empty: {} }), deps.roles);
    const minted = await mintEmbedToken(deps.signingKeys, tenant, request, deps);
    deps.logger?.info({ token: { tenant, subject: request.subject, role: request.role, id: minted.id, expiresAt: minted.expiresAt, apiKey: keyId } }, 'embed token minted');
    c.header('Cache-Control', 'no-store');
    return c.json(minted, 201);
  });

  app.get(JWKS_PATH, async (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(await deps.signingKeys.jwks());
  });

  return app;
}
