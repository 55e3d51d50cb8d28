import type { SqlExecutor, Store } from '@tally/core';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { isSealed, open, seal } from './secret-box.ts';
import { LONGEST_VALIDITY_SECONDS } from './token-lifetimes.ts';

/** The algorithm of every signing key: ECDSA P-256 with SHA-256. */
export const SIGNING_ALG = 'ES256';

/** Options for {@link SigningKeys}. */
export interface SigningKeysOptions {
  /** Encrypts new private keys at rest and decrypts stored ones (`TALLY_SECRET_KEY`). @default undefined (stored as plain JWK) */
  secretKey?: string;
  /** How long the loaded key set is reused before the store is read again (picks up a rotation by another process). @default 30000 */
  cacheMs?: number;
  /** The clock, in ms. @default Date.now */
  now?: () => number;
}

/** A signing key as listed by {@link SigningKeys.list} (never the private half). */
export interface SigningKeyInfo {
  kid: string;
  createdAt: Date;
  /** When it stopped signing; null for the key that signs now. */
  retiredAt: Date | null;
  /** When it stops verifying and leaves the JWKS; null while it signs. */
  expiresAt: Date | null;
}

interface LoadedKey extends SigningKeyInfo {
  publicJwk: JWK;
  privateJwk: unknown;
  publicKey?: CryptoKey;
}

type KeyRow = {
  kid: string;
  public_jwk: JWK;
  private_jwk: unknown;
  created_at: Date;
  retired_at: Date | null;
  expires_at: Date | null;
};

/** Unknown `kid`s reload the key set at most this often, so random kids cannot hammer the store. */
const MISS_RELOAD_MS = 1000;

/**
 * The embed-token signing keys, kept in the store (`signing_keys`). The newest key without `retired_at`
 * signs; every key until its `expires_at` verifies and is published in the JWKS. The first signature creates
 * a key when there is none; {@link rotate} adds one and retires the others.
 */
export class SigningKeys {
  readonly #db: Store;
  readonly #secretKey: string | undefined;
  readonly #cacheMs: number;
  readonly #now: () => number;
  #keys: LoadedKey[] = [];
  #loadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | undefined;
  #signer: { kid: string; key: CryptoKey } | undefined;

