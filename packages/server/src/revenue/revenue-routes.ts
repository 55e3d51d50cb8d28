import { REVENUE_MOVEMENTS_PATH } from '@tally/client-sdk';
import type { SqlExecutor } from '@tally/core';
import { Hono } from 'hono';
import type { ScopeReader } from '../query/index.ts';
import { parseMovementsRequest, readRevenueMovements } from './revenue-movements.ts';

/** What {@link revenueRoutes} reads from. */
export interface RevenueRoutesOptions {
  store: SqlExecutor;
  /** The clock, in ms: relative ranges end at the bucket holding it. @default Date.now */
  now?: () => number;
}

/**
 * `GET /v1/revenue/movements?range=12mo&granularity=month[&currency=EUR]`: a {@link RevenueMovementsResponse}
 * in one currency (the tenant's main one by default). Needs the `finance` class (`forbidden` otherwise); bad
 * parameters are `validation_failed` naming the field.
 *
 * @example
 * app.use('/v1/revenue/movements', auth.requireEmbedToken());
 * app.route('/', revenueRoutes({ store }, (c) => c.get('accessScope')));
 */
export function revenueRoutes(options: RevenueRoutesOptions, getScope: ScopeReader): Hono {
  const now = options.now ?? Date.now;
  const app = new Hono();
  app.get(REVENUE_MOVEMENTS_PATH, async (c) => {
    const scope = await getScope(c);
    const answer = await readRevenueMovements(options.store, scope, parseMovementsRequest(c.req.query()), now());
    c.header('Cache-Control', 'private, no-store');
    return c.json(answer);
  });
  return app;
}
