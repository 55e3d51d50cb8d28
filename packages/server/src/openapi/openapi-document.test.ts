import {
  LIVE_CLOSE, WIDGET_HEADER,
  type ApiErrorBody, type CustomerSearchResult, type HealthResponse, type LiveClientMessage, type LiveServerMessage, type QueryRequest,
  type QueryResponse, type RevenueMovementsResponse, type SavedDashboard, type TokenResponse,
} from '@tally/client-sdk';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApiDocument } from './openapi-document.ts';
import type { JsonSchema } from './json-schema.ts';
import { liveClientMessageSchema, liveServerMessageSchema } from './live-schemas.ts';
import {
  apiErrorBodySchema, customerSearchResultSchema, healthResponseSchema, queryResponseSchema,
  revenueMovementsResponseSchema, savedDashboardSchema, tokenResponseSchema,
} from './response-schemas.ts';

const doc = buildOpenApiDocument('9.9.9');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string') found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
}

function pointer(ref: string): unknown {
  return ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with responses on every operation', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('9.9.9');
    for (const [path, item] of Object.entries(doc.paths)) {
      const ops = Object.entries(item).filter(([m]) => METHODS.includes(m));
      expect(ops.length, path).toBeGreaterThan(0);
      for (const [method, op] of ops) {
        expect(Object.keys(op.responses as object).length, `${method} ${path}`).toBeGreaterThan(0);
        for (const match of path.matchAll(/\{(\w+)\}/g)) {
          expect((op.parameters as { name: string; in: string }[]).some((p) => p.in === 'path' && p.name === match[1]), `${path} {${match[1]}}`).toBe(true);
        }
      }
    }
  });

  it('resolves every $ref', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref.startsWith('#/'), ref).toBe(true);
      expect(pointer(ref), ref).toBeDefined();
    }
  });

  it('describes every route', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations).toEqual(expect.arrayContaining([
      'POST /v1/tokens', 'GET /.well-known/jwks.json',
      'GET /v1/admin/keys', 'DELETE /v1/admin/keys/{id}', 'POST /v1/admin/tokens/{jti}/revoke',
      'GET /v1/admin/dead-letters', 'POST /v1/admin/dead-letters/replay',
      'POST /v1/query', 'POST /v1/query.csv', 'GET /v1/customers/{id}', 'GET /v1/customers', 'GET /v1/revenue/movements',
      'GET /v1/dashboards/{id}', 'PUT /v1/dashboards/{id}',
      'GET /v1/live', 'POST /v1/ingest/{source}', 'POST /v1/webhooks/{source}', 'GET /health', 'GET /metrics',
      'GET /v1/openapi.json', 'GET /v1/reference',
    ]));
  });

  it('answers errors with ApiErrorBody for 400/401/403/404/409/413/422/429/503', () => {
    const used = new Map<string, string>();
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        for (const [status, response] of Object.entries(op.responses as Record<string, { $ref?: string }>)) if (response.$ref) used.set(status, response.$ref);
      }
    }
    for (const status of ['400', '401', '403', '404', '409', '413', '422', '429', '503']) {
      const ref = used.get(status);
      expect(ref, status).toBeDefined();
      expect(refsIn(pointer(ref!)), status).toEqual(['#/components/schemas/ApiErrorBody']);
    }
    const error = doc.components.schemas.ApiErrorBody as { properties: { error: { required: string[] } } };
    expect(error.properties.error.required).toEqual(['code', 'message', 'details']);
  });

  it('has bearer embed token and API key security schemes', () => {
    expect(doc.components.securitySchemes.embedToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/v1/query']!.post!.security).toEqual([{ embedToken: [] }]);
    expect(doc.paths['/v1/tokens']!.post!.security).toEqual([{ apiKey: [] }, { apiKeyHeader: [] }]);
  });
});

