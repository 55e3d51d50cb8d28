import { LIVE_CLOSE, LIVE_REFUSALS_BEFORE_CLOSE, type EmbedClaims, type LiveServerMessage, type QueryResponse } from '@tally/client-sdk';
import type { Logger } from '@tally/core';
import { authorizeWidget, type AccessScope } from '../access/access-scope.ts';
import type { VerifiedEmbedToken } from '../auth/embed-tokens.ts';
import type { WindowHit } from '../auth/rate-limit.ts';
import { toErrorBody } from '../http/error-response.ts';
import { metricInputs, parseQueryRequest } from '../query/index.ts';
import { parseLiveMessage } from './live-messages.ts';

/** The one thing a transport must provide for the hub: a WebSocket that has been accepted. */
export interface LiveSocket {
  /** Sends a text frame. */
  send(text: string): void;
  /** Starts the closing handshake. */
  close(code: number, reason: string): void;
  /** Bytes queued and not yet written to the network (0 when the runtime does not tell). */
  readonly bufferedAmount: number;
  /** Drops the connection without a handshake (a peer that never answers the close). */
  terminate?(): void;
}

/** Where the upgrade request came from, for the token's `origins`. */
export interface LiveOrigin {
  /** The upgrade request's `Origin` header; undefined when it had none (not a browser). */
  origin?: string;
  /** The request's `Host` header: a page served by Tally itself may always connect. */
  host?: string;
}

/** What every connection of one hub shares. */
export interface LiveSettings {
  verify: (token: string) => Promise<VerifiedEmbedToken>;
  /** The access scope of verified claims. */
  scopeOf: (claims: EmbedClaims) => AccessScope;
  /**
   * Counts one message of token `tokenId` against its per-minute limit (shared by every socket and instance);
   * undefined when it could not be counted (the message is then let through).
   */
  hitMessage: (tokenId: string) => Promise<WindowHit | undefined>;
  /** The limit {@link hitMessage} counts against, for the error message and the close. */
  maxMessagesPerMinute: number;
  query: (request: unknown, scope: AccessScope) => Promise<QueryResponse>;
  now: () => number;
  authTimeoutMs: number;
  heartbeatMs: number;
  minPushIntervalMs: number;
  maxSubscriptions: number;
  highWaterBytes: number;
  logger?: Logger;
  /** Called once, when the first token is accepted (the tenant is then fixed). */
  onAuthenticated(connection: LiveConnection, tenant: string): void;
  /** Called once, when the connection is over, whoever closed it. */
  onClosed(connection: LiveConnection, tenant: string | undefined): void;
}

interface Subscription {
  readonly id: string;
  readonly request: unknown;
  /** The widget that asked for it (`subscribe`'s `widget`), checked against the token's `widgets` claim. */
  readonly widget: string | undefined;
  /** The metric and every metric it is computed from. */
  readonly inputs: ReadonlySet<string>;
  /** The JSON of the last result sent: an equal result is not sent again. */
  lastSent?: string;
  /** When the query last started (performance.now()); runs are at least minPushIntervalMs apart. */
  lastRunAt: number;
  /** A change came that no run has seen yet. */
  dirty: boolean;
  running: boolean;
  timer?: NodeJS.Timeout | undefined;
}

/** Error codes after which a subscription is dropped: asking again cannot succeed. */
const FINAL_ERRORS: ReadonlySet<string> = new Set(['forbidden', 'forbidden_widget', 'validation_failed', 'not_found', 'bad_request', 'unauthorized']);

/** A close reason fits in a control frame (123 bytes). */
const reasonOf = (text: string) => (Buffer.byteLength(text) <= 123 ? text : `${Buffer.from(text).subarray(0, 120).toString()}...`);

/**
 * One live socket: authentication and token refresh, its subscriptions, coalesced pushes, heartbeats.
 * The hub creates it and tells it which metrics changed; the transport feeds it frames.
 */
export class LiveConnection {
  readonly #socket: LiveSocket;
  readonly #settings: LiveSettings;
  readonly #origin: LiveOrigin;
  readonly #subs = new Map<string, Subscription>();
  #tenant: string | undefined;
  #tokenId: string | undefined;
  #scope: AccessScope | undefined;
  #inbox: Promise<void> = Promise.resolve();
  #closed = false;
  #authTimer: NodeJS.Timeout | undefined;
  #expiryTimer: NodeJS.Timeout | undefined;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #ended!: () => void;
  /** Resolves once the transport reported the socket closed. */
  readonly ended = new Promise<void>((resolve) => {
    this.#ended = resolve;
  });

  constructor(socket: LiveSocket, settings: LiveSettings, origin: LiveOrigin = {}) {
    this.#socket = socket;
    this.#settings = settings;
    this.#origin = origin;
    this.#authTimer = setTimeout(() => this.close(LIVE_CLOSE.unauthorized, 'auth: no auth message in time'), settings.authTimeoutMs);
  }

