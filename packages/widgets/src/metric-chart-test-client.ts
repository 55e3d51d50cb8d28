/**
 * Test support for the data widgets (`<metric-chart>`, `<kpi-tile>` with `metric`): a fake WidgetClient
 * whose queries wait until the test answers them and whose subscriptions the test pushes, and a builder
 * of query answers. Deterministic: no timers, no network.
 */
import type { QueryRequest, QueryResponse, QuerySeries } from '@tally/client-sdk';
import { TallyApiError } from '@tally/client-sdk';
import type { WidgetClient } from './data/client-context.ts';

const DAY = 86_400_000;

/** Options of {@link answer}. */
export interface AnswerOptions {
  metric?: string;
  unit?: string;
  /** Values of the one series (or use `groups`). */
  values?: readonly (number | null)[];
  /** Values per group, for a grouped answer. */
  groups?: Readonly<Record<string, readonly (number | null)[]>>;
  /** Previous period values, for `compare` (same shape as `values`, or per group). */
  previous?: readonly (number | null)[] | Readonly<Record<string, readonly (number | null)[]>>;
  totals?: readonly (number | null)[];
  previousTotals?: readonly (number | null)[];
  start?: string;
  stepMs?: number;
  granularity?: QueryResponse['meta']['granularity'];
  freshAt?: string | null;
}

/** A query answer with daily buckets from 2026-11-01 (UTC) unless told otherwise. */
export function answer(options: AnswerOptions): QueryResponse {
  const start = Date.parse(options.start ?? '2026-11-01T00:00:00.000Z');
  const step = options.stepMs ?? DAY;
  const toSeries = (values: readonly (number | null)[], from: number, group?: string, total?: number | null): QuerySeries => {
    const points = values.map((v, i) => ({ t: new Date(from + i * step).toISOString(), v }));
    const sum = values.reduce<number>((a, v) => a + (v ?? 0), 0);
    return { ...(group === undefined ? {} : { group }), points, total: total === undefined ? sum : total };
  };
  const length = options.values?.length ?? Object.values(options.groups ?? {})[0]?.length ?? 0;
  const series = options.groups
    ? Object.entries(options.groups).map(([g, v], i) => toSeries(v, start, g, options.totals?.[i]))
    : [toSeries(options.values ?? [], start, undefined, options.totals?.[0])];
  const response: QueryResponse = {
    series,
    meta: {
      metric: options.metric ?? 'signups',
      unit: options.unit ?? 'count',
      from: new Date(start).toISOString(),
      to: new Date(start + length * step).toISOString(),
      granularity: options.granularity ?? 'day',
      timezone: 'UTC',
      sources: ['rollup'],
      freshAt: options.freshAt === undefined ? '2026-11-20T12:00:05.000Z' : options.freshAt,
    },
  };
  const previous = options.previous;
  if (previous !== undefined) {
    const from = start - length * step;
    response.previous = Array.isArray(previous)
      ? [toSeries(previous as readonly (number | null)[], from, undefined, options.previousTotals?.[0])]
      : Object.entries(previous).map(([g, v], i) => toSeries(v as readonly (number | null)[], from, g, options.previousTotals?.[i]));
  }
  return response;
}

/** One query the fake client received, answered when the test says so. */
export interface PendingQuery {
  request: QueryRequest;
  signal: AbortSignal | undefined;
  resolve(response: QueryResponse): void;
  reject(error: unknown): void;
}

/** One live subscription the fake client holds. */
export interface LiveSubscription {
  request: QueryRequest;
  push(response: QueryResponse): void;
  fail(code: TallyApiError['code'], message: string): void;
  active: boolean;
}

/** A fake client: `queries` and `subscriptions` in the order they came. */
export function fakeClient() {
  const queries: PendingQuery[] = [];
  const subscriptions: LiveSubscription[] = [];
  const unused = () => Promise.reject(new Error('unused in this test'));
  const client: WidgetClient = {
    query: (request, options) =>
      new Promise<QueryResponse>((resolve, reject) => {
        options?.signal?.addEventListener('abort', () => reject(options.signal!.reason as unknown));
        queries.push({ request, signal: options?.signal, resolve, reject });
      }),
    subscribe: (request, onResult, options) => {
      const sub: LiveSubscription = {
        request,
        active: true,
        push: (r) => sub.active && onResult(r),
        fail: (code, message) => sub.active && options?.onError?.(new TallyApiError(code, message)),
      };
      subscriptions.push(sub);
      return () => void (sub.active = false);
    },
    customer: unused,
    searchCustomers: unused,
    revenueMovements: unused,
  };
  return { client, queries, subscriptions };
}

/** Lets resolved promises run, then waits for the element's update (and drawing). */
export async function settle(el: { updateComplete: Promise<unknown> }): Promise<void> {
  await new Promise((r) => setTimeout(r));
  await el.updateComplete;
}
