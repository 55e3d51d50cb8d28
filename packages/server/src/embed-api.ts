import { CUSTOMERS_PATH, DASHBOARDS_PATH, QUERY_PATH, REVENUE_MOVEMENTS_PATH } from '@tally/client-sdk';
import type { SqlExecutor } from '@tally/core';
import { Hono, type Context } from 'hono';
import type { EmbedAuth, EmbedEnv } from './auth/index.ts';
import { customerRoutes } from './customers/index.ts';
import { dashboardRoutes } from './dashboards/index.ts';
import { QUERY_CSV_PATH, queryCsvRoutes } from './export/index.ts';
import { queryRoutes, type QueryService } from './query/index.ts';
import { revenueRoutes } from './revenue/index.ts';

/** The state Customer 360, revenue movements and saved dashboards read, for {@link createEmbedApi}. */
export interface EmbedApiData {
  store: SqlExecutor;
  /** The clock, in ms. @default Date.now */
  now?: () => number;
}

/**
 * The routes embedded widgets call with an embed token: the token is verified (signature, expiry,
 * revocation, origin, rate limit) before any of them runs, and each reads through the caller's scope:
 * `POST /v1/query` and `POST /v1/query.csv`, and, given `data`, `GET /v1/customers[/:id]`,
 * `GET /v1/revenue/movements` and `GET`/`PUT /v1/dashboards/:id` (the token's user's own layouts).
 */
export function createEmbedApi(auth: EmbedAuth, queries: QueryService, data?: EmbedApiData): Hono {
  const app = new Hono();
  const scope = (c: Context) => (c as Context<EmbedEnv>).get('accessScope');
  const caller = (c: Context) => ({ tenant: scope(c).tenant, subject: (c as Context<EmbedEnv>).get('embedToken').subject });
  // `/v1/customers/*` also matches `/v1/customers`: one check per request.
  for (const path of [QUERY_PATH, QUERY_CSV_PATH, `${CUSTOMERS_PATH}/*`, REVENUE_MOVEMENTS_PATH, `${DASHBOARDS_PATH}/*`]) app.use(path, auth.requireEmbedToken() as never);
  app.route('/', queryRoutes(queries, scope));
  app.route('/', queryCsvRoutes(queries, scope));
  if (data) {
    const options = { store: data.store, ...(data.now ? { now: data.now } : {}) };
    app.route('/', customerRoutes(options, scope));
    app.route('/', revenueRoutes(options, scope));
    app.route('/', dashboardRoutes(options, caller));
  }
  return app;
}
