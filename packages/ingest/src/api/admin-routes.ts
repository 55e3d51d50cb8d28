import { TallyError, type Store } from '@tally/core';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ApiKeyVerifier } from '../auth/api-keys.ts';
import type { SourceRegistry } from '../auth/source-registry.ts';
import type { Connector } from '../connectors/types.ts';
import { listDeadLetters } from '../dead-letters/dead-letter-store.ts';
import { replayDeadLetters } from '../dead-letters/replay.ts';
import type { IngestService } from '../pipeline/ingest-service.ts';
import { requireKey } from './request-auth.ts';

/** What the admin routes need. */
export interface AdminRoutesDeps {
  store: Store;
  keys: ApiKeyVerifier;
  sources: SourceRegistry;
  connectors: ReadonlyMap<string, Connector>;
  service: IngestService;
}

const filterSchema = z.object({
  source: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'expected a source name').optional(),
  code: z.string().regex(/^[a-z_]{1,64}$/, 'expected a reason code').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  includeReplayed: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  throw new TallyError('validation_failed', `${field}: ${issue.message}`, { field });
}

async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new TallyError('invalid_json', `body: not valid JSON (${(err as Error).message})`, { field: 'body' });
  }
}

/**
 * Tenant administration with an `admin`-scope key: `GET /v1/admin/dead-letters` lists refused items with
 * their raw payload and reason; `POST /v1/admin/dead-letters/replay` runs them through the current
 * connectors again after a fix.
 */
export function createAdminRoutes(deps: AdminRoutesDeps): Hono {
  const app = new Hono();

  app.get('/v1/admin/dead-letters', async (c) => {
    const { tenant } = await requireKey(c, deps.keys, 'admin');
    const filter = parse(filterSchema, c.req.query());
    return c.json({ items: await listDeadLetters(deps.store, { tenant, ...filter }) });
  });

  app.post('/v1/admin/dead-letters/replay', async (c) => {
    const { tenant } = await requireKey(c, deps.keys, 'admin');
    const filter = parse(filterSchema.omit({ includeReplayed: true }).strict(), await jsonBody(c));
    return c.json(await replayDeadLetters(deps, { tenant, ...filter }));
  });

  return app;
}
