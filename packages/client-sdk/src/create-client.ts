import { resolveOptions, type ClientOptions } from './create-client-options.ts';
import { createInFlight, stableKey } from './in-flight.ts';
import { createLiveConnection } from './live-connection.ts';
import { request, type RequestSpec } from './request.ts';
import { createTokenCache } from './token-cache.ts';
import { CUSTOMERS_PATH, customerPath, type CustomerDetail, type CustomerSearchResult } from './wire/customers.ts';
import { isTallyApiError, type TallyApiError } from './wire/errors.ts';
import { HEALTH_PATH, isHealthResponse, type HealthResponse } from './wire/health.ts';
import { QUERY_PATH, isQueryResponse, type Granularity, type QueryRequest, type QueryResponse } from './wire/query.ts';
import { REVENUE_MOVEMENTS_PATH, type RevenueMovementsResponse } from './wire/revenue.ts';

/** Per-call options of the client's request methods. */
export interface RequestOptions {
  /**
   * Aborts this caller's wait: the call rejects with `signal.reason`. A request shared with identical calls
   * in flight is only cancelled once every one of them has aborted.
   */
  signal?: AbortSignal;
}

/** Options of {@link Client.subscribe}. */
export interface SubscribeOptions {
  /** Hears this subscription's errors (the server's, or a token provider's failure); without it they are dropped. */
  onError?: (error: TallyApiError) => void;
  /** Unsubscribes when it aborts. */
  signal?: AbortSignal;
}

/** Query of {@link Client.revenueMovements}; what is omitted takes the server's default. */
export interface RevenueMovementsRequest {
  /** Relative (`90d`, `12mo`, ending now) or absolute `{ from, to }` ISO instants (`to` exclusive). */
  range?: string | { from: string; to: string };
  granularity?: Granularity;
  /** IANA zone for period boundaries. */
  timezone?: string;
}

/** Query of {@link Client.searchCustomers}. */
export interface CustomerSearchRequest {
  /** Start of the name or id. */
  q: string;
  /** Page size (at most `CUSTOMER_SEARCH_MAX_LIMIT`). */
  limit?: number;
  /** The previous page's `nextCursor`. */
  cursor?: string;
}

/**
 * A Tally client. Request methods reject with a `TallyApiError`, or with `signal.reason` when aborted.
 * Identical requests in flight at once share one HTTP request.
 */
