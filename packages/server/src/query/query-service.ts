import type { QueryMeta, QueryResponse, QuerySeries } from '@tally/client-sdk';
import { METRIC_CHANGED_CHANNEL, type Cache, type MetricChangedMessage, type SqlExecutor } from '@tally/core';
import { authorizeRead, type AccessScope } from '../access/access-scope.ts';
import { previousBuckets, resolveBuckets, type Buckets } from './buckets.ts';
import { evaluate, type EvalContext, type Evaluation, type Source } from './evaluate.ts';
import { parseQueryRequest } from './query-request.ts';
import { ResultCache, type ResultCacheOptions } from './result-cache.ts';
import { zonedCalendar } from './zoned-calendar.ts';

/** Options of {@link createQueryService}. */
export interface QueryServiceOptions {
  /** Where rollups, activity, state and raw events live. */
  store: SqlExecutor;
  /** The clock: relative ranges end at the bucket holding `now()`. @default Date.now */
  now?: () => number;
  /** The result cache, or false for none. @default {} */
  resultCache?: ResultCacheOptions | false;
}

/** Result-cache counters. */
export interface QueryStats {
  hits: number;
  misses: number;
  entries: number;
}

/** Answers `POST /v1/query` for one caller's scope. */
export interface QueryService {
  /**
   * Validates `request` (`validation_failed` naming the field), authorizes it against `scope` (`forbidden`),
   * and answers from the result cache or the store.
   */
  query(request: unknown, scope: AccessScope): Promise<QueryResponse>;
  /** Drops cached answers a "metric changed" message touches; resolves with how many. */
  invalidate(message: Pick<MetricChangedMessage, 'tenant' | 'metrics'>): number;
  /** Invalidates on every message of the cache's {@link METRIC_CHANGED_CHANNEL}; resolves with an unsubscribe. */
  subscribeInvalidation(cache: Cache): Promise<() => Promise<void>>;
  stats(): QueryStats;
}

const SOURCE_ORDER: readonly Source[] = ['cache', 'rollup', 'raw', 'state'];

function toSeries(evaluation: Evaluation, buckets: Buckets, keepOrder: boolean): QuerySeries[] {
  const keys = [...evaluation.groups.keys()];
  if (!keepOrder) keys.sort();
  return keys.map((g) => {
    const series = evaluation.groups.get(g)!;
    return {
      ...(evaluation.grouped ? { group: g } : {}),
      points: buckets.starts.map((t, i) => ({ t: new Date(t).toISOString(), v: series.values[i] ?? null })),
      total: series.total,
    };
  });
}

async function freshAt(store: SqlExecutor, tenant: string): Promise<string | null> {
  const [row] = await store.query<{ ms: number }>(
    'SELECT (extract(epoch FROM applied_through) * 1000)::float8 AS ms FROM processing_watermarks WHERE tenant = $1',
    [tenant],
  );
  return row ? new Date(row.ms).toISOString() : null;
}

/**
 * The query planner behind `POST /v1/query`: rollups for history, activity tables for distinct users,
 * state tables for medians and distributions, raw events only when nothing coarser serves; answers cached
 * in process and dropped by "metric changed".
 *
 * @example
 * const service = createQueryService({ store });
 * await service.subscribeInvalidation(cache);
 * const answer = await service.query({ metric: 'mrr', range: '90d', granularity: 'week' }, scope);
 */
export function createQueryService(options: QueryServiceOptions): QueryService {
  const { store } = options;
  const now = options.now ?? Date.now;
  const cache = options.resultCache === false ? undefined : new ResultCache({ now, ...options.resultCache });
  let hits = 0;
  let misses = 0;

  const service: QueryService = {
    async query(request, scope) {
      const parsed = parseQueryRequest(request);
      // A confined scope may name its own customer, never another: authorizeRead refuses the first other one.
      const fixed = scope.filters.customerId;
      const asked = fixed === undefined ? undefined : parsed.filters.customer?.find((c) => c !== fixed);
      const read = authorizeRead(scope, parsed.metric.name, parsed.filters, asked);
      const calendar = zonedCalendar(parsed.timezone);
      const at = now();
      const buckets = resolveBuckets(parsed.range, parsed.granularity, calendar, at);

      const key = JSON.stringify([
        scope.tenant, read.customerId ?? null, parsed.metric.name, buckets.from, buckets.to, parsed.granularity,
        parsed.timezone, read.filters, parsed.groupBy ?? null, parsed.compare,
      ]);
      const cached = cache?.get(key);
      if (cached) {
        hits += 1;
        return cached;
      }
      misses += 1;
      const generation = cache?.generation(scope.tenant);

      const context = (b: Buckets): EvalContext => ({
        db: store, tenant: scope.tenant, buckets: b, calendar, now: at, filters: read.filters,
        ...(parsed.groupBy !== undefined ? { groupBy: parsed.groupBy } : {}),
        ...(read.customerId !== undefined ? { customerId: read.customerId } : {}),
      });
      const previous = parsed.compare ? previousBuckets(buckets, calendar) : undefined;
      const [current, before, fresh] = await Promise.all([
        evaluate(read.metric, context(buckets)),
        previous ? evaluate(read.metric, context(previous)) : undefined,
        freshAt(store, scope.tenant),
      ]);
      const keepOrder = read.metric.aggregation === 'histogram';
      const sources = new Set([...current.sources, ...(before?.sources ?? [])]);
      const meta: QueryMeta = {
        metric: read.metric.name,
        unit: read.metric.unit,
        from: new Date(buckets.from).toISOString(),
        to: new Date(buckets.to).toISOString(),
        granularity: parsed.granularity,
        timezone: parsed.timezone,
        sources: SOURCE_ORDER.filter((s) => sources.has(s)),
        freshAt: fresh,
      };
      const response: QueryResponse = {
        series: toSeries(current, buckets, keepOrder),
        ...(before && previous ? { previous: toSeries(before, previous, keepOrder) } : {}),
        meta,
      };
      cache?.set(key, scope.tenant, read.metric, response, generation);
      return response;
    },

    invalidate(message) {
      return cache?.invalidate(message) ?? 0;
    },

    subscribeInvalidation(bus) {
      return bus.subscribe(METRIC_CHANGED_CHANNEL, (raw) => {
        let message: unknown;
        try {
          message = JSON.parse(raw);
        } catch {
          return; // not ours to fail on: the publisher is the aggregator
        }
        const m = message as Partial<MetricChangedMessage>;
        if (typeof m.tenant === 'string' && Array.isArray(m.metrics)) service.invalidate({ tenant: m.tenant, metrics: m.metrics.filter((x) => typeof x === 'string') });
      });
    },

    stats: () => ({ hits, misses, entries: cache?.size ?? 0 }),
  };
  return service;
}
