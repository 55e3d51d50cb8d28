import { resolveOptions, type ClientOptions } from './create-client-options.ts';
import { createInFlight, stableKey } from './in-flight.ts';
import { createLiveConnection } from './live-connection.ts';
import { request, type RequestSpec } from './request.ts';
import { createTokenCache } from './token-cache.ts';
import { CUSTOMERS_PATH, customerPath, type CustomerDetail, type CustomerSearchResult } from './wire/customers.ts';
import { dashboardPath, type DashboardLayout, type SaveDashboardRequest, type SavedDashboard } from './wire/dashboards.ts';
import { isTallyApiError, type TallyApiError } from './wire/errors.ts';
import { HEALTH_PATH, isHealthResponse, type HealthResponse } from './wire/health.ts';
import { QUERY_PATH, isQueryResponse, type Granularity, type QueryRequest, type QueryResponse } from './wire/query.ts';
import { REVENUE_MOVEMENTS_PATH, type RevenueMovementsResponse } from './wire/revenue.ts';
import { WIDGET_HEADER } from './wire/tokens.ts';

/** Per-call options of the client's request methods. */
export interface RequestOptions {
  /**
   * Aborts this caller's wait: the call rejects with `signal.reason`. A request shared with identical calls
   * in flight is only cancelled once every one of them has aborted.
   */
  signal?: AbortSignal;
  /**
   * Tag name of the widget making the request, sent as the `x-tally-widget` header. Required when the token
   * has a `widgets` claim (else `403 forbidden_widget`); widgets pass their own tag name.
   */
  widget?: string;
}

/** Options of {@link Client.subscribe}. */
export interface SubscribeOptions {
  /** Hears this subscription's errors (the server's, or a token provider's failure); without it they are dropped. */
  onError?: (error: TallyApiError) => void;
  /** Unsubscribes when it aborts. */
  signal?: AbortSignal;
  /** Tag name of the widget subscribing, sent in the `subscribe` message (see {@link RequestOptions.widget}). */
  widget?: string;
}

/** Options of {@link Client.saveDashboard}. */
export interface SaveDashboardOptions extends RequestOptions {
  /** The version the layout was edited from (`SavedDashboard.version`); omit when saving for the first time. */
  version?: number;
}

/** Query of {@link Client.revenueMovements}; what is omitted takes the server's default. */
export interface RevenueMovementsRequest {
  /** Relative (`90d`, `12mo`, ending now) or absolute `{ from, to }` ISO instants (`to` exclusive). */
  range?: string | { from: string; to: string };
  granularity?: Granularity;
  /** IANA zone for period boundaries. */
  timezone?: string;
  /** ISO 4217 code of the currency to answer in; omitted = the tenant's main one. */
  currency?: string;
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
  /**
   * `GET /v1/dashboards/:id`: the token's user's saved layout, or `null` when they never saved one (show the
   * default layout then).
   * @example
   * const saved = await client.dashboard('home', { widget: 'tally-dashboard' });
   * const layout = saved?.layout ?? defaultLayout;
   */
  dashboard(id: string, options?: RequestOptions): Promise<SavedDashboard | null>;
  /**
   * `PUT /v1/dashboards/:id`: saves the user's layout. Pass the `version` it was edited from; a save based on
   * an older version rejects with `conflict` (reload, reapply, save again).
   * @example
   * const saved = await client.saveDashboard('home', layout, { version: previous?.version });
   */
  saveDashboard(id: string, layout: DashboardLayout, options?: SaveDashboardOptions): Promise<SavedDashboard>;
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
const isSavedDashboard = (value: unknown): value is SavedDashboard =>
  isRecord(value) && typeof value.id === 'string' && isRecord(value.layout) && Array.isArray(value.layout.items) && typeof value.version === 'number';

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

  let writes = 0;
  /**
   * One authorised call; a 401 fetches a fresh token and retries once. Reads are shared by identical calls in
   * flight (same widget too); writes never are.
   */
  const call = <T>(spec: RequestSpec<T>, { signal, widget }: RequestOptions): Promise<T> => {
    if (widget !== undefined) spec = { ...spec, headers: { ...spec.headers, [WIDGET_HEADER]: widget } };
    const read = spec.method === 'GET' || spec.method === 'POST';
    const key = `${spec.method} ${spec.path} ${widget ?? ''} ${spec.body === undefined ? '' : stableKey(spec.body)}${read ? '' : ` #${(writes += 1)}`}`;
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
    query: (body, options = {}) => call({ method: 'POST', path: QUERY_PATH, body, accept: isQueryResponse }, options),
    subscribe(query, onResult, { onError, signal, widget } = {}) {
      if (signal?.aborted === true) return () => {};
      const unsubscribe = live.subscribe(query, { onResult, onError }, widget);
      if (signal === undefined) return unsubscribe;
      signal.addEventListener('abort', unsubscribe, { once: true });
      return () => {
        signal.removeEventListener('abort', unsubscribe);
        unsubscribe();
      };
    },
    customer: (id, options = {}) => call({ method: 'GET', path: customerPath(id), accept: isCustomerDetail }, options),
    searchCustomers: ({ q, limit, cursor }, options = {}) =>
      call({ method: 'GET', path: withSearch(CUSTOMERS_PATH, { q, limit, cursor }), accept: isCustomerSearchResult }, options),
    revenueMovements({ range, granularity, timezone, currency } = {}, options = {}) {
      const absolute = typeof range === 'object' ? range : undefined;
      const path = withSearch(REVENUE_MOVEMENTS_PATH, {
        range: typeof range === 'string' ? range : undefined,
        from: absolute?.from,
        to: absolute?.to,
        granularity,
        timezone,
        currency,
      });
      return call({ method: 'GET', path, accept: isRevenueMovements }, options);
    },
    async dashboard(id, options = {}) {
      try {
        return await call({ method: 'GET', path: dashboardPath(id), accept: isSavedDashboard }, options);
      } catch (err) {
        if (isTallyApiError(err, 'not_found') && err.status === 404) return null;
        throw err;
      }
    },
    saveDashboard(id, layout, { version, ...options } = {}) {
      const body: SaveDashboardRequest = { layout, ...(version !== undefined ? { version } : {}) };
      return call({ method: 'PUT', path: dashboardPath(id), body, accept: isSavedDashboard }, options);
    },
    close: () => live.close(),
  };
}
