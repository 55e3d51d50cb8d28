import { HEALTH_PATH, type HealthResponse } from '@tally/client-sdk';
import type { Adapters, Logger } from '@tally/core';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { ApiError, errorResponse, toErrorBody } from './http/error-response.ts';
import { homePage } from './http/home-page.ts';
import type { ServerMetrics } from './metrics.ts';

/** What the HTTP app needs from the running process. */
export interface AppDeps {
  adapters: Pick<Adapters, 'store' | 'cache' | 'names'>;
  version: string;
  metrics: ServerMetrics;
  logger: Logger;
  /** Sub-apps mounted at the root (ingest and admin routes). @default [] */
  routes?: readonly Hono[];
  /**
   * How long a health probe of a port may take before it counts as failing.
   * @default 2000
   */
  healthTimeoutMs?: number;
}

async function probe(work: () => Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Builds the Hono app: health, metrics, the front page, and the one error shape for everything else. */
export function createApp(deps: AppDeps): Hono {
  const { adapters, version, metrics, logger } = deps;
  const timeoutMs = deps.healthTimeoutMs ?? 2000;
  const app = new Hono();

  app.use(requestId());
  app.use(secureHeaders());
  app.use(async (c, next) => {
    const end = metrics.httpDuration.startTimer();
    await next();
    const route = c.req.routePath === '/*' ? 'unmatched' : c.req.routePath;
    end({ method: c.req.method, route });
    metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
  });

  app.get(HEALTH_PATH, async (c) => {
    const [store, cache] = await Promise.all([
      probe(() => adapters.store.query('SELECT 1'), timeoutMs),
      probe(() => adapters.cache.get('health:probe'), timeoutMs),
    ]);
    const body: HealthResponse = { status: store && cache ? 'ok' : 'degraded', version, adapters: adapters.names };
    return c.json(body, body.status === 'ok' ? 200 : 503);
  });

  app.get('/metrics', async (c) => {
    c.header('Content-Type', metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });

  for (const routes of deps.routes ?? []) app.route('/', routes);

  // After the mounted routes, so a demo portal mounted among them serves `/` instead.
  app.get('/', (c) => c.html(homePage(version, adapters.names)));

  app.notFound((c) => errorResponse(c, new ApiError('not_found', `no route for ${c.req.method} ${c.req.path}`)));
  app.onError((err, c) => {
    const { internal } = toErrorBody(err, undefined);
    if (internal) logger.error({ err, path: c.req.path, requestId: c.get('requestId') }, 'request failed');
    return errorResponse(c, err);
  });
  return app;
}