  get subscriptions(): number {
    return this.#subs.size;
  }

  /** The tenant, once the first token is accepted. */
  get tenant(): string | undefined {
    return this.#tenant;
  }

  /** The id (`jti`) of the token the socket runs under now; undefined before the first is accepted. */
  get tokenId(): string | undefined {
    return this.#tokenId;
  }

  /** A text frame from the client. Frames are handled in order; only `auth` waits (for verification). */
  receive(text: string): void {
    this.#inbox = this.#inbox.then(() => this.#handle(text)).catch((err: unknown) => {
      this.#settings.logger?.error({ err }, 'live message failed');
      this.close(1011, 'internal error');
    });
  }

  /** Metrics of this connection's tenant changed: schedules a run of every subscription reading one. */
  changed(metrics: readonly string[]): void {
    for (const sub of this.#subs.values()) if (metrics.some((m) => sub.inputs.has(m))) this.#touch(sub);
  }

  /** Closes the socket with `code` and stops all work for it. */
  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#shutdown();
    try {
      this.#socket.close(code, reasonOf(reason));
    } catch {
      this.#socket.terminate?.();
    }
  }

  /** Drops the connection if the closing handshake has not finished. */
  terminate(): void {
    this.#shutdown();
    this.#socket.terminate?.();
  }

  /** The transport saw the socket close (either side). */
  closed(): void {
    this.#shutdown();
    this.#ended();
  }

  #shutdown(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#authTimer);
    clearTimeout(this.#expiryTimer);
    clearTimeout(this.#heartbeatTimer);
    for (const sub of this.#subs.values()) clearTimeout(sub.timer);
    this.#subs.clear();
    this.#settings.onClosed(this, this.#tenant);
  }

  async #handle(text: string): Promise<void> {
    if (this.#closed) return;
    const message = parseLiveMessage(text);
    if (!message) return this.close(LIVE_CLOSE.badMessage, 'message: not valid JSON or not a known message');
    if (message.type !== 'auth' && !this.#scope) return this.close(LIVE_CLOSE.unauthorized, 'auth: the first message must be auth');
    if (this.#tokenId !== undefined && !(await this.#withinRate(this.#tokenId, 'id' in message ? message.id : undefined))) return;
    switch (message.type) {
      case 'auth':
        return this.#authenticate(message.token);
      case 'ping':
        return this.#send({ type: 'pong' });
      case 'unsubscribe': {
        const sub = this.#subs.get(message.id);
        if (sub) this.#drop(sub);
        return;
      }
      case 'subscribe':
        return this.#subscribe(message.id, message.query, message.widget);
    }
  }

  /**
   * Counts a message against the token's limit. Past it the message is dropped and answered `rate_limited`
   * (false); past {@link LIVE_REFUSALS_BEFORE_CLOSE} refusals more the socket is closed `tooManyMessages`.
   */
  async #withinRate(tokenId: string, id: string | undefined): Promise<boolean> {
    const hit = await this.#settings.hitMessage(tokenId);
    if (this.#closed) return false;
    if (!hit || hit.allowed) return true;
    const limit = this.#settings.maxMessagesPerMinute;
    if (hit.count > limit + LIVE_REFUSALS_BEFORE_CLOSE) {
      this.close(LIVE_CLOSE.tooManyMessages, `message: more than ${limit} messages a minute, kept up after rate_limited`);
      return false;
    }
    const message = `message: more than ${limit} messages a minute from this token; dropped, wait ${hit.retryAfterSeconds} s`;
    this.#send({ type: 'error', ...(id !== undefined ? { id } : {}), code: 'rate_limited', message });
    return false;
  }

  async #authenticate(token: string): Promise<void> {
    let verified: VerifiedEmbedToken;
    try {
      verified = await this.#settings.verify(token);
    } catch (err) {
      const { body, internal } = toErrorBody(err, undefined);
      if (internal) this.#settings.logger?.error({ err }, 'live token check failed');
      return this.close(LIVE_CLOSE.unauthorized, body.error.message);
    }
    if (this.#closed) return;
    const { claims } = verified;
    if (!this.#originAllowed(claims.origins)) return this.close(LIVE_CLOSE.unauthorized, `origin: this token may not be used from ${this.#origin.origin}`);
    if (this.#tenant !== undefined && claims.tenant !== this.#tenant) return this.close(LIVE_CLOSE.unauthorized, 'token: a fresh token must be for the same tenant');
    const left = verified.expiresAt * 1000 - this.#settings.now();
    if (left <= 0) return this.close(LIVE_CLOSE.tokenExpired, 'token: expired; reconnect with a fresh one');

    clearTimeout(this.#authTimer);
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = setTimeout(() => this.close(LIVE_CLOSE.tokenExpired, 'token: expired; reconnect with a fresh one'), left);
    const first = this.#scope === undefined;
    this.#scope = this.#settings.scopeOf(claims);
    this.#tokenId = verified.id;
    this.#send({ type: 'ready', expiresAt: new Date(verified.expiresAt * 1000).toISOString() });
    if (first) {
      this.#tenant = claims.tenant;
      this.#settings.onAuthenticated(this, claims.tenant);
    } else {
      // The fresh token may grant less: every subscription is answered again under it (or refused).
      for (const sub of this.#subs.values()) this.#touch(sub);
    }
  }

  #originAllowed(origins: readonly string[] | undefined): boolean {
    const { origin, host } = this.#origin;
    if (origin === undefined) return true;
    if (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`)) return true;
    return origins?.includes(origin) ?? false;
  }

  #subscribe(id: string, request: unknown, widget: string | undefined): void {
    const existing = this.#subs.get(id);
    if (existing) this.#drop(existing);
    else if (this.#subs.size >= this.#settings.maxSubscriptions) {
      return this.close(LIVE_CLOSE.tooManySubscriptions, `subscribe: at most ${this.#settings.maxSubscriptions} subscriptions per socket`);
    }
    let inputs: Set<string>;
    try {
      inputs = metricInputs(parseQueryRequest(request).metric);
    } catch (err) {
      this.#sendError(id, err);
      return;
    }
    const sub: Subscription = { id, request, widget, inputs, lastRunAt: -Infinity, dirty: true, running: false };
    this.#subs.set(id, sub);
    this.#start(sub);
  }

  #drop(sub: Subscription): void {
    clearTimeout(sub.timer);
    sub.timer = undefined;
    if (this.#subs.get(sub.id) === sub) this.#subs.delete(sub.id);
  }

  #current(sub: Subscription): boolean {
    return !this.#closed && this.#subs.get(sub.id) === sub;
  }

  /** A change touched `sub`: run it now, or after the interval, or after the run in flight. */
  #touch(sub: Subscription): void {
    sub.dirty = true;
    if (sub.timer === undefined && !sub.running) this.#arm(sub);
  }

  #arm(sub: Subscription): void {
    const wait = Math.max(0, sub.lastRunAt + this.#settings.minPushIntervalMs - performance.now());
    sub.timer = setTimeout(() => {
      sub.timer = undefined;
      this.#start(sub);
    }, wait);
  }

  #start(sub: Subscription): void {
    this.#run(sub).catch((err: unknown) => {
      this.#settings.logger?.error({ err, subscription: sub.id }, 'live push failed');
      this.close(1011, 'internal error');
    });
  }

  #congested(): boolean {
    return this.#socket.bufferedAmount > this.#settings.highWaterBytes;
  }

  /**
   * Answers `sub` under the current scope and sends the result if it differs from the last one sent. While
   * the socket is congested nothing is computed or queued: the subscription stays dirty and is answered
   * (with the latest data) once the buffer drains.
   */
  async #run(sub: Subscription): Promise<void> {
    if (!this.#current(sub)) return;
    if (this.#congested()) {
      sub.lastRunAt = performance.now();
      return this.#arm(sub);
    }
    const scope = this.#scope!;
    sub.dirty = false;
    sub.running = true;
    sub.lastRunAt = performance.now();
    let result: QueryResponse | undefined;
    let failure: unknown;
    try {
      // Checked on every run: a refreshed token may name other widgets.
      authorizeWidget(scope, sub.widget, 'widget');
      result = await this.#settings.query(sub.request, scope);
    } catch (err) {
      failure = err;
    }
    sub.running = false;
    if (!this.#current(sub)) return;
    // Computed under a token that has since been replaced: never send it, ask again under the new one.
    if (scope !== this.#scope) return this.#touch(sub);
    if (result === undefined) {
      const code = this.#sendError(sub.id, failure);
      if (FINAL_ERRORS.has(code)) return this.#drop(sub);
    } else {
      const json = JSON.stringify(result);
      if (json !== sub.lastSent) {
        sub.lastSent = json;
        this.#send({ type: 'result', id: sub.id, result });
      }
    }
    if (sub.dirty) this.#arm(sub);
  }

  /** Sends `err` as an `error` message of subscription `id`; returns its wire code. */
  #sendError(id: string, err: unknown): string {
    const { body, internal } = toErrorBody(err, undefined);
    if (internal) this.#settings.logger?.error({ err, subscription: id }, 'live query failed');
    const { code, message, field } = body.error;
    this.#send({ type: 'error', id, code, message, ...(field ? { field } : {}) });
    return code;
  }

  #send(message: LiveServerMessage): void {
    if (this.#closed) return;
    this.#socket.send(JSON.stringify(message));
    clearTimeout(this.#heartbeatTimer);
    this.#heartbeatTimer = setTimeout(() => this.#heartbeat(), this.#settings.heartbeatMs);
  }

  #heartbeat(): void {
    // A congested socket is not idle: its peer has data to read already.
    if (this.#congested()) this.#heartbeatTimer = setTimeout(() => this.#heartbeat(), this.#settings.heartbeatMs);
    else this.#send({ type: 'heartbeat' });
  }
}
