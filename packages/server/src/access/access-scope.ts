import { getMetric, TallyError, type MetricDefinition, type Sensitivity } from '@tally/core';

/**
 * What one caller may read: the one shape every read path (queries, live subscriptions, Customer 360,
 * exports) receives, built from a verified embed token (or an admin API key). Reads go through
 * {@link authorizeRead}, the one place role and fixed filters are enforced.
 */
export interface AccessScope {
  tenant: string;
  /** Sensitivity classes the role grants. */
  sensitivities: ReadonlySet<Sensitivity>;
  /** Metrics the token names; undefined = every metric the sensitivities allow. */
  metrics?: ReadonlySet<string>;
  /** Widget tag names the token names; undefined = any widget, or none. See {@link authorizeWidget}. */
  widgets?: ReadonlySet<string>;
  /** Fixed row filters from the token, AND-ed into every read; a request can narrow, never widen. */
  filters: { customerId?: string };
}

/** A read after authorization: the metric's definition and the filters it must run with. */
export interface AuthorizedRead {
  metric: MetricDefinition;
  /** The request's dimension filters with the scope's fixed filters applied. */
  filters: Record<string, string[]>;
  /** The customer the read is confined to, when the scope or the request fixes one. */
  customerId?: string;
}

/**
 * Checks that `scope` may read `metricName` with these filters, and returns the filters to run with.
 * Throws `forbidden` (no data) when the metric's class or name is not granted, or when the request asks
 * for a customer other than the scope's.
 */
export function authorizeRead(scope: AccessScope, metricName: string, filters: Record<string, string[]> = {}, customerId?: string): AuthorizedRead {
  const metric = getMetric(metricName, 'metric');
  if (!scope.sensitivities.has(metric.sensitivity) || (scope.metrics && !scope.metrics.has(metric.name))) {
    throw new TallyError('forbidden', `metric: this token may not read ${metric.name}`, { field: 'metric' });
  }
  const fixed = scope.filters.customerId;
  if (fixed !== undefined && customerId !== undefined && customerId !== fixed) {
    throw new TallyError('forbidden', 'customerId: this token is limited to another customer', { field: 'customerId' });
  }
  const confined = fixed ?? customerId;
  return { metric, filters, ...(confined !== undefined ? { customerId: confined } : {}) };
}

/**
 * The metric a Customer 360 read is authorized as: it shows health scores, so it needs what reading
 * `health_score_distribution` needs (the `customer` class, and the metric when the token names metrics).
 */
export const CUSTOMER_READ_METRIC = 'health_score_distribution';

/**
 * Checks that `scope` may read Customer 360 (one customer, or search when `customerId` is undefined), through
 * {@link authorizeRead}. Throws `forbidden` (no data) without the `customer` class or for a customer other
 * than the scope's fixed one; returns the customer the read is confined to, if any.
 *
 * @example
 * const { customerId } = authorizeCustomer(scope, c.req.param('id'));
 */
export function authorizeCustomer(scope: AccessScope, customerId?: string): { customerId?: string } {
  const read = authorizeRead(scope, CUSTOMER_READ_METRIC, {}, customerId);
  return read.customerId !== undefined ? { customerId: read.customerId } : {};
}

/**
 * Checks that `scope` may be used by `widget` (the tag name a request names, in the `x-tally-widget` header or
 * a live `subscribe`'s `widget`). A scope without a widgets claim allows any widget, and none; one with the
 * claim needs a widget it lists. Throws `forbidden_widget` naming `field` otherwise.
 *
 * @example
 * authorizeWidget(scope, c.req.header(WIDGET_HEADER), WIDGET_HEADER);
 */
export function authorizeWidget(scope: AccessScope, widget: string | undefined, field: string): void {
  if (!scope.widgets) return;
  if (widget === undefined) {
    throw new TallyError('forbidden_widget', `${field}: this token is only for the widgets ${[...scope.widgets].join(', ')}; name the one asking`, { field });
  }
  if (!scope.widgets.has(widget)) {
    throw new TallyError('forbidden_widget', `${field}: this token may not be used by the widget ${JSON.stringify(widget.slice(0, 64))}`, { field });
  }
}
