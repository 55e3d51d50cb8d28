import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The demo pages' Content-Security-Policy: scripts and styles only from the server itself, no inline script
 * or style, no `eval`; connections (fetch and the live WebSocket: `'self'` covers `ws:` on the same host)
 * only to the server. The pages are what a strict host app looks like, so the widgets must work under it:
 * - Lit's component styles are constructable stylesheets (`adoptedStyleSheets`), which CSP does not govern.
 * - Widgets set inline styles through the CSSOM (`styleProps`), never a `style="…"` attribute.
 * - The chart functions drop the `<style>` element Observable Plot appends to each chart; its rules are in
 *   the widgets' own styles.
 * The e2e test fails on any CSP violation on any page.
 */
export const PORTAL_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  connectSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Hono's secure headers with {@link PORTAL_CSP}, for the demo's HTML pages. */
export function portalHeaders(): MiddlewareHandler {
  return secureHeaders({ contentSecurityPolicy: PORTAL_CSP });
}
