import { LIVE_CLOSE, LIVE_HEARTBEAT_MS, LIVE_MAX_MESSAGES_PER_MINUTE, LIVE_MAX_SUBSCRIPTIONS, LIVE_MIN_PUSH_INTERVAL_MS } from '@tally/client-sdk';
import { METRIC_CHANGED_CHANNEL, type Cache, type Logger, type MetricChangedMessage } from '@tally/core';
import type { EmbedAuth, TokenRevocations } from '../auth/index.ts';
import { hitFixedWindow } from '../auth/rate-limit.ts';
import type { QueryService } from '../query/index.ts';
import { LiveConnection, type LiveOrigin, type LiveSocket } from './live-connection.ts';

/** Options of {@link createLiveHub}. */
export interface LiveHubOptions {
  /**
   * Verifies the tokens of `auth` messages and scopes them; its revocations close the sockets of a revoked
   * token (announced at once, and swept every `revocationSweepMs` in case an announcement was lost).
   */
  auth: Pick<EmbedAuth, 'verify' | 'scopeOf'> & { revocations: Pick<TokenRevocations, 'listen' | 'revokedAmong'> };
  /** Answers subscriptions, under each socket's scope. */
  queries: Pick<QueryService, 'query'>;
  /**
   * Whose pub/sub carries "metric changed" (Redis: from every instance's processors), and whose counters
   * limit each token's messages (shared by every instance, as the HTTP rate limit is).
   */
  cache: Pick<Cache, 'subscribe' | 'setIfAbsent' | 'incrBy'>;
  logger?: Logger;
  /** The clock tokens expire by, in ms. @default Date.now */
  now?: () => number;
  /** How long a new socket has to send `auth`. @default 10000 */
  authTimeoutMs?: number;
  /** Idle time before a `heartbeat`. @default LIVE_HEARTBEAT_MS */
  heartbeatMs?: number;
  /** Fewest ms between two runs of one subscription; changes in between are coalesced. @default LIVE_MIN_PUSH_INTERVAL_MS */
  minPushIntervalMs?: number;
  /** Most subscriptions per socket. @default LIVE_MAX_SUBSCRIPTIONS */
  maxSubscriptions?: number;
  /** Buffered bytes above which a socket is slow: results wait, only the latest is sent. @default 1048576 */
  highWaterBytes?: number;
  /** How long {@link LiveHub.close} waits for closing handshakes before dropping sockets. @default 2000 */
  closeTimeoutMs?: number;
  /** Messages one token may send a minute, over every socket and instance. @default LIVE_MAX_MESSAGES_PER_MINUTE */
  maxMessagesPerMinute?: number;
  /** How often open sockets' tokens are checked against the store's revocations. @default 30000 */
  revocationSweepMs?: number;
}

/** Open sockets and subscriptions. */
export interface LiveStats {
  sockets: number;
  subscriptions: number;
}

/** Every live socket of one process, fed by the cache's "metric changed" channel. */
export interface LiveHub {
  /** Takes an accepted WebSocket; the transport then calls `receive` per text frame and `closed` once. */
  open(socket: LiveSocket, origin?: LiveOrigin): LiveConnection;
  stats(): LiveStats;
  /** Stops listening and closes every socket with `1001` (going away). */
  close(): Promise<void>;
}

const positive = (name: string, value: number) => {
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`invalid ${name}: ${value}`);
  return value;
};

/** The tenant and metrics of a "metric changed" message, or undefined if it is not one. */
function changedMetrics(raw: string): Pick<MetricChangedMessage, 'tenant' | 'metrics'> | undefined {
  try {
    const m = JSON.parse(raw) as Partial<MetricChangedMessage>;
    if (typeof m.tenant === 'string' && Array.isArray(m.metrics)) return { tenant: m.tenant, metrics: m.metrics.filter((x) => typeof x === 'string') };
  } catch {
    // not ours to fail on: the publisher is the aggregator
  }
  return undefined;
}

/**
 * Starts the live hub of this process: subscribes to {@link METRIC_CHANGED_CHANNEL} and re-answers the
 * subscriptions a change touches. With Redis every instance hears every change, so each pushes to its own
 * sockets. Mount it with {@link liveRoutes} (any Hono runtime) or {@link attachLive} (Node).
 *
 * @example
 * const hub = await createLiveHub({ auth, queries, cache: adapters.cache, logger });
 * const live = attachLive(hub);
 * live.inject(server);
 * // on shutdown, before server.close():
 * await hub.close();
 */
