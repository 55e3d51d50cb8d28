import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { batches, readCsv, readNdjson, type BackfillRecord } from '@tally/ingest';
import { parseFlags, UsageError, type Command, type CommandIO } from './command.ts';

const HELP = `Usage: tally backfill <file> [--format ndjson|csv] [--batch <n>] [--url <url>] [--key <key>]

Streams a file of historical events to a running server (POST /v1/ingest/backfill) in constant memory,
with progress. One event per NDJSON line or CSV row: id, type, occurredAt, customerId, userId,
revenue.amountMinor, revenue.currency, properties.<name> (see docs/sources/backfill.md).

Options:
  --format <f>   ndjson or csv (default: from the file extension)
  --batch <n>    events per request, 1-5000 (default 1000)
  --url <url>    the server (default: $TALLY_URL or http://127.0.0.1:3000)
  --key <key>    an API key with the ingest scope (default: $TALLY_INGEST_KEY)

Lines that cannot be read and events the server refuses are printed with their line numbers (the server
also keeps refused events as dead letters); the exit code is 1 when any were refused.`;

interface Totals {
  sent: number;
  accepted: number;
  duplicates: number;
  ignored: number;
  rejected: number;
}

const MAX_SHOWN = 20;

async function post(url: URL, key: string, events: unknown[], io: CommandIO): Promise<{ status: string; index: number; code?: string; message?: string }[]> {
  const body = JSON.stringify({ events });
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, { method: 'POST', body, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
    if ((res.status === 429 || res.status === 503) && attempt < 10) {
      const wait = Number(res.headers.get('retry-after') ?? '1');
      await res.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, Math.min(30, Math.max(1, wait)) * 1000));
      continue;
    }
    const answer = (await res.json()) as { results?: { status: string; index: number; code?: string; message?: string }[]; error?: { message: string } };
    if (answer.results) return answer.results;
    io.err(`tally backfill: the server answered ${res.status}: ${answer.error?.message ?? 'no results'}`);
    throw new Error(`server answered ${res.status}`);
  }
}

/** `tally backfill`: stream a NDJSON or CSV file of history to the ingest API. */
export const backfillCommand: Command = {
  name: 'backfill',
  summary: 'stream a NDJSON or CSV file of events to a running server',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { format: { type: 'string' }, batch: { type: 'string' }, url: { type: 'string' }, key: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('file: expected one file to read');
    const file = positionals[0]!;
    const format = values.format ?? (/\.csv$/i.test(file) ? 'csv' : /\.(nd)?jsonl?$/i.test(file) ? 'ndjson' : undefined);
    if (format !== 'csv' && format !== 'ndjson') throw new UsageError(`--format: expected ndjson or csv, got ${JSON.stringify(values.format ?? file)}`);
    const size = values.batch === undefined ? 1000 : Number(values.batch);
    if (!Number.isInteger(size) || size < 1 || size > 5000) throw new UsageError(`--batch: expected 1-5000, got ${JSON.stringify(values.batch)}`);
    const base = values.url ?? io.env.TALLY_URL ?? 'http://127.0.0.1:3000';
    let url: URL;
    try {
      url = new URL('/v1/ingest/backfill', base);
    } catch {
      throw new UsageError(`--url: expected a URL, got ${JSON.stringify(base)}`);
    }
    const key = values.key ?? io.env.TALLY_INGEST_KEY;
    if (!key) throw new UsageError('--key: an ingest API key is required (or set TALLY_INGEST_KEY)');
    let total: number;
    try {
      total = (await stat(file)).size;
    } catch (err) {
      io.err(`tally backfill: cannot read ${file}: ${(err as Error).message}`);
      return 1;
    }

    const totals: Totals = { sent: 0, accepted: 0, duplicates: 0, ignored: 0, rejected: 0 };
    let shown = 0;
    const refuse = (line: number, message: string) => {
      totals.rejected++;
      if (shown++ < MAX_SHOWN) io.err(`line ${line}: ${message}`);
    };
    let bytes = 0;
    const started = Date.now();
    let lastReport = 0;
    const report = (final = false) => {
      const now = Date.now();
      if (!final && now - lastReport < 1000) return;
      lastReport = now;
      const pct = total > 0 ? ((bytes / total) * 100).toFixed(1) : '100.0';
      const rate = Math.round(totals.sent / Math.max(0.001, (now - started) / 1000));
      io.err(`${pct}% of ${file}: ${totals.sent} sent (${rate}/s), ${totals.accepted} accepted, ${totals.duplicates} duplicate, ${totals.rejected} refused`);
    };
    const source = createReadStream(file);
    const reader = format === 'csv' ? readCsv(source, { progress: (b) => (bytes = b) }) : readNdjson(source, { progress: (b) => (bytes = b) });
    try {
      for await (const batch of batches(reader, size)) {
        const good = batch.filter((r): r is Extract<BackfillRecord, { item: unknown }> => 'item' in r);
        for (const r of batch) if ('error' in r) refuse(r.line, r.error.message);
        if (good.length > 0) {
          const results = await post(url, key, good.map((r) => r.item), io);
          totals.sent += good.length;
          for (const r of results) {
            if (r.status === 'accepted') totals.accepted++;
            else if (r.status === 'duplicate') totals.duplicates++;
            else if (r.status === 'ignored') totals.ignored++;
            else refuse(good[r.index]?.line ?? 0, `${r.code}: ${r.message}`);
          }
        }
        report();
      }
    } catch (err) {
      io.err(`tally backfill: stopped after ${totals.sent} events: ${(err as Error).message}`);
      return 1;
    }
    report(true);
    if (shown > MAX_SHOWN) io.err(`… and ${shown - MAX_SHOWN} more refused`);
    io.out(JSON.stringify(totals));
    return totals.rejected > 0 ? 1 : 0;
  },
};