describe('QueryRequest schema in the document', () => {
  const schema = doc.components.schemas.QueryRequest as JsonSchema & { required: string[]; properties: Record<string, JsonSchema> };
  const { examples: _examples, ...plain } = schema;
  const validator = z.fromJSONSchema(plain as never);

  it('is the one POST /v1/query reads', () => {
    expect(doc.paths['/v1/query']!.post!.requestBody).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/QueryRequest' } } } });
  });

  it('requires metric and range, with the route schema defaults', () => {
    expect(schema.type).toBe('object');
    expect(schema.required).toContain('metric');
    expect(schema.required).not.toContain('granularity');
    expect(schema.properties.metric).toMatchObject({ type: 'string', minLength: 1 });
    expect(schema.properties.granularity).toMatchObject({ default: 'day', enum: ['hour', 'day', 'week', 'month'] });
    expect(schema.additionalProperties).toBe(false);
  });

  it('accepts valid QueryRequests and refuses one without metric', () => {
    const valid: QueryRequest[] = [
      { metric: 'mrr', range: '90d', granularity: 'week', compare: 'previous_period', timezone: 'Europe/Paris' },
      { metric: 'active_users', range: { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }, filters: { plan: ['team'] }, groupBy: 'plan' },
    ];
    for (const request of [...valid, ...(schema.examples as unknown[])]) expect(validator.safeParse(request).success, JSON.stringify(request)).toBe(true);
    expect(validator.safeParse({ range: '90d' }).success).toBe(false);
    expect(validator.safeParse({ metric: 'mrr', range: 'forever' }).success).toBe(false);
    expect(validator.safeParse({ metric: 'mrr', range: '7d', extra: 1 }).success).toBe(false);
  });
});

describe('response schemas', () => {
  it('match the wire types', () => {
    expectTypeOf<z.infer<typeof apiErrorBodySchema>>().toEqualTypeOf<ApiErrorBody>();
    expectTypeOf<z.infer<typeof tokenResponseSchema>>().toEqualTypeOf<TokenResponse>();
    expectTypeOf<z.infer<typeof queryResponseSchema>>().toEqualTypeOf<QueryResponse>();
    expectTypeOf<z.infer<typeof healthResponseSchema>>().toEqualTypeOf<HealthResponse>();
    expectTypeOf<z.infer<typeof customerSearchResultSchema>>().toEqualTypeOf<CustomerSearchResult>();
    expectTypeOf<z.infer<typeof revenueMovementsResponseSchema>>().toEqualTypeOf<RevenueMovementsResponse>();
    expectTypeOf<z.infer<typeof savedDashboardSchema>>().toEqualTypeOf<SavedDashboard>();
    expectTypeOf<z.infer<typeof liveClientMessageSchema>>().toEqualTypeOf<LiveClientMessage>();
    expectTypeOf<z.infer<typeof liveServerMessageSchema>>().toEqualTypeOf<LiveServerMessage>();
  });
});

describe('the live socket in the document', () => {
  const live = doc.paths['/v1/live']!.get! as JsonSchema & { description: string };
  const { LiveClientMessage: client, LiveServerMessage: server } = doc.components.schemas as Record<string, { oneOf: JsonSchema[] }>;

  it('has the client and server messages as components, referenced from GET /v1/live', () => {
    expect(live['x-tally-messages']).toEqual({ client: { $ref: '#/components/schemas/LiveClientMessage' }, server: { $ref: '#/components/schemas/LiveServerMessage' } });
    const types = (schema: { oneOf: JsonSchema[] }) => schema.oneOf.map((m) => (m.properties as Record<string, { const: string }>).type?.const);
    expect(types(client!)).toEqual(['auth', 'subscribe', 'unsubscribe', 'ping']);
    expect(types(server!)).toEqual(['ready', 'result', 'error', 'pong', 'heartbeat']);
    expect(refsIn(client)).toEqual(['#/components/schemas/QueryRequest']);
    expect(refsIn(server)).toEqual(['#/components/schemas/QueryResponse']);
  });

  it('lists every close code', () => {
    for (const code of Object.values(LIVE_CLOSE)) expect(live.description).toContain(`\`${code}\``);
  });

  it('accepts a subscribe message and refuses an unknown one', () => {
    const inlined = JSON.stringify(client).replaceAll('{"$ref":"#/components/schemas/QueryRequest"}', '{}');
    const validator = z.fromJSONSchema(JSON.parse(inlined) as never);
    expect(validator.safeParse({ type: 'subscribe', id: 'a', query: {}, widget: 'kpi-tile' }).success).toBe(true);
    expect(validator.safeParse({ type: 'shout' }).success).toBe(false);
  });

  it('documents the widget header on every embed-token operation', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item) as [string, { security?: unknown[]; parameters?: { name: string; in: string }[] }][]) {
        const embed = JSON.stringify(op.security) === JSON.stringify([{ embedToken: [] }]);
        expect(op.parameters?.some((p) => p.in === 'header' && p.name === WIDGET_HEADER) ?? false, `${method} ${path}`).toBe(embed);
      }
    }
  });
});
