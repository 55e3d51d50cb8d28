/** Saved dashboards: `GET` and `PUT /v1/dashboards/:id`, one layout per user and id, with optimistic versions. */
export { dashboardRoutes } from './dashboard-routes.ts';
export type { CallerReader, DashboardRoutesOptions } from './dashboard-routes.ts';
export { parseSaveDashboard, parseDashboardId, saveDashboardSchema } from './dashboard-layout.ts';
export { readDashboard, saveDashboard } from './dashboard-store.ts';
export type { DashboardKey } from './dashboard-store.ts';
