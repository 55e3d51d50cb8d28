import { backoffDelay, type BackoffOptions } from './backoff.ts';
import { stableKey } from './in-flight.ts';
import { WEB_SOCKET_OPEN, liveError, parseServerMessage, type WebSocketConstructor, type WebSocketLike } from './live-messages.ts';
import type { TokenCache } from './token-cache.ts';
import { TallyApiError } from './wire/errors.ts';
import { LIVE_CLOSE, LIVE_HEARTBEAT_MS, LIVE_MAX_SUBSCRIPTIONS, type LiveClientMessage } from './wire/live.ts';
import type { QueryRequest, QueryResponse } from './wire/query.ts';

/** Who hears one subscription's results and errors. */
export interface LiveListener {
  onResult: (result: QueryResponse) => void;
  onError?: ((error: TallyApiError) => void) | undefined;
}

export interface LiveConnectionOptions {
  /** The `ws:` or `wss:` URL of the live socket. */
  url: string;
  WebSocket: WebSocketConstructor | undefined;
  tokens: TokenCache;
  tokenRefreshMarginMs: number;
  reconnect: Required<BackoffOptions>;
}

/** One multiplexed live socket: opened by the first subscription, closed after the last. */
export interface LiveConnection {
  /** Subscribes `listener` to `query`, asked for by `widget` (its tag name) when given. */
  subscribe(query: QueryRequest, listener: LiveListener, widget?: string): () => void;
  /** Drops every subscription and closes the socket. */
  close(): void;
}

/** Silence after which the client pings (the server's heartbeat should have come), then how long it waits. */
export const LIVE_IDLE_PING_MS = LIVE_HEARTBEAT_MS + 5_000;
export const LIVE_PING_TIMEOUT_MS = 10_000;
/** Close codes the client sends (1000, or the 4000-4999 application range). */
export const CLIENT_CLOSE = Object.freeze({ normal: 1000, noHeartbeat: 4000 });
const MIN_REAUTH_DELAY_MS = 1_000;

interface Subscription {
  id: string;
  query: QueryRequest;
  widget: string | undefined;
  listeners: Set<LiveListener>;
  /** The latest result, handed at once to a listener that joins later. */
  last: QueryResponse | undefined;
}

type Timer = ReturnType<typeof setTimeout> | undefined;

/** Calls a listener; its exception is rethrown on its own so that it cannot break the socket for the others. */
function safely<A>(fn: ((arg: A) => void) | undefined, arg: A): void {
  try {
    fn?.(arg);
  } catch (err) {
    queueMicrotask(() => {
      throw err;
    });
  }
}

/**
 * Creates the live connection of one client. Identical queries share one server subscription. The socket
 * authenticates first, subscribes everything once the server is `ready`, re-authenticates before the token
 * expires, pings when the server goes quiet, and reconnects with capped exponential backoff, resubscribing
 * all (with a fresh token after a 4401 or 4403 close).
 */
