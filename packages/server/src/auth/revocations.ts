import type { SqlExecutor } from '@tally/core';
import { LONGEST_VALIDITY_SECONDS } from './token-lifetimes.ts';

/** Options for {@link TokenRevocations}. */
export interface TokenRevocationsOptions {
  /** How long an answer for one token id is reused before the store is asked again. @default 5000 */
  cacheMs?: number;
  /** The clock, in ms. @default Date.now */
  now?: () => number;
}

/** Answers kept at most; past it the cache starts over (a flood of distinct ids cannot grow memory). */
const MAX_CACHED = 10_000;

/**
 * Embed tokens revoked by id (`jti`) before their expiry, in the store (`revoked_tokens`). Every verify asks
 * {@link isRevoked}; answers are cached for `cacheMs`, so a revocation made in another process takes effect
 * within that, and at once in this one.
 */
export class TokenRevocations {
  readonly #db: SqlExecutor;
  readonly #cacheMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, { revoked: boolean; until: number }>();

  constructor(db: SqlExecutor, options: TokenRevocationsOptions = {}) {
    this.#db = db;
    this.#cacheMs = options.cacheMs ?? 5000;
    this.#now = options.now ?? Date.now;
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
