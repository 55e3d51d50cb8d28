import { TallyApiError } from './wire/errors.ts';

/** What a token provider returns: a bare token (a JWT's `exp` gives its expiry), or a token with its expiry. */
export type TokenAnswer = string | { token: string; expiresAt: string };

/** Returns an embed token, typically by asking the host app's backend (which calls `POST /v1/tokens`). */
export type GetToken = () => Promise<TokenAnswer>;

/** Holds the current embed token and fetches a new one when it nears expiry or the server refuses it. */
export interface TokenCache {
  /** The held token, or a new one when none is held or it expires within the refresh margin. */
  get(): Promise<string>;
  /** Drops `token` if it is the one held (the server refused it), so the next {@link get} fetches anew. */
  invalidate(token: string | undefined): void;
}

interface Held {
  token: string;
  /** Epoch ms after which the token is refreshed; `Infinity` when its expiry is unknown. */
  refreshAt: number;
}

function base64UrlDecode(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The `exp` of a JWT in epoch ms, read without verifying the signature; `NaN` when `token` is not a JWT with one. */
export function jwtExpiry(token: string): number {
  const payload = token.split('.')[1];
  if (payload === undefined || token.split('.').length !== 3) return Number.NaN;
  try {
    const exp: unknown = (JSON.parse(base64UrlDecode(payload)) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

async function obtain(getToken: GetToken, marginMs: number): Promise<Held> {
  let answer: unknown;
  try {
    answer = await getToken();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new TallyApiError('unauthorized', `getToken failed: ${message}`, { cause: err });
  }
  const fields = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : undefined;
  const token = fields === undefined ? answer : fields.token;
  if (typeof token !== 'string' || token === '') {
    throw new TallyApiError('unauthorized', 'getToken returned no token: expected a non-empty string or { token, expiresAt }');
  }
  const stated = typeof fields?.expiresAt === 'string' ? Date.parse(fields.expiresAt) : Number.NaN;
  const expiresAt = Number.isNaN(stated) ? jwtExpiry(token) : stated;
  if (Number.isNaN(expiresAt)) return { token, refreshAt: Number.POSITIVE_INFINITY };
  // A token shorter-lived than twice the margin is refreshed halfway, not at once on every call.
  const lifetime = Math.max(0, expiresAt - Date.now());
  return { token, refreshAt: expiresAt - Math.min(marginMs, lifetime / 2) };
}

/**
 * Creates a {@link TokenCache} over `getToken`. Concurrent callers share one `getToken` call; a failing
 * provider rejects with a `TallyApiError` of code `unauthorized`. Expiry is read from `expiresAt` or the JWT's
 * `exp`; a token without either is kept until the server refuses it.
 */
export function createTokenCache(getToken: GetToken, marginMs: number): TokenCache {
  let held: Held | undefined;
  let pending: Promise<string> | undefined;

  const load = (): Promise<string> => {
    pending ??= obtain(getToken, marginMs)
      .then((next) => {
        held = next;
        return next.token;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };

  return {
    get: () => (held !== undefined && Date.now() < held.refreshAt ? Promise.resolve(held.token) : load()),
    invalidate(token) {
      if (held !== undefined && held.token === token) held = undefined;
    },
  };
}
