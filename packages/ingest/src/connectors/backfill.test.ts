/**
 * Backfill has no vendor: fixtures follow the record shape documented in docs/sources/backfill.md
 * (`{ id, type, occurredAt, customerId?, userId?, properties?, revenue?: { amountMinor, currency } }`), as
 * NDJSON and as CSV, read through the streaming readers the way the backfill route does (item path `line N`).
 */
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../backfill/read-csv.ts';
import { readNdjson } from '../backfill/read-ndjson.ts';
import type { BackfillRecord } from '../backfill/text.ts';
import { backfillConnector as backfill } from './backfill.ts';
import type { NormaliseResult } from './types.ts';

const file = (name: string) => createReadStream(fileURLToPath(new URL(`./fixtures/backfill/${name}`, import.meta.url)), { highWaterMark: 64 });

async function normaliseAll(records: AsyncIterable<BackfillRecord>): Promise<NormaliseResult[]> {
  const out: NormaliseResult[] = [];
  for await (const record of records) {
    out.push('error' in record ? { ok: false, rejection: record.error } : backfill.normalise(record.item, { config: {}, path: `line ${record.line}` }));
  }
  return out;
}

describe('backfill connector', () => {
  it('normalises NDJSON records, refusing a type that is not a dotted canonical name', async () => {
    expect(await normaliseAll(readNdjson(file('records.ndjson')))).toEqual([
      {
        ok: true,
        events: [
          {
            id: 'inv_2025_001',
            type: 'billing.invoice_paid',
            occurredAt: '2025-11-30T09:12:00.000Z',
            customerId: 'acct_42',
            userId: undefined,
            properties: { invoiceNumber: '2025-001', plan: 'growth' },
            revenue: { amountMinor: 129900, currency: 'USD' },
          },
        ],
      },
      {
        ok: true,
        events: [
          {
            id: 'evt_7781',
            type: 'product.feature_used',
            occurredAt: '2025-11-30T09:20:00.000Z',
            customerId: 'acct_42',
            userId: 'u_17',
            properties: { feature: 'export' },
            revenue: undefined,
          },
        ],
      },
      {
        ok: false,
        rejection: {
          code: 'invalid_field',
          field: 'line 3.type',
          message: 'line 3.type: expected a dotted lower-case type such as billing.invoice_paid, got "Feature Used"',
        },
      },
      {
        ok: true,
        events: [
          {
            id: '9001',
            type: 'support.ticket_opened',
            occurredAt: '2025-11-30T10:00:00.000Z',
            customerId: 'acct_7',
            userId: undefined,
            properties: { ticketId: '5158', priority: 'high' },
            revenue: undefined,
          },
        ],
      },
    ]);
  });

  it('normalises CSV rows, refusing an amount that is not in minor units', async () => {
    expect(await normaliseAll(readCsv(file('records.csv')))).toEqual([
      {
        ok: true,
        events: [
          {
            id: 'sub_1',
            type: 'billing.subscription_created',
            occurredAt: '2025-10-01T00:00:00.000Z',
            customerId: 'acct_42',
            userId: undefined,
            properties: { plan: 'growth', seats: 12 },
            revenue: { amountMinor: 4900, currency: 'USD' },
          },
        ],
      },
      {
        ok: true,
        events: [
          {
            id: 'sub_2',
            type: 'billing.subscription_canceled',
            occurredAt: '2025-10-15T00:00:00.000Z',
            customerId: 'acct_43',
            userId: 'u_3',
            properties: { plan: 'starter, legacy' },
            revenue: undefined,
          },
        ],
      },
      { ok: false, rejection: { code: 'invalid_field', field: 'line 4.revenue.amountMinor', message: 'line 4.revenue.amountMinor: expected an integer, got "12.50"' } },
    ]);
  });

  it.each([
    ['not an object', 42, 'invalid_item', ''],
    ['missing id', { type: 'product.a', occurredAt: '2026-01-01' }, 'missing_field', 'id'],
    ['missing type', { id: 'x', occurredAt: '2026-01-01' }, 'missing_field', 'type'],
    ['a one-word type', { id: 'x', type: 'signup', occurredAt: '2026-01-01' }, 'invalid_field', 'type'],
    ['missing occurredAt', { id: 'x', type: 'product.a' }, 'missing_field', 'occurredAt'],
    ['properties that are not an object', { id: 'x', type: 'product.a', occurredAt: '2026-01-01', properties: [1] }, 'invalid_field', 'properties'],
    ['a fractional amount', { id: 'x', type: 'product.a', occurredAt: '2026-01-01', revenue: { amountMinor: 1.5, currency: 'USD' } }, 'invalid_field', 'revenue.amountMinor'],
    ['a revenue without currency', { id: 'x', type: 'product.a', occurredAt: '2026-01-01', revenue: { amountMinor: 100 } }, 'missing_field', 'revenue.currency'],
    ['a customer id of the wrong type', { id: 'x', type: 'product.a', occurredAt: '2026-01-01', customerId: { a: 1 } }, 'invalid_field', 'customerId'],
  ])('rejects %s', (_, item, code, field) => {
    expect(backfill.normalise(item, { config: {}, path: '' })).toMatchObject({ ok: false, rejection: { code, field } });
  });

  it('splits a body that is an array or { events: [...] }', () => {
    expect(backfill.items([{ id: 1 }, { id: 2 }], {})).toEqual({ ok: true, items: [{ id: 1 }, { id: 2 }], paths: ['[0]', '[1]'] });
    expect(backfill.items({ events: [{ id: 1 }] }, {})).toEqual({ ok: true, items: [{ id: 1 }], paths: ['events[0]'] });
  });
});
