import type { RevenueMovementPeriod, RevenueMovementsResponse } from '@tally/client-sdk';
import { getMetric, type SqlExecutor } from '@tally/core';
import { authorizeRead, type AccessScope } from '../access/access-scope.ts';
import { resolveBuckets } from '../query/buckets.ts';
import { evaluate, type EvalContext } from '../query/evaluate.ts';
import { parseQueryRequest, type ParsedQuery } from '../query/query-request.ts';
import { zonedCalendar } from '../query/zoned-calendar.ts';

/** The kinds of MRR movement, as the `kind` dimension of `mrr_movements` names them. */
export const MOVEMENT_KINDS = ['new', 'expansion', 'contraction', 'churned', 'reactivated'] as const;

/**
 * Turns `GET /v1/revenue/movements` query parameters (`range` or `from` and `to`, `granularity`, `timezone`)
 * into a parsed `mrr_movements` query, with the query API's validation (`validation_failed` naming `range`,
 * `range.from`, `granularity`, `timezone`). Defaults: the last 12 months by month, in UTC.
 */
export function parseMovementsRequest(params: Record<string, string>): ParsedQuery {
  const { range, from, to, granularity, timezone } = params;
  return parseQueryRequest({
    metric: 'mrr_movements',
    range: from !== undefined || to !== undefined ? { from, to } : (range ?? '12mo'),
    granularity: granularity ?? 'month',
    ...(timezone !== undefined ? { timezone } : {}),
  });
}

/**
 * New, expansion, contraction, churned and reactivated MRR per bucket, with MRR at each bucket's start and end,
 * read as `mrr_movements` (finance class, through {@link authorizeRead}): movements by kind from the rollups,
 * the opening balance from everything before the range. A customer-confined scope reads its customer only.
 */
export async function readRevenueMovements(db: SqlExecutor, scope: AccessScope, query: ParsedQuery, now: number): Promise<RevenueMovementsResponse> {
  const read = authorizeRead(scope, query.metric.name, {});
  const calendar = zonedCalendar(query.timezone);
  const buckets = resolveBuckets(query.range, query.granularity, calendar, now);
  const ctx = (groupBy?: string): EvalContext => ({
    db, tenant: scope.tenant, buckets, calendar, now, filters: {},
    ...(groupBy !== undefined ? { groupBy } : {}),
    ...(read.customerId !== undefined ? { customerId: read.customerId } : {}),
  });
  // `mrr` is the running total of `mrr_movements`: the same data, so the one authorization above covers it.
  const mrr = getMetric('mrr');
  const [byKind, running, byCurrency] = await Promise.all([evaluate(read.metric, ctx('kind')), evaluate(mrr, ctx()), evaluate(mrr, ctx('currency'))]);
  const opening = running.groups.get('')?.atStart ?? { values: buckets.starts.map(() => 0), total: 0 };

  const period = (start: number, startingMrrMinor: number, kindValue: (kind: string) => number): RevenueMovementPeriod => {
    const [newMinor, expansionMinor, contractionMinor, churnedMinor, reactivatedMinor] = MOVEMENT_KINDS.map(kindValue) as [number, number, number, number, number];
    const netChangeMinor = newMinor + expansionMinor + contractionMinor + churnedMinor + reactivatedMinor;
    return {
      start: new Date(start).toISOString(), startingMrrMinor, newMinor, expansionMinor, contractionMinor, churnedMinor, reactivatedMinor,
      netChangeMinor, endingMrrMinor: startingMrrMinor + netChangeMinor,
    };
  };
  const currencies = [...byCurrency.groups.keys()].filter((c) => c !== '');
  const sources = new Set([...byKind.sources, ...running.sources]);
  return {
    currency: currencies.length === 1 ? currencies[0]! : null,
    periods: buckets.starts.map((start, i) => period(start, opening.values[i] ?? 0, (kind) => byKind.groups.get(kind)?.values[i] ?? 0)),
    totals: period(buckets.from, opening.total, (kind) => byKind.groups.get(kind)?.total ?? 0),
    meta: {
      from: new Date(buckets.from).toISOString(),
      to: new Date(buckets.to).toISOString(),
      granularity: query.granularity,
      timezone: query.timezone,
      sources: (['rollup', 'raw'] as const).filter((s) => sources.has(s)),
    },
  };
}
