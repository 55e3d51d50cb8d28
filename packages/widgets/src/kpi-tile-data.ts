import type { QueryResponse } from '@tally/client-sdk';
import { displayUnit } from './charts/metric-format.ts';

/** What a `<kpi-tile>` bound to a metric shows, in display units. */
export interface KpiFigures {
  /** The figure; undefined when the answer has none (no data, or 0 ÷ 0). */
  value: number | undefined;
  /** Relative change against the previous period; undefined without one or when it was 0. */
  delta: number | undefined;
  /** The points, oldest first, for the sparkline; gaps are NaN. */
  series: number[];
  /** The unit to format with (a `numberFormatter` unit). */
  unit: string;
}

/**
 * The tile's figures from a query answer:
 * - value: the first series' `total`, which the server computes per the metric's aggregation: the sum for
 *   flows (signups, revenue), the last value for stocks (mrr, paying_customers), the distinct count for
 *   users, the ratio of the totals for ratios, the median for first response;
 * - delta: `(total − previous total) ÷ |previous total|`, from the previous period's total (compare);
 * - series: the first series' points;
 * - unit: the tile's own `unit` when set (a currency code turns money's minor units into major ones), else
 *   from `meta.unit` (money without a currency shows as a plain number in major units).
 *
 * @example
 * kpiFigures(answer, 'USD'); // { value: 18437, delta: 0.042, series: [...], unit: 'USD' }
 */
export function kpiFigures(response: QueryResponse, ownUnit: string | undefined): KpiFigures {
  const current = response.series[0];
  const total = finite(current?.total);
  const previous = finite(response.previous?.[0]?.total);
  const points = current?.points.map((p) => finite(p.v)) ?? [];
  const magnitude = Math.max(Math.abs(total ?? 0), ...points.map((v) => Math.abs(v ?? 0)));
  const display = displayUnit(response.meta.unit, ownUnit, magnitude);
  return {
    value: total === undefined ? undefined : total * display.scale,
    delta: total === undefined || previous === undefined || previous === 0 ? undefined : (total - previous) / Math.abs(previous),
    series: points.map((v) => (v === undefined ? Number.NaN : v * display.scale)),
    unit: display.unit,
  };
}

function finite(v: number | null | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
