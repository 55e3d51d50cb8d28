import { Hono } from 'hono';
import { jsonBody } from '../http/json-body.ts';
import type { QueryService, ScopeReader } from '../query/index.ts';
import { queryCsv } from './query-csv.ts';

/** Path of the CSV export of a query: the same body as `POST /v1/query`, the answer as CSV. */
export const QUERY_CSV_PATH = '/v1/query.csv';

/**
 * `POST /v1/query.csv`: a query body in, the answer as `text/csv` (see {@link queryCsv}). It runs through the
 * same query service, so validation, authorization and errors (JSON, one shape) are those of `POST /v1/query`.
 *
 * @example
 * app.use('/v1/query.csv', auth.requireEmbedToken());
 * app.route('/', queryCsvRoutes(service, (c) => c.get('accessScope')));
 */
export function queryCsvRoutes(service: QueryService, getScope: ScopeReader): Hono {
  const app = new Hono();
  app.post(QUERY_CSV_PATH, async (c) => {
    const scope = await getScope(c);
    const answer = await service.query(await jsonBody(c), scope);
    c.header('Cache-Control', 'private, no-store');
    c.header('Content-Type', 'text/csv; charset=utf-8; header=present');
    c.header('Content-Disposition', `attachment; filename="${answer.meta.metric}.csv"`);
    return c.body(queryCsv(answer));
  });
  return app;
}
