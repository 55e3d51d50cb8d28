import { WIDGET_HEADER, type EmbedClaims } from '@tally/client-sdk';
import { TallyError, type Cache } from '@tally/core';
import type { Context, MiddlewareHandler } from 'hono';
import { authorizeWidget, type AccessScope } from '../access/access-scope.ts';
import { grantCors, originAllowed, preflight, requestOrigin } from './embed-cors.ts';
import type { VerifiedEmbedToken } from './embed-tokens.ts';
import { hitFixedWindow } from './rate-limit.ts';
import { scopeOfClaims } from './token-scope.ts';

/** The Hono environment of routes behind {@link requireEmbedToken}. */
export type EmbedEnv = { Variables: { embedToken: VerifiedEmbedToken; accessScope: AccessScope } };

/** What {@link requireEmbedToken} needs. */
export interface RequireEmbedTokenOptions {
  /** Verifies a presented token; throws `unauthorized`. */
  verify: (token: string) => Promise<VerifiedEmbedToken>;
  /** The access scope of verified claims (under the deployment's roles). @default scopeOfClaims with the built-in roles */
  scopeOf?: (claims: EmbedClaims) => AccessScope;
  cache: Cache;
  /** Requests per minute one token may make; past it `429` with `Retry-After`. @default 600 */
  rateLimitPerMinute?: number;
  /** The clock, in ms. @default Date.now */
  now?: () => number;
}

/** The token of `Authorization: Bearer <token>`. */
function bearer(c: Context): string | undefined {
  const auth = c.req.header('authorization');
  return auth && /^bearer\s+/i.test(auth) ? auth.replace(/^bearer\s+/i, '').trim() : undefined;
}

/**
 * Middleware for embed routes: answers CORS preflights, verifies `Authorization: Bearer <embed token>`
 * (401), refuses browser origins the token does not list (403, no CORS grant), counts the request against
 * the token's rate limit (429 with `Retry-After`), refuses a widget the token's `widgets` claim does not list
 * in `x-tally-widget` (403 `forbidden_widget`), then sets `accessScope` and `embedToken` on the context.
 * Reads must still go through `authorizeRead(c.get('accessScope'), …)`.
 *
 * @example
 * const app = new Hono<EmbedEnv>();
 * app.use('/v1/query', auth.requireEmbedToken());
 * app.post('/v1/query', (c) => run(authorizeRead(c.get('accessScope'), body.metric, body.filters)));
 */
export function requireEmbedToken(options: RequireEmbedTokenOptions): MiddlewareHandler<EmbedEnv> {
  const limit = options.rateLimitPerMinute ?? 600;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new TypeError(`invalid rateLimitPerMinute: ${limit}`);
  const now = options.now ?? Date.now;
  const scopeOf = options.scopeOf ?? ((claims: EmbedClaims) => scopeOfClaims(claims));
  return async (c, next) => {
    const origin = requestOrigin(c);
    if (c.req.method === 'OPTIONS' && origin !== undefined && c.req.header('access-control-request-method')) return preflight(c, origin);
    const token = bearer(c);
    let verified: VerifiedEmbedToken;
    try {
      if (!token) throw new TallyError('unauthorized', 'authorization: send an embed token as "Authorization: Bearer <token>"', { field: 'authorization' });
      verified = await options.verify(token);
    } catch (err) {
      // A 401 carries no data: let the page read it, so a widget can tell it needs a fresh token.
      if (origin !== undefined) grantCors(c, origin);
      throw err;
    }
    if (!originAllowed(c, origin, verified.claims.origins)) {
      throw new TallyError('forbidden', `origin: this token may not be used from ${origin}`, { field: 'origin' });
    }
    if (origin !== undefined) grantCors(c, origin);
    const hit = await hitFixedWindow(options.cache, `token:${verified.id}`, limit, 60_000, now());
    if (!hit.allowed) {
      throw new TallyError('rate_limited', `token: more than ${limit} requests a minute`, { field: 'token', retryAfterSeconds: hit.retryAfterSeconds });
    }
    const scope = scopeOf(verified.claims);
    authorizeWidget(scope, c.req.header(WIDGET_HEADER) || undefined, WIDGET_HEADER);
    c.set('embedToken', verified);
    c.set('accessScope', scope);
    await next();
  };
}
