import { describe, expect, it } from 'vitest';
import { EVENT_COLUMNS, fromArchiveLine, toArchiveLine } from './event-rows.ts';

const row = {
  schema_version: 1,
  tenant: 'acme',
  id: 'e1',
  source: 'stripe',
  type: 'billing.invoice_paid',
  occurred_at: '2024-03-05T10:00:00.000Z',
  received_at: '2024-03-05T10:00:00.123456Z',
  customer_id: 'c1',
  user_id: null,
  properties: { plan: 'pro' },
  revenue_minor: 1200,
  currency: 'USD',
};

describe('archived event lines', () => {
  it('writes the columns in table order and reads them back as insert values', () => {
    const line = toArchiveLine(row);
    expect(Object.keys(JSON.parse(line))).toEqual(EVENT_COLUMNS.map((c) => c.name));
    expect(fromArchiveLine(line, 'f:1')).toEqual(EVENT_COLUMNS.map((c) => row[c.name as keyof typeof row]));
  });

  it.each([
    ['{bad', 'f:3: not valid JSON'],
    ['[1]', 'f:3: expected an object'],
    [JSON.stringify({ ...row, tenant: null }), 'f:3: tenant: expected text, got null'],
    [JSON.stringify({ ...row, revenue_minor: 1.5 }), 'f:3: revenue_minor: expected bigint, got 1.5'],
    [JSON.stringify({ ...row, schema_version: undefined }), 'f:3: schema_version: expected integer, got nothing'],
  ])('refuses %s naming the file, line and column', (line, message) => {
    expect(() => fromArchiveLine(line, 'f:3')).toThrow(message);
  });
});
