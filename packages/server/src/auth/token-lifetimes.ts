/** Lifetime of an embed token when the request names none, in seconds. */
export const DEFAULT_TOKEN_TTL_SECONDS = 600;
/** Longest lifetime an embed token may have, in seconds. */
export const MAX_TOKEN_TTL_SECONDS = 3600;
/** Clock difference tolerated between the server that mints a token and the one that verifies it, in seconds. */
export const CLOCK_SKEW_SECONDS = 60;
/**
 * How long a token signed at some instant can still verify after it: the longest lifetime plus the skew.
 * A retired signing key, and a revoked token id, are kept this long.
 */
export const LONGEST_VALIDITY_SECONDS = MAX_TOKEN_TTL_SECONDS + CLOCK_SKEW_SECONDS;
