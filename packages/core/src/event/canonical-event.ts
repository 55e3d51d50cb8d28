import { z } from 'zod';

/** The version of the canonical event this code writes. */
export const CURRENT_SCHEMA_VERSION = 1;

const isoInstant = z.iso.datetime({ offset: true });

/** Dotted, lower-case event type such as `billing.invoice_paid`. */
export const eventTypeSchema = z
  .string()
  .max(128)
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'expected a dotted lower-case name such as billing.invoice_paid');

/** Integer minor units (cents) and an ISO-4217 currency code. */
export const revenueSchema = z.object({
  amountMinor: z.number().int().refine(Number.isSafeInteger, 'expected a safe integer'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO-4217 code such as USD'),
});

/** The canonical event, version 1 (see ARCHITECTURE.md). */
export const canonicalEventSchema = z.object({
  id: z.string().min(1).max(256),
  tenant: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 characters of A-Z a-z 0-9 _ -'),
  source: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'expected a lower-case connector name'),
  type: eventTypeSchema,
  occurredAt: isoInstant,
  receivedAt: isoInstant,
  customerId: z.string().min(1).max(256).optional(),
  userId: z.string().min(1).max(256).optional(),
  properties: z.record(z.string(), z.unknown()),
  revenue: revenueSchema.optional(),
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
});

/** A canonical event at the current schema version. */
export type CanonicalEvent = z.output<typeof canonicalEventSchema>;

/** Money in integer minor units. */
export type Revenue = z.output<typeof revenueSchema>;

/** The bus key of an event: order is kept per customer. Events without a customer share the tenant key. */
export function eventKey(event: Pick<CanonicalEvent, 'tenant' | 'customerId'>): string {
  return `${event.tenant}:${event.customerId ?? ''}`;
}
