import { QUERY_PATH } from '@tally/client-sdk';
import { Hono, type Context } from 'hono';
import type { AccessScope } from '../access/access-scope.ts';
import { jsonBody } from '../http/json-body.ts';
import type { QueryService } from './query-service.ts';

/** Reads the caller's scope, as the auth middleware left it on the context; throws `unauthorized` without one. */
export type ScopeReader = (c: Context) => AccessScope | Promise<AccessScope>;

/**
 * `POST /v1/query`: a {@link QueryRequest} body in, a {@link QueryResponse} out. Errors are thrown as
 * `TallyError`s (`invalid_json`, `validation_failed`, `forbidden`) for the app's one error handler.
 *
 * @example
 * app.route('/', queryRoutes(service, (c) => c.get('scope')));
 */
export function queryRoutes(service: QueryService, getScope: ScopeReader): Hono {
  const app = new Hono();
  app.post(QUERY_PATH, async (c) => {
    const scope = await getScope(c);
    const answer = await service.query(await jsonBody(c), scope);
    c.header('Cache-Control', 'private, no-store');
    return c.json(answer);
  });
  return app;
}
