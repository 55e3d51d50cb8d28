import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { canonicalEventSchema, eventKey, type CanonicalEvent } from './canonical-event.ts';
import { defaultUpcasters, UpcasterRegistry, type ReadEventResult } from './upcasters.ts';

const v1: CanonicalEvent = {
  id: 'evt_1',
  tenant: 'acme',
  source: 'stripe',
  type: 'billing.invoice_paid',
  occurredAt: '2026-01-02T03:04:05.000Z',
  receivedAt: '2026-01-02T03:04:06.000Z',
  customerId: 'cus_1',
  properties: { invoice: 'in_1' },
  revenue: { amountMinor: 4900, currency: 'USD' },
  schemaVersion: 1,
};

describe('canonical event v1', () => {
  it('reads a valid event unchanged', () => {
    expect(defaultUpcasters.read(v1)).toEqual({ ok: true, event: v1 });
  });

  it.each([
    ['type', { type: 'InvoicePaid' }],
    ['revenue.amountMinor', { revenue: { amountMinor: 49.5, currency: 'USD' } }],
    ['revenue.currency', { revenue: { amountMinor: 1, currency: 'usd' } }],
    ['occurredAt', { occurredAt: 'yesterday' }],
    ['tenant', { tenant: '' }],
  ])('names the bad field %s', (field, patch) => {
    const result = defaultUpcasters.read({ ...v1, ...patch });
    expect(result).toMatchObject({ ok: false, code: 'event_invalid', field });
  });

  it('refuses a version newer than the reader', () => {
    expect(defaultUpcasters.read({ ...v1, schemaVersion: 2 })).toMatchObject({
      ok: false,
      code: 'event_version_unsupported',
    });
  });

  it('keys events by tenant and customer', () => {
    expect(eventKey(v1)).toBe('acme:cus_1');
    expect(eventKey({ tenant: 'acme' })).toBe('acme:');
  });
});

describe('UpcasterRegistry', () => {
  // A hypothetical version 2 that splits `revenue` into `amount` in major units plus a `plan` field.
  const v2Schema = canonicalEventSchema.extend({
    schemaVersion: z.literal(2),
    plan: z.string().nullable(),
  });
  const validateV2 = (value: unknown): ReadEventResult => {
    const parsed = v2Schema.safeParse(value);
    return parsed.success
      ? { ok: true, event: parsed.data as unknown as CanonicalEvent }
      : { ok: false, code: 'event_invalid', message: parsed.error.message };
  };

  it('reads an event written under version 1 after a version 2 upcaster is registered', () => {
    const registry = new UpcasterRegistry(2, validateV2).register(1, (event) => ({
      ...event,
      plan: typeof (event.properties as Record<string, unknown>).plan === 'string' ? 'pro' : null,
    }));
    const stored = JSON.parse(JSON.stringify(v1)) as unknown;
    const result = registry.read(stored);
    expect(result.ok).toBe(true);
    expect(result.ok && result.event).toMatchObject({ id: 'evt_1', schemaVersion: 2, plan: null, revenue: v1.revenue });
  });

  it('says which upcaster is missing', () => {
    const registry = new UpcasterRegistry(3, validateV2).register(2, (e) => e);
    expect(registry.read(v1)).toMatchObject({ ok: false, message: 'schemaVersion: no upcaster from version 1' });
  });

  it('refuses a second upcaster for one version', () => {
    const registry = new UpcasterRegistry(2).register(1, (e) => e);
    expect(() => registry.register(1, (e) => e)).toThrow(/already registered/);
  });
});
