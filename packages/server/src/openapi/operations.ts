import { CUSTOMER_SEARCH_MAX_LIMIT, DASHBOARD_ID_PATTERN, DASHBOARD_LIMITS } from '@tally/client-sdk';
import { requestSchema as tokenRequestSchema } from '../auth/token-request.ts';
import { searchSchema as customerSearchSchema } from '../customers/customer-search.ts';
import { saveDashboardSchema } from '../dashboards/dashboard-layout.ts';
import { LIVE_DESCRIPTION } from './live-schemas.ts';
import { requestSchema as queryRequestSchema } from '../query/query-request.ts';
import { jsonSchemaOf, pathParameter, queryParameters, type JsonSchema, type Parameter } from './json-schema.ts';

/** Who may call an operation: an embed token, an API key (with a scope), nobody in particular, or a signed webhook. */
export type Auth = 'embed' | 'apiKey' | 'none' | 'webhook';

/** One operation of the API, before it is laid out as OpenAPI. */
export interface OperationSpec {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI path, with `{name}` parameters. */
  path: string;
  tag: string;
  operationId: string;
  summary: string;
  description?: string;
  auth: Auth;
  parameters?: Parameter[];
  /** JSON request body: a schema or a `$ref` to one. */
  body?: JsonSchema;
  ok: { status: number; description: string; content: Record<string, JsonSchema> };
  /** Error statuses it can answer with, each with the one error body. */
  errors: number[];
  /** Vendor extensions (`x-…`) laid onto the operation as they are. */
  extensions?: Record<`x-${string}`, JsonSchema>;
}

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ 'application/json': schema });
const anyObject: JsonSchema = { type: 'object', additionalProperties: true };

/** Request schemas taken from the zod schemas the routes validate with. */
export const REQUEST_SCHEMAS: Record<string, JsonSchema> = {
  QueryRequest: { ...jsonSchemaOf(queryRequestSchema, 'input'), examples: [{ metric: 'mrr', range: '90d', granularity: 'week', compare: 'previous_period', timezone: 'Europe/Paris' }] },
  TokenRequest: { ...jsonSchemaOf(tokenRequestSchema, 'input'), examples: [{ subject: 'user-42', role: 'viewer', ttlSeconds: 600 }] },
  SaveDashboardRequest: {
    ...jsonSchemaOf(saveDashboardSchema, 'input'),
    examples: [{ layout: { items: [{ id: 'mrr', widget: 'kpi-tile', x: 0, y: 0, w: 3, h: 2, attributes: { metric: 'mrr', range: '90d' } }] }, version: 3 }],
  },
};

// GET /v1/revenue/movements hands range, from/to, granularity and timezone to the query request schema.
const query = REQUEST_SCHEMAS.QueryRequest!.properties as Record<string, JsonSchema>;
const [relativeRange, absoluteRange] = (query.range!.anyOf ?? []) as JsonSchema[];
const instants = (absoluteRange?.properties ?? {}) as Record<string, JsonSchema>;
const revenueParameters: Parameter[] = [
  { name: 'range', in: 'query', required: false, description: 'Relative range ending now; ignored when from/to are given.', schema: { ...relativeRange, default: '12mo' } },
  { name: 'from', in: 'query', required: false, description: 'Start (ISO instant with a zone); with `to`.', schema: instants.from ?? { type: 'string' } },
  { name: 'to', in: 'query', required: false, description: 'End, exclusive (ISO instant with a zone); with `from`.', schema: instants.to ?? { type: 'string' } },
  { name: 'granularity', in: 'query', required: false, schema: { ...query.granularity, default: 'month' } },
  { name: 'timezone', in: 'query', required: false, schema: query.timezone! },
  { name: 'currency', in: 'query', required: false, description: 'ISO 4217 code of the currency to answer in; default the tenant\'s main one. Amounts are never added across currencies.', schema: { type: 'string', pattern: '^[A-Z]{3}$' } },
];

const customerParameters = queryParameters(jsonSchemaOf(customerSearchSchema, 'input')).map((p) =>
  p.name === 'limit' ? { ...p, description: `Page size, 1-${CUSTOMER_SEARCH_MAX_LIMIT}.`, schema: { ...p.schema, default: '25' } } : p,
);

