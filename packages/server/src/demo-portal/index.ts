/** The demo portal: its pages, files and demo-only token endpoint, mounted while the demo runs. */
export { demoPortalRoutes, DEMO_TOKEN_PATH, DEMO_ACCOUNTS_PATH, TOKEN_PLACEHOLDER } from './demo-portal-routes.ts';
export type { DemoPortalDeps, DemoTokenResponse } from './demo-portal-routes.ts';
export { DEMO_ROLES, DEMO_TOKEN_TTL_SECONDS, parseDemoTokenBody, demoTokenRequest } from './demo-token.ts';
export type { DemoRole, DemoTokenBody } from './demo-token.ts';
export { PORTAL_CSP, portalHeaders } from './portal-csp.ts';
export { missingBuild, REPO_ROOT } from './demo-files.ts';
