import { CUSTOMERS_PATH } from '@tally/client-sdk';
import { TallyError, type SqlExecutor } from '@tally/core';
import { Hono } from 'hono';
import { authorizeCustomer } from '../access/access-scope.ts';
import type { ScopeReader } from '../query/index.ts';
import { readCustomerDetail } from './customer-detail.ts';
import { parseCustomerSearch, searchCustomers } from './customer-search.ts';

/** What {@link customerRoutes} reads from. */
export interface CustomerRoutesOptions {
  store: SqlExecutor;
  /** The clock, in ms: usage trend and adoption end on its UTC day. @default Date.now */
  now?: () => number;
}

const MAX_ID_LENGTH = 200;

/**
 * `GET /v1/customers?q=&limit=&cursor=` (search, {@link CustomerSearchResult}) and `GET /v1/customers/:id`
 * (Customer 360, {@link CustomerDetail}). Both need the `customer` class; a token fixed to one customer
 * searches only it and gets `forbidden` (no data) for any other id, before existence is looked at.
 *
 * @example
 * app.use('/v1/customers/*', auth.requireEmbedToken());
 * app.route('/', customerRoutes({ store }, (c) => c.get('accessScope')));
 */
export function customerRoutes(options: CustomerRoutesOptions, getScope: ScopeReader): Hono {
  const now = options.now ?? Date.now;
  const app = new Hono();
  app.get(CUSTOMERS_PATH, async (c) => {
    const scope = await getScope(c);
    const { customerId } = authorizeCustomer(scope);
    const result = await searchCustomers(options.store, scope.tenant, parseCustomerSearch(c.req.query()), customerId);
    c.header('Cache-Control', 'private, no-store');
    return c.json(result);
  });
  app.get(`${CUSTOMERS_PATH}/:id`, async (c) => {
    const scope = await getScope(c);
    const id = c.req.param('id');
    authorizeCustomer(scope, id);
    if (id.length > MAX_ID_LENGTH) throw new TallyError('validation_failed', `id: at most ${MAX_ID_LENGTH} characters`, { field: 'id' });
    const detail = await readCustomerDetail(options.store, scope.tenant, id, now());
    if (!detail) throw new TallyError('not_found', `id: no customer ${JSON.stringify(id)}`, { field: 'id' });
    c.header('Cache-Control', 'private, no-store');
    return c.json(detail);
  });
  return app;
}
