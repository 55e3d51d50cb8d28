/**
 * @tally/client-sdk: the browser and Node client of the Tally API, and the wire contract (types, error codes)
 * that the server shares. No runtime dependencies.
 * @packageDocumentation
 */
export { createTallyClient } from './client.ts';
export type { TallyClient } from './client.ts';
export type { TallyClientOptions, TokenSource } from './client-options.ts';
export { API_ERROR_CODES, TallyApiError, isApiErrorBody, isApiErrorCode, isTallyApiError } from './wire/errors.ts';
export type { ApiErrorBody, ApiErrorCode, TallyApiErrorOptions } from './wire/errors.ts';
export { HEALTH_PATH, isHealthResponse } from './wire/health.ts';
export type { HealthResponse } from './wire/health.ts';
export { TOKENS_PATH, JWKS_PATH, ROLES } from './wire/tokens.ts';
export type { Role, TokenRequest, TokenResponse, EmbedClaims } from './wire/tokens.ts';
export { QUERY_PATH, GRANULARITIES } from './wire/query.ts';
export type { Granularity, QueryRequest, QueryResponse, QuerySeries, QueryPoint, QueryMeta } from './wire/query.ts';
export { LIVE_PATH, LIVE_CLOSE, LIVE_HEARTBEAT_MS, LIVE_MAX_SUBSCRIPTIONS, LIVE_MIN_PUSH_INTERVAL_MS } from './wire/live.ts';
export type { LiveClientMessage, LiveServerMessage } from './wire/live.ts';
