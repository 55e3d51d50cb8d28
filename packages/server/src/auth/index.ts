/** Embed tokens and access: API-key guarded minting, the JWKS, verification, roles, and the embed middleware. */
export { createEmbedAuth } from './embed-auth.ts';
export type { EmbedAuth, EmbedAuthOptions } from './embed-auth.ts';
export { requireEmbedToken } from './require-embed-token.ts';
export type { EmbedEnv, RequireEmbedTokenOptions } from './require-embed-token.ts';
export { mintEmbedToken, verifyEmbedToken, EMBED_TOKEN_TYP } from './embed-tokens.ts';
export type { TokenIdentity, VerifiedEmbedToken } from './embed-tokens.ts';
export { parseTokenRequest } from './token-request.ts';
export { scopeOfClaims, scopeOfAdminKey } from './token-scope.ts';
export { BUILT_IN_ROLES, DEFAULT_ROLES, createRoleTable } from './roles.ts';
export type { RoleTable } from './roles.ts';
export { SigningKeys, SIGNING_ALG } from './signing-keys.ts';
export type { SigningKeysOptions, SigningKeyInfo } from './signing-keys.ts';
export { TokenRevocations, TOKEN_REVOKED_CHANNEL, TOKEN_ID_PATTERN } from './revocations.ts';
export type { TokenRevocationsOptions, TokenRevokedMessage, RevocationHandler } from './revocations.ts';
export { DEFAULT_TOKEN_TTL_SECONDS, MAX_TOKEN_TTL_SECONDS, CLOCK_SKEW_SECONDS } from './token-lifetimes.ts';
