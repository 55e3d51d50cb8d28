/** Path prefix of saved dashboards; one dashboard is `${DASHBOARDS_PATH}/:id` (see {@link dashboardPath}). */
export const DASHBOARDS_PATH = '/v1/dashboards';

/** Path of one saved dashboard, with the id URL-encoded. */
export function dashboardPath(id: string): string {
  return `${DASHBOARDS_PATH}/${encodeURIComponent(id)}`;
}

/** The widgets a dashboard layout may place (their tag names). */
export type DashboardWidget = 'metric-chart' | 'kpi-tile' | 'customer-360' | 'revenue-trend' | 'mrr-waterfall' | 'top-customers';
/** Every {@link DashboardWidget}, for validation and pickers. */
export const DASHBOARD_WIDGETS: readonly DashboardWidget[] = Object.freeze([
  'metric-chart', 'kpi-tile', 'customer-360', 'revenue-trend', 'mrr-waterfall', 'top-customers',
]);

/** What a dashboard id and an item id look like: 1-64 of `A-Z a-z 0-9 _ -`. */
export const DASHBOARD_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/**
 * What an attribute name looks like: a kebab-case HTML attribute. Names starting with `on` (event handlers)
 * and `style` are refused, so a saved layout can never carry script or styling into the page.
 */
export const DASHBOARD_ATTRIBUTE_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

/** Bounds of a saved layout; past them `PUT` answers `422` naming the field (`413` past `bodyBytes`). */
export const DASHBOARD_LIMITS = Object.freeze({
  /** Items in one layout. */
  items: 50,
  /** Attributes of one item. */
  attributes: 32,
  /** Characters of one attribute value. */
  attributeValueLength: 2048,
  /** `x` and `y` are integers from 0 to this. */
  maxPosition: 1000,
  /** `w` and `h` are integers from 1 to this. */
  maxSize: 100,
  /** Dashboards one user (token subject) may save in a tenant. */
  perUser: 100,
  /** Largest `PUT` body. */
  bodyBytes: 64 * 1024,
});

/** One widget on the grid: its place (grid cells, from the top left) and the attributes it is created with. */
export interface DashboardItem {
  /** Unique within the layout. */
  id: string;
  widget: DashboardWidget;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Attribute name → value, set on the widget element (e.g. `{ "metric": "mrr", "range": "90d" }`). */
  attributes: Record<string, string>;
}

/** A dashboard's layout. */
export interface DashboardLayout {
  items: DashboardItem[];
}

/**
 * Body of `PUT /v1/dashboards/:id`. `version` is the version the layout was edited from (what `GET` answered):
 * the save succeeds only if it is still the stored one, else `409 conflict`. Omit it to save a dashboard for
 * the first time (`409` if one is saved already).
 *
 * @example
 * { "layout": { "items": [{ "id": "a", "widget": "kpi-tile", "x": 0, "y": 0, "w": 3, "h": 2, "attributes": { "metric": "mrr" } }] }, "version": 3 }
 */
export interface SaveDashboardRequest {
  layout: DashboardLayout;
  version?: number;
}

/**
 * A saved dashboard of the token's user (`sub`): the answer of `GET` and `PUT /v1/dashboards/:id`. `GET` of one
 * never saved is `404 not_found`: the widget then shows its default layout.
 */
export interface SavedDashboard {
  id: string;
  layout: DashboardLayout;
  /** 1 when first saved, one more on each save. */
  version: number;
  /** ISO instant of the last save. */
  updatedAt: string;
}
