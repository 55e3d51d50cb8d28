/**
 * @tally/client-sdk: the browser and Node client of the Tally API, and the wire contract (types, error codes)
 * that the server shares. No runtime dependencies.
 * @packageDocumentation
 */
export { createClient } from './create-client.ts';
export type { Client, CustomerSearchRequest, RequestOptions, RevenueMovementsRequest, SaveDashboardOptions, SubscribeOptions } from './create-client.ts';
export type { ClientOptions } from './create-client-options.ts';
export type { BackoffOptions } from './backoff.ts';
export type { GetToken, TokenAnswer } from './token-cache.ts';
export type { WebSocketConstructor, WebSocketLike } from './live-messages.ts';
export { createTallyClient } from './client.ts';
export type { TallyClient } from './client.ts';
export type { TallyClientOptions, TokenSource } from './client-options.ts';
export { API_ERROR_CODES, TallyApiError, isApiErrorBody, isApiErrorCode, isTallyApiError } from './wire/errors.ts';
export type { ApiErrorBody, ApiErrorCode, ApiErrorDetails, TallyApiErrorOptions } from './wire/errors.ts';
export { HEALTH_PATH, isHealthResponse } from './wire/health.ts';
export type { HealthResponse } from './wire/health.ts';
export { TOKENS_PATH, JWKS_PATH, ROLES, WIDGET_HEADER } from './wire/tokens.ts';
export type { BuiltInRole, Role, TokenRequest, TokenResponse, EmbedClaims } from './wire/tokens.ts';
export { QUERY_PATH, GRANULARITIES, isQueryResponse } from './wire/query.ts';
export type { Granularity, QueryRequest, QueryResponse, QuerySeries, QueryPoint, QueryMeta } from './wire/query.ts';
export { LIVE_PATH, LIVE_CLOSE, LIVE_HEARTBEAT_MS, LIVE_MAX_SUBSCRIPTIONS, LIVE_MAX_MESSAGES_PER_MINUTE, LIVE_REFUSALS_BEFORE_CLOSE, LIVE_MIN_PUSH_INTERVAL_MS } from './wire/live.ts';
export type { LiveClientMessage, LiveServerMessage } from './wire/live.ts';
export { CUSTOMERS_PATH, CUSTOMER_SEARCH_MAX_LIMIT, CUSTOMER_SEARCH_MAX_QUERY, customerPath } from './wire/customers.ts';
export type { CustomerDetail, CustomerHealth, CustomerSearchResult, CustomerSubscription, CustomerSummary, CustomerTicket, CustomerTimelineEvent, Money } from './wire/customers.ts';
export { REVENUE_MOVEMENTS_PATH } from './wire/revenue.ts';
export type { RevenueMovementPeriod, RevenueMovementsResponse } from './wire/revenue.ts';
export { DASHBOARDS_PATH, DASHBOARD_WIDGETS, DASHBOARD_ID_PATTERN, DASHBOARD_ATTRIBUTE_PATTERN, DASHBOARD_LIMITS, dashboardPath } from './wire/dashboards.ts';
export type { DashboardItem, DashboardLayout, DashboardWidget, SaveDashboardRequest, SavedDashboard } from './wire/dashboards.ts';
export { csvField } from './csv.ts';
