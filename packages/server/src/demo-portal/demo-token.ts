import type { TokenRequest } from '@tally/client-sdk';
import { TallyError } from '@tally/core';
import { z } from 'zod';

/** The roles the portal offers (README "Roles"); each shows a different slice of the same dashboards. */
export const DEMO_ROLES = ['admin', 'finance', 'success', 'viewer'] as const;
/** One of {@link DEMO_ROLES}. */
export type DemoRole = (typeof DEMO_ROLES)[number];

/** Lifetime of a portal token: short, the page asks for a fresh one before it expires. */
export const DEMO_TOKEN_TTL_SECONDS = 300;

const bodySchema = z
  .object({
    role: z.enum(DEMO_ROLES, { error: `expected one of ${DEMO_ROLES.join(', ')}` }),
    customerId: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected a customer id such as 4100023').optional(),
  })
  .strict();

/** A checked `POST /demo/token` body. */
export interface DemoTokenBody {
  role: DemoRole;
  /** Fixes every read to this customer (the CRM sidebar), as a host app's backend would. */
  customerId?: string;
}

/** Checks the body of `POST /demo/token`; `validation_failed` names the field. */
export function parseDemoTokenBody(body: unknown): DemoTokenBody {
  const parsed = bodySchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}; expected role and customerId` : issue.message;
  throw new TallyError('validation_failed', `${field}: ${message}`, { field });
}

/**
 * The token request a host app's backend would send to `POST /v1/tokens` for a demo visitor: the chosen role,
 * the page's origin, a short lifetime, and the customer when the page is about one.
 */
export function demoTokenRequest(body: DemoTokenBody, origin: string, ttlSeconds = DEMO_TOKEN_TTL_SECONDS): TokenRequest {
  return {
    subject: `demo-${body.role}`,
    role: body.role,
    origins: [origin],
    ttlSeconds,
    ...(body.customerId !== undefined ? { filters: { customerId: body.customerId } } : {}),
  };
}
