import { QUERY_PATH } from '@tally/client-sdk';
import { Hono, type Context } from 'hono';
import type { EmbedAuth, EmbedEnv } from './auth/index.ts';
import { queryRoutes, type QueryService } from './query/index.ts';

/**
 * The routes embedded widgets call with an embed token: the token is verified (signature, expiry,
 * revocation, origin, rate limit) before any of them runs, and each reads through the caller's scope.
 */
export function createEmbedApi(auth: EmbedAuth, queries: QueryService): Hono {
  const app = new Hono();
  app.use(QUERY_PATH, auth.requireEmbedToken() as never);
  app.route('/', queryRoutes(queries, (c) => (c as Context<EmbedEnv>).get('accessScope')));
  return app;
}