export function createLiveConnection(options: LiveConnectionOptions): LiveConnection {
  const { tokens } = options;
  const byKey = new Map<string, Subscription>();
  const byId = new Map<string, Subscription>();
  let nextId = 0;
  /** True from the first subscription to the last unsubscription: the socket is wanted. */
  let active = false;
  let socket: WebSocketLike | undefined;
  let ready = false;
  let sentToken: string | undefined;
  let attempt = 0;
  /** Bumped whenever the socket is dropped; async work begun under an older epoch is ignored. */
  let epoch = 0;
  let reconnectTimer: Timer;
  let idleTimer: Timer;
  let reauthTimer: Timer;

  const send = (message: LiveClientMessage): void => {
    if (socket?.readyState === WEB_SOCKET_OPEN) socket.send(JSON.stringify(message));
  };
  const broadcast = (error: TallyApiError): void => {
    for (const sub of [...byKey.values()]) for (const listener of [...sub.listeners]) safely(listener.onError, error);
  };

  function drop(): WebSocketLike | undefined {
    epoch += 1;
    clearTimeout(idleTimer);
    clearTimeout(reauthTimer);
    idleTimer = reauthTimer = undefined;
    const ws = socket;
    socket = undefined;
    ready = false;
    if (ws !== undefined) ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    return ws;
  }

  function closeSocket(code: number, reason: string): void {
    const ws = drop();
    try {
      ws?.close(code, reason);
    } catch {
      // Already closing: nothing left to do.
    }
  }

  function scheduleReconnect(): void {
    const delay = backoffDelay(attempt, options.reconnect);
    attempt += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect();
    }, delay);
  }

  function connect(): void {
    const at = epoch;
    tokens.get().then(
      (token) => {
        if (at === epoch && active) open(token);
      },
      (err: unknown) => {
        if (at !== epoch || !active) return;
        broadcast(err as TallyApiError);
        scheduleReconnect();
      },
    );
  }

  function open(token: string): void {
    const WebSocketImpl = options.WebSocket as WebSocketConstructor;
    let ws: WebSocketLike;
    try {
      ws = new WebSocketImpl(options.url);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      broadcast(new TallyApiError('unavailable', `could not open ${options.url}: ${message}`, { cause: err }));
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      sentToken = token;
      send({ type: 'auth', token });
    };
    ws.onmessage = (event) => {
      armIdle();
      receive(event.data);
    };
    ws.onclose = (event) => {
      drop();
      closed(event.code);
    };
    ws.onerror = () => {
      // A close event always follows; reconnection starts there.
    };
    armIdle();
  }

  function closed(code: number): void {
    if (code === LIVE_CLOSE.unauthorized || code === LIVE_CLOSE.tokenExpired || code === LIVE_CLOSE.tokenRevoked) tokens.invalidate(sentToken);
    if (code === LIVE_CLOSE.unauthorized) broadcast(new TallyApiError('unauthorized', 'the live socket refused the token'));
    if (code === LIVE_CLOSE.tokenRevoked) broadcast(new TallyApiError('unauthorized', 'the live socket\'s token was revoked'));
    if (code === LIVE_CLOSE.tooManyMessages) broadcast(new TallyApiError('rate_limited', 'the live socket was closed for sending too many messages'));
    if (code === LIVE_CLOSE.badMessage) broadcast(new TallyApiError('bad_request', 'the live socket refused a message'));
    if (code === LIVE_CLOSE.tooManySubscriptions) {
      broadcast(new TallyApiError('rate_limited', `more than ${LIVE_MAX_SUBSCRIPTIONS} live subscriptions on one client`));
    }
    scheduleReconnect();
  }

  /** Any frame proves the socket alive; after a silence the client pings, and a silent ping means a dead socket. */
  function armIdle(): void {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      send({ type: 'ping' });
      idleTimer = setTimeout(() => {
        closeSocket(CLIENT_CLOSE.noHeartbeat, 'no heartbeat');
        scheduleReconnect();
      }, LIVE_PING_TIMEOUT_MS);
    }, LIVE_IDLE_PING_MS);
  }

  function scheduleReauth(expiresAt: string): void {
    clearTimeout(reauthTimer);
    const remaining = Date.parse(expiresAt) - Date.now();
    if (Number.isNaN(remaining)) return;
    const delay = Math.max(MIN_REAUTH_DELAY_MS, remaining - Math.min(options.tokenRefreshMarginMs, remaining / 2));
    const at = epoch;
    reauthTimer = setTimeout(() => {
      reauthTimer = undefined;
      tokens.invalidate(sentToken);
      tokens.get().then(
        (token) => {
          if (at !== epoch) return;
          sentToken = token;
          send({ type: 'auth', token });
        },
        (err: unknown) => {
          if (at === epoch) broadcast(err as TallyApiError);
        },
      );
    }, delay);
  }

  function receive(data: unknown): void {
    const message = parseServerMessage(data);
    switch (message?.type) {
      case 'ready': {
        const first = !ready;
        ready = true;
        attempt = 0;
        scheduleReauth(message.expiresAt);
        if (first) for (const sub of byKey.values()) send(subscribeMessage(sub));
        return;
      }
      case 'result': {
        const sub = byId.get(message.id);
        if (sub === undefined) return;
        sub.last = message.result;
        for (const listener of [...sub.listeners]) safely(listener.onResult, message.result);
        return;
      }
      case 'error': {
        const error = liveError(message);
        if (message.id === undefined) broadcast(error);
        else for (const listener of [...(byId.get(message.id)?.listeners ?? [])]) safely(listener.onError, error);
        return;
      }
      default:
        // pong, heartbeat (armIdle already counted them) and frames this client does not know.
        return;
    }
  }

  function subscribeMessage(sub: Subscription): LiveClientMessage {
    return { type: 'subscribe', id: sub.id, query: sub.query, ...(sub.widget !== undefined ? { widget: sub.widget } : {}) };
  }

  function stop(): void {
    active = false;
    attempt = 0;
    clearTimeout(reconnectTimer);
    reconnectTimer = undefined;
    closeSocket(CLIENT_CLOSE.normal, 'no subscriptions');
  }

  return {
    subscribe(query, listener, widget) {
      if (options.WebSocket === undefined) {
        throw new TypeError('invalid WebSocket: this runtime has no global WebSocket; pass one to createClient');
      }
      const key = stableKey([query, widget ?? null]);
      const entry: LiveListener = { onResult: listener.onResult, onError: listener.onError };
      let sub = byKey.get(key);
      if (sub === undefined) {
        nextId += 1;
        sub = { id: `s${nextId}`, query, widget, listeners: new Set(), last: undefined };
        byKey.set(key, sub);
        byId.set(sub.id, sub);
        if (ready) send(subscribeMessage(sub));
      } else if (sub.last !== undefined) {
        const { last, listeners } = sub;
        queueMicrotask(() => {
          if (listeners.has(entry)) safely(entry.onResult, last);
        });
      }
      sub.listeners.add(entry);
      if (!active) {
        active = true;
        connect();
      }
      const joined = sub;
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        joined.listeners.delete(entry);
        if (joined.listeners.size > 0 || byKey.get(key) !== joined) return;
        byKey.delete(key);
        byId.delete(joined.id);
        if (byKey.size === 0) stop();
        else if (ready) send({ type: 'unsubscribe', id: joined.id });
      };
    },
    close() {
      byKey.clear();
      byId.clear();
      stop();
    },
  };
}