// Ingest and dead-letter bodies are validated inside @tally/ingest (per connector); declared here by hand.
const ingestSummary: JsonSchema = {
  type: 'object',
  description: 'Per-item outcome: accepted, duplicate, ignored or rejected (with a code and the field path).',
  properties: { results: { type: 'array', items: anyObject } },
  additionalProperties: true,
};
const dashboardId = pathParameter('id', 'Dashboard id, chosen by the widget.', { type: 'string', pattern: DASHBOARD_ID_PATTERN.source });
const sourceParameter = pathParameter('source', 'Connector name, e.g. `stripe`, `segment`, `webhook`.', { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,63}$' });

/** Every route of the API (role `all`). */
export const OPERATIONS: readonly OperationSpec[] = [
  {
    method: 'post', path: '/v1/tokens', tag: 'Auth', operationId: 'mintToken', auth: 'apiKey',
    summary: 'Mint an embed token',
    description: 'With an API key holding the `tokens` scope, for the key\'s tenant. Bodies over 16 KiB are refused.',
    body: ref('TokenRequest'),
    ok: { status: 201, description: 'The token', content: json(ref('TokenResponse')) },
    errors: [400, 401, 403, 413, 422, 429, 503],
  },
  {
    method: 'get', path: '/.well-known/jwks.json', tag: 'Auth', operationId: 'jwks', auth: 'none',
    summary: 'Public keys that verify embed tokens',
    ok: { status: 200, description: 'A JSON Web Key Set', content: json({ type: 'object', properties: { keys: { type: 'array', items: anyObject } }, required: ['keys'] }) },
    errors: [503],
  },
  {
    method: 'post', path: '/v1/query', tag: 'Query', operationId: 'query', auth: 'embed',
    summary: 'Query one catalog metric',
    body: ref('QueryRequest'),
    ok: { status: 200, description: 'The series', content: json(ref('QueryResponse')) },
    errors: [400, 401, 403, 422, 429, 503],
  },
  {
    method: 'post', path: '/v1/query.csv', tag: 'Query', operationId: 'queryCsv', auth: 'embed',
    summary: 'Query one catalog metric, as CSV',
    description: 'The same body, validation and errors as `POST /v1/query`; the answer is a CSV attachment.',
    body: ref('QueryRequest'),
    ok: { status: 200, description: 'The series as CSV', content: { 'text/csv': { type: 'string' } } },
    errors: [400, 401, 403, 422, 429, 503],
  },
  {
    method: 'get', path: '/v1/customers', tag: 'Customers', operationId: 'searchCustomers', auth: 'embed',
    summary: 'Search customers by name or id prefix',
    description: 'Highest MRR first. Needs the `customer` class.',
    parameters: customerParameters,
    ok: { status: 200, description: 'One page of customers', content: json(ref('CustomerSearchResult')) },
    errors: [401, 403, 422, 429, 503],
  },
  {
    method: 'get', path: '/v1/customers/{id}', tag: 'Customers', operationId: 'getCustomer', auth: 'embed',
    summary: 'Customer 360',
    parameters: [pathParameter('id', 'Customer id.', { type: 'string', maxLength: 200 })],
    ok: { status: 200, description: 'The customer', content: json(ref('CustomerDetail')) },
    errors: [401, 403, 404, 422, 429, 503],
  },
  {
    method: 'get', path: '/v1/revenue/movements', tag: 'Revenue', operationId: 'revenueMovements', auth: 'embed',
    summary: 'MRR movements per period',
    description: 'New, expansion, contraction, churned and reactivated MRR. Needs the `finance` class.',
    parameters: revenueParameters,
    ok: { status: 200, description: 'The movements', content: json(ref('RevenueMovementsResponse')) },
    errors: [401, 403, 422, 429, 503],
  },
  {
    method: 'get', path: '/v1/dashboards/{id}', tag: 'Dashboards', operationId: 'getDashboard', auth: 'embed',
    summary: 'The token user\'s saved dashboard layout',
    description: 'Saved per tenant, user (the token\'s `sub`) and id. `404` when never saved: show the default layout.',
    parameters: [dashboardId],
    ok: { status: 200, description: 'The saved layout', content: json(ref('SavedDashboard')) },
    errors: [401, 403, 404, 422, 429, 503],
  },
  {
    method: 'put', path: '/v1/dashboards/{id}', tag: 'Dashboards', operationId: 'saveDashboard', auth: 'embed',
    summary: 'Save the token user\'s dashboard layout',
    description: `Send the \`version\` the layout was edited from (omit it the first time); a stale one is \`409 conflict\`. Any role may save its own layouts. At most ${DASHBOARD_LIMITS.items} items, ${DASHBOARD_LIMITS.perUser} dashboards per user, ${DASHBOARD_LIMITS.bodyBytes / 1024} KiB.`,
    parameters: [dashboardId],
    body: ref('SaveDashboardRequest'),
    ok: { status: 200, description: 'Saved (`201` with the same body when saved for the first time)', content: json(ref('SavedDashboard')) },
    errors: [400, 401, 403, 409, 413, 422, 429, 503],
  },
  {
    method: 'get', path: '/v1/live', tag: 'Live', operationId: 'live', auth: 'none',
    summary: 'Live query results (WebSocket)',
    description: LIVE_DESCRIPTION,
    ok: { status: 101, description: 'Switching to the WebSocket protocol', content: {} },
    errors: [400],
    extensions: { 'x-tally-messages': { client: ref('LiveClientMessage'), server: ref('LiveServerMessage') } },
  },
  {
    method: 'post', path: '/v1/ingest/{source}', tag: 'Ingest', operationId: 'ingest', auth: 'apiKey',
    summary: 'Send a batch of events',
    description: 'With an API key holding the `ingest` scope. The body is the connector\'s documented payload.',
    parameters: [sourceParameter],
    body: { description: 'The connector\'s payload (JSON).' },
    ok: { status: 200, description: 'Outcome of each item', content: json(ingestSummary) },
    errors: [400, 401, 403, 404, 413, 422, 429, 503],
  },
  {
    method: 'post', path: '/v1/webhooks/{source}', tag: 'Ingest', operationId: 'webhook', auth: 'webhook',
    summary: 'Receive a vendor webhook',
    description: 'Verified by the source\'s signature, or an ingest API key in place of it.',
    parameters: [sourceParameter, { name: 'tenant', in: 'query', required: false, description: 'The tenant, when several configured the source.', schema: { type: 'string' } }],
    body: { description: 'The vendor\'s webhook payload, as sent.' },
    ok: { status: 200, description: 'Outcome of each item', content: json(ingestSummary) },
    errors: [400, 401, 403, 404, 413, 422, 429, 503],
  },
  {
    method: 'get', path: '/v1/admin/keys', tag: 'Admin', operationId: 'listApiKeys', auth: 'apiKey',
    summary: 'List the tenant\'s API keys (`admin` scope)',
    parameters: [{ name: 'includeRevoked', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } }],
    ok: { status: 200, description: 'The keys', content: json({ type: 'object', properties: { items: { type: 'array', items: anyObject } }, required: ['items'] }) },
    errors: [401, 403, 429, 503],
  },
  {
    method: 'delete', path: '/v1/admin/keys/{id}', tag: 'Admin', operationId: 'revokeApiKey', auth: 'apiKey',
    summary: 'Revoke an API key (`admin` scope)',
    parameters: [pathParameter('id', 'Key id (16 hex digits).', { type: 'string', pattern: '^[a-f0-9]{16}$' })],
    ok: { status: 200, description: 'Revoked', content: json(ref('Revoked')) },
    errors: [401, 403, 404, 429, 503],
  },
  {
    method: 'post', path: '/v1/admin/tokens/{jti}/revoke', tag: 'Admin', operationId: 'revokeToken', auth: 'apiKey',
    summary: 'Revoke an embed token by id (`admin` scope)',
    parameters: [pathParameter('jti', 'The `id` that POST /v1/tokens answered.', { type: 'string', pattern: '^[A-Za-z0-9_-]{1,128}$' })],
    ok: { status: 200, description: 'Revoked', content: json(ref('Revoked')) },
    errors: [401, 403, 422, 429, 503],
  },
  {
    method: 'get', path: '/v1/admin/dead-letters', tag: 'Admin', operationId: 'listDeadLetters', auth: 'apiKey',
    summary: 'List refused ingest items (`admin` scope)',
    parameters: [
      { name: 'source', in: 'query', required: false, schema: { type: 'string' } },
      { name: 'code', in: 'query', required: false, schema: { type: 'string' } },
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
      { name: 'includeReplayed', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } },
    ],
    ok: { status: 200, description: 'The dead letters', content: json({ type: 'object', properties: { items: { type: 'array', items: anyObject } }, required: ['items'] }) },
    errors: [401, 403, 422, 429, 503],
  },
  {
    method: 'post', path: '/v1/admin/dead-letters/replay', tag: 'Admin', operationId: 'replayDeadLetters', auth: 'apiKey',
    summary: 'Replay refused ingest items through the current connectors (`admin` scope)',
    body: { type: 'object', properties: { source: { type: 'string' }, code: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 1000 } }, additionalProperties: false },
    ok: { status: 200, description: 'The replay report', content: json(anyObject) },
    errors: [400, 401, 403, 422, 429, 503],
  },
  {
    method: 'get', path: '/health', tag: 'Operations', operationId: 'health', auth: 'none',
    summary: 'Health and adapters',
    ok: { status: 200, description: 'Serving (`degraded` answers 503 with the same body)', content: json(ref('HealthResponse')) },
    errors: [503],
  },
  {
    method: 'get', path: '/metrics', tag: 'Operations', operationId: 'metrics', auth: 'none',
    summary: 'Prometheus metrics',
    ok: { status: 200, description: 'Prometheus text exposition format', content: { 'text/plain': { type: 'string' } } },
    errors: [],
  },
  {
    method: 'get', path: '/v1/openapi.json', tag: 'Reference', operationId: 'openapi', auth: 'none',
    summary: 'This document',
    ok: { status: 200, description: 'OpenAPI 3.1', content: json(anyObject) },
    errors: [],
  },
  {
    method: 'get', path: '/v1/reference', tag: 'Reference', operationId: 'reference', auth: 'none',
    summary: 'Interactive API reference page',
    ok: { status: 200, description: 'HTML page', content: { 'text/html': { type: 'string' } } },
    errors: [],
  },
];
