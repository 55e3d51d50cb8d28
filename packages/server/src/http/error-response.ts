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
  not_found: 404,
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
};

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
export function toErrorBody(err: unknown, requestId: string | undefined): { status: ContentfulStatusCode; body: ApiErrorBody; internal: boolean } {
  let code: ApiErrorCode = 'internal';
  let message = 'internal error';
  let field: string | undefined;
  if (err instanceof ApiError) {
    ({ code, message, field } = err);
  } else if (isTallyError(err)) {
    code = WIRE_CODE_OF[err.code];
    // Unavailable and internal failures can carry connection strings: show a generic message.
    message = code === 'bad_request' || code === 'validation_failed' ? err.message : code === 'unavailable' ? 'a backing service is unavailable' : message;
    field = code === 'bad_request' || code === 'validation_failed' ? err.field : undefined;
  } else if (err instanceof HTTPException) {
    const status = err.status;
    code = (Object.entries(STATUS_OF).find(([, s]) => s === status)?.[0] as ApiErrorCode | undefined) ?? (status >= 500 ? 'internal' : 'bad_request');
    message = err.message || code;
  }
  const body: ApiErrorBody = { error: { code, message, ...(field ? { field } : {}), ...(requestId ? { requestId } : {}) } };
  return { status: STATUS_OF[code], body, internal: code === 'internal' };
}

/** Writes the error body for `err`. */
export function errorResponse(c: Context, err: unknown): Response {
  const requestId = c.get('requestId' as never) as string | undefined;
  const { status, body } = toErrorBody(err, requestId);
  return c.json(body, status);
}
