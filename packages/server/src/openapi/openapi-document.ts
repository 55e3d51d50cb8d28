import { WIDGET_HEADER, type ApiErrorCode } from '@tally/client-sdk';
import { STATUS_OF } from '../http/error-response.ts';
import { jsonSchemaOf, type JsonSchema, type Parameter } from './json-schema.ts';
import { liveMessageComponents } from './live-schemas.ts';
import { OPERATIONS, REQUEST_SCHEMAS, type Auth, type OperationSpec } from './operations.ts';
import {
  apiErrorBodySchema, customerDetailSchema, customerSearchResultSchema, healthResponseSchema,
  queryResponseSchema, revenueMovementsResponseSchema, savedDashboardSchema, tokenResponseSchema,
} from './response-schemas.ts';

/** An OpenAPI 3.1 document, loosely typed: it is built here and only read as JSON. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

const TAGS = [
  { name: 'Auth', description: 'Embed tokens and the keys that verify them.' },
  { name: 'Query', description: 'Metric queries, read with an embed token.' },
  { name: 'Customers', description: 'Customer search and Customer 360.' },
  { name: 'Revenue', description: 'MRR movements.' },
  { name: 'Dashboards', description: 'Dashboard layouts saved per user, with an embed token.' },
  { name: 'Live', description: 'Query results pushed over a WebSocket.' },
  { name: 'Ingest', description: 'Events in: batches and vendor webhooks.' },
  { name: 'Admin', description: 'Tenant administration with an `admin`-scope API key.' },
  { name: 'Operations', description: 'Health and metrics for operators.' },
  { name: 'Reference', description: 'This document and its reference page.' },
];

/** The error responses, named by status; each carries the one error body. */
const ERROR_RESPONSES: Record<number, string> = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict',
  413: 'PayloadTooLarge', 422: 'ValidationFailed', 429: 'RateLimited', 503: 'Unavailable',
};

function errorResponse(status: number): JsonSchema {
  const codes = (Object.entries(STATUS_OF) as [ApiErrorCode, number][]).filter(([, s]) => s === status).map(([code]) => `\`${code}\``);
  return {
    description: `Error (${codes.join(', ')})`,
    ...(status === 429 || status === 503 ? { headers: { 'Retry-After': { description: 'Seconds to wait, when known.', schema: { type: 'integer' } } } } : {}),
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorBody' } } },
  };
}

const SECURITY: Record<Auth, JsonSchema[] | undefined> = {
  embed: [{ embedToken: [] }],
  apiKey: [{ apiKey: [] }, { apiKeyHeader: [] }],
  // A vendor signature (not an OpenAPI scheme) or an ingest API key.
  webhook: [{}, { apiKey: [] }, { apiKeyHeader: [] }],
  none: [],
};

/** Every embed-token operation may name the widget asking; a token with a `widgets` claim needs it. */
const widgetHeader: Parameter = {
  name: WIDGET_HEADER, in: 'header', required: false,
  description: 'Tag name of the widget making the request. Required when the token has a `widgets` claim (else `403 forbidden_widget`).',
  schema: { type: 'string', maxLength: 64 },
};

function operation(spec: OperationSpec): JsonSchema {
  const parameters = [...(spec.parameters ?? []), ...(spec.auth === 'embed' ? [widgetHeader] : [])];
  const responses: Record<string, JsonSchema> = {
    [spec.ok.status]: {
      description: spec.ok.description,
      ...(Object.keys(spec.ok.content).length > 0 ? { content: Object.fromEntries(Object.entries(spec.ok.content).map(([type, schema]) => [type, { schema }])) } : {}),
    },
  };
  for (const status of spec.errors) responses[status] = { $ref: `#/components/responses/${ERROR_RESPONSES[status]}` };
  return {
    tags: [spec.tag],
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
    security: SECURITY[spec.auth],
    responses,
    ...spec.extensions,
  };
}

/**
 * Builds the OpenAPI 3.1 document of the API: request schemas converted from the zod schemas the routes
 * validate with, response schemas declared from the wire types, and the one error body for every error status.
 *
 * @example
 * const doc = buildOpenApiDocument('0.1.0');
 * doc.paths['/v1/query'].post.requestBody; // the QueryRequest schema
 */
export function buildOpenApiDocument(version: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const spec of OPERATIONS) (paths[spec.path] ??= {})[spec.method] = operation(spec);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tally API',
      version,
      description: 'Embeddable analytics: ingest events, query metrics, embed widgets. Every error answers with `ApiErrorBody`.',
    },
    tags: TAGS,
    paths,
    components: {
      schemas: {
        ...REQUEST_SCHEMAS,
        ApiErrorBody: jsonSchemaOf(apiErrorBodySchema, 'output'),
        TokenResponse: jsonSchemaOf(tokenResponseSchema, 'output'),
        QueryResponse: jsonSchemaOf(queryResponseSchema, 'output'),
        HealthResponse: jsonSchemaOf(healthResponseSchema, 'output'),
        CustomerSearchResult: jsonSchemaOf(customerSearchResultSchema, 'output'),
        CustomerDetail: jsonSchemaOf(customerDetailSchema, 'output'),
        RevenueMovementsResponse: jsonSchemaOf(revenueMovementsResponseSchema, 'output'),
        SavedDashboard: jsonSchemaOf(savedDashboardSchema, 'output'),
        ...liveMessageComponents(),
        Revoked: { type: 'object', properties: { id: { type: 'string' }, revoked: { const: true } }, required: ['id', 'revoked'] },
      },
      responses: Object.fromEntries(Object.entries(ERROR_RESPONSES).map(([status, name]) => [name, errorResponse(Number(status))])),
      securitySchemes: {
        embedToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An embed token from `POST /v1/tokens`.' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'A tenant API key (`tk_…`) with the scope the operation names.' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Tally-Key', description: 'The API key in a header instead.' },
      },
    },
  };
}