  constructor(db: Store, options: SigningKeysOptions = {}) {
    this.#db = db;
    this.#secretKey = options.secretKey;
    this.#cacheMs = options.cacheMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** The key that signs now, creating the first one when the store has none. */
  async signer(): Promise<{ kid: string; key: CryptoKey }> {
    await this.#fresh();
    let active = this.#keys.find((k) => k.retiredAt === null);
    if (!active) {
      await insertKey(this.#db, this.#secretKey, new Date(this.#now()));
      await this.#reload();
      active = this.#keys.find((k) => k.retiredAt === null);
      if (!active) throw new Error('signing key missing right after it was created');
    }
    if (this.#signer?.kid !== active.kid) {
      const jwk = (isSealed(active.privateJwk) ? open(active.privateJwk, this.#secretKey) : active.privateJwk) as JWK;
      this.#signer = { kid: active.kid, key: (await importJWK(jwk, SIGNING_ALG)) as CryptoKey };
    }
    return this.#signer;
  }

  /** The public key with this `kid`, or undefined when no unexpired key has it. */
  async publicKey(kid: string): Promise<CryptoKey | undefined> {
    await this.#fresh();
    let key = this.#find(kid);
    if (!key && this.#now() - this.#loadedAt >= MISS_RELOAD_MS) {
      await this.#reload();
      key = this.#find(kid);
    }
    if (!key) return undefined;
    key.publicKey ??= (await importJWK(key.publicJwk, SIGNING_ALG)) as CryptoKey;
    return key.publicKey;
  }

  /** The public keys that verify tokens now, as a JWK set for `/.well-known/jwks.json`. */
  async jwks(): Promise<{ keys: JWK[] }> {
    await this.#fresh();
    return { keys: this.#keys.filter((k) => this.#unexpired(k)).map((k) => ({ ...k.publicJwk, kid: k.kid, alg: SIGNING_ALG, use: 'sig' })) };
  }

  /** Every key still in the store, newest first. */
  async list(): Promise<SigningKeyInfo[]> {
    await this.#reload();
    return this.#keys.map(({ kid, createdAt, retiredAt, expiresAt }) => ({ kid, createdAt, retiredAt, expiresAt }));
  }

  /**
   * Adds a signing key and retires the others: they keep verifying until no token they signed can still be
   * valid (longest token lifetime + clock skew + this process's cache time), then leave the JWKS. Keys past
   * that are deleted. Other processes pick the new key up within their `cacheMs`.
   */
  async rotate(): Promise<{ kid: string; retired: SigningKeyInfo[] }> {
    const now = new Date(this.#now());
    const expiresAt = new Date(now.getTime() + LONGEST_VALIDITY_SECONDS * 1000 + this.#cacheMs);
    const result = await this.#db.transaction(async (tx) => {
      const kid = await insertKey(tx, this.#secretKey, now);
      const retired = await tx.query<KeyRow>(
        `UPDATE signing_keys SET retired_at = $1::timestamptz, expires_at = $2::timestamptz
          WHERE retired_at IS NULL AND kid <> $3 RETURNING kid, created_at, retired_at, expires_at`,
        [now.toISOString(), expiresAt.toISOString(), kid],
      );
      await tx.query('DELETE FROM signing_keys WHERE expires_at <= $1::timestamptz', [now.toISOString()]);
      return { kid, retired: retired.map((r) => ({ kid: r.kid, createdAt: r.created_at, retiredAt: r.retired_at, expiresAt: r.expires_at })) };
    });
    await this.#reload();
    return result;
  }

  #find(kid: string): LoadedKey | undefined {
    return this.#keys.find((k) => k.kid === kid && this.#unexpired(k));
  }

  #unexpired(k: LoadedKey): boolean {
    return k.expiresAt === null || k.expiresAt.getTime() > this.#now();
  }

  async #fresh(): Promise<void> {
    if (this.#now() - this.#loadedAt >= this.#cacheMs) await this.#reload();
  }

  #reload(): Promise<void> {
    this.#loading ??= (async () => {
      try {
        const rows = await this.#db.query<KeyRow>(
          `SELECT kid, public_jwk, private_jwk, created_at, retired_at, expires_at FROM signing_keys
            WHERE expires_at IS NULL OR expires_at > $1::timestamptz ORDER BY created_at DESC, kid`,
          [new Date(this.#now()).toISOString()],
        );
        const known = new Map(this.#keys.map((k) => [k.kid, k.publicKey]));
        this.#keys = rows.map((r) => ({
          kid: r.kid,
          publicJwk: r.public_jwk,
          privateJwk: r.private_jwk,
          createdAt: r.created_at,
          retiredAt: r.retired_at,
          expiresAt: r.expires_at,
          ...(known.get(r.kid) ? { publicKey: known.get(r.kid)! } : {}),
        }));
        this.#loadedAt = this.#now();
      } finally {
        this.#loading = undefined;
      }
    })();
    return this.#loading;
  }
}

/** Generates an ES256 key pair and stores it as a signing key; resolves with its `kid` (the JWK thumbprint). */
async function insertKey(db: SqlExecutor, secretKey: string | undefined, now: Date): Promise<string> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  await db.query(
    `INSERT INTO signing_keys (kid, alg, public_jwk, private_jwk, created_at) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::timestamptz)`,
    [kid, SIGNING_ALG, JSON.stringify(publicJwk), JSON.stringify(secretKey ? seal(privateJwk, secretKey) : privateJwk), now.toISOString()],
  );
  return kid;
}
