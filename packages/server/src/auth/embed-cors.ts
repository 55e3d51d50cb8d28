import { WIDGET_HEADER } from '@tally/client-sdk';
import type { Context } from 'hono';

/** Methods and request headers a browser may use on embed routes. */
const ALLOW_METHODS = 'GET, POST, PUT, OPTIONS';
const ALLOW_HEADERS = `Authorization, Content-Type, ${WIDGET_HEADER}`;

/** The request's `Origin`, or undefined for requests without one (server-side callers, same-origin GETs). */
export function requestOrigin(c: Context): string | undefined {
  return c.req.header('origin') || undefined;
}

/**
 * True when a request from `origin` may use a token allowing `origins`: no `Origin` at all (not a browser
 * cross-origin call), Tally's own origin, or one the token lists. A token without `origins` is usable from
 * no other site.
 */
export function originAllowed(c: Context, origin: string | undefined, origins: readonly string[] | undefined): boolean {
  if (origin === undefined) return true;
  if (origin === new URL(c.req.url).origin) return true;
  return origins?.includes(origin) ?? false;
}

/** Grants `origin` CORS access to this response (no credentials: tokens travel in a header, not cookies). */
export function grantCors(c: Context, origin: string): void {
  c.header('Access-Control-Allow-Origin', origin);
  c.header('Access-Control-Expose-Headers', 'Retry-After');
  c.header('Vary', 'Origin', { append: true });
}

/**
 * The answer to a CORS preflight. A preflight carries no token, so it cannot be judged against one: it
 * allows the method and headers, and the actual request is then granted only for the token's origins.
 */
export function preflight(c: Context, origin: string): Response {
  grantCors(c, origin);
  c.header('Access-Control-Allow-Methods', ALLOW_METHODS);
  c.header('Access-Control-Allow-Headers', ALLOW_HEADERS);
  c.header('Access-Control-Max-Age', '600');
  return c.body(null, 204);
}
