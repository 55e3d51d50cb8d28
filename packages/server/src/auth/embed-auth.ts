import type { EmbedClaims } from '@tally/client-sdk';
import type { Cache, Logger, RoleGrants, Store } from '@tally/core';
import { ApiKeyVerifier } from '@tally/ingest';
import type { Hono, MiddlewareHandler } from 'hono';
import type { AccessScope } from '../access/access-scope.ts';
import { createAuthAdminRoutes } from './auth-admin-routes.ts';
import { verifyEmbedToken, type VerifiedEmbedToken } from './embed-tokens.ts';
import { requireEmbedToken, type EmbedEnv } from './require-embed-token.ts';
import { TokenRevocations } from './revocations.ts';
import { createRoleTable, type RoleTable } from './roles.ts';
import { SigningKeys } from './signing-keys.ts';
import { createTokenRoutes } from './token-routes.ts';
import { scopeOfClaims } from './token-scope.ts';

/** Options for {@link createEmbedAuth}; the token fields mirror `TallyConfig['tokens']`. */
export interface EmbedAuthOptions {
  store: Store;
  cache: Cache;
  /** `iss` of minted tokens, required on verify. @default 'tally' */
  issuer?: string;
  /** `aud` of minted tokens, required on verify. @default 'tally-embed' */
  audience?: string;
  /** Requests per minute per token. @default 600 */
  rateLimitPerMinute?: number;
  /** Encrypts signing keys at rest (`TALLY_SECRET_KEY`). @default undefined */
  secretKey?: string;
  /** Roles from `TALLY_ROLES`, laid over the built-in ones. @default {} (the built-in roles as documented) */
  roles?: Readonly<Record<string, RoleGrants>>;
  logger?: Logger;
  /** The clock, in ms (tests). @default Date.now */
  now?: () => number;
}

/** Embed-token issuing and checking, assembled for one process. */
export interface EmbedAuth {
  /** `POST /v1/tokens`, the JWKS, and the admin routes for API keys and token revocation. */
  routes: Hono[];
  /** Verifies a token (for the live socket's first message); throws `unauthorized`. */
  verify(token: string): Promise<VerifiedEmbedToken>;
  /** The access scope of verified claims, under this deployment's roles. */
  scopeOf(claims: EmbedClaims): AccessScope;
  /** The roles this deployment knows. */
  roles: RoleTable;
  /** Middleware for embed routes: sets `accessScope` on the context (see {@link requireEmbedToken}). */
  requireEmbedToken(): MiddlewareHandler<EmbedEnv>;
  signingKeys: SigningKeys;
  revocations: TokenRevocations;
}

/**
 * Builds the embed-token side of the server over the store and cache.
 *
 * @example
 * const auth = createEmbedAuth({ store, cache, ...config.tokens, logger });
 * createApp({ …, routes: [...ingest.routes, ...auth.routes] });
 */
export function createEmbedAuth(options: EmbedAuthOptions): EmbedAuth {
  const now = options.now ?? Date.now;
  const identity = { issuer: options.issuer ?? 'tally', audience: options.audience ?? 'tally-embed', now };
  const logger = options.logger ? { logger: options.logger } : {};
  const apiKeys = new ApiKeyVerifier(options.store);
  const signingKeys = new SigningKeys(options.store, { now, ...(options.secretKey ? { secretKey: options.secretKey } : {}) });
  const revocations = new TokenRevocations(options.store, { now, cache: options.cache, ...logger });
  const roles = createRoleTable(options.roles);
  const verify = (token: string) => verifyEmbedToken(token, { ...identity, keys: signingKeys, revocations, roles });
  const scopeOf = (claims: EmbedClaims) => scopeOfClaims(claims, roles);
  return {
    routes: [
      createTokenRoutes({ ...identity, apiKeys, signingKeys, roles, ...logger }),
      createAuthAdminRoutes({ db: options.store, apiKeys, revocations }),
    ],
    verify,
    scopeOf,
    roles,
    requireEmbedToken: () => requireEmbedToken({ verify, scopeOf, cache: options.cache, now, ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}) }),
    signingKeys,
    revocations,
  };
}