export async function createLiveHub(options: LiveHubOptions): Promise<LiveHub> {
  const now = options.now ?? Date.now;
  const maxMessagesPerMinute = positive('maxMessagesPerMinute', options.maxMessagesPerMinute ?? LIVE_MAX_MESSAGES_PER_MINUTE);
  const settings = {
    verify: (token: string) => options.auth.verify(token),
    scopeOf: options.auth.scopeOf.bind(options.auth),
    // The HTTP limiter's fixed window, under its own key: live messages do not spend the token's HTTP budget.
    hitMessage: (tokenId: string) =>
      hitFixedWindow(options.cache, `live:${tokenId}`, maxMessagesPerMinute, 60_000, now()).catch((err: unknown) => {
        // A limit that cannot be counted does not cut live updates off: the message goes through.
        options.logger?.warn({ err }, 'live: message rate not counted');
        return undefined;
      }),
    maxMessagesPerMinute,
    query: options.queries.query.bind(options.queries),
    now,
    authTimeoutMs: positive('authTimeoutMs', options.authTimeoutMs ?? 10_000),
    heartbeatMs: positive('heartbeatMs', options.heartbeatMs ?? LIVE_HEARTBEAT_MS),
    minPushIntervalMs: positive('minPushIntervalMs', options.minPushIntervalMs ?? LIVE_MIN_PUSH_INTERVAL_MS),
    maxSubscriptions: positive('maxSubscriptions', options.maxSubscriptions ?? LIVE_MAX_SUBSCRIPTIONS),
    highWaterBytes: positive('highWaterBytes', options.highWaterBytes ?? 1024 * 1024),
    ...(options.logger ? { logger: options.logger } : {}),
    onAuthenticated(connection: LiveConnection, tenant: string) {
      let set = byTenant.get(tenant);
      if (!set) byTenant.set(tenant, (set = new Set()));
      set.add(connection);
    },
    onClosed(connection: LiveConnection, tenant: string | undefined) {
      connections.delete(connection);
      const set = tenant === undefined ? undefined : byTenant.get(tenant);
      if (set?.delete(connection) && set.size === 0) byTenant.delete(tenant!);
    },
  };
  const closeTimeoutMs = positive('closeTimeoutMs', options.closeTimeoutMs ?? 2000);
  const sweepMs = positive('revocationSweepMs', options.revocationSweepMs ?? 30_000);
  const connections = new Set<LiveConnection>();
  const byTenant = new Map<string, Set<LiveConnection>>();
  let closing: Promise<void> | undefined;

  const revoked = (connection: LiveConnection) => connection.close(LIVE_CLOSE.tokenRevoked, 'token: revoked; get a new one');
  const unsubscribe = await options.cache.subscribe(METRIC_CHANGED_CHANNEL, (raw) => {
    const message = changedMetrics(raw);
    if (!message) return;
    for (const connection of byTenant.get(message.tenant) ?? []) connection.changed(message.metrics);
  });
  const stopListening = await options.auth.revocations.listen(({ tenant, jti }) => {
    for (const connection of byTenant.get(tenant) ?? []) if (connection.tokenId === jti) revoked(connection);
  });
  // Pub/sub delivers at most once: the sweep bounds how long a socket outlives a revocation whose message was lost.
  let sweeping = false;
  const sweep = setInterval(() => {
    const open = [...connections].flatMap((c) => (c.tenant !== undefined && c.tokenId !== undefined ? [{ c, tenant: c.tenant, jti: c.tokenId }] : []));
    if (sweeping || open.length === 0) return;
    sweeping = true;
    options.auth.revocations
      .revokedAmong(open.map(({ tenant, jti }) => ({ tenant, jti })))
      .then((keys) => {
        for (const { c, tenant, jti } of open) if (keys.has(`${tenant}\0${jti}`) && c.tokenId === jti) revoked(c);
      })
      .catch((err: unknown) => options.logger?.warn({ err }, 'live: revocation sweep failed'))
      .finally(() => (sweeping = false));
  }, sweepMs);
  sweep.unref();

  return {
    open(socket, origin) {
      const connection = new LiveConnection(socket, settings, origin);
      if (closing) connection.close(LIVE_CLOSE.goingAway, 'server shutting down');
      else connections.add(connection);
      return connection;
    },
    stats() {
      let subscriptions = 0;
      for (const c of connections) subscriptions += c.subscriptions;
      return { sockets: connections.size, subscriptions };
    },
    close() {
      closing ??= (async () => {
        clearInterval(sweep);
        await Promise.all([unsubscribe(), stopListening()]).catch((err: unknown) => options.logger?.warn({ err }, 'live: unsubscribe failed'));
        const open = [...connections];
        for (const c of open) c.close(LIVE_CLOSE.goingAway, 'server shutting down');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.all(open.map((c) => c.ended)),
          new Promise((resolve) => (timer = setTimeout(resolve, closeTimeoutMs))),
        ]);
        clearTimeout(timer);
        for (const c of open) c.terminate();
      })();
      return closing;
    },
  };
}
