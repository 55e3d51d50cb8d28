/** Path of the endpoint a host app's backend calls (with an API key of scope `tokens`) to mint embed tokens. */
export const TOKENS_PATH = '/v1/tokens';
/** Path of the public signing keys (JWKS) that verify embed tokens. */
export const JWKS_PATH = '/.well-known/jwks.json';

/** The roles every deployment has. Each grants metric sensitivity classes and a customer scope (README "Roles"). */
export type BuiltInRole = 'admin' | 'analyst' | 'finance' | 'success' | 'viewer';
/** The built-in roles, in the README's order. A deployment may redefine their grants (`TALLY_ROLES`). */
export const ROLES: readonly BuiltInRole[] = Object.freeze(['admin', 'analyst', 'finance', 'success', 'viewer']);

/**
 * The role an embed token carries: a built-in one, or a custom role the deployment configures in
 * `TALLY_ROLES` (lower case, digits, `_` and `-`, starting with a letter, at most 64 characters). A role the
 * server does not know is refused when minting (`422` naming `role`) and when verifying (`401`).
 */
export type Role = BuiltInRole | (string & Record<never, never>);

/**
 * Request header naming the widget (its tag name, e.g. `kpi-tile`) that makes a request. A token with a
 * `widgets` claim is refused (`403 forbidden_widget`) on a request naming no widget or one it does not list;
 * on the live socket the `subscribe` message's `widget` field plays this part.
 */
export const WIDGET_HEADER = 'x-tally-widget';

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
  /**
   * Widget tag names the token may be used by; omitted = any. With it every request must name one of them
   * in {@link WIDGET_HEADER} (live: `subscribe`'s `widget`), else `403 forbidden_widget`.
   */
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
