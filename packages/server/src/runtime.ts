import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createLogger, MIGRATIONS, openAdapters, readConfig, type AdapterNames, type Logger, type TallyConfig } from '@tally/core';
import { createIngest, prepareDemoTenant, runDemo, startProcessor, type DemoProgress, type Processor } from '@tally/ingest';
import type { Hono } from 'hono';
import { createApp } from './app.ts';
import { createEmbedAuth } from './auth/index.ts';
import { demoPortalRoutes } from './demo-portal/index.ts';
import { createEmbedApi } from './embed-api.ts';
import { createQueryService } from './query/index.ts';
import { attachLive, createLiveHub, registerLiveMetrics, type LiveHub, type NodeLive } from './live/index.ts';
import { createMetrics } from './metrics.ts';
import { openApiRoutes } from './openapi/index.ts';
import { registerProcessorMetrics } from './processor-metrics.ts';
import { VERSION } from './version.ts';

/** A running Tally process: HTTP server and ports. */
export interface RunningTally {
  url: string;
  adapters: AdapterNames;
  config: TallyConfig;
  logger: Logger;
  /** The HTTP app being served (for tests that walk its routes, or `app.request()` without a socket). */
  app: Hono;
  /** Stops accepting requests, lets the ones in flight finish, drains consumers and closes every port. */
  stop(): Promise<void>;
}

/** Options for {@link startTally}; anything unset comes from the environment. */
export interface StartOptions {
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** Told how the demo generator is doing (when it runs); the CLI prints it. */
  onDemoProgress?: (progress: DemoProgress) => void;
  /**
   * What this process runs: `all` (API, ingest, processors, demo when enabled) or `processor` (the stream
   * processors with `/health` and `/metrics` only, for `tally process` beside API instances).
   * @default 'all'
   */
  role?: 'all' | 'processor';
}

/**
 * Starts Tally in this process: reads the configuration, opens the adapters it selects, serves HTTP.
 * Throws `TallyError('config_invalid')` naming the variable when the environment is wrong.
 */
export async function startTally(options: StartOptions = {}): Promise<RunningTally> {
  const config = readConfig(options.env ?? process.env);
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const adapters = await openAdapters(config, logger);
  const metrics = createMetrics();
  const role = options.role ?? 'all';
  const background: { stop(): Promise<void> }[] = [];
  const processors: Processor[] = [];
  let app;
  let live: { hub: LiveHub; node: NodeLive } | undefined;
  try {
    const migrated = await adapters.store.migrate(MIGRATIONS);
    if (migrated.applied.length > 0) logger.info({ applied: migrated.applied }, 'migrations applied');
    if (role === 'processor' || config.processors) {
      const observe = registerProcessorMetrics(metrics.registry, () => processors.map((p) => p.subscription));
      processors.push(await startProcessor({ bus: adapters.bus, store: adapters.store, cache: adapters.cache, logger, observe }));
      background.push(processors[0]!);
    }
    if (role === 'processor') {
      app = createApp({ adapters, version: VERSION, metrics, logger });
    } else {
      const routes = await startIngest();
      const auth = createEmbedAuth({ store: adapters.store, cache: adapters.cache, ...config.tokens, logger });
      const queries = createQueryService({ store: adapters.store });
      background.push({ stop: await queries.subscribeInvalidation(adapters.cache) });
      const hub = await createLiveHub({ auth, queries, cache: adapters.cache, logger });
      background.push({ stop: () => hub.close() });
      registerLiveMetrics(metrics.registry, hub);
      live = { hub, node: attachLive(hub) };
      const portal = config.demo.enabled ? [demoPortalRoutes({ store: adapters.store, auth, identity: { issuer: config.tokens.issuer, audience: config.tokens.audience } })] : [];
      app = createApp({ adapters, version: VERSION, metrics, logger, routes: [...routes, ...auth.routes, createEmbedApi(auth, queries, { store: adapters.store }), live.node.routes, openApiRoutes(VERSION), ...portal] });
    }
  } catch (err) {
    await Promise.allSettled(background.map((s) => s.stop()));
    await adapters.close();
    throw err;
  }

  async function startIngest() {
    const ingest = createIngest({
      bus: adapters.bus,
      store: adapters.store,
      cache: adapters.cache,
      maxBodyBytes: config.ingest.maxBodyBytes,
      dedupTtlMs: config.ingest.dedupTtlMs,
      maxInFlight: config.ingest.maxInFlight,
      bounds: {
        maxFutureMs: config.ingest.maxFutureMs,
        lateAfterMs: config.ingest.lateAfterMs,
        maxAgeMs: config.retentionDays * 86_400_000,
      },
      observe: (source, status, items, events) => {
        metrics.ingestItems.inc({ source, status }, items);
        if (events > 0) metrics.ingestEvents.inc({ source, status }, events);
      },
    });
    background.push(...(await ingest.start()));
    return ingest.routes;
  }

  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.http.port, hostname: config.http.host }, () => resolve(s));
      live?.node.inject(s);
      s.once('error', reject);
    });
  } catch (err) {
    await Promise.allSettled(background.map((s) => s.stop()));
    await adapters.close();
    throw err;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, adapters: adapters.names, version: VERSION }, 'tally started');

  // The demo company sends its history and then live events through the real endpoints, in the background.
  const demoStop = new AbortController();
  let demo: Promise<void> = Promise.resolve();
  if (config.demo.enabled && role === 'all') {
    demo = (async () => {
      const setup = await prepareDemoTenant(adapters.store);
      const report = await runDemo({
        baseUrl: url,
        setup,
        seed: config.demo.seed,
        scale: config.demo.scale,
        days: config.demo.days,
        liveRate: config.demo.liveRate,
        signal: demoStop.signal,
        ...(options.onDemoProgress ? { onProgress: options.onDemoProgress } : {}),
      });
      logger.info({ demo: { ...report, sent: { ...report.sent, rejections: undefined } } }, 'demo generator stopped');
    })().catch((err: unknown) => {
      if (!demoStop.signal.aborted) logger.error({ err }, 'demo generator failed');
    });
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    adapters: adapters.names,
    config,
    logger,
    app,
    stop() {
      stopping ??= (async () => {
        logger.info('tally stopping');
        demoStop.abort();
        await demo;
        await live?.hub.close(); // open sockets would hold server.close() open
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
        await Promise.allSettled(background.map((s) => s.stop()));
        await adapters.close();
        logger.info('tally stopped');
      })();
      return stopping;
    },
  };
}
