import type { QueryRequest, QueryResponse } from './query.ts';

/** Path of the live WebSocket (`GET` with `Upgrade: websocket`). */
export const LIVE_PATH = '/v1/live';

/**
 * Messages a client sends on the live socket, as JSON text frames. The first must be `auth`; the server
 * closes the socket with {@link LIVE_CLOSE}.unauthorized if anything else comes first or the token fails.
 */
export type LiveClientMessage =
  /** The embed token; sent first, and again with a fresh token before the old one expires. */
  | { type: 'auth'; token: string }
  /**
   * Starts (or replaces) subscription `id`: the query's result now and each time it changes. `widget` is the
   * tag name of the widget asking (see `WIDGET_HEADER`): required when the token has a `widgets` claim.
   */
  | { type: 'subscribe'; id: string; query: QueryRequest; widget?: string }
  | { type: 'unsubscribe'; id: string }
  /** Answered with `pong`; clients may use it to detect a dead connection. */
  | { type: 'ping' };

/** Messages the server sends. */
export type LiveServerMessage =
  /** The token was accepted; `expiresAt` (ISO) is when the socket closes unless a fresh token comes. */
  | { type: 'ready'; expiresAt: string }
  /** The current result of subscription `id` (the latest only: a slow client never gets a backlog). */
  | { type: 'result'; id: string; result: QueryResponse }
  /** Subscription `id` failed; the others are unaffected. `code` is an ApiErrorCode. */
  | { type: 'error'; id?: string; code: string; message: string; field?: string }
  | { type: 'pong' }
  /** Sent every {@link LIVE_HEARTBEAT_MS} when nothing else was. */
  | { type: 'heartbeat' };

/** How often the server sends `heartbeat` on an idle socket. */
export const LIVE_HEARTBEAT_MS = 15_000;

/** Close codes of the live socket (4000-4999 are the application's). */
export const LIVE_CLOSE = Object.freeze({
  /** No valid token in time, or a bad one. Get a new token before reconnecting. */
  unauthorized: 4401,
  /** The token expired and no fresh one came. Reconnect with a fresh token. */
  tokenExpired: 4403,
  /** A message that is not valid JSON or not a known message. */
  badMessage: 4400,
  /** Too many subscriptions on one socket. */
  tooManySubscriptions: 4429,
  /**
   * The token was revoked (by its id, `POST /v1/admin/tokens/:jti/revoke`). Get a new token before
   * reconnecting; the host app's backend decides whether this user still gets one.
   */
  tokenRevoked: 4410,
  /**
   * The token kept sending messages after they were refused with `rate_limited` (more than
   * {@link LIVE_MAX_MESSAGES_PER_MINUTE} a minute, then {@link LIVE_REFUSALS_BEFORE_CLOSE} refusals more).
   * Reconnect with backoff.
   */
  tooManyMessages: 4430,
  /** The server is shutting down; reconnect (to another instance) with backoff. */
  goingAway: 1001,
});

/** Most subscriptions one socket may hold. */
export const LIVE_MAX_SUBSCRIPTIONS = 100;
/**
 * Most messages one token may send on live sockets in a minute (every socket and instance counted together;
 * the first `auth` of a socket is not counted). Past it each message is dropped and answered with an `error`
 * of code `rate_limited` (with the subscription's `id` when it had one).
 */
export const LIVE_MAX_MESSAGES_PER_MINUTE = 120;
/** Messages refused with `rate_limited` in one minute after which the socket is closed {@link LIVE_CLOSE}.tooManyMessages. */
export const LIVE_REFUSALS_BEFORE_CLOSE = 20;
/** Fewest milliseconds between two pushes of one subscription (changes in between are coalesced). */
export const LIVE_MIN_PUSH_INTERVAL_MS = 250;
