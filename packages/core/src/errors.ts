/**
 * Stable error codes raised inside the server-side packages. The wire-level codes that clients see live in
 * `@tally/client-sdk`; the server maps these onto them in one table.
 */
export type TallyErrorCode =
  | 'config_invalid'
  | 'event_invalid'
  | 'event_version_unsupported'
  | 'bus_unavailable'
  | 'bus_closed'
  | 'store_unavailable'
  | 'store_query_failed'
  | 'migration_conflict'
  | 'cache_unavailable'
  | 'invalid_argument'
  // Request-level outcomes, raised by HTTP routes and rendered by the server's one error table.
  | 'invalid_json'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'forbidden_widget'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited';

/** Options for {@link TallyError}. */
export interface TallyErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
  /** Path of the offending field, for example `KAFKA_BROKERS` or `properties.plan`. */
  field?: string;
  /** For `bus_unavailable` and `rate_limited`: when a client should try again, sent as `Retry-After`. */
  retryAfterSeconds?: number;
}

/**
 * The one error class of the server-side packages: a stable `code`, a message that names the field, and a
 * `cause`. Expected outcomes are returned as results; this is thrown for failures and bugs.
 *
 * @example
 * throw new TallyError('config_invalid', 'PORT: expected an integer 0-65535, got "abc"', { field: 'PORT' });
 */
export class TallyError extends Error {
  readonly code: TallyErrorCode;
  readonly field: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: TallyErrorCode, message: string, options: TallyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TallyError';
    this.code = code;
    this.field = options.field;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** True when `err` is a {@link TallyError}, optionally with the given code. */
export function isTallyError(err: unknown, code?: TallyErrorCode): err is TallyError {
  return err instanceof TallyError && (code === undefined || err.code === code);
}
