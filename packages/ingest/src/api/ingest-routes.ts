import { TallyError } from '@tally/core';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { presentedKey, type ApiKeyVerifier } from '../auth/api-keys.ts';
import type { SourceRegistry } from '../auth/source-registry.ts';
import type { Connector, SourceConfig } from '../connectors/types.ts';
import { deadLetter } from '../dead-letters/dead-letter.ts';
import type { BoundedPublisher } from '../pipeline/bounded-publisher.ts';
import type { IngestService, IngestSummary } from '../pipeline/ingest-service.ts';
import { TOPICS } from '@tally/core';
import { requireKey } from './request-auth.ts';

/** What the ingest routes need. */
export interface IngestRoutesDeps {
  connectors: ReadonlyMap<string, Connector>;
  service: IngestService;
  publisher: BoundedPublisher;
  keys: ApiKeyVerifier;
  sources: SourceRegistry;
  /** Largest request body accepted. @default 5 MiB */
  maxBodyBytes?: number;
  /** The clock, for signature staleness. @default Date.now */
  now?: () => number;
}

const SOURCE = /^[a-z][a-z0-9_-]{0,63}$/;

function connectorFor(deps: IngestRoutesDeps, c: Context, transport: Connector['transport']): Connector {
  const name = c.req.param('source') ?? '';
  const connector = SOURCE.test(name) ? deps.connectors.get(name) : undefined;
  if (!connector || connector.transport !== transport) {
    const where = transport === 'batch' ? '/v1/ingest' : '/v1/webhooks';
    const known = [...deps.connectors.values()].filter((k) => k.transport === transport).map((k) => k.name).sort();
    throw new TallyError('not_found', `source: unknown source ${JSON.stringify(name.slice(0, 64))} for ${where}; known: ${known.join(', ')}`, { field: 'source' });
  }
  return connector;
}

/** The generic webhook signs only when it is configured to; otherwise an API key is required. */
function signs(connector: Connector, config: SourceConfig): boolean {
  if (!connector.verify) return false;
  return connector.name !== 'webhook' || (typeof config.options === 'object' && config.options !== null && 'hmac' in config.options);
}

/**
 * `POST /v1/ingest/:source` (batches, API key) and `POST /v1/webhooks/:source` (vendor webhooks, verified by
 * the source's signature). Both answer per item: accepted, duplicate, ignored or rejected with a code and
 * the field's path. 2xx only once the bus has the events.
 */
export function createIngestRoutes(deps: IngestRoutesDeps): Hono {
  const app = new Hono();
  const now = deps.now ?? Date.now;
  const limit = bodyLimit({
    maxSize: deps.maxBodyBytes ?? 5 * 1024 * 1024,
    onError: () => {
      throw new TallyError('payload_too_large', `body: larger than ${deps.maxBodyBytes ?? 5 * 1024 * 1024} bytes; split the batch`, { field: 'body' });
    },
  });

  /** Parses, splits and ingests one authenticated body; refused bodies go to the dead letters too. */
  const ingestBody = async (c: Context, connector: Connector, tenant: string, config: SourceConfig, raw: string, receivedAt: Date) => {
    const base = { tenant, source: connector.name, receivedAt, connectorVersion: connector.version };
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (err) {
      const message = `body: not valid JSON (${(err as Error).message})`;
      await deps.publisher.publish(TOPICS.deadLetters, [{ key: `${tenant}:${connector.name}`, value: deadLetter(base, { code: 'invalid_json', field: 'body', message }, raw) }]);
      throw new TallyError('invalid_json', message, { field: 'body' });
    }
    const split = connector.items(body, config);
    if (!split.ok) {
      await deps.publisher.publish(TOPICS.deadLetters, [{ key: `${tenant}:${connector.name}`, value: deadLetter(base, split.rejection, body) }]);
      throw new TallyError('validation_failed', split.rejection.message, { field: split.rejection.field });
    }
    const summary = await deps.service.ingest({ connector, tenant, config, items: split.items, paths: split.paths, receivedAt });
    return respond(c, summary);
  };

  app.post('/v1/ingest/:source', limit, async (c) => {
    const receivedAt = new Date(now());
    const connector = connectorFor(deps, c, 'batch');
    const identity = await requireKey(c, deps.keys, 'ingest');
    const config = (await deps.sources.config(identity.tenant, connector.name)) ?? {};
    return ingestBody(c, connector, identity.tenant, config, await c.req.text(), receivedAt);
  });

  app.post('/v1/webhooks/:source', limit, async (c) => {
    const receivedAt = new Date(now());
    const connector = connectorFor(deps, c, 'webhook');
    const raw = await c.req.text();
    const named = c.req.query('tenant');
    // An ingest API key may always stand in for the vendor's signature.
    // (Only a bearer or X-Tally-Key header is a key: Chargebee signs with HTTP Basic in Authorization.)
    const hasKey = presentedKey(c.req.raw.headers) !== undefined;
    if (hasKey) {
      const identity = await requireKey(c, deps.keys, 'ingest');
      if (named !== undefined && named !== identity.tenant) throw new TallyError('forbidden', 'tenant: the API key belongs to another tenant', { field: 'tenant' });
      const config = (await deps.sources.config(identity.tenant, connector.name)) ?? {};
      return ingestBody(c, connector, identity.tenant, config, raw, receivedAt);
    }
    const tenant = await deps.sources.webhookTenant(connector.name, named);
    const config = tenant === undefined ? undefined : await deps.sources.config(tenant, connector.name);
    if (tenant === undefined || config === undefined) {
      throw new TallyError('not_found', `source: no tenant has configured ${connector.name}${named ? ` as ${JSON.stringify(named.slice(0, 64))}` : ''}; see README "Sources"`, { field: 'source' });
    }
    if (!signs(connector, config)) {
      throw new TallyError('unauthorized', `authorization: ${connector.name} webhooks without a signing secret need an API key`, { field: 'authorization' });
    }
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const verdict = connector.verify!({ method: c.req.method, url: c.req.url, headers, rawBody: raw }, config, now());
    if (!verdict.ok) throw new TallyError('unauthorized', `${verdict.code}: ${verdict.message}`, { field: 'signature' });
    return ingestBody(c, connector, tenant, config, raw, receivedAt);
  });

  return app;
}

/** 200 with the per-item answers; 422 (with the same answers) when every item was refused. */
function respond(c: Context, summary: IngestSummary): Response {
  const total = summary.results.length;
  if (total > 0 && summary.rejected === total) {
    const first = summary.results.find((r) => r.status === 'rejected');
    const error = first && first.status === 'rejected' ? { code: 'validation_failed', message: first.message, details: { field: first.field }, field: first.field } : { code: 'validation_failed', message: 'every item was rejected', details: {} };
    return c.json({ error, ...summary }, 422);
  }
  return c.json(summary, 200);
}
