import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CustomerSummary, TokenResponse } from '@tally/client-sdk';
import { METRIC_CATALOG, TallyError, type SqlExecutor } from '@tally/core';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { mintEmbedToken, parseTokenRequest, type EmbedAuth, type TokenIdentity } from '../auth/index.ts';
import { searchCustomers } from '../customers/index.ts';
import { jsonBody } from '../http/json-body.ts';
import { CHUNK_NAME, CHUNKS_DIR, DEMO_ASSETS, DEMO_PAGES, missingBuild, REPO_ROOT } from './demo-files.ts';
import { createFileCache, sendFile } from './file-cache.ts';
import { demoTokenRequest, parseDemoTokenBody, type DemoTokenBody } from './demo-token.ts';
import { portalHeaders } from './portal-csp.ts';

/** Path of the demo-only token endpoint: `POST { role, customerId? }` → {@link DemoTokenResponse}. */
export const DEMO_TOKEN_PATH = '/demo/token';
/** Path of the demo's accounts, for the CRM page's account picker: `{ items: CustomerSummary[] }`. */
export const DEMO_ACCOUNTS_PATH = '/demo/accounts';
/** The placeholder in `demo/internal-app.html` that the server replaces with a token. */
export const TOKEN_PLACEHOLDER = '%TALLY_DEMO_TOKEN%';
/** Lifetime of the internal-app page's token: it cannot ask for another, so it lives as long as allowed. */
export const INTERNAL_APP_TOKEN_TTL_SECONDS = 3600;

/** Answer of `POST /demo/token`: the minted token, and the metrics its role may read (for the portal's notices). */
export interface DemoTokenResponse extends TokenResponse {
  role: string;
  readable: string[];
}

/** What the demo portal needs from the running process. */
export interface DemoPortalDeps {
  /** The store the demo writes to (its customers feed the CRM page's account picker). */
  store: SqlExecutor;
  /** The same signing keys, roles and `iss`/`aud` as `POST /v1/tokens`. */
  auth: Pick<EmbedAuth, 'signingKeys' | 'roles'>;
  identity: TokenIdentity;
  /** The demo's tenant. @default 'demo' (the one `prepareDemoTenant` creates) */
  tenant?: string;
  /** Where `demo/` and `dist/` are. @default the repository root */
  root?: string;
}

const MAX_BODY_BYTES = 1024;
/** Accounts the CRM page's picker offers. */
const ACCOUNTS_LISTED = 12;

/**
 * The demo portal, mounted only while the demo runs: the pages (`/` the portal, `/crm.html` a mock CRM with
 * the Customer 360 sidebar, `/internal-app.html` plain HTML with chart tags) under a strict CSP, their files
 * under `/demo/`, and `POST /demo/token`, which mints embed tokens for the demo tenant the way a host app's
 * backend would: through the same checks and signer as `POST /v1/tokens`.
 *
 * @example
 * createApp({ …, routes: [demoPortalRoutes({ store, auth, identity: { issuer, audience } })] });
 */
export function demoPortalRoutes(deps: DemoPortalDeps): Hono {
  const app = new Hono();
  const root = deps.root ?? REPO_ROOT;
  const tenant = deps.tenant ?? 'demo';

  const mint = async (c: Context, body: DemoTokenBody, ttlSeconds?: number) => {
    const origin = new URL(c.req.url).origin;
    const from = c.req.header('origin');
    if (from !== undefined && from !== origin) {
      throw new TallyError('forbidden', `origin: the demo mints tokens for its own pages only, not for ${from}`, { field: 'origin' });
    }
    const request = parseTokenRequest(demoTokenRequest(body, origin, ttlSeconds), deps.auth.roles);
    return mintEmbedToken(deps.auth.signingKeys, tenant, request, deps.identity);
  };

  /** The catalog metrics `role` may read on this deployment, so the portal can say what a role does not see. */
  const readable = (role: string) => {
    const granted = deps.auth.roles.grants(role)?.sensitivities;
    return METRIC_CATALOG.filter((m) => granted?.has(m.sensitivity)).map((m) => m.name);
  };

  const files = createFileCache(root);

  /** Preloads of the widget bundle's chunks, so the chart code loads beside the bundle, not after the data. */
  const chunkPreloads = async () => {
    const names = await readdir(join(root, CHUNKS_DIR)).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.js') && CHUNK_NAME.test(n)).map((n) => `<link rel="modulepreload" href="/demo/chunks/${n}" />`);
  };

  const page = (path: keyof typeof DEMO_PAGES) => async (c: Context) => {
    const missing = await missingBuild(root);
    c.header('Cache-Control', 'no-store');
    if (missing.length > 0) {
      return c.text(`The demo portal is not built (missing ${missing.join(', ')}). Run \`npm run build:demo\`; \`npm start\` does it for you.\n`, 503);
    }
    let html = (await files.get(DEMO_PAGES[path].file))!.body.toString('utf8');
    html = html.replace('</head>', `${(await chunkPreloads()).join('\n')}\n</head>`);
    if (html.includes(TOKEN_PLACEHOLDER)) {
      const { token } = await mint(c, { role: 'admin' }, INTERNAL_APP_TOKEN_TTL_SECONDS);
      html = html.replaceAll(TOKEN_PLACEHOLDER, token);
    }
    return c.html(html);
  };

  for (const path of Object.keys(DEMO_PAGES) as (keyof typeof DEMO_PAGES)[]) app.get(path, portalHeaders(), page(path));

  app.get('/demo/:file{[a-z0-9.-]+}', async (c, next) => {
    const asset = DEMO_ASSETS[c.req.param('file')];
    if (asset === undefined) return next();
    const file = await files.get(asset.file);
    if (file === undefined) throw new TallyError('not_found', `${c.req.path}: not built yet; run \`npm run build:demo\``, { field: 'path' });
    return sendFile(c, file, asset.type, 'no-cache');
  });

  app.get('/demo/chunks/:file', async (c, next) => {
    const name = c.req.param('file');
    const file = CHUNK_NAME.test(name) ? await files.get(`${CHUNKS_DIR}/${name}`) : undefined;
    if (file === undefined) return next();
    const type = name.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8';
    return sendFile(c, file, type, 'public, max-age=31536000, immutable');
  });

  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new TallyError('payload_too_large', `body: larger than ${MAX_BODY_BYTES} bytes`, { field: 'body' });
    },
  });
  app.post(DEMO_TOKEN_PATH, limit, async (c) => {
    const body = parseDemoTokenBody(await jsonBody(c));
    const minted = await mint(c, body);
    c.header('Cache-Control', 'no-store');
    return c.json({ ...minted, role: body.role, readable: readable(body.role) } satisfies DemoTokenResponse, 201);
  });

  app.get(DEMO_ACCOUNTS_PATH, async (c) => {
    // The biggest accounts, named ones first: a CRM knows its accounts' names even where billing sent none.
    const { items } = await searchCustomers(deps.store, tenant, { q: '', limit: 50 });
    const named = [...items.filter((i) => i.name !== null), ...items.filter((i) => i.name === null)].slice(0, ACCOUNTS_LISTED);
    c.header('Cache-Control', 'no-store');
    return c.json({ items: named } satisfies { items: CustomerSummary[] });
  });

  return app;
}
