/**
 * Every error code a Tally API answer can carry. Stable strings: clients `switch (err.code)` on them, and the
 * server maps each to one HTTP status in one table.
 */
export type ApiErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  /** The token's `widgets` claim does not list the widget the request names (or the request names none). */
  | 'forbidden_widget'
  | 'not_found'
  /** The request was based on a stale `version` of what it changes (optimistic concurrency). */
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** The codes of {@link ApiErrorCode} as a runtime list, for validation and exhaustive tables. */
export const API_ERROR_CODES: readonly ApiErrorCode[] = Object.freeze([
  'bad_request',
  'invalid_json',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'forbidden_widget',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'internal',
]);

/**
 * The JSON body of every non-2xx answer from the Tally API.
 *
 * @example
 * { "error": { "code": "validation_failed", "message": "range: expected 7d, 30d or 90d", "field": "range", "details": { "field": "range" } } }
 */
export interface ApiErrorBody {
  error: {
    /** Stable machine-readable code. */
    code: ApiErrorCode;
    /** Human-readable, safe to show to a developer; never contains secrets. */
    message: string;
    /** What else the server knows about the failure; always sent by the server, often empty (optional when parsing). */
    details: ApiErrorDetails;
    /** Path of the offending input field, when one is to blame (the same as `details.field`). */
    field?: string;
    /** Id of the request in the server's logs, for support. */
    requestId?: string;
  };
}

/** Machine-readable facts about a failure, in `error.details`. */
export interface ApiErrorDetails {
  /** Path of the offending input field, when one is to blame. */
  field?: string;
  /** Seconds to wait before retrying (`rate_limited`, `unavailable`), as also sent in `Retry-After`. */
  retryAfterSeconds?: number;
}

/** True when `value` is one of the {@link ApiErrorCode} strings. */
export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value);
}

/** True when `value` has the shape of an {@link ApiErrorBody} with a known code. */
export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error: unknown = (value as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, field, requestId, details } = error as Record<string, unknown>;
  return (
    isApiErrorCode(code) &&
    typeof message === 'string' &&
    (details === undefined || (typeof details === 'object' && details !== null && !Array.isArray(details))) &&
    (field === undefined || typeof field === 'string') &&
    (requestId === undefined || typeof requestId === 'string')
  );
}

/** Options for {@link TallyApiError}. */
export interface TallyApiErrorOptions {
  /** HTTP status of the answer; `undefined` when no answer arrived (network failure). */
  status?: number;
  /** Path of the offending input field, when one is to blame. */
  field?: string;
  /** Id of the request in the server's logs. */
  requestId?: string;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * The one error the client SDK throws for a failed API call. `code` is a string union, so
 * `switch (err.code)` narrows.
 *
 * @example
 * try {
 *   await client.health();
 * } catch (err) {
 *   if (err instanceof TallyApiError && err.code === 'unavailable') showOfflineBanner();
 * }
 */
export class TallyApiError extends Error {
  /** Stable machine-readable code. */
  readonly code: ApiErrorCode;
  /** HTTP status of the answer; `undefined` when no answer arrived. */
  readonly status: number | undefined;
  /** Path of the offending input field, when the server named one. */
  readonly field: string | undefined;
  /** Id of the request in the server's logs, when the server sent one. */
  readonly requestId: string | undefined;

  constructor(code: ApiErrorCode, message: string, options: TallyApiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TallyApiError';
    this.code = code;
    this.status = options.status;
    this.field = options.field;
    this.requestId = options.requestId;
  }

  /** The {@link ApiErrorBody} a server would send for this error. */
  toBody(): ApiErrorBody {
    const error: ApiErrorBody['error'] = { code: this.code, message: this.message, details: this.field === undefined ? {} : { field: this.field } };
    if (this.field !== undefined) error.field = this.field;
    if (this.requestId !== undefined) error.requestId = this.requestId;
    return { error };
  }
}

/** True when `err` is a {@link TallyApiError}, optionally with the given code. */
export function isTallyApiError(err: unknown, code?: ApiErrorCode): err is TallyApiError {
  return err instanceof TallyApiError && (code === undefined || err.code === code);
}
