import { DASHBOARD_LIMITS, DASHBOARDS_PATH } from '@tally/client-sdk';
import { TallyError, type SqlExecutor } from '@tally/core';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { jsonBody } from '../http/json-body.ts';
import { parseDashboardId, parseSaveDashboard } from './dashboard-layout.ts';
import { readDashboard, saveDashboard } from './dashboard-store.ts';

/** What {@link dashboardRoutes} reads and writes. */
export interface DashboardRoutesOptions {
  store: SqlExecutor;
  /** The clock, in ms (`updatedAt`). @default Date.now */
  now?: () => number;
}

/** The caller's tenant and user (the embed token's `sub`), as the auth middleware left them on the context. */
export type CallerReader = (c: Context) => { tenant: string; subject: string };

/**
 * `GET /v1/dashboards/:id` (the caller's saved layout, `404 not_found` when never saved: the widget shows its
 * default) and `PUT /v1/dashboards/:id` (a {@link SaveDashboardRequest}; `201` when created, `200` when
 * replaced, `409 conflict` on a stale `version`, `422` naming the field, `413` past the body limit). Every
 * role may keep its own layouts; a user only ever sees their own.
 *
 * @example
 * app.use('/v1/dashboards/*', auth.requireEmbedToken());
 * app.route('/', dashboardRoutes({ store }, (c) => ({ tenant: c.get('accessScope').tenant, subject: c.get('embedToken').subject })));
 */
export function dashboardRoutes(options: DashboardRoutesOptions, getCaller: CallerReader): Hono {
  const now = options.now ?? Date.now;
  const app = new Hono();
  const path = `${DASHBOARDS_PATH}/:id`;
  const limit = bodyLimit({
    maxSize: DASHBOARD_LIMITS.bodyBytes,
    onError: () => {
      throw new TallyError('payload_too_large', `body: larger than ${DASHBOARD_LIMITS.bodyBytes} bytes`, { field: 'body' });
    },
  });

  app.get(path, async (c) => {
    const key = { ...getCaller(c), id: parseDashboardId(c.req.param('id')) };
    const dashboard = await readDashboard(options.store, key);
    if (!dashboard) throw new TallyError('not_found', `id: no saved dashboard ${JSON.stringify(key.id)}; show the default layout`, { field: 'id' });
    c.header('Cache-Control', 'private, no-store');
    return c.json(dashboard);
  });

  app.put(path, limit, async (c) => {
    const key = { ...getCaller(c), id: parseDashboardId(c.req.param('id')) };
    const request = parseSaveDashboard(await jsonBody(c));
    const { dashboard, created } = await saveDashboard(options.store, key, request.layout, request.version, now());
    c.header('Cache-Control', 'private, no-store');
    return c.json(dashboard, created ? 201 : 200);
  });

  return app;
}
