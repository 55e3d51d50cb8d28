import { describe, expect, it } from 'vitest';
import { readCsv } from './read-csv.ts';
import type { BackfillRecord, ReadOptions, TextSource } from './text.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function collect(source: TextSource, options?: ReadOptions): Promise<BackfillRecord[]> {
  const out: BackfillRecord[] = [];
  for await (const record of readCsv(source, options)) out.push(record);
  return out;
}

const HEADER = 'id,type,occurredAt,customerId,userId,revenue.amountMinor,revenue.currency,properties.plan,properties.seats:number\r\n';

describe('readCsv', () => {
  it('maps columns to a backfill item, leaving empty cells out', async () => {
    const csv = `${HEADER}inv_1,billing.invoice_paid,2026-01-31T10:00:00Z,acct_1,,4900,usd,growth,12\r\ninv_2,billing.invoice_paid,1772359200,acct_2,u_9,,,,\r\n`;
    expect(await collect([csv])).toEqual([
      {
        line: 2,
        item: {
          id: 'inv_1',
          type: 'billing.invoice_paid',
          occurredAt: '2026-01-31T10:00:00Z',
          customerId: 'acct_1',
          revenue: { amountMinor: 4900, currency: 'usd' },
          properties: { plan: 'growth', seats: 12 },
        },
      },
      { line: 3, item: { id: 'inv_2', type: 'billing.invoice_paid', occurredAt: '1772359200', customerId: 'acct_2', userId: 'u_9', properties: {} } },
    ]);
  });

  it('keeps numbers in text property columns as text', async () => {
    const csv = 'id,type,occurredAt,properties.zip\n1,crm.account_updated,2026-01-01,02139\n';
    expect(await collect([csv])).toEqual([{ line: 2, item: { id: '1', type: 'crm.account_updated', occurredAt: '2026-01-01', properties: { zip: '02139' } } }]);
  });

  it('reads RFC 4180 quoting: "" escapes, commas and line breaks inside quotes; rows are numbered by their first line', async () => {
    const csv = 'id,type,occurredAt,properties.note\n"a,1",product.note_added,2026-01-01,"She said ""hi""\r\nthen left"\n"b",product.note_added,2026-01-02,""\n';
    expect(await collect([csv])).toEqual([
      { line: 2, item: { id: 'a,1', type: 'product.note_added', occurredAt: '2026-01-01', properties: { note: 'She said "hi"\r\nthen left' } } },
      { line: 4, item: { id: 'b', type: 'product.note_added', occurredAt: '2026-01-02', properties: {} } },
    ]);
  });

  it('gives the same rows wherever the chunks are cut, inside quoted fields and UTF-8 characters included', async () => {
    const csv = `\uFEFF${HEADER}"ü,1","product.ß_used",2026-01-01,"acme ""co""",,"-250",EUR,"line1\r\nline2 🚀",3\r\nx,product.y,2026-01-02,,,,,,\n`;
    const bytes = utf8(csv);
    const expected = await collect([csv]);
    expect(expected).toHaveLength(2);
    expect(expected[0]).toMatchObject({ line: 2, item: { id: 'ü,1', customerId: 'acme "co"', revenue: { amountMinor: -250, currency: 'EUR' }, properties: { plan: 'line1\r\nline2 🚀', seats: 3 } } });
    expect(expected[1]).toMatchObject({ line: 4 });
    for (let cut = 1; cut < bytes.length; cut += 1) {
      expect(await collect([bytes.slice(0, cut), bytes.slice(cut)])).toEqual(expected);
    }
    const chars = Array.from(csv);
    for (let cut = 1; cut < chars.length; cut += 1) {
      expect(await collect([chars.slice(0, cut).join(''), chars.slice(cut).join('')])).toEqual(expected);
    }
  });

  it('reports bad rows with their line and keeps reading', async () => {
    const csv = [
      'id,type,occurredAt,properties.n:number',
      '1,product.a,2026-01-01,1.5',
      '2,product.a,2026-01-01', // too few fields
      '3,product.a,2026-01-01,"7"x', // text after a closing quote
      '4,product.a,2026-01-01,many',
      '5,product.a,2026-01-01,2',
    ].join('\n');
    const records = await collect([csv]);
    expect(records).toEqual([
      { line: 2, item: { id: '1', type: 'product.a', occurredAt: '2026-01-01', properties: { n: 1.5 } } },
      { line: 3, error: { code: 'invalid_item', field: 'line 3', message: 'line 3: expected 4 fields, got 3' } },
      { line: 4, error: { code: 'invalid_item', field: 'line 4', message: 'line 4: unexpected "x" after a closing quote' } },
      { line: 5, error: { code: 'invalid_item', field: 'line 5', message: 'line 5: properties.n: expected a number, got "many"' } },
      { line: 6, item: { id: '5', type: 'product.a', occurredAt: '2026-01-01', properties: { n: 2 } } },
    ]);
  });

  it('reports an unterminated quote at the end of the file', async () => {
    expect(await collect(['id,type,occurredAt\n1,product.a,"2026\n'])).toEqual([
      { line: 2, error: { code: 'invalid_item', field: 'line 2', message: 'line 2: unterminated quoted field' } },
    ]);
  });

  it('refuses an over-long row (an unterminated quote) and resumes at the next line', async () => {
    const csv = `id,type,occurredAt\n1,product.a,"${'z'.repeat(300)}\n2,product.a,2026-01-01\n`;
    expect(await collect([csv], { maxLineLength: 100 })).toEqual([
      { line: 2, error: { code: 'invalid_item', field: 'line 2', message: 'line 2: row longer than 100 characters' } },
      { line: 3, item: { id: '2', type: 'product.a', occurredAt: '2026-01-01', properties: {} } },
    ]);
  });

  it.each([
    ['id,type,occurredAt,amount\n1,a.b,2026-01-01,5\n', 'line 1: bad header: unknown column "amount" (expected id, type, occurredAt, customerId, userId, revenue.amountMinor, revenue.currency or properties.<name>[:number])'],
    ['id,type,customerId\n1,a.b,c\n', 'line 1: bad header: missing column occurredAt'],
    ['id,type,occurredAt,properties.x,properties.x:number\n', 'line 1: bad header: duplicate column "properties.x"'],
  ])('ends the file at a header it cannot use: %j', async (csv, message) => {
    expect(await collect([csv])).toEqual([{ line: 1, error: { code: 'invalid_item', field: 'line 1', message } }]);
  });

  it('reports progress after each chunk and at the end', async () => {
    const calls: Array<[number, number]> = [];
    await collect(['id,type,occurredAt\n1,a.b,2026-01-01\n', '2,a.b,2026-01-01'], { progress: (bytes, items) => calls.push([bytes, items]) });
    expect(calls).toEqual([
      [36, 1],
      [52, 1],
      [52, 2],
    ]);
  });
});
