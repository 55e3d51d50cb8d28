import type { RevenueMovementPeriod, RevenueMovementsResponse } from '@tally/client-sdk';
import { getMetric, TallyError, type SqlExecutor } from '@tally/core';
import { authorizeRead, type AccessScope } from '../access/access-scope.ts';
import { resolveBuckets } from '../query/buckets.ts';
import { evaluate, type EvalContext } from '../query/evaluate.ts';
import { parseQueryRequest, type ParsedQuery } from '../query/query-request.ts';
import { zonedCalendar } from '../query/zoned-calendar.ts';

/** The kinds of MRR movement, as the `kind` dimension of `mrr_movements` names them. */
export const MOVEMENT_KINDS = ['new', 'expansion', 'contraction', 'churned', 'reactivated'] as const;

/** A checked `GET /v1/revenue/movements` request: the `mrr_movements` query, and the currency asked for. */
export interface MovementsRequest {
  query: ParsedQuery;
  /** ISO 4217 code; undefined = the tenant's main currency. */
  currency?: string;
}

const CURRENCY = /^[A-Z]{3}$/;

/**
 * Turns `GET /v1/revenue/movements` query parameters (`range` or `from` and `to`, `granularity`, `timezone`,
 * `currency`) into a parsed `mrr_movements` query, with the query API's validation (`validation_failed` naming
 * `range`, `range.from`, `granularity`, `timezone`, or `currency`). Defaults: the last 12 months by month, in UTC.
 */
export function parseMovementsRequest(params: Record<string, string>): MovementsRequest {
  const { range, from, to, granularity, timezone, currency } = params;
  const query = parseQueryRequest({
    metric: 'mrr_movements',
    range: from !== undefined || to !== undefined ? { from, to } : (range ?? '12mo'),
    granularity: granularity ?? 'month',
    ...(timezone !== undefined ? { timezone } : {}),
  });
  if (currency !== undefined && !CURRENCY.test(currency)) {
    throw new TallyError('validation_failed', `currency: expected an ISO 4217 code such as USD, got ${JSON.stringify(currency.slice(0, 16))}`, { field: 'currency' });
  }
  return { query, ...(currency !== undefined ? { currency } : {}) };
}

/**
 * New, expansion, contraction, churned and reactivated MRR per bucket, with MRR at each bucket's start and end,
 * in one currency, read as `mrr_movements` (finance class, through {@link authorizeRead}): movements by kind,
 * the opening balance from everything before the range. A customer-confined scope reads its customer only.
 *
 * MRR is stored in each subscription's own currency (the `currency` dimension), never converted, so amounts
 * are never added across currencies. With one currency the rollups by kind answer; with several, movements of
 * one currency are kind × currency, which rollups do not keep (one dimension each), so raw events answer.
 */
export async function readRevenueMovements(db: SqlExecutor, scope: AccessScope, request: MovementsRequest, now: number): Promise<RevenueMovementsResponse> {
  const { query } = request;
  const read = authorizeRead(scope, query.metric.name, {});
  const calendar = zonedCalendar(query.timezone);
  const buckets = resolveBuckets(query.range, query.granularity, calendar, now);
  const ctx = (groupBy?: string, filters: Record<string, string[]> = {}): EvalContext => ({
    db, tenant: scope.tenant, buckets, calendar, now, filters,
    ...(groupBy !== undefined ? { groupBy } : {}),
    ...(read.customerId !== undefined ? { customerId: read.customerId } : {}),
  });
  // `mrr` is the running total of `mrr_movements`: the same data, so the one authorization above covers it.
  const mrr = getMetric('mrr');
  const [allKinds, allRunning, byCurrency] = await Promise.all([evaluate(read.metric, ctx('kind')), evaluate(mrr, ctx()), evaluate(mrr, ctx('currency'))]);
  const endOf = (c: string) => byCurrency.groups.get(c)?.total ?? 0;
  const currencies = [...byCurrency.groups.keys()].filter((c) => c !== '').sort((a, b) => endOf(b) - endOf(a) || a.localeCompare(b));
  const currency = request.currency ?? currencies[0] ?? null;
  const single = currency === null || (currencies.length <= 1 && (currencies[0] ?? currency) === currency);
  const byKind = single ? allKinds : await evaluate(read.metric, ctx('kind', { currency: [currency] }));
  const zero = { values: buckets.starts.map(() => 0), total: 0 };
  const opening = (single ? allRunning.groups.get('')?.atStart : byCurrency.groups.get(currency)?.atStart) ?? zero;

  const period = (start: number, startingMrrMinor: number, kindValue: (kind: string) => number): RevenueMovementPeriod => {
    const [newMinor, expansionMinor, contractionMinor, churnedMinor, reactivatedMinor] = MOVEMENT_KINDS.map(kindValue) as [number, number, number, number, number];
    const netChangeMinor = newMinor + expansionMinor + contractionMinor + churnedMinor + reactivatedMinor;
    return {
      start: new Date(start).toISOString(), startingMrrMinor, newMinor, expansionMinor, contractionMinor, churnedMinor, reactivatedMinor,
      netChangeMinor, endingMrrMinor: startingMrrMinor + netChangeMinor,
    };
  };
  const sources = new Set([...byKind.sources, ...(single ? allRunning : byCurrency).sources]);
  return {
    currency,
    currencies,
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