export interface Client {
  /** Base URL the client talks to, absolute and without a trailing slash. */
  readonly url: string;
  /** `GET /health` (no token). */
  health(options?: RequestOptions): Promise<HealthResponse>;
  /**
   * `POST /v1/query`: one catalog metric's series, totals and meta.
   * @example
   * const { series, meta } = await client.query({ metric: 'mrr', range: '90d', granularity: 'week' });
   */
  query(request: QueryRequest, options?: RequestOptions): Promise<QueryResponse>;
  /**
   * Live results of `query` on the client's one WebSocket: `onResult` gets the current result, then each
   * change. Returns the function that unsubscribes. Throws a `TypeError` when there is no WebSocket.
   * @example
   * const unsubscribe = client.subscribe({ metric: 'mrr', range: '30d' }, (result) => render(result), {
   *   onError: (err) => showError(err.code),
   * });
   */
  subscribe(query: QueryRequest, onResult: (result: QueryResponse) => void, options?: SubscribeOptions): () => void;
  /** `GET /v1/customers/:id`: Customer 360. */
  customer(id: string, options?: RequestOptions): Promise<CustomerDetail>;
  /** `GET /v1/customers?q=`: customers whose name or id starts with `q`, highest MRR first. */
  searchCustomers(search: CustomerSearchRequest, options?: RequestOptions): Promise<CustomerSearchResult>;
  /** `GET /v1/revenue/movements`: new, expansion, contraction, churned and reactivated MRR per period. */
  revenueMovements(request?: RevenueMovementsRequest, options?: RequestOptions): Promise<RevenueMovementsResponse>;
  /** Closes the live socket and drops every subscription. Requests still work afterwards. */
  close(): void;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isCustomerDetail = (value: unknown): value is CustomerDetail =>
  isRecord(value) && typeof value.id === 'string' && isRecord(value.mrr) && Array.isArray(value.timeline);
const isCustomerSearchResult = (value: unknown): value is CustomerSearchResult =>
  isRecord(value) && Array.isArray(value.items) && (value.nextCursor === null || typeof value.nextCursor === 'string');
const isRevenueMovements = (value: unknown): value is RevenueMovementsResponse =>
  isRecord(value) && Array.isArray(value.periods) && isRecord(value.totals) && isRecord(value.meta);

function withSearch(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}

/**
 * Creates a Tally client for browsers and Node 20+: queries over `fetch`, live subscriptions over one
 * multiplexed WebSocket, and an embed token kept fresh through `getToken`. Throws a `TypeError` naming the
 * option when the options are invalid.
 *
 * @example
 * const client = createClient({
 *   url: 'https://tally.example.com',
 *   getToken: () => fetch('/my-backend/tally-token').then((r) => r.json()), // { token, expiresAt }
 * });
 * const mrr = await client.query({ metric: 'mrr', range: '90d' });
 * const stop = client.subscribe({ metric: 'active_users', range: '24h', granularity: 'hour' }, render);
 */
export function createClient(options: ClientOptions): Client {
  const resolved = resolveOptions(options);
  const { baseUrl } = resolved;
  const tokens = createTokenCache(resolved.getToken, resolved.tokenRefreshMarginMs);
  const inFlight = createInFlight();
  const live = createLiveConnection({
    url: resolved.liveUrl,
    WebSocket: resolved.WebSocket,
    tokens,
    tokenRefreshMarginMs: resolved.tokenRefreshMarginMs,
    reconnect: resolved.reconnect,
  });

  /** One authorised call, shared by identical calls in flight; a 401 fetches a fresh token and retries once. */
  const call = <T>(spec: RequestSpec<T>, signal: AbortSignal | undefined): Promise<T> => {
    const key = `${spec.method} ${spec.path} ${spec.body === undefined ? '' : stableKey(spec.body)}`;
    return inFlight.run(
      key,
      async (shared) => {
        const send = (token: string): Promise<T> => request({ baseUrl, fetch: resolved.fetch, token }, { ...spec, signal: shared });
        const token = await tokens.get();
        try {
          return await send(token);
        } catch (err) {
          if (!isTallyApiError(err, 'unauthorized') || err.status !== 401 || shared.aborted) throw err;
          tokens.invalidate(token);
          return send(await tokens.get());
        }
      },
      signal,
    );
  };

  return {
    url: baseUrl,
    health: ({ signal } = {}) =>
      inFlight.run(
        `GET ${HEALTH_PATH}`,
        (shared) =>
          request(
            { baseUrl, fetch: resolved.fetch, token: undefined },
            { method: 'GET', path: HEALTH_PATH, accept: isHealthResponse, signal: shared },
          ),
        signal,
      ),
    query: (body, { signal } = {}) => call({ method: 'POST', path: QUERY_PATH, body, accept: isQueryResponse }, signal),
    subscribe(query, onResult, { onError, signal } = {}) {
      if (signal?.aborted === true) return () => {};
      const unsubscribe = live.subscribe(query, { onResult, onError });
      if (signal === undefined) return unsubscribe;
      signal.addEventListener('abort', unsubscribe, { once: true });
      return () => {
        signal.removeEventListener('abort', unsubscribe);
        unsubscribe();
      };
    },
    customer: (id, { signal } = {}) => call({ method: 'GET', path: customerPath(id), accept: isCustomerDetail }, signal),
    searchCustomers: ({ q, limit, cursor }, { signal } = {}) =>
      call({ method: 'GET', path: withSearch(CUSTOMERS_PATH, { q, limit, cursor }), accept: isCustomerSearchResult }, signal),
    revenueMovements({ range, granularity, timezone } = {}, { signal } = {}) {
      const absolute = typeof range === 'object' ? range : undefined;
      const path = withSearch(REVENUE_MOVEMENTS_PATH, {
        range: typeof range === 'string' ? range : undefined,
        from: absolute?.from,
        to: absolute?.to,
        granularity,
        timezone,
      });
      return call({ method: 'GET', path, accept: isRevenueMovements }, signal);
    },
    close: () => live.close(),
  };
}
