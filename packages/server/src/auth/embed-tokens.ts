import { randomUUID } from 'node:crypto';
import type { EmbedClaims, TokenRequest, TokenResponse } from '@tally/client-sdk';
import { TallyError } from '@tally/core';
import { errors, jwtVerify, SignJWT, type JWTHeaderParameters } from 'jose';
import { z } from 'zod';
import type { TokenRevocations } from './revocations.ts';
import { DEFAULT_ROLES, type RoleTable } from './roles.ts';
import { SIGNING_ALG, type SigningKeys } from './signing-keys.ts';
import { CLOCK_SKEW_SECONDS, DEFAULT_TOKEN_TTL_SECONDS, MAX_TOKEN_TTL_SECONDS } from './token-lifetimes.ts';
import { grantFields } from './token-request.ts';

/** The `typ` header of an embed token, so no other JWT signed by these keys passes for one. */
export const EMBED_TOKEN_TYP = 'tally-embed+jwt';

/** Who issues tokens and for whom: the `iss` and `aud` written into tokens and required of them. */
export interface TokenIdentity {
  issuer: string;
  audience: string;
  /** The clock, in ms. @default Date.now */
  now?: () => number;
}

/** A token that passed {@link verifyEmbedToken}. */
export interface VerifiedEmbedToken {
  /** The token id (`jti`). */
  id: string;
  /** The host app's user (`sub`). */
  subject: string;
  /** Expiry (`exp`), in seconds since the epoch. */
  expiresAt: number;
  claims: EmbedClaims;
}

/**
 * Mints an embed token for a tenant from a checked request (see `parseTokenRequest`): ES256 with the
 * current signing key, `kid`, `iss`, `aud`, `sub`, `jti`, `iat` and `exp` (default 10 minutes, at most 1 hour).
 */
export async function mintEmbedToken(
  keys: SigningKeys,
  tenant: string,
  request: TokenRequest,
  identity: TokenIdentity,
): Promise<TokenResponse> {
  const ttl = Math.min(request.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS, MAX_TOKEN_TTL_SECONDS);
  const iat = Math.floor((identity.now ?? Date.now)() / 1000);
  const exp = iat + ttl;
  const id = randomUUID();
  const claims: EmbedClaims = {
    tenant,
    role: request.role,
    ...(request.metrics ? { metrics: request.metrics } : {}),
    ...(request.widgets ? { widgets: request.widgets } : {}),
    ...(request.filters?.customerId !== undefined ? { filters: { customerId: request.filters.customerId } } : {}),
    ...(request.origins ? { origins: request.origins } : {}),
  };
  const { kid, key } = await keys.signer();
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: EMBED_TOKEN_TYP })
    .setIssuer(identity.issuer)
    .setAudience(identity.audience)
    .setSubject(request.subject)
    .setJti(id)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key);
  return { token, expiresAt: new Date(exp * 1000).toISOString(), id };
}

const claimsSchema = z.object({ tenant: z.string().min(1), ...grantFields });

const unauthorized = (reason: string, cause?: unknown) =>
  new TallyError('unauthorized', `token: ${reason}`, { field: 'token', ...(cause === undefined ? {} : { cause }) });

/** Why jose refused a token, in words that help a host app without helping a forger. */
function reasonOf(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'expired; mint a new one';
  if (err instanceof errors.JWTClaimValidationFailed) return `the ${err.claim} claim does not match`;
  if (err instanceof TallyError) return err.message.replace(/^token: /, '');
  return 'not a valid embed token';
}

/**
 * Verifies an embed token: ES256 only, a known unexpired `kid`, the signature, `typ`, `iss`, `aud`, `exp`
 * and `iat` (with {@link CLOCK_SKEW_SECONDS} of tolerance, lifetime at most an hour), the claims' shape, a
 * role this deployment has (and a customer when the role reads one), and that the tenant has not revoked its
 * `jti`. Throws `unauthorized` otherwise.
 */
export async function verifyEmbedToken(
  token: string,
  deps: TokenIdentity & { keys: SigningKeys; revocations: TokenRevocations; roles?: RoleTable },
): Promise<VerifiedEmbedToken> {
  const now = (deps.now ?? Date.now)();
  let payload;
  try {
    ({ payload } = await jwtVerify(
      token,
      async (header: JWTHeaderParameters) => {
        if (header.alg !== SIGNING_ALG) throw unauthorized(`alg ${String(header.alg)} is not accepted`);
        const key = header.kid ? await deps.keys.publicKey(header.kid) : undefined;
        if (!key) throw unauthorized('signed by an unknown key');
        return key;
      },
      {
        algorithms: [SIGNING_ALG],
        typ: EMBED_TOKEN_TYP,
        issuer: deps.issuer,
        audience: deps.audience,
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
        maxTokenAge: MAX_TOKEN_TTL_SECONDS,
        clockTolerance: CLOCK_SKEW_SECONDS,
        currentDate: new Date(now),
      },
    ));
  } catch (err) {
    throw unauthorized(reasonOf(err), err);
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success || typeof payload.sub !== 'string' || typeof payload.jti !== 'string' || typeof payload.exp !== 'number') {
    throw unauthorized('claims are malformed');
  }
  if (payload.exp - (payload.iat ?? 0) > MAX_TOKEN_TTL_SECONDS) throw unauthorized('lifetime longer than an hour');
  const { tenant, role, metrics, widgets, filters, origins } = claims.data;
  // A role that was configured when the token was minted may be gone (or narrowed to one customer) since.
  const grants = (deps.roles ?? DEFAULT_ROLES).grants(role);
  if (!grants) throw unauthorized(`role ${role} is not configured on this server`);
  if (grants.customers === 'one' && filters?.customerId === undefined) throw unauthorized(`role ${role} reads one customer and the token names none`);
  if (await deps.revocations.isRevoked(tenant, payload.jti)) throw unauthorized('revoked');
  return {
    id: payload.jti,
    subject: payload.sub,
    expiresAt: payload.exp,
    claims: {
      tenant,
      role,
      ...(metrics ? { metrics } : {}),
      ...(widgets ? { widgets } : {}),
      ...(filters?.customerId !== undefined ? { filters: { customerId: filters.customerId } } : {}),
      ...(origins ? { origins } : {}),
    },
  };
}
