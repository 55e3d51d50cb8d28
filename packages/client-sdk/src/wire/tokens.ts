/** Path of the endpoint a host app's backend calls (with an API key of scope `tokens`) to mint embed tokens. */
export const TOKENS_PATH = '/v1/tokens';
/** Path of the public signing keys (JWKS) that verify embed tokens. */
export const JWKS_PATH = '/.well-known/jwks.json';

/** Roles an embed token can carry. Each grants metric sensitivity classes (README "Roles"). */
export type Role = 'admin' | 'analyst' | 'finance' | 'success' | 'viewer';
export const ROLES: readonly Role[] = Object.freeze(['admin', 'analyst', 'finance', 'success', 'viewer']);

/**
 * Body of `POST /v1/tokens`. The tenant comes from the API key, never from the body.
 *
 * @example
 * { "subject": "user_42", "role": "success", "filters": { "customerId": "4100023" }, "origins": ["https://crm.example.com"], "ttlSeconds": 600 }
 */
export interface TokenRequest {
  /** Who the token is for in the host app (a user id); shows in audit logs. */
  subject: string;
  role: Role;
  /** Metrics the token may read; omitted = every metric the role allows. */
  metrics?: string[];
  /** Widgets the token may render; omitted = all. */
  widgets?: string[];
  /** Fixed row filters AND-ed into every read, for example one customer for a CRM sidebar. */
  filters?: { customerId?: string };
  /** Origins allowed to use the token from a browser (CORS). */
  origins?: string[];
  /** Lifetime; default 600, at most 3600. */
  ttlSeconds?: number;
}

/** Answer of `POST /v1/tokens`. */
export interface TokenResponse {
  token: string;
  /** ISO instant the token expires at. */
  expiresAt: string;
  /** The token's id (`jti`), for revocation. */
  id: string;
}

/** The claims of an embed token beyond the registered ones (`iss`, `aud`, `sub`, `exp`, `iat`, `jti`). */
export interface EmbedClaims {
  tenant: string;
  role: Role;
  metrics?: string[];
  widgets?: string[];
  filters?: { customerId?: string };
  origins?: string[];
}
