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
