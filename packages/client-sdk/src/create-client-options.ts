import { BACKOFF_DEFAULTS, type BackoffOptions } from './backoff.ts';
import { resolveBaseUrl } from './client-options.ts';
import type { WebSocketConstructor } from './live-messages.ts';
import type { GetToken } from './token-cache.ts';
import { LIVE_PATH } from './wire/live.ts';

/** Options of {@link createClient}. Bad options throw a `TypeError` naming the option when the client is created. */
export interface ClientOptions {
  /**
   * Base URL of the Tally API, for example `https://tally.example.com` or `https://example.com/tally`.
   * In a browser a path such as `/tally` resolves against the page's URL.
   */
  url: string;
  /**
   * Returns an embed token, or `{ token, expiresAt }`: typically by asking the host app's backend, which calls
   * `POST /v1/tokens`. Called on first use, again shortly before the token expires (its `expiresAt`, else the
   * JWT's `exp`), and when the server refuses it (HTTP 401, live close 4401, 4403 or 4410).
   * @example
   * getToken: () => fetch('/my-backend/tally-token').then((r) => r.json())
   */
  getToken: GetToken;
  /**
   * The `fetch` to use, for tests or custom transports.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /**
   * The WebSocket constructor for live subscriptions (browser API shape; the `ws` package fits in Node 20).
   * Only `subscribe` needs one.
   * @default globalThis.WebSocket
   */
  WebSocket?: WebSocketConstructor;
  /**
   * How long before the token's expiry a fresh one is fetched (and sent on the live socket), in ms. A token
   * that lives less than twice this long is refreshed halfway through its life.
   * @default 30_000
   */
  tokenRefreshMarginMs?: number;
  /** Backoff between live reconnection attempts. @default { initialDelayMs: 250, maxDelayMs: 30_000 } */
  reconnect?: BackoffOptions;
}

/** {@link ClientOptions} after validation. */
export interface ResolvedOptions {
  /** Absolute base URL without a trailing slash. */
  baseUrl: string;
  /** The live socket's `ws:`/`wss:` URL. */
  liveUrl: string;
  getToken: GetToken;
  fetch: typeof fetch;
  WebSocket: WebSocketConstructor | undefined;
  tokenRefreshMarginMs: number;
  reconnect: Required<BackoffOptions>;
}

function milliseconds(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`invalid ${name}: expected a number of milliseconds ≥ 0, got ${String(value)}`);
  }
  return value;
}

/** Validates {@link ClientOptions}; throws a `TypeError` that names the bad option. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`invalid options: expected an object with url and getToken, got ${String(options)}`);
  }
  const baseUrl = resolveBaseUrl(options.url, 'url');
  if (typeof options.getToken !== 'function') throw new TypeError('invalid getToken: expected a function returning a Promise');
  const fetchImpl: unknown = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new TypeError('invalid fetch: expected a function (this runtime has no global fetch; pass one)');
  }
  const webSocket: unknown = options.WebSocket ?? (globalThis as { WebSocket?: unknown }).WebSocket;
  if (webSocket !== undefined && typeof webSocket !== 'function') throw new TypeError('invalid WebSocket: expected a constructor');
  const reconnect = options.reconnect ?? {};
  const initialDelayMs = milliseconds(reconnect.initialDelayMs, 'reconnect.initialDelayMs', BACKOFF_DEFAULTS.initialDelayMs);
  const maxDelayMs = milliseconds(reconnect.maxDelayMs, 'reconnect.maxDelayMs', BACKOFF_DEFAULTS.maxDelayMs);
  return {
    baseUrl,
    liveUrl: `${baseUrl.replace(/^http/, 'ws')}${LIVE_PATH}`,
    getToken: options.getToken,
    fetch: fetchImpl as typeof fetch,
    WebSocket: webSocket as WebSocketConstructor | undefined,
    tokenRefreshMarginMs: milliseconds(options.tokenRefreshMarginMs, 'tokenRefreshMarginMs', 30_000),
    reconnect: { initialDelayMs, maxDelayMs },
  };
}
