import { TallyApiError, isApiErrorCode } from './wire/errors.ts';
import type { LiveServerMessage } from './wire/live.ts';
import { isQueryResponse } from './wire/query.ts';

/** An event handler that also accepts the richer event types of real WebSocket implementations. */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/**
 * The part of the browser WebSocket API the client uses. The global `WebSocket` of browsers and Node 22+ fits,
 * and so does the `ws` package's.
 */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number; reason: string }> | null;
  onerror: Handler<unknown> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A constructor of {@link WebSocketLike} sockets, called as `new WebSocket(url)`. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** `readyState` of an open socket. */
export const WEB_SOCKET_OPEN = 1;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

/** The server message in a text frame, or `undefined` for anything that is not a known, well-formed one. */
export function parseServerMessage(data: unknown): LiveServerMessage | undefined {
  if (typeof data !== 'string') return undefined;
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!isRecord(message)) return undefined;
  switch (message.type) {
    case 'ready':
      return typeof message.expiresAt === 'string' ? (message as LiveServerMessage) : undefined;
    case 'result':
      return typeof message.id === 'string' && isQueryResponse(message.result) ? (message as LiveServerMessage) : undefined;
    case 'error':
      return typeof message.code === 'string' &&
        typeof message.message === 'string' &&
        optionalString(message.id) &&
        optionalString(message.field)
        ? (message as LiveServerMessage)
        : undefined;
    case 'pong':
    case 'heartbeat':
      return message as LiveServerMessage;
    default:
      return undefined;
  }
}

/** The `TallyApiError` a live `error` message stands for; an unknown code becomes `internal`. */
export function liveError(message: Extract<LiveServerMessage, { type: 'error' }>): TallyApiError {
  const code = isApiErrorCode(message.code) ? message.code : 'internal';
  return new TallyApiError(code, message.message, { field: message.field });
}
