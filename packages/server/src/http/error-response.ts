import type { ApiErrorBody, ApiErrorCode } from '@tally/client-sdk';
import { isTallyError, type TallyErrorCode } from '@tally/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one table from wire error codes to HTTP statuses. */
export const STATUS_OF: Record<ApiErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  forbidden_widget: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** Internal error codes as the client sees them. */
const WIRE_CODE_OF: Record<TallyErrorCode, ApiErrorCode> = {
  config_invalid: 'internal',
  event_invalid: 'validation_failed',
  event_version_unsupported: 'validation_failed',
  bus_unavailable: 'unavailable',
  bus_closed: 'unavailable',
  store_unavailable: 'unavailable',
  store_query_failed: 'internal',
  migration_conflict: 'internal',
  cache_unavailable: 'unavailable',
  invalid_argument: 'bad_request',
  invalid_json: 'invalid_json',
  validation_failed: 'validation_failed',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  forbidden_widget: 'forbidden_widget',
  not_found: 'not_found',
  conflict: 'conflict',
  payload_too_large: 'payload_too_large',
  rate_limited: 'rate_limited',
};

/** Wire codes whose internal message is written for the client (it names the field, never a secret). */
const SHOWN: ReadonlySet<ApiErrorCode> = new Set([
  'bad_request', 'invalid_json', 'validation_failed', 'unauthorized', 'forbidden', 'forbidden_widget', 'not_found', 'conflict',
  'payload_too_large', 'rate_limited',
]);

/** An error a route throws on purpose: a wire code, a message naming the field, and the field. */
export class ApiError extends HTTPException {
  readonly code: ApiErrorCode;
  readonly field: string | undefined;

  constructor(code: ApiErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(STATUS_OF[code], { message, cause: options.cause });
    this.code = code;
    this.field = options.field;
  }
}

/** Turns any thrown value into the one error body; internals are logged, never shown. */
export function toErrorBody(
  err: unknown,
  requestId: string | undefined,
): { status: ContentfulStatusCode; body: ApiErrorBody; internal: boolean; retryAfterSeconds?: number } {
  let code: ApiErrorCode = 'internal';
  let message = 'internal error';
  let field: string | undefined;
  let retryAfterSeconds: number | undefined;
  if (err instanceof ApiError) {
    ({ code, message, field } = err);
  } else if (isTallyError(err)) {
    code = WIRE_CODE_OF[err.code];
    retryAfterSeconds = err.retryAfterSeconds;
    // Unavailable and internal failures can carry connection strings: show a generic message.
    message = SHOWN.has(code) ? err.message : code === 'unavailable' ? 'a backing service is unavailable; retry later' : message;
    field = SHOWN.has(code) ? err.field : undefined;
  } else if (err instanceof HTTPException) {
    const status = err.status;
    code = (Object.entries(STATUS_OF).find(([, s]) => s === status)?.[0] as ApiErrorCode | undefined) ?? (status >= 500 ? 'internal' : 'bad_request');
    message = err.message || code;
  }
  const details = { ...(field ? { field } : {}), ...(retryAfterSeconds ? { retryAfterSeconds: Math.ceil(retryAfterSeconds) } : {}) };
  const body: ApiErrorBody = { error: { code, message, details, ...(field ? { field } : {}), ...(requestId ? { requestId } : {}) } };
  return { status: STATUS_OF[code], body, internal: code === 'internal', ...(retryAfterSeconds ? { retryAfterSeconds } : {}) };
}

/** Writes the error body for `err`. */
export function errorResponse(c: Context, err: unknown): Response {
  const requestId = c.get('requestId' as never) as string | undefined;
  const { status, body, retryAfterSeconds } = toErrorBody(err, requestId);
  if (retryAfterSeconds) c.header('Retry-After', String(Math.ceil(retryAfterSeconds)));
  return c.json(body, status);
}
