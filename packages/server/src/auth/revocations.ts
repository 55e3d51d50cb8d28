import type { Cache, Logger, SqlExecutor } from '@tally/core';
import { LONGEST_VALIDITY_SECONDS } from './token-lifetimes.ts';

/** What a token id (`jti`) that can be revoked looks like (Tally mints UUIDs). */
export const TOKEN_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** Pub/sub channel of the cache on which every revocation is announced to every instance. */
export const TOKEN_REVOKED_CHANNEL = 'token-revoked';

/** The message on {@link TOKEN_REVOKED_CHANNEL}. */
export interface TokenRevokedMessage {
  tenant: string;
  jti: string;
}

/** A revoked token, as {@link TokenRevocations.listen} reports it. */
export type RevocationHandler = (revoked: TokenRevokedMessage) => void;

/** Options for {@link TokenRevocations}. */
export interface TokenRevocationsOptions {
  /** How long an answer for one token id is reused before the store is asked again. @default 5000 */
  cacheMs?: number;
  /** The clock, in ms. @default Date.now */
  now?: () => number;
  /** Announces revocations on {@link TOKEN_REVOKED_CHANNEL} (Redis: to every instance). @default undefined (this process only) */
  cache?: Pick<Cache, 'publish' | 'subscribe'>;
  logger?: Logger;
}

/** The tenant and token id of a {@link TOKEN_REVOKED_CHANNEL} message, or undefined if it is not one. */
function revokedMessage(raw: string): TokenRevokedMessage | undefined {
  try {
    const m = JSON.parse(raw) as Partial<TokenRevokedMessage>;
    if (typeof m.tenant === 'string' && typeof m.jti === 'string') return { tenant: m.tenant, jti: m.jti };
  } catch {
    // not one of ours
  }
  return undefined;
}

/** Answers kept at most; past it the cache starts over (a flood of distinct ids cannot grow memory). */
const MAX_CACHED = 10_000;

/**
 * Embed tokens revoked by id (`jti`) before their expiry, in the store (`revoked_tokens`). Every verify asks
 * {@link isRevoked}; answers are cached for `cacheMs`, so a revocation made in another process takes effect
 * within that, and at once in this one. With a cache, each revocation is also published on
 * {@link TOKEN_REVOKED_CHANNEL}: processes that {@link listen} refuse the token at once and close its live sockets.
 */
export class TokenRevocations {
  readonly #db: SqlExecutor;
  readonly #cacheMs: number;
  readonly #now: () => number;
  readonly #pubsub: TokenRevocationsOptions['cache'];
  readonly #logger: Logger | undefined;
  readonly #cache = new Map<string, { revoked: boolean; until: number }>();
  /** Listeners when there is no cache to announce on. */
  readonly #local = new Set<RevocationHandler>();

  constructor(db: SqlExecutor, options: TokenRevocationsOptions = {}) {
    this.#db = db;
    this.#cacheMs = options.cacheMs ?? 5000;
    this.#now = options.now ?? Date.now;
    this.#pubsub = options.cache;
    this.#logger = options.logger;
  }

  /**
   * Revokes a tenant's token id. The row is kept until no token with that id can still verify: its `exp`
   * when known, else the longest token lifetime + clock skew from now. Rows past their time are deleted.
   */
  async revoke(tenant: string, jti: string, expiresAt?: Date): Promise<void> {
    const now = this.#now();
    const until = expiresAt ?? new Date(now + LONGEST_VALIDITY_SECONDS * 1000);
    await this.#db.query(
      `INSERT INTO revoked_tokens (jti, tenant, expires_at, revoked_at) VALUES ($1, $2, $3::timestamptz, $4::timestamptz)
       ON CONFLICT (jti, tenant) DO NOTHING`,
      [jti, tenant, until.toISOString(), new Date(now).toISOString()],
    );
    await this.#db.query('DELETE FROM revoked_tokens WHERE expires_at <= $1::timestamptz', [new Date(now).toISOString()]);
    this.#remember(tenant, jti, true);
    for (const handler of this.#local) handler({ tenant, jti });
    // The row is the truth: a lost announcement only delays the other instances (cacheMs, the live sweep).
    await this.#pubsub?.publish(TOKEN_REVOKED_CHANNEL, JSON.stringify({ tenant, jti } satisfies TokenRevokedMessage)).catch((err: unknown) => {
      this.#logger?.warn({ err, tenant, jti }, 'token revocation not announced; other instances catch up within their cache time');
    });
  }

  /**
   * Hears every revocation announced on {@link TOKEN_REVOKED_CHANNEL}, this process's included: remembers it (so
   * {@link isRevoked} answers at once here too) and calls `handler`. Resolves with the function that stops.
   * Without a cache there is nothing to hear: only this process's own revocations are reported.
   */
  async listen(handler: RevocationHandler): Promise<() => Promise<void>> {
    if (!this.#pubsub) {
      this.#local.add(handler);
      return async () => void this.#local.delete(handler);
    }
    return this.#pubsub.subscribe(TOKEN_REVOKED_CHANNEL, (raw) => {
      const message = revokedMessage(raw);
      if (!message) return;
      this.#remember(message.tenant, message.jti, true);
      handler(message);
    });
  }

  /**
   * The revoked ones among these tokens, as `tenant\0jti` keys, in one query (the live hub's periodic sweep:
   * what catches a revocation whose announcement was lost).
   */
  async revokedAmong(tokens: readonly TokenRevokedMessage[]): Promise<Set<string>> {
    if (tokens.length === 0) return new Set();
    const rows = await this.#db.query<{ tenant: string; jti: string }>(
      'SELECT tenant, jti FROM revoked_tokens WHERE jti = ANY($1::text[])',
      [[...new Set(tokens.map((t) => t.jti))]],
    );
    const asked = new Set(tokens.map((t) => `${t.tenant}\0${t.jti}`));
    return new Set(rows.map((r) => `${r.tenant}\0${r.jti}`).filter((key) => asked.has(key)));
  }

  /** True when the tenant revoked this token id. */
  async isRevoked(tenant: string, jti: string): Promise<boolean> {
    const cached = this.#cache.get(`${tenant}\0${jti}`);
    if (cached && cached.until > this.#now()) return cached.revoked;
    const rows = await this.#db.query('SELECT 1 FROM revoked_tokens WHERE jti = $1 AND tenant = $2', [jti, tenant]);
    this.#remember(tenant, jti, rows.length > 0);
    return rows.length > 0;
  }

  #remember(tenant: string, jti: string, revoked: boolean): void {
    if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
    this.#cache.set(`${tenant}\0${jti}`, { revoked, until: this.#now() + this.#cacheMs });
  }
}
