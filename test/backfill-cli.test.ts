import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS, type CanonicalEvent } from '@tally/core';
import { main } from '@tally/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, startIngestHarness, waitForCount, type IngestHarness } from './support/ingest-harness.ts';

describe('tally backfill', () => {
  let h: IngestHarness;
  let server: Awaited<ReturnType<typeof listen>>;
  let dir: string;
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['backfill', ...argv], { out: (l) => out.push(l), err: (l) => err.push(l), env: { TALLY_URL: server.url, TALLY_INGEST_KEY: h.ingestKey } });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const day = (i: number) => new Date(Date.now() - (i % 300) * 86_400_000).toISOString();

  beforeAll(async () => {
    h = await startIngestHarness();
    server = await listen(h);
    dir = await mkdtemp(join(tmpdir(), 'tally-backfill-'));
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('streams a NDJSON file in batches, reporting unreadable and refused lines by number', async () => {
    const lines = Array.from({ length: 2500 }, (_, i) => JSON.stringify({ id: `n${i}`, type: 'product.report_viewed', occurredAt: day(i), customerId: `c${i % 40}`, properties: { i } }));
    lines.splice(1200, 0, '{"id": "broken",');
    lines.splice(1700, 0, JSON.stringify({ id: 'bad-type', type: 'Not Dotted', occurredAt: day(1) }));
    const file = join(dir, 'history.ndjson');
    await writeFile(file, `${lines.join('\n')}\n`);
    const events = await h.published<CanonicalEvent>(TOPICS.events);

    const r = await run([file, '--batch', '700']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({ sent: 2501, accepted: 2500, duplicates: 0, ignored: 0, rejected: 2 });
    expect(r.err).toMatch(/^line 1201: /m);
    expect(r.err).toMatch(/^line 1701: invalid_field: events\[\d+\]\.type: /m);
    expect(r.err).toContain('100.0% of');
    await waitForCount(events.messages, 2500, 'backfilled events');
    expect(new Set(events.messages.map((e) => e.id)).size).toBe(2500);
    await events.stop();

    // Sending the file again changes nothing.
    const again = await run([file]);
    expect(JSON.parse(again.out)).toMatchObject({ accepted: 0, duplicates: 2500 });
  });

  it('streams a CSV file', async () => {
    const rows = ['id,type,occurredAt,customerId,revenue.amountMinor,revenue.currency,properties.plan'];
    for (let i = 0; i < 300; i++) rows.push(`c${i},billing.invoice_paid,${day(i)},acct${i % 7},${4900 + i},USD,"growth, annual"`);
    const file = join(dir, 'invoices.csv');
    await writeFile(file, `${rows.join('\r\n')}\r\n`);
    const r = await run([file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ sent: 300, accepted: 300, rejected: 0 });
  });

  it('refuses bad flags and a missing file, naming them', async () => {
    expect((await run([join(dir, 'x.txt')])).err).toContain('--format: expected ndjson or csv');
    expect((await run([join(dir, 'x.csv'), '--batch', '0'])).err).toContain('--batch: expected 1-5000');
    const missing = await run([join(dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('cannot read');
  });
});
