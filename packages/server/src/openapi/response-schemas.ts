import { API_ERROR_CODES, DASHBOARD_WIDGETS, GRANULARITIES, type ApiErrorCode, type DashboardWidget, type Granularity } from '@tally/client-sdk';
import { z } from 'zod';

// Response bodies, declared from the wire types in client-sdk (the tests check the inferred types match).
// Customer 360 is described by its top-level fields only: its full shape lives in wire/customers.ts.

const iso = z.string().describe('ISO 8601 instant');
const granularity = z.enum(GRANULARITIES as [Granularity, ...Granularity[]]);

/** `ApiErrorBody`: the JSON body of every non-2xx answer. */
export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(API_ERROR_CODES as [ApiErrorCode, ...ApiErrorCode[]]).describe('Stable machine-readable code.'),
    message: z.string().describe('Human-readable, safe to show to a developer.'),
    details: z
      .object({
        field: z.string().optional().describe('Path of the offending input field, when one is to blame.'),
        retryAfterSeconds: z.number().int().optional().describe('Seconds to wait before retrying, as in Retry-After.'),
      })
      .describe('What else the server knows about the failure; always present, often empty.'),
    field: z.string().optional().describe('Path of the offending input field (the same as details.field).'),
    requestId: z.string().optional().describe("Id of the request in the server's logs, for support."),
  }),
});

/** `TokenResponse`: answer of `POST /v1/tokens`. */
export const tokenResponseSchema = z.object({
  token: z.string(),
  expiresAt: iso,
  id: z.string().describe('The token id (jti), for revocation.'),
});

const querySeries = z.object({
  group: z.string().optional(),
  points: z.array(z.object({ t: iso, v: z.number().nullable() })),
  total: z.number().nullable(),
});

/** `QueryResponse`: answer of `POST /v1/query`. */
export const queryResponseSchema = z.object({
  series: z.array(querySeries),
  previous: z.array(querySeries).optional(),
  meta: z.object({
    metric: z.string(),
    unit: z.string(),
    from: iso,
    to: iso,
    granularity,
    timezone: z.string(),
    sources: z.array(z.enum(['cache', 'rollup', 'raw', 'state'])),
    freshAt: iso.nullable(),
  }),
});

/** `HealthResponse`: answer of `GET /health`. */
export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  adapters: z.object({
    bus: z.enum(['embedded', 'kafka']),
    store: z.enum(['pglite', 'postgres']),
    cache: z.enum(['memory', 'redis']),
  }),
});

const money = z.object({ amountMinor: z.number().int(), currency: z.string().nullable() });

/** `CustomerSearchResult`: answer of `GET /v1/customers`. */
export const customerSearchResultSchema = z.object({
  items: z.array(z.object({
    id: z.string(),
    name: z.string().nullable(),
    plan: z.string().nullable(),
    mrr: money,
    billingStatus: z.string(),
    owner: z.string().nullable(),
    healthScore: z.number().nullable(),
    lastSeenAt: iso,
  })),
  nextCursor: z.string().nullable().describe('Pass back as `cursor` for the next page; null on the last.'),
});

/** `CustomerDetail` (Customer 360), top-level fields: answer of `GET /v1/customers/{id}`. */
export const customerDetailSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  profile: z.record(z.string(), z.unknown()),
  plan: z.string().nullable(),
  mrr: money,
  billingStatus: z.string(),
  owner: z.string().nullable(),
  stage: z.string().nullable(),
  crmHealth: z.number().nullable(),
  firstSeenAt: iso,
  lastSeenAt: iso,
  subscriptions: z.array(z.record(z.string(), z.unknown())),
  health: z.record(z.string(), z.unknown()).nullable(),
  usageTrend: z.array(z.object({ day: z.string(), activeUsers: z.number() })),
  featureAdoption: z.record(z.string(), z.unknown()),
  tickets: z.object({ open: z.array(z.record(z.string(), z.unknown())), recent: z.array(z.record(z.string(), z.unknown())) }),
  timeline: z.array(z.record(z.string(), z.unknown())),
});

const movementPeriod = z.object({
  start: iso,
  startingMrrMinor: z.number(),
  newMinor: z.number(),
  expansionMinor: z.number(),
  contractionMinor: z.number(),
  churnedMinor: z.number(),
  reactivatedMinor: z.number(),
  netChangeMinor: z.number(),
  endingMrrMinor: z.number(),
});

/** `RevenueMovementsResponse`: answer of `GET /v1/revenue/movements`. */
export const revenueMovementsResponseSchema = z.object({
  currency: z.string().nullable().describe('The currency of every amount: the one asked for, else the main one; null without MRR.'),
  currencies: z.array(z.string()).describe('Currencies with MRR movements, the largest MRR first.'),
  periods: z.array(movementPeriod),
  totals: movementPeriod,
  meta: z.object({ from: iso, to: iso, granularity, timezone: z.string(), sources: z.array(z.enum(['rollup', 'raw'])) }),
});

/** `SavedDashboard`: answer of `GET` and `PUT /v1/dashboards/{id}`. */
export const savedDashboardSchema = z.object({
  id: z.string(),
  layout: z.object({
    items: z.array(z.object({
      id: z.string(),
      widget: z.enum(DASHBOARD_WIDGETS as [DashboardWidget, ...DashboardWidget[]]),
      x: z.number().int(),
      y: z.number().int(),
      w: z.number().int(),
      h: z.number().int(),
      attributes: z.record(z.string(), z.string()),
    })),
  }),
  version: z.number().int().describe('1 when first saved, one more on each save; send it back with the next save.'),
  updatedAt: iso,
});
