import { ROLES, type TokenRequest } from '@tally/client-sdk';
import { getMetric, hasMetric, ROLE_NAME_PATTERN, TallyError } from '@tally/core';
import { z } from 'zod';
import { DEFAULT_ROLES, type RoleTable } from './roles.ts';
import { MAX_TOKEN_TTL_SECONDS } from './token-lifetimes.ts';

/** Shortest lifetime a token may be minted with, in seconds. */
export const MIN_TOKEN_TTL_SECONDS = 30;

/** True when `value` is exactly an http(s) origin: scheme, host and optional port, nothing else. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

const roleSchema = z
  .string()
  .regex(ROLE_NAME_PATTERN, 'expected a role name')
  .describe(`A built-in role (${ROLES.join(', ')}) or one configured in TALLY_ROLES.`);

/** The shape of a token request, shared by minting (the body) and verifying (the claims). */
export const grantFields = {
  role: roleSchema,
  metrics: z.array(z.string().refine(hasMetric, 'unknown metric')).max(100).optional(),
  widgets: z.array(z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'expected a widget tag name')).max(50).optional(),
  filters: z.object({ customerId: z.string().min(1).max(256).optional() }).strict().optional(),
  origins: z.array(z.string().max(2048).refine(isOrigin, 'expected an origin like https://app.example.com')).max(20).optional(),
};

export const requestSchema = z
  .object({
    subject: z.string().min(1).max(256),
    ...grantFields,
    ttlSeconds: z.number().int().min(MIN_TOKEN_TTL_SECONDS).max(MAX_TOKEN_TTL_SECONDS).optional(),
  })
  .strict();

/**
 * Checks the body of `POST /v1/tokens`: the shape, that the role is one of `roles`, that every metric it names
 * is one the role may read, and that a role reading one customer names it. Throws `validation_failed` naming
 * the field.
 */
export function parseTokenRequest(body: unknown, roles: RoleTable = DEFAULT_ROLES): TokenRequest {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') || 'body';
    throw new TallyError('validation_failed', `${field}: ${issue.message}`, { field });
  }
  const request = parsed.data as TokenRequest;
  const grants = roles.grants(request.role);
  if (!grants) {
    throw new TallyError('validation_failed', `role: no role ${JSON.stringify(request.role)} on this server; expected one of ${roles.names.join(', ')}`, { field: 'role' });
  }
  if (grants.customers === 'one' && request.filters?.customerId === undefined) {
    const field = 'filters.customerId';
    throw new TallyError('validation_failed', `${field}: role ${request.role} reads one customer; name it`, { field });
  }
  request.metrics?.forEach((name, i) => {
    const metric = getMetric(name);
    if (!grants.sensitivities.has(metric.sensitivity)) {
      const field = `metrics[${i}]`;
      throw new TallyError('validation_failed', `${field}: role ${request.role} may not read ${name} (${metric.sensitivity})`, { field });
    }
  });
  return request;
}
